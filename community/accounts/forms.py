"""Forms for sign-up, sign-in, profile, deactivation, deletion and API tokens."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from redis.exceptions import RedisError

from community.accounts.models import User
from community.uploads import clean_image


class SignupForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    display_name = forms.CharField(label=_("Your name as others will see it"), max_length=80)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="es")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif p1:
            candidate = User(email=data.get("email", ""), display_name=data.get("display_name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return data


class LoginForm(AuthenticationForm):
    """E-mail sign-in that refuses unverified addresses and sends them a fresh link."""

    username = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True}))

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or the password is not right. Passwords are case-sensitive."),
        "unverified": _("Please confirm your e-mail address first: we have sent you a link."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not user.email_verified:
            from community.accounts.services import verification_email_send

            # One new link per address every five minutes at most. While the cache does not answer
            # (Redis restarting) the link is sent anyway: an extra e-mail rather than a server error.
            try:
                first_in_five_minutes = cache.add(f"verify-resend:{user.pk}", 1, timeout=300)
            except RedisError:
                first_in_five_minutes = True
            if first_in_five_minutes:
                verification_email_send(user=user)
            raise ValidationError(self.error_messages["unverified"], code="unverified")


class ProfileForm(forms.ModelForm):
    skills = forms.CharField(
        label=_("Skills"), required=False, max_length=500, help_text=_("Separate skills with commas.")
    )

    class Meta:
        model = User
        fields = [
            "display_name",
            "avatar",
            "preferred_language",
            "country",
            "city",
            "bio",
            "email_notifications",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["skills"] = ", ".join(t.name for t in self.instance.skills.all())

    def clean_avatar(self) -> Any:
        avatar = self.cleaned_data.get("avatar")
        if avatar and hasattr(avatar, "content_type"):
            return clean_image(avatar)
        return avatar

    def clean_skills(self) -> list[str]:
        raw = self.cleaned_data.get("skills") or ""
        skills = [s.strip()[:100] for s in raw.split(",") if s.strip()]
        if len(skills) > 30:
            raise ValidationError(_("List at most 30 skills."))
        return skills


class DeactivateForm(forms.Form):
    password = forms.CharField(label=_("Your password, to confirm"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not right."))
        return password


class DeleteAccountForm(DeactivateForm):
    """The password again, so that a session left open on a shared computer cannot delete the account."""


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=80, help_text=_("What will use it, e.g. 'my spreadsheet'.")
    )
