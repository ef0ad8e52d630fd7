"""Template filters for the toolboxes: money shows a Decimal rounded to cents, half up."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

from community.toolbox.cashflow import money as round_money

register = template.Library()


@register.filter
def money(value: Any) -> str:
    if value is None or value == "":
        return ""
    return number_format(round_money(Decimal(value)), 2, use_l10n=True, force_grouping=True)


@register.filter
def plain_amount(value: Any) -> str:
    """An entered amount as typed (no rounding), for tables of inputs: 0.005 stays 0.005."""
    if value is None or value == "":
        return ""
    text = f"{Decimal(value).normalize():f}"
    whole, _dot, decimals = text.partition(".")
    return number_format(Decimal(f"{whole}.{decimals.ljust(2, '0')}"), max(2, len(decimals)), use_l10n=True,
                         force_grouping=True)  # fmt: skip
