"""Forms for networks, joining, invitations, the member filter and the partnership board."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from community.organisations.forms import ImageCleaningMixin
from community.organisations.models import Organisation, OrganisationKind, Sector
from networks.models import (
    Network,
    NetworkKind,
    NetworkRole,
    Partnership,
    PartnershipPost,
    PostAudience,
    PostDirection,
    PostKind,
)


class NetworkForm(ImageCleaningMixin, forms.ModelForm):
    image_fields = ("logo",)
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), choices=Sector.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Network
        fields = [
            "kind", "name", "description", "sectors", "countries", "host", "visibility", "join_policy",
            "women_led_target", "logo",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, hosts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts if hosts is not None else Organisation.objects.none()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._post_clean_images()
        return data


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the moderators (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    response = forms.CharField(
        label=_("Answer (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), required=False)
    member = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("email") and not data.get("member"):
            raise forms.ValidationError(_("Enter an e-mail address or choose a member."))
        return data


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=NetworkRole.choices)


class RemoveForm(forms.Form):
    ban = forms.BooleanField(label=_("Also ban them (they cannot ask to join again)"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class MemberFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("All kinds")), *OrganisationKind.choices],
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    women_led = forms.BooleanField(label=_("Women-led only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *countries]  # type: ignore[attr-defined]


class NetworkFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *NetworkKind.choices]
    )


class OrganisationEnrolForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class PostForm(forms.ModelForm):
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=300, help_text=_("Separate them with commas.")
    )
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), required=False
    )

    class Meta:
        model = PartnershipPost
        fields = [
            "direction", "kind", "title", "description", "organisation", "sector", "country", "region",
            "valid_until", "audience",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["direction"].choices = PostDirection.choices  # type: ignore[attr-defined]
        self.fields["audience"].choices = PostAudience.choices  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["tags"] = ", ".join(t.name for t in self.instance.tags.all())

    def tag_list(self) -> list[str]:
        return [t for t in self.cleaned_data.get("tags", "").split(",") if t.strip()]


class BoardFilterForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Offers or needs"), required=False, choices=[("", _("Both")), *PostDirection.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *PostKind.choices]
    )


class InterestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), required=False
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class PartnershipForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = [
            "title", "status", "start_date", "end_date", "objectives", "outcomes", "people_trained", "sales",
            "currency",
        ]  # fmt: skip
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
        }
