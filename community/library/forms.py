"""Forms for practices (the results as "number | unit | period" lines), reviews, comments, adoptions,
attachments, the library filter and guides."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from community.library.models import Guide, Practice, TargetGroup, TrainingArea
from community.organisations.models import Organisation, Sector


def _language_choices() -> list[tuple[str, Any]]:
    from django.conf import settings

    return list(settings.LANGUAGES)


def parse_indicator_lines(text: str) -> list[dict[str, Any]]:
    """One result per line: "187 | people trained | 18 months". Errors name the line."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) < 2 or len(parts) > 3 or not parts[1]:
            raise forms.ValidationError(
                _("Line %(line)s: write number | unit | period, e.g. 187 | people trained | 18 months."),
                params={"line": number},
            )
        try:
            value = Decimal(parts[0].replace(",", ".").replace(" ", ""))
        except InvalidOperation as exc:
            raise forms.ValidationError(
                _("Line %(line)s: %(value)s is not a number."), params={"line": number, "value": parts[0]}
            ) from exc
        if not value.is_finite() or abs(value) >= Decimal("1e12"):
            raise forms.ValidationError(
                _("Line %(line)s: %(value)s is not a number."), params={"line": number, "value": parts[0]}
            )
        rows.append({"value": value, "unit": parts[1], "period": parts[2] if len(parts) == 3 else ""})
    return rows


def indicator_lines(practice: Practice) -> str:
    return "\n".join(indicator.as_text() for indicator in practice.indicators.all())


class PracticeForm(forms.ModelForm):
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    indicators = forms.CharField(
        label=_("Results with indicators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: number | unit | period, e.g. 187 | people trained | 18 months."),
    )
    coauthor_emails = forms.CharField(
        label=_("Co-authors"),
        required=False,
        help_text=_("E-mail addresses of Minga members, separated by commas."),
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Separated by commas, e.g. e-learning, tourism.")
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Institutions"), queryset=Organisation.objects.order_by("name"), required=False
    )

    class Meta:
        model = Practice
        fields = [
            "title", "summary", "country", "organisations", "sector", "training_area", "target_groups",
            "context", "method", "indicators", "resources", "lessons", "transfer_conditions", "contact_name",
            "contact_email", "tags", "language", "licence", "network",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "context": forms.Textarea(attrs={"rows": 5}),
            "method": forms.Textarea(attrs={"rows": 8}),
            "resources": forms.Textarea(attrs={"rows": 3}),
            "lessons": forms.Textarea(attrs={"rows": 5}),
            "transfer_conditions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, networks: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        network_field = self.fields["network"]
        network_field.queryset = networks if networks is not None else network_field.queryset.none()  # type: ignore[attr-defined]
        network_field.required = False
        network_field.empty_label = _("No network: the whole site")  # type: ignore[attr-defined]
        network_field.help_text = _("Only people who see the network's content will see the practice.")
        if self.instance.pk:
            self.initial["indicators"] = indicator_lines(self.instance)
            self.initial["tags"] = ", ".join(sorted(t.name for t in self.instance.tags.all()))
            self.initial["coauthor_emails"] = ", ".join(u.email for u in self.instance.coauthors.all())
        # Keep the order the sections are read in.
        self.order_fields([*self.Meta.fields[:-3], "coauthor_emails", *self.Meta.fields[-3:]])

    def clean_indicators(self) -> list[dict[str, Any]]:
        return parse_indicator_lines(self.cleaned_data.get("indicators", ""))

    def clean_tags(self) -> list[str]:
        raw = self.cleaned_data.get("tags", "")
        tags = [t.strip() for t in raw.split(",") if t.strip()]
        if any(len(t) > 100 for t in tags):
            raise forms.ValidationError(_("A tag may have at most 100 characters."))
        return tags

    def clean_coauthor_emails(self) -> list[Any]:
        raw = self.cleaned_data.get("coauthor_emails", "")
        emails = [e.strip().lower() for e in raw.replace(";", ",").split(",") if e.strip()]
        users = list(get_user_model().objects.filter(email__in=emails, is_active=True))
        found = {u.email.lower() for u in users}
        missing = [e for e in emails if e not in found]
        if missing:
            raise forms.ValidationError(
                _("No member has the address %(emails)s."), params={"emails": ", ".join(missing)}
            )
        return users

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["coauthors"] = data.pop("coauthor_emails")
        data["organisations"] = list(data["organisations"])
        data["country"] = str(data["country"])
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("publish", _("Publish")), ("return", _("Return to the authors with comments"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments for the authors"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", _("Tell the authors what to change."))
        return data


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text or Markdown."),
    )


class AdoptionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), required=False
    )
    context = forms.CharField(
        label=_("Where and how you applied it"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    results = forms.CharField(
        label=_("Your results"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        if user is not None and user.is_authenticated:
            field.queryset = Organisation.objects.filter(memberships__user=user).order_by("name")  # type: ignore[attr-defined]
        field.empty_label = _("Myself")  # type: ignore[attr-defined]


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, image, or Word, Excel or PowerPoint document; at most 10 MB.")
    )


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Words in the title or summary"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
    training_area = forms.ChoiceField(
        label=_("Training area"), required=False, choices=[("", _("All areas")), *TrainingArea.choices]
    )
    target_group = forms.ChoiceField(
        label=_("Target group"), required=False, choices=[("", _("All groups")), *TargetGroup.choices]
    )
    tag = forms.SlugField(label=_("Tag"), required=False, max_length=100)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *countries]  # type: ignore[attr-defined]
        self.fields["language"].choices = [("", _("All languages")), *_language_choices()]  # type: ignore[attr-defined]


class GuideForm(forms.ModelForm):
    class Meta:
        model = Guide
        fields = ["title", "introduction", "language", "is_published"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"introduction": _("Markdown.")}


class ChapterForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=200)
    body = forms.CharField(
        label=_("Text (Markdown)"),
        required=False,
        max_length=30000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class GuidePracticeForm(forms.Form):
    practice = forms.SlugField(label=_("Practice address name"), help_text=_("The last part of its address."))
