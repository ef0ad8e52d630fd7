"""Every write to the toolboxes: create tools (empty or from an example), save sections, lines and
actions, share, import a cash-flow CSV, delete."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community.accounts.models import User
from community.organisations.models import Organisation
from community.services import notify_members
from community.toolbox import examples, permissions
from community.toolbox.cashflow import Parsed, month_start
from community.toolbox.guidance import SECTION_KEYS
from community.toolbox.models import (
    BusinessPlan,
    CashFlowAmount,
    CashFlowLine,
    CashFlowProjection,
    Channel,
    MarketingAction,
    MarketingPlan,
    ShareBase,
    Tool,
)

PLAN_FIELDS = {"title", "language", *SECTION_KEYS}
CASHFLOW_FIELDS = {"title", "language", "months", "start_month", "opening_balance", "currency"}
LINE_FIELDS = {"kind", "category", "name", "repeat_amount", "repeat_from", "repeat_until"}
MARKETING_FIELDS = {
    "title", "language", "target_customers", "offer", "price", "channels", "channel_notes",
    "planned_budget", "currency",
}  # fmt: skip
ACTION_FIELDS = {"date", "action", "channel", "cost"}


def _check_fields(fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")


def _new_tool(tool: Tool, *, actor: Any, organisation: Organisation | None) -> None:
    permissions.check_can_create(actor, organisation)
    tool.organisation = organisation
    tool.owner = None if organisation is not None else actor
    tool.created_by = actor


def _save(tool: Any) -> None:
    tool.full_clean()
    tool.save()


# Business plans --------------------------------------------------------------------------------------


def business_plan_create(
    *,
    actor: Any,
    title: str,
    organisation: Organisation | None = None,
    language: str = "es",
    example: str = "",
) -> BusinessPlan:
    plan = BusinessPlan(title=title, language=language)
    _new_tool(plan, actor=actor, organisation=organisation)
    if example:
        content = examples.PLANS[example]["es" if language == "es" else "en"]
        for key in SECTION_KEYS:
            setattr(plan, key, content[key])
        plan.title = title or content["title"]
    _save(plan)
    return plan


def business_plan_update(*, plan: BusinessPlan, actor: Any, **fields: Any) -> BusinessPlan:
    permissions.check_can_edit(actor, plan)
    _check_fields(fields, PLAN_FIELDS)
    for name, value in fields.items():
        setattr(plan, name, value)
    _save(plan)
    return plan


def business_plan_section_save(*, plan: BusinessPlan, actor: Any, section: str, body: str) -> BusinessPlan:
    """Save one section (the page saves each on its own, so nothing typed elsewhere is overwritten)."""
    if section not in SECTION_KEYS:
        raise ValueError(f"Unknown section: {section}")
    permissions.check_can_edit(actor, plan)
    setattr(plan, section, body)
    plan.full_clean()
    plan.save(update_fields=[section, "updated_at"])
    return plan


# Sharing and deleting, for every kind of tool ------------------------------------------------------


def tool_share_add(*, tool: Tool, actor: Any, email: str) -> ShareBase:
    """Share read-only with an existing member, who is told about it."""
    permissions.check_can_edit(actor, tool)
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ValidationError(
            {"email": _("No member has this e-mail address: they need to join Minga first.")}
        )
    if user.pk == tool.owner_id:
        raise ValidationError({"email": _("This is the tool's owner.")})
    share_model = permissions.SHARE_MODELS[type(tool)]
    if share_model._default_manager.filter(tool=tool, user=user).exists():
        raise ValidationError({"email": _("It is already shared with this member.")})
    share = share_model._default_manager.create(tool=tool, user=user, shared_by=actor)
    notify_members(
        recipients=[user],
        actor=actor,
        verb=gettext_noop("shared a tool with you"),
        target=tool,
        description=tool.title,
        url=tool.get_absolute_url(),  # type: ignore[attr-defined]
    )
    return share


def tool_share_remove(*, tool: Tool, actor: Any, share_id: int) -> None:
    permissions.check_can_edit(actor, tool)
    permissions.SHARE_MODELS[type(tool)]._default_manager.filter(tool=tool, pk=share_id).delete()


def tool_delete(*, tool: Tool, actor: Any) -> None:
    permissions.check_can_edit(actor, tool)
    tool.delete()


# Cash-flow projections ------------------------------------------------------------------------------


def cashflow_create(
    *,
    actor: Any,
    title: str,
    start_month: date,
    organisation: Organisation | None = None,
    language: str = "es",
    months: int = 12,
    opening_balance: Decimal = Decimal(0),
    currency: str = "USD",
    example: str = "",
) -> CashFlowProjection:
    projection = CashFlowProjection(
        title=title,
        language=language,
        months=months,
        start_month=start_month.replace(day=1),
        opening_balance=opening_balance,
        currency=currency,
    )
    _new_tool(projection, actor=actor, organisation=organisation)
    index = examples.language_index(language)
    with transaction.atomic():
        if example:
            spec = examples.CASHFLOWS[example]
            projection.title = title or spec["title"][index]
            projection.opening_balance = spec["opening_balance"]
        _save(projection)
        if example:
            for position, (kind, category, names, repeat, start, until, amounts) in enumerate(spec["lines"]):
                _line_save(
                    CashFlowLine(projection=projection, position=position),
                    kind=kind,
                    category=category,
                    name=names[index],
                    repeat_amount=repeat,
                    repeat_from=start,
                    repeat_until=until,
                    amounts={m: a for m, a in amounts.items() if m <= months},
                )
    return projection


def cashflow_update(*, projection: CashFlowProjection, actor: Any, **fields: Any) -> CashFlowProjection:
    """Change the settings; going from 24 to 12 months drops what was entered for months 13 to 24."""
    permissions.check_can_edit(actor, projection)
    _check_fields(fields, CASHFLOW_FIELDS)
    for name, value in fields.items():
        setattr(projection, name, value)
    projection.start_month = projection.start_month.replace(day=1)
    with transaction.atomic():
        _save(projection)
        CashFlowAmount.objects.filter(line__projection=projection, month__gt=projection.months).delete()
        projection.lines.filter(repeat_until__gt=projection.months).update(repeat_until=projection.months)
        projection.lines.filter(repeat_from__gt=projection.months).update(repeat_from=projection.months)
    return projection


def _validate_line(line: CashFlowLine, months: int, amounts: dict[int, Decimal]) -> None:
    errors: dict[str, list[str]] = {}
    if line.repeat_from and line.repeat_from > months:
        errors["repeat_from"] = [_("Choose a month from 1 to %(n)s.") % {"n": months}]
    if line.repeat_until and line.repeat_until > months:
        errors["repeat_until"] = [_("Choose a month from 1 to %(n)s.") % {"n": months}]
    if line.repeat_from and line.repeat_until and line.repeat_from > line.repeat_until:
        errors["repeat_until"] = [_("The last month comes before the first.")]
    if any(not 1 <= m <= months for m in amounts):
        errors["__all__"] = [_("Amounts are given for months outside the projection.")]
    if errors:
        raise ValidationError(errors)


def _line_save(line: CashFlowLine, *, amounts: dict[int, Decimal], **fields: Any) -> CashFlowLine:
    _check_fields(fields, LINE_FIELDS)
    for name, value in fields.items():
        setattr(line, name, value)
    _validate_line(line, line.projection.months, amounts)
    line.full_clean()
    for month, amount in amounts.items():
        CashFlowAmount(line=line, month=month, amount=amount).full_clean(exclude=["line"])
    with transaction.atomic():
        line.save()
        line.amounts.all().delete()
        CashFlowAmount.objects.bulk_create(
            [CashFlowAmount(line=line, month=m, amount=a) for m, a in sorted(amounts.items())]
        )
    return line


def cashflow_line_create(
    *, projection: CashFlowProjection, actor: Any, amounts: dict[int, Decimal], **fields: Any
) -> CashFlowLine:
    permissions.check_can_edit(actor, projection)
    position = projection.lines.count()
    with transaction.atomic():
        line = _line_save(CashFlowLine(projection=projection, position=position), amounts=amounts, **fields)
        projection.save(update_fields=["updated_at"])
    return line


def cashflow_line_update(
    *, line: CashFlowLine, actor: Any, amounts: dict[int, Decimal], **fields: Any
) -> CashFlowLine:
    permissions.check_can_edit(actor, line.projection)
    with transaction.atomic():
        _line_save(line, amounts=amounts, **fields)
        line.projection.save(update_fields=["updated_at"])
    return line


def cashflow_line_delete(*, line: CashFlowLine, actor: Any) -> None:
    permissions.check_can_edit(actor, line.projection)
    with transaction.atomic():
        line.delete()
        line.projection.save(update_fields=["updated_at"])


def cashflow_import(*, projection: CashFlowProjection, actor: Any, parsed: Parsed) -> CashFlowProjection:
    """Replace the projection's months, opening balance and lines with a parsed CSV file, all or nothing."""
    permissions.check_can_edit(actor, projection)
    if parsed.errors or parsed.start_month is None:
        raise ValidationError(_("The file has errors; nothing was imported."))
    with transaction.atomic():
        projection.start_month = parsed.start_month
        projection.months = parsed.months
        if parsed.opening_balance is not None:
            projection.opening_balance = parsed.opening_balance
        _save(projection)
        projection.lines.all().delete()
        for position, spec in enumerate(parsed.lines):
            _line_save(
                CashFlowLine(projection=projection, position=position),
                kind=spec.kind,
                category=spec.category,
                name=spec.name,
                repeat_amount=spec.repeat_amount,
                repeat_from=spec.repeat_from,
                repeat_until=spec.repeat_until,
                amounts=spec.amounts,
            )
    return projection


# Marketing plans ------------------------------------------------------------------------------------


def _clean_channels(channels: list[str]) -> list[str]:
    unknown = set(channels) - set(Channel.values)
    if unknown:
        raise ValidationError(
            {"channels": _("Unknown channels: %(list)s.") % {"list": ", ".join(sorted(unknown))}}
        )
    return [c for c in Channel.values if c in channels]


def marketing_plan_create(
    *,
    actor: Any,
    title: str,
    organisation: Organisation | None = None,
    language: str = "es",
    example: str = "",
) -> MarketingPlan:
    plan = MarketingPlan(title=title, language=language)
    _new_tool(plan, actor=actor, organisation=organisation)
    with transaction.atomic():
        if example:
            spec = examples.MARKETING[example]
            content = spec["es" if language == "es" else "en"]
            for name in ("target_customers", "offer", "price", "channel_notes"):
                setattr(plan, name, content[name])
            plan.title = title or content["title"]
            plan.channels = list(spec["channels"])
            plan.planned_budget = spec["planned_budget"]
        _save(plan)
        if example:
            first = date.today().replace(day=1)  # noqa: DTZ011 - a calendar date in the member's year
            index = examples.language_index(language)
            for offset, day, names, channel, cost in spec["actions"]:
                MarketingAction.objects.create(
                    plan=plan,
                    date=month_start(first, offset).replace(day=day),
                    action=names[index],
                    channel=channel,
                    cost=cost,
                )
    return plan


def marketing_plan_update(*, plan: MarketingPlan, actor: Any, **fields: Any) -> MarketingPlan:
    permissions.check_can_edit(actor, plan)
    _check_fields(fields, MARKETING_FIELDS)
    if "channels" in fields:
        fields["channels"] = _clean_channels(list(fields["channels"]))
    for name, value in fields.items():
        setattr(plan, name, value)
    _save(plan)
    return plan


def marketing_action_create(*, plan: MarketingPlan, actor: Any, **fields: Any) -> MarketingAction:
    permissions.check_can_edit(actor, plan)
    _check_fields(fields, ACTION_FIELDS)
    action = MarketingAction(plan=plan, **fields)
    with transaction.atomic():
        _save(action)
        plan.save(update_fields=["updated_at"])
    return action


def marketing_action_update(
    *, marketing_action: MarketingAction, actor: Any, **fields: Any
) -> MarketingAction:
    """Change an action of the calendar (`marketing_action`, since `action` is one of its fields)."""
    permissions.check_can_edit(actor, marketing_action.plan)
    _check_fields(fields, ACTION_FIELDS)
    for name, value in fields.items():
        setattr(marketing_action, name, value)
    with transaction.atomic():
        _save(marketing_action)
        marketing_action.plan.save(update_fields=["updated_at"])
    return marketing_action


def marketing_action_delete(*, marketing_action: MarketingAction, actor: Any) -> None:
    permissions.check_can_edit(actor, marketing_action.plan)
    with transaction.atomic():
        marketing_action.delete()
        marketing_action.plan.save(update_fields=["updated_at"])
