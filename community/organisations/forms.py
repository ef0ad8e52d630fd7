"""Forms for organisations, offerings, photos, invitations, inquiries and the directory filter."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from community.organisations.models import (
    ContactVisibility,
    Inquiry,
    InquiryStatus,
    Offering,
    Organisation,
    OrganisationKind,
    Role,
    Sector,
)
from community.uploads import clean_image


class ImageCleaningMixin:
    image_fields: tuple[str, ...] = ()

    def _post_clean_images(self) -> None:
        for name in self.image_fields:
            value = self.cleaned_data.get(name)  # type: ignore[attr-defined]
            if value and hasattr(value, "content_type"):
                try:
                    self.cleaned_data[name] = clean_image(value)  # type: ignore[attr-defined]
                except forms.ValidationError as error:
                    self.add_error(name, error)  # type: ignore[attr-defined]


class OrganisationForm(ImageCleaningMixin, forms.ModelForm):
    image_fields = ("logo",)

    class Meta:
        model = Organisation
        fields = [
            "kind", "name", "country", "region", "city", "sector", "size", "women_led", "description",
            "logo", "phone", "whatsapp", "email", "website", "contact_visibility",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            # Left empty, the service picks the default: form only for women-led businesses.
            field = self.fields["contact_visibility"]
            field.required = False
            field.choices = [  # type: ignore[attr-defined]
                ("", _("Default: everyone, or only through the form if women-led")),
                *ContactVisibility.choices,
            ]
            self.initial["contact_visibility"] = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._post_clean_images()
        return data


class OfferingForm(forms.ModelForm):
    class Meta:
        model = Offering
        fields = [
            "kind",
            "name",
            "description",
            "price_min",
            "price_max",
            "currency",
            "availability",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", _("The highest price must not be below the lowest."))
        return data


class PhotoForm(ImageCleaningMixin, forms.Form):
    image_fields = ("image",)
    image = forms.ImageField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=160, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._post_clean_images()
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=[(Role.MEMBER, Role.MEMBER.label), (Role.ADMIN, Role.ADMIN.label)]
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class InquiryForm(forms.ModelForm):
    # A field people never see; bots fill it in.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Inquiry
        fields = ["offering", "name", "email", "phone", "date_from", "date_to", "party_size", "message"]
        widgets = {
            "date_from": forms.DateInput(attrs={"type": "date"}),
            "date_to": forms.DateInput(attrs={"type": "date"}),
            "message": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offerings = organisation.offerings.filter(is_active=True)
        self.fields["offering"].queryset = offerings  # type: ignore[attr-defined]
        self.fields["offering"].required = False
        self.fields["offering"].empty_label = _("General inquiry")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise forms.ValidationError(_("Your message could not be sent."))
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return data


class InquiryStatusForm(forms.Form):
    status = forms.ChoiceField(choices=InquiryStatus.choices)


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices]
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    women_led = forms.BooleanField(label=_("Women-led only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *countries]  # type: ignore[attr-defined]
