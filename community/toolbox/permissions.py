"""Who may see and change a tool.

A member's own tool: only that member edits it. An organisation's tool: its owners and administrators
edit it, its other members read it. Anyone it is shared with reads it. Nobody else learns it exists:
get_tool_for_user answers 404 alike for missing and not visible.
"""

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from community.organisations.models import Membership, Role
from community.toolbox.models import (
    BusinessPlan,
    BusinessPlanShare,
    CashFlowProjection,
    CashFlowShare,
    MarketingPlan,
    MarketingPlanShare,
    Tool,
)

T = TypeVar("T", BusinessPlan, CashFlowProjection, MarketingPlan)
MANAGER_ROLES = (Role.OWNER, Role.ADMIN)
# The share model of each kind of tool (typed loosely: their `tool` foreign keys differ by kind).
SHARE_MODELS: dict[type[Tool], Any] = {
    BusinessPlan: BusinessPlanShare,
    CashFlowProjection: CashFlowShare,
    MarketingPlan: MarketingPlanShare,
}


def visible_tools(user: Any, model: type[T]) -> QuerySet[T]:
    """The tools of one kind that the user may read, with `user_can_edit` annotated."""
    if not user.is_authenticated:
        return model.objects.none()
    memberships = Membership.objects.filter(organisation=OuterRef("organisation"), user=user)
    shared = SHARE_MODELS[model]._default_manager.filter(tool=OuterRef("pk"), user=user)
    return (
        model.objects.annotate(
            is_org_member=Exists(memberships),
            is_org_manager=Exists(memberships.filter(role__in=MANAGER_ROLES)),
            is_shared=Exists(shared),
        )
        .filter(Q(owner=user) | Q(is_org_member=True) | Q(is_shared=True))
        .annotate(
            user_can_edit=ExpressionWrapper(
                Q(owner=user) | Q(is_org_manager=True), output_field=BooleanField()
            ),
        )
    )


def get_tool_for_user(user: Any, model: type[T], pk: int) -> T:
    tool = visible_tools(user, model).select_related("organisation", "owner").filter(pk=pk).first()
    if tool is None:
        raise Http404
    return tool


def can_edit(user: Any, tool: Tool) -> bool:
    annotated = getattr(tool, "user_can_edit", None)
    if annotated is not None:
        return bool(annotated)
    if not user.is_authenticated:
        return False
    if tool.owner_id is not None:
        return bool(tool.owner_id == user.pk)
    if tool.organisation_id is None:
        return False
    return Membership.objects.filter(
        organisation_id=tool.organisation_id, user=user, role__in=MANAGER_ROLES
    ).exists()


def check_can_edit(user: Any, tool: Tool) -> None:
    if not can_edit(user, tool):
        raise PermissionDenied(
            _("You may read this tool but not change it: ask its owner or the organisation's administrators.")
        )


def can_own_for(user: Any, organisation: Any) -> bool:
    """May the user create a tool for this organisation (None: for themselves)?"""
    if not user.is_authenticated:
        return False
    if organisation is None:
        return True
    return Membership.objects.filter(organisation=organisation, user=user, role__in=MANAGER_ROLES).exists()


def check_can_create(user: Any, organisation: Any) -> None:
    if not can_own_for(user, organisation):
        raise PermissionDenied(_("Only the organisation's owners and administrators may create its tools."))
