"""Forms for the toolboxes: creating a tool, sections, cash-flow settings and lines, CSV import,
marketing plans and actions, sharing."""

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from community.organisations.models import Organisation
from community.toolbox.cashflow import CSV_MAX_BYTES, month_start
from community.toolbox.examples import EXAMPLE_CHOICES
from community.toolbox.models import (
    MAX_AMOUNT,
    CashFlowLine,
    CashFlowProjection,
    Channel,
    MarketingAction,
    MarketingPlan,
)

MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-\d{1,2})?\s*$")


def amount_field(label: Any, *, required: bool = False, negative: bool = False) -> forms.DecimalField:
    # localize: a Spanish speaker may type 1.234,56.
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=4,
        min_value=-MAX_AMOUNT if negative else Decimal(0),
        max_value=MAX_AMOUNT,
        localize=True,
    )


class MonthField(forms.CharField):
    """A month typed as YYYY-MM (what <input type="month"> sends), stored as its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-01"})

    def to_python(self, value: Any) -> date | None:  # type: ignore[override]
        if isinstance(value, date):
            return value.replace(day=1)
        text = super().to_python(value)
        if not text:
            return None
        match = MONTH_RE.match(text)
        try:
            if match is None:
                raise ValueError
            return date(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise forms.ValidationError(_("Write the month as YYYY-MM, for example 2026-01.")) from None

    def prepare_value(self, value: Any) -> Any:
        return f"{value:%Y-%m}" if isinstance(value, date) else value


class ToolCreateForm(forms.Form):
    """Title, owner (the member or one of the organisations they manage), language and example."""

    title = forms.CharField(
        label=_("Title"),
        max_length=160,
        required=False,
        help_text=_("Leave empty to use the example's title."),
    )
    owner = forms.ChoiceField(label=_("Belongs to"))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    example = forms.ChoiceField(label=_("Start from"), choices=EXAMPLE_CHOICES, required=False)

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["owner"].choices = [("me", _("Me"))] + [  # type: ignore[attr-defined]
            (pk, o.name) for pk, o in self.organisations.items()
        ]
        self.fields["language"].initial = (get_language() or "es")[:2]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("title") and not data.get("example"):
            self.add_error("title", _("Give it a title, or start from an example."))
        return data

    @property
    def organisation(self) -> Organisation | None:
        return self.organisations.get(self.cleaned_data.get("owner", "me"))


class CashFlowCreateForm(ToolCreateForm):
    months = forms.TypedChoiceField(
        label=_("Months"), choices=[(12, _("12 months")), (24, _("24 months"))], coerce=int, initial=12
    )
    start_month = MonthField(label=_("First month"))
    opening_balance = amount_field(_("Opening balance"), negative=True)
    currency = forms.CharField(label=_("Currency"), min_length=3, max_length=3, initial="USD")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start_month"].initial = month_start(date.today(), 1)  # noqa: DTZ011
        self.fields["opening_balance"].help_text = _("The cash you have at the start of the first month.")

    def clean_opening_balance(self) -> Decimal:
        return self.cleaned_data.get("opening_balance") or Decimal(0)


class SectionForm(forms.Form):
    body = forms.CharField(label=_("Text"), max_length=10000, required=False, widget=forms.Textarea)


class ShareForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail of the member"),
        help_text=_("For example your consultant at the chamber. They can read it, not change it."),
    )


class CashFlowSettingsForm(forms.ModelForm):
    start_month = MonthField(label=_("First month"))

    class Meta:
        model = CashFlowProjection
        fields = ["title", "language", "months", "start_month", "opening_balance", "currency"]
        localized_fields = ["opening_balance"]


class CashFlowLineForm(forms.ModelForm):
    """A line with one amount field per month (m1 ... m24): empty months take the repeating amount."""

    class Meta:
        model = CashFlowLine
        fields = ["kind", "category", "name", "repeat_amount", "repeat_from", "repeat_until"]
        localized_fields = ["repeat_amount"]

    def __init__(self, *args: Any, projection: CashFlowProjection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.projection = projection
        month_choices = [("", _("—"))] + [
            (n, f"{n}: {month_start(projection.start_month, n - 1):%Y-%m}")
            for n in range(1, projection.months + 1)
        ]
        self.fields["repeat_from"] = forms.TypedChoiceField(
            label=_("from month"), choices=month_choices, coerce=int, empty_value=None, required=False
        )
        self.fields["repeat_until"] = forms.TypedChoiceField(
            label=_("until month"), choices=month_choices, coerce=int, empty_value=None, required=False
        )
        existing = {a.month: a.amount for a in self.instance.amounts.all()} if self.instance.pk else {}
        for n in range(1, projection.months + 1):
            field = amount_field(f"{month_start(projection.start_month, n - 1):%Y-%m}")
            field.widget.attrs["size"] = 8
            self.fields[f"m{n}"] = field
            if n in existing:
                self.initial[f"m{n}"] = existing[n]

    @property
    def month_fields(self) -> list[forms.BoundField]:
        return [self[f"m{n}"] for n in range(1, self.projection.months + 1)]

    @property
    def line_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.Meta.fields]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **{name: data.get(name) for name in self.Meta.fields},
            "amounts": {
                n: data[f"m{n}"]
                for n in range(1, self.projection.months + 1)
                if data.get(f"m{n}") is not None
            },
        }


class CsvImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > CSV_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(kb)s KB.") % {"kb": CSV_MAX_BYTES // 1024}
            )
        return bytes(upload.read(CSV_MAX_BYTES + 1))


class MarketingPlanForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = MarketingPlan
        fields = [
            "title", "language", "target_customers", "offer", "price", "channels", "channel_notes",
            "planned_budget", "currency",
        ]  # fmt: skip
        localized_fields = ["planned_budget"]
        widgets = {
            "target_customers": forms.Textarea(attrs={"rows": 4}),
            "offer": forms.Textarea(attrs={"rows": 4}),
            "price": forms.Textarea(attrs={"rows": 3}),
            "channel_notes": forms.Textarea(attrs={"rows": 3}),
        }


class MarketingActionForm(forms.ModelForm):
    class Meta:
        model = MarketingAction
        fields = ["date", "action", "channel", "cost"]
        localized_fields = ["cost"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
