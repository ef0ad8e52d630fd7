"""The toolbox API: same visibility and rights as the pages; the cash-flow result rounded to cents."""

import json
from datetime import date
from decimal import Decimal as D

import pytest

from community.toolbox import services
from community.toolbox.models import BusinessPlanShare, CashFlowShare
from tests.factories import BusinessPlanFactory, CashFlowProjectionFactory, MarketingPlanFactory


def _patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


def test_the_list_has_only_what_the_caller_may_read(
    author, consultant, outsider, organisation, member, login
):
    mine = BusinessPlanFactory(owner=author)
    shared = BusinessPlanFactory(owner=outsider)
    BusinessPlanShare.objects.create(tool=shared, user=author)
    BusinessPlanFactory(owner=outsider)  # not shared
    BusinessPlanFactory(owner=None, organisation=organisation)  # author is no member of it

    body = login(author).get("/api/v1/toolbox/plans").json()

    assert body["count"] == 2
    assert {(item["id"], item["can_edit"]) for item in body["items"]} == {(mine.pk, True), (shared.pk, False)}


def test_reading_and_updating_a_plan(author, consultant, outsider, login):
    plan = BusinessPlanFactory(owner=author)
    BusinessPlanShare.objects.create(tool=plan, user=consultant)
    url = f"/api/v1/toolbox/plans/{plan.pk}"

    updated = _patch(login(author), url, {"summary": "Seis habitaciones", "title": "Lodge"})
    read_only = _patch(login(consultant), url, {"summary": "Hacked"})
    hidden = _patch(login(outsider), url, {"summary": "Hacked"})
    missing = login(outsider).get(f"/api/v1/toolbox/plans/{plan.pk + 1000}")

    assert updated.status_code == 200
    assert (updated.json()["summary"], updated.json()["title"]) == ("Seis habitaciones", "Lodge")
    assert login(consultant).get(url).json()["summary"] == "Seis habitaciones"
    assert read_only.status_code == 403 and read_only.json()["error"]["code"] == "forbidden"
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    plan.refresh_from_db()
    assert plan.summary == "Seis habitaciones"


def test_anonymous_callers_get_401(client, author):
    plan = BusinessPlanFactory(owner=author)

    assert client.get("/api/v1/toolbox/plans").status_code == 401
    assert client.get(f"/api/v1/toolbox/plans/{plan.pk}").status_code == 401


def test_the_cash_flow_result_is_computed_and_rounded_half_up(author, consultant, outsider, login):
    projection = CashFlowProjectionFactory(
        owner=author, start_month=date(2026, 1, 1), opening_balance=D("10")
    )
    CashFlowShare.objects.create(tool=projection, user=consultant)
    services.cashflow_line_create(
        projection=projection, actor=author, kind="expense", category="other", name="Fee",
        repeat_amount=D("5.005"), repeat_from=None, repeat_until=None, amounts={},
    )  # fmt: skip

    body = login(consultant).get(f"/api/v1/toolbox/cashflows/{projection.pk}/result").json()

    # Month 1: 10 - 5.005 = 4.995 -> 5.00 shown; month 2: -0.01 exactly -> negative;
    # month 12: 10 - 12 x 5.005 = -50.06 exactly.
    assert body["months"][0] == {"number": 1, "month": "2026-01", "income": "0.00", "expense": "5.01",
                                 "net": "-5.01", "balance": "5.00", "negative": False}  # fmt: skip
    assert body["months"][1]["balance"] == "-0.01"
    assert body["negative_months"] == [f"2026-{m:02d}" for m in range(2, 13)]
    assert body["closing_balance"] == "-50.06"
    assert body["total_expense"] == "60.06"
    assert login(outsider).get(f"/api/v1/toolbox/cashflows/{projection.pk}/result").status_code == 404


def test_cash_flow_detail_and_settings_update(author, consultant, login):
    projection = CashFlowProjectionFactory(owner=author, start_month=date(2026, 1, 1))
    CashFlowShare.objects.create(tool=projection, user=consultant)
    services.cashflow_line_create(
        projection=projection, actor=author, kind="income", category="sales", name="Rooms",
        repeat_amount=None, repeat_from=None, repeat_until=None, amounts={2: D("12.50")},
    )  # fmt: skip
    url = f"/api/v1/toolbox/cashflows/{projection.pk}"

    detail = login(consultant).get(url).json()
    updated = _patch(login(author), url, {"months": 24, "opening_balance": "99.5"})
    refused = _patch(login(consultant), url, {"months": 24})
    invalid = _patch(login(author), url, {"months": 13})

    assert detail["lines"][0]["amounts"] == {"2": "12.5000"}
    assert (updated.json()["months"], D(updated.json()["opening_balance"])) == (24, D("99.5"))
    assert refused.status_code == 403
    assert invalid.status_code == 422


@pytest.mark.parametrize("persona", ["owner", "admin_member"])
def test_organisation_managers_update_its_marketing_plan_and_members_only_read(
    request, persona, organisation, owner, member, login
):
    plan = MarketingPlanFactory(owner=None, organisation=organisation, planned_budget=D("500"))
    plan.actions.create(date=date(2026, 3, 1), action="Fair", channel="fairs", cost=D("350"))
    url = f"/api/v1/toolbox/marketing/{plan.pk}"

    updated = _patch(login(request.getfixturevalue(persona)), url, {"channels": ["showcase", "tiktok"]})
    refused = _patch(login(member), url, {"planned_budget": "1"})
    read = login(member).get(url).json()

    assert updated.status_code == 200
    assert read["channels"] == ["showcase", "tiktok"]
    assert read["organisation"] == organisation.slug
    assert D(read["spent"]) == D("350")
    assert refused.status_code == 403
