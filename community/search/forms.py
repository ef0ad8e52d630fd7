from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from community.organisations.models import Sector
from community.search.backends import query_terms
from community.search.models import DocumentKind

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, max_length=MAX_QUERY_LENGTH)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Everything")), *DocumentKind.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *countries]  # type: ignore[attr-defined]

    def clean_q(self) -> str:
        q = " ".join(self.cleaned_data["q"].split())
        if q and not query_terms(q):
            raise forms.ValidationError(_("Type at least one word with letters or digits."))
        return q
