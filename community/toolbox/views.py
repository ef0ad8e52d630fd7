"""Thin views for the toolboxes: each checks who may see or change the tool, then calls one service."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.forms import form_error
from community.http import AuthedRequest
from community.toolbox import cashflow, permissions, selectors, services
from community.toolbox.forms import (
    CashFlowCreateForm,
    CashFlowLineForm,
    CashFlowSettingsForm,
    CsvImportForm,
    MarketingActionForm,
    MarketingPlanForm,
    SectionForm,
    ShareForm,
    ToolCreateForm,
)
from community.toolbox.guidance import SECTIONS, SECTIONS_BY_KEY
from community.toolbox.models import (
    BusinessPlan,
    CashFlowLine,
    CashFlowProjection,
    Category,
    MarketingAction,
    MarketingPlan,
    Tool,
)

KINDS: dict[str, type[Tool]] = {
    "plans": BusinessPlan,
    "cashflow": CashFlowProjection,
    "marketing": MarketingPlan,
}


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    context = {
        "plans": selectors.tools_for(request.user, BusinessPlan),
        "projections": selectors.tools_for(request.user, CashFlowProjection),
        "marketing_plans": selectors.tools_for(request.user, MarketingPlan),
    }
    return render(request, "toolbox/index.html", context)


def _create(
    request: AuthedRequest, form_class: type[ToolCreateForm], create: Any, heading: str
) -> HttpResponse:
    form = form_class(
        request.POST or None,
        organisations=selectors.managed_organisations(request.user),
        initial={"example": request.GET.get("example", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("owner")
        try:
            tool = create(actor=request.user, organisation=form.organisation, **data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Created. It is saved as you work."))
            return redirect(tool)
    return render(request, "toolbox/create.html", {"form": form, "heading": heading})


# Business plans ------------------------------------------------------------------------------------


@login_required
def plan_create(request: AuthedRequest) -> HttpResponse:
    return _create(request, ToolCreateForm, services.business_plan_create, _("New business plan"))


def _sections(
    plan: BusinessPlan, bound: SectionForm | None = None, bound_key: str = ""
) -> list[dict[str, Any]]:
    """Each section with its form; the one just posted keeps what was typed."""
    return [
        {
            "section": s,
            "body": getattr(plan, s.key),
            "form": bound
            if bound is not None and s.key == bound_key
            else SectionForm(initial={"body": getattr(plan, s.key)}, prefix=s.key),
        }
        for s in SECTIONS
    ]


@login_required
def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = permissions.get_tool_for_user(request.user, BusinessPlan, pk)
    can_edit = permissions.can_edit(request.user, plan)
    sections = _sections(plan)
    return render(
        request, "toolbox/plan_detail.html", {"plan": plan, "sections": sections, "can_edit": can_edit}
    )


@login_required
@require_POST
def plan_section(request: AuthedRequest, pk: int, section: str) -> HttpResponse:
    plan = permissions.get_tool_for_user(request.user, BusinessPlan, pk)
    if section not in SECTIONS_BY_KEY:
        raise Http404
    permissions.check_can_edit(request.user, plan)
    form = SectionForm(request.POST, prefix=section)
    saved = False
    if form.is_valid():
        services.business_plan_section_save(
            plan=plan, actor=request.user, section=section, body=form.cleaned_data["body"]
        )
        saved = True
    htmx = getattr(request, "htmx", None)
    if htmx:
        context = {
            "plan": plan,
            "item": {"section": SECTIONS_BY_KEY[section], "body": getattr(plan, section), "form": form},
            "can_edit": True,
            "saved": saved,
        }
        return render(request, "toolbox/plan_section.html", context)
    if saved:
        messages.success(request, _("“%(section)s” saved.") % {"section": SECTIONS_BY_KEY[section].title})
        return redirect(f"{plan.get_absolute_url()}#section-{section}")
    sections = _sections(plan, bound=form, bound_key=section)
    return render(
        request,
        "toolbox/plan_detail.html",
        {"plan": plan, "sections": sections, "can_edit": True},
        status=400,
    )


@login_required
def plan_print(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = permissions.get_tool_for_user(request.user, BusinessPlan, pk)
    sections = [{"section": s, "body": getattr(plan, s.key)} for s in SECTIONS]
    return render(request, "toolbox/plan_print.html", {"plan": plan, "sections": sections})


@login_required
def plan_markdown(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = permissions.get_tool_for_user(request.user, BusinessPlan, pk)
    response = HttpResponse(
        selectors.business_plan_markdown(plan), content_type="text/markdown; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="business-plan-{plan.pk}.md"'
    return response


# Sharing and deleting (every kind) ---------------------------------------------------------------


def _tool(request: AuthedRequest, kind: str, pk: int) -> Tool:
    if kind not in KINDS:
        raise Http404
    return permissions.get_tool_for_user(request.user, KINDS[kind], pk)  # type: ignore[type-var]


@login_required
def sharing(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    tool = _tool(request, kind, pk)
    permissions.check_can_edit(request.user, tool)
    form = ShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.tool_share_add(tool=tool, actor=request.user, email=form.cleaned_data["email"])
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Shared with %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("toolbox:sharing", kind=kind, pk=pk)
    context = {"tool": tool, "kind": kind, "form": form, "shares": selectors.shares_of(tool)}
    return render(request, "toolbox/sharing.html", context)


@login_required
@require_POST
def share_remove(request: AuthedRequest, kind: str, pk: int, share_pk: int) -> HttpResponse:
    tool = _tool(request, kind, pk)
    services.tool_share_remove(tool=tool, actor=request.user, share_id=share_pk)
    messages.success(request, _("No longer shared with that member."))
    return redirect("toolbox:sharing", kind=kind, pk=pk)


@login_required
@require_POST
def delete(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    tool = _tool(request, kind, pk)
    services.tool_delete(tool=tool, actor=request.user)
    messages.success(request, _("“%(title)s” deleted.") % {"title": tool.title})
    return redirect("toolbox:index")


# Cash-flow projections ----------------------------------------------------------------------------


@login_required
def cashflow_create(request: AuthedRequest) -> HttpResponse:
    return _create(request, CashFlowCreateForm, services.cashflow_create, _("New cash-flow projection"))


@login_required
def cashflow_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    projection = selectors.projection_for_user(request.user, pk)
    result = selectors.projection_result(projection)
    context = {
        "projection": projection,
        "result": result,
        "chart": cashflow.chart(result, currency=projection.currency),
        "can_edit": permissions.can_edit(request.user, projection),
    }
    return render(request, "toolbox/cashflow_detail.html", context)


@login_required
def cashflow_settings(request: AuthedRequest, pk: int) -> HttpResponse:
    projection = selectors.projection_for_user(request.user, pk)
    permissions.check_can_edit(request.user, projection)
    form = CashFlowSettingsForm(request.POST or None, instance=projection)
    if request.method == "POST" and form.is_valid():
        try:
            services.cashflow_update(projection=projection, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(projection)
    return render(request, "toolbox/cashflow_settings.html", {"form": form, "projection": projection})


def _line_form_page(
    request: AuthedRequest, projection: CashFlowProjection, line: CashFlowLine | None
) -> HttpResponse:
    permissions.check_can_edit(request.user, projection)
    form = CashFlowLineForm(request.POST or None, instance=line, projection=projection)
    if request.method == "POST" and form.is_valid():
        try:
            if line is None:
                services.cashflow_line_create(
                    projection=projection, actor=request.user, **form.service_kwargs()
                )
            else:
                services.cashflow_line_update(line=line, actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Line saved."))
            return redirect(projection)
    return render(
        request, "toolbox/cashflow_line.html", {"form": form, "projection": projection, "line": line}
    )


@login_required
def cashflow_line_create(request: AuthedRequest, pk: int) -> HttpResponse:
    projection = selectors.projection_for_user(request.user, pk)
    return _line_form_page(request, projection, None)


@login_required
def cashflow_line_edit(request: AuthedRequest, pk: int, line_pk: int) -> HttpResponse:
    projection = selectors.projection_for_user(request.user, pk)
    line = get_object_or_404(CashFlowLine, pk=line_pk, projection=projection)
    line.projection = projection
    return _line_form_page(request, projection, line)


@login_required
@require_POST
def cashflow_line_delete(request: AuthedRequest, pk: int, line_pk: int) -> HttpResponse:
    projection = selectors.projection_for_user(request.user, pk)
    line = get_object_or_404(CashFlowLine, pk=line_pk, projection=projection)
    line.projection = projection
    services.cashflow_line_delete(line=line, actor=request.user)
    messages.success(request, _("Line deleted."))
    return redirect(projection)


@login_required
def cashflow_export(request: AuthedRequest, pk: int) -> HttpResponse:
    projection = selectors.projection_for_user(request.user, pk)
    result = selectors.projection_result(projection)
    body = cashflow.csv_export(
        start_month=projection.start_month,
        months=projection.months,
        opening_balance=projection.opening_balance,
        result=result,
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cash-flow-{projection.pk}.csv"'
    return response


@login_required
def cashflow_import(request: AuthedRequest, pk: int) -> HttpResponse:
    projection = selectors.projection_for_user(request.user, pk)
    permissions.check_can_edit(request.user, projection)
    form = CsvImportForm(request.POST or None, request.FILES or None)
    errors: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        parsed = cashflow.csv_parse(form.cleaned_data["file"])
        errors = parsed.errors
        if not errors:
            try:
                services.cashflow_import(projection=projection, actor=request.user, parsed=parsed)
            except ValidationError as error:  # a value the parser let through but the model refuses
                errors = [(0, message) for message in error.messages]
            else:
                messages.success(
                    request,
                    _("Imported %(n)s lines. The projection was replaced.") % {"n": len(parsed.lines)},
                )
                return redirect(projection)
    context = {"form": form, "projection": projection, "errors": errors, "categories": Category.values}
    return render(request, "toolbox/cashflow_import.html", context, status=400 if errors else 200)


# Marketing plans -----------------------------------------------------------------------------------


@login_required
def marketing_create(request: AuthedRequest) -> HttpResponse:
    return _create(request, ToolCreateForm, services.marketing_plan_create, _("New marketing plan"))


@login_required
def marketing_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = permissions.get_tool_for_user(request.user, MarketingPlan, pk)
    actions = selectors.marketing_actions(plan)
    spent = selectors.marketing_spent(actions)
    context = {
        "plan": plan,
        "actions": actions,
        "spent": spent,
        "remaining": plan.planned_budget - spent,
        "over_budget": spent > plan.planned_budget,
        "can_edit": permissions.can_edit(request.user, plan),
        "action_form": MarketingActionForm(),
    }
    return render(request, "toolbox/marketing_detail.html", context)


@login_required
def marketing_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = permissions.get_tool_for_user(request.user, MarketingPlan, pk)
    permissions.check_can_edit(request.user, plan)
    form = MarketingPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.marketing_plan_update(plan=plan, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(plan)
    return render(request, "toolbox/marketing_form.html", {"form": form, "plan": plan})


def _action_page(request: AuthedRequest, plan: MarketingPlan, action: MarketingAction | None) -> HttpResponse:
    permissions.check_can_edit(request.user, plan)
    form = MarketingActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        try:
            if action is None:
                services.marketing_action_create(plan=plan, actor=request.user, **form.cleaned_data)
            else:
                services.marketing_action_update(
                    marketing_action=action, actor=request.user, **form.cleaned_data
                )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Action saved."))
            return redirect(plan)
    return render(request, "toolbox/marketing_action.html", {"form": form, "plan": plan, "action": action})


@login_required
def marketing_action_create(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = permissions.get_tool_for_user(request.user, MarketingPlan, pk)
    return _action_page(request, plan, None)


@login_required
def marketing_action_edit(request: AuthedRequest, pk: int, action_pk: int) -> HttpResponse:
    plan = permissions.get_tool_for_user(request.user, MarketingPlan, pk)
    action = get_object_or_404(MarketingAction, pk=action_pk, plan=plan)
    action.plan = plan
    return _action_page(request, plan, action)


@login_required
@require_POST
def marketing_action_delete(request: AuthedRequest, pk: int, action_pk: int) -> HttpResponse:
    plan = permissions.get_tool_for_user(request.user, MarketingPlan, pk)
    action = get_object_or_404(MarketingAction, pk=action_pk, plan=plan)
    action.plan = plan
    services.marketing_action_delete(marketing_action=action, actor=request.user)
    messages.success(request, _("Action deleted."))
    return redirect(plan)
