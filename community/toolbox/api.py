"""API endpoints for the toolboxes: list, read and update each tool, and the computed cash flow.

Same services and permission checks as the pages: a tool the caller may not read answers 404, like a
missing one; a tool they may read but not change answers 403 to a PATCH.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from community.apibase import AUTH, Error, Pages, current_user
from community.toolbox import permissions, selectors, services
from community.toolbox.cashflow import money
from community.toolbox.models import (
    BusinessPlan,
    CashFlowProjection,
    Channel,
    MarketingAction,
    MarketingPlan,
    Tool,
)

router = Router(tags=["toolbox"])


class ToolOut(Schema):
    id: int
    title: str
    language: str
    owner: int | None = Field(None, description="The member it belongs to (when not an organisation's)")
    organisation: str | None = Field(None, description="The slug of the organisation it belongs to")
    can_edit: bool
    updated_at: datetime
    url: str

    @staticmethod
    def resolve_owner(obj: Tool) -> int | None:
        return obj.owner_id

    @staticmethod
    def resolve_organisation(obj: Tool) -> str | None:
        return obj.organisation.slug if obj.organisation_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_can_edit(obj: Tool) -> bool:
        return bool(getattr(obj, "user_can_edit", False))

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return str(obj.get_absolute_url())


class BusinessPlanOut(ToolOut):
    summary: str
    product: str
    market: str
    competition: str
    marketing: str
    operations: str
    team: str
    finances: str


class BusinessPlanPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=160)
    language: str | None = Field(None, pattern="^(es|en)$")
    summary: str | None = Field(None, max_length=10000)
    product: str | None = Field(None, max_length=10000)
    market: str | None = Field(None, max_length=10000)
    competition: str | None = Field(None, max_length=10000)
    marketing: str | None = Field(None, max_length=10000)
    operations: str | None = Field(None, max_length=10000)
    team: str | None = Field(None, max_length=10000)
    finances: str | None = Field(None, max_length=10000)


class CashFlowLineOut(Schema):
    id: int
    kind: str
    category: str
    name: str
    repeat_amount: Decimal | None
    repeat_from: int | None
    repeat_until: int | None
    amounts: dict[int, Decimal] = Field(description="Amounts typed for single months (1 = the first month)")


class CashFlowOut(ToolOut):
    months: int
    start_month: date
    opening_balance: Decimal
    currency: str


class CashFlowDetailOut(CashFlowOut):
    lines: list[CashFlowLineOut]

    @staticmethod
    def resolve_lines(obj: CashFlowProjection) -> list[CashFlowLineOut]:
        result = selectors.projection_result(obj)
        return [
            CashFlowLineOut(
                id=row.line.pk,
                kind=row.spec.kind,
                category=row.spec.category,
                name=row.spec.name,
                repeat_amount=row.spec.repeat_amount,
                repeat_from=row.spec.repeat_from,
                repeat_until=row.spec.repeat_until,
                amounts=row.spec.amounts,
            )
            for row in result.income_rows + result.expense_rows
        ]


class CashFlowPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=160)
    language: str | None = Field(None, pattern="^(es|en)$")
    months: int | None = Field(None, description="12 or 24")
    start_month: date | None = None
    opening_balance: Decimal | None = Field(None, max_digits=14, decimal_places=4)
    currency: str | None = Field(None, min_length=3, max_length=3)


class MonthOut(Schema):
    number: int
    month: str = Field(description="YYYY-MM")
    income: Decimal
    expense: Decimal
    net: Decimal
    balance: Decimal
    negative: bool


class CashFlowResultOut(Schema):
    """Every figure rounded to cents (half up); the computation itself is exact."""

    currency: str
    opening_balance: Decimal
    total_income: Decimal
    total_expense: Decimal
    closing_balance: Decimal
    negative_months: list[str]
    months: list[MonthOut]


class MarketingActionOut(Schema):
    id: int
    date: date
    action: str
    channel: str
    cost: Decimal


class MarketingPlanOut(ToolOut):
    target_customers: str
    offer: str
    price: str
    channels: list[str]
    channel_notes: str
    planned_budget: Decimal
    currency: str


class MarketingPlanDetailOut(MarketingPlanOut):
    actions: list[MarketingActionOut]
    spent: Decimal

    @staticmethod
    def resolve_actions(obj: MarketingPlan) -> list[MarketingAction]:
        return list(obj.actions.all())

    @staticmethod
    def resolve_spent(obj: MarketingPlan) -> Decimal:
        return selectors.marketing_spent(list(obj.actions.all()))


class MarketingPlanPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=160)
    language: str | None = Field(None, pattern="^(es|en)$")
    target_customers: str | None = Field(None, max_length=5000)
    offer: str | None = Field(None, max_length=5000)
    price: str | None = Field(None, max_length=3000)
    channels: list[Channel] | None = None
    channel_notes: str | None = Field(None, max_length=3000)
    planned_budget: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    currency: str | None = Field(None, min_length=3, max_length=3)


def _changes(payload: Schema) -> dict[str, Any]:
    return {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}


def _reload(user: Any, model: Any, pk: int) -> Any:
    return permissions.get_tool_for_user(user, model, pk)


# Business plans ------------------------------------------------------------------------------------


@router.get("/toolbox/plans", response={200: list[ToolOut], 401: Error}, auth=AUTH)
@paginate(Pages)
def plan_list(request: HttpRequest) -> Any:
    return selectors.tools_for(current_user(request), BusinessPlan)


@router.get("/toolbox/plans/{plan_id}", response={200: BusinessPlanOut, 401: Error, 404: Error}, auth=AUTH)
def plan_detail(request: HttpRequest, plan_id: int) -> Any:
    return permissions.get_tool_for_user(current_user(request), BusinessPlan, plan_id)


@router.patch(
    "/toolbox/plans/{plan_id}",
    response={200: BusinessPlanOut, 401: Error, 403: Error, 404: Error, 422: Error},
    auth=AUTH,
)
def plan_update(request: HttpRequest, plan_id: int, payload: BusinessPlanPatch) -> Any:
    user = current_user(request)
    plan = permissions.get_tool_for_user(user, BusinessPlan, plan_id)
    services.business_plan_update(plan=plan, actor=user, **_changes(payload))
    return _reload(user, BusinessPlan, plan_id)


# Cash-flow projections -----------------------------------------------------------------------------


@router.get("/toolbox/cashflows", response={200: list[CashFlowOut], 401: Error}, auth=AUTH)
@paginate(Pages)
def cashflow_list(request: HttpRequest) -> Any:
    return selectors.tools_for(current_user(request), CashFlowProjection)


@router.get(
    "/toolbox/cashflows/{projection_id}", response={200: CashFlowDetailOut, 401: Error, 404: Error}, auth=AUTH
)
def cashflow_detail(request: HttpRequest, projection_id: int) -> Any:
    return selectors.projection_for_user(current_user(request), projection_id)


@router.patch(
    "/toolbox/cashflows/{projection_id}",
    response={200: CashFlowDetailOut, 401: Error, 403: Error, 404: Error, 422: Error},
    auth=AUTH,
)
def cashflow_update(request: HttpRequest, projection_id: int, payload: CashFlowPatch) -> Any:
    user = current_user(request)
    projection = selectors.projection_for_user(user, projection_id)
    services.cashflow_update(projection=projection, actor=user, **_changes(payload))
    return _reload(user, CashFlowProjection, projection_id)


@router.get(
    "/toolbox/cashflows/{projection_id}/result",
    response={200: CashFlowResultOut, 401: Error, 404: Error},
    auth=AUTH,
)
def cashflow_result(request: HttpRequest, projection_id: int) -> Any:
    projection = selectors.projection_for_user(current_user(request), projection_id)
    result = selectors.projection_result(projection)
    return CashFlowResultOut(
        currency=projection.currency,
        opening_balance=money(result.opening_balance),
        total_income=money(result.total_income),
        total_expense=money(result.total_expense),
        closing_balance=money(result.closing_balance),
        negative_months=[f"{m.start:%Y-%m}" for m in result.negative_months],
        months=[
            MonthOut(
                number=m.number,
                month=f"{m.start:%Y-%m}",
                income=money(m.income),
                expense=money(m.expense),
                net=money(m.net),
                balance=money(m.balance),
                negative=m.negative,
            )
            for m in result.months
        ],
    )


# Marketing plans -----------------------------------------------------------------------------------


@router.get("/toolbox/marketing", response={200: list[MarketingPlanOut], 401: Error}, auth=AUTH)
@paginate(Pages)
def marketing_list(request: HttpRequest) -> Any:
    return selectors.tools_for(current_user(request), MarketingPlan)


@router.get(
    "/toolbox/marketing/{plan_id}", response={200: MarketingPlanDetailOut, 401: Error, 404: Error}, auth=AUTH
)
def marketing_detail(request: HttpRequest, plan_id: int) -> Any:
    return permissions.get_tool_for_user(current_user(request), MarketingPlan, plan_id)


@router.patch(
    "/toolbox/marketing/{plan_id}",
    response={200: MarketingPlanDetailOut, 401: Error, 403: Error, 404: Error, 422: Error},
    auth=AUTH,
)
def marketing_update(request: HttpRequest, plan_id: int, payload: MarketingPlanPatch) -> Any:
    user = current_user(request)
    plan = permissions.get_tool_for_user(user, MarketingPlan, plan_id)
    data = _changes(payload)
    if "channels" in data:
        data["channels"] = [str(Channel(c)) for c in data["channels"]]
    services.marketing_plan_update(plan=plan, actor=user, **data)
    return _reload(user, MarketingPlan, plan_id)
