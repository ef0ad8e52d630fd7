"""Reads for the toolboxes: a member's tools, a projection with its lines, shares, the Markdown export."""

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet, Sum
from django.utils import translation
from django.utils.translation import gettext as _

from community.organisations.models import Organisation
from community.toolbox.cashflow import Result, compute_projection
from community.toolbox.guidance import SECTIONS
from community.toolbox.models import (
    BusinessPlan,
    CashFlowAmount,
    CashFlowLine,
    CashFlowProjection,
    MarketingAction,
    MarketingPlan,
    ShareBase,
    Tool,
)
from community.toolbox.permissions import MANAGER_ROLES, SHARE_MODELS, T, get_tool_for_user, visible_tools


def tools_for(user: Any, model: type[T]) -> QuerySet[T]:
    return visible_tools(user, model).select_related("owner", "organisation").order_by("-updated_at", "-pk")


def managed_organisations(user: Any) -> list[Organisation]:
    """The organisations whose tools the user may create: those they own or administer."""
    return list(
        Organisation.objects.filter(memberships__user=user, memberships__role__in=MANAGER_ROLES).order_by(
            "name"
        )
    )


def projection_for_user(user: Any, pk: int) -> CashFlowProjection:
    return get_tool_for_user(user, CashFlowProjection, pk)


def projection_result(projection: CashFlowProjection) -> Result:
    """The computed projection; its lines and their amounts are read in two queries."""
    lines = CashFlowLine.objects.filter(projection=projection).prefetch_related(
        Prefetch("amounts", queryset=CashFlowAmount.objects.order_by("month"))
    )
    return compute_projection(projection, list(lines))


def shares_of(tool: Tool) -> QuerySet[ShareBase]:
    return SHARE_MODELS[type(tool)]._default_manager.filter(tool=tool).select_related("user")


def marketing_actions(plan: MarketingPlan) -> list[MarketingAction]:
    return list(plan.actions.all())


def marketing_spent(actions: list[MarketingAction]) -> Decimal:
    return sum((a.cost for a in actions), Decimal(0))


def marketing_spent_query(plan: MarketingPlan) -> Decimal:
    return plan.actions.aggregate(total=Sum("cost"))["total"] or Decimal(0)


def _markdown_text(text: str) -> str:
    """Member text for the Markdown export: raw HTML is written as text (a Markdown viewer would run it),
    as the site's own rendering does (community.markdown)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _markdown_line(text: str) -> str:
    """A heading or caption stays on its line: line breaks in it would start new Markdown blocks."""
    return " ".join(_markdown_text(text).split())


def business_plan_markdown(plan: BusinessPlan) -> str:
    """The plan as a Markdown document, headings in the plan's own language."""
    with translation.override(plan.language):
        parts = [
            f"# {_markdown_line(plan.title)}",
            "",
            f"*{_('Business plan of %(owner)s') % {'owner': _markdown_line(plan.owner_name)}}*",
            "",
        ]
        for section in SECTIONS:
            body = _markdown_text(getattr(plan, section.key).strip())
            parts += [f"## {section.title}", "", body or f"_{_('Not written yet.')}_", ""]
    return "\n".join(parts).rstrip() + "\n"
