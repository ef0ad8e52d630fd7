"""Who sees and changes a tool: the member who owns it, an organisation's owners and administrators
(edit), its members (read), a consultant it is shared with (read), outsiders (404, like a missing
tool), anonymous visitors (sent to sign in)."""

import re
from datetime import date

import pytest

from community.toolbox.models import BusinessPlanShare, CashFlowShare, MarketingPlanShare
from tests.factories import BusinessPlanFactory, CashFlowProjectionFactory, MarketingPlanFactory

KINDS = {
    "plans": (BusinessPlanFactory, BusinessPlanShare),
    "cashflow": (CashFlowProjectionFactory, CashFlowShare),
    "marketing": (MarketingPlanFactory, MarketingPlanShare),
}


def _edit(client, kind, pk):
    """One change per kind of tool, posted as the page's form would."""
    if kind == "plans":
        return client.post(f"/toolbox/plans/{pk}/sections/summary/", {"summary-body": "Changed summary"})
    if kind == "cashflow":
        return client.post(
            f"/toolbox/cashflow/{pk}/settings/",
            {"title": "Changed", "language": "es", "months": 12, "start_month": "2026-01",
             "opening_balance": "10", "currency": "USD"},
        )  # fmt: skip
    return client.post(
        f"/toolbox/marketing/{pk}/edit/",
        {"title": "Changed", "language": "es", "planned_budget": "100", "currency": "USD"},
    )


def _without_csrf(content: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content.decode())


def _changed(tool) -> bool:
    tool.refresh_from_db()
    return getattr(tool, "summary", None) == "Changed summary" or tool.title == "Changed"


@pytest.fixture
def org_tool(request, organisation, owner, consultant):
    factory, share_model = KINDS[request.param]
    tool = factory(owner=None, organisation=organisation)
    share_model.objects.create(tool=tool, user=consultant)
    return request.param, tool


@pytest.mark.parametrize("org_tool", list(KINDS), indirect=True)
@pytest.mark.parametrize(
    ("persona", "status", "can_edit"),
    [
        ("owner", 200, True),
        ("admin_member", 200, True),
        ("member", 200, False),
        ("consultant", 200, False),
        ("outsider", 404, False),
    ],
)
def test_an_organisations_tool_by_role(request, org_tool, login, persona, status, can_edit):
    kind, tool = org_tool
    client = login(request.getfixturevalue(persona))

    page = client.get(f"/toolbox/{kind}/{tool.pk}/")
    change = _edit(client, kind, tool.pk)

    assert page.status_code == status
    if status == 200:
        assert tool.title in page.content.decode()
        assert ("Read only" in page.content.decode()) is (not can_edit)
        assert (f"/toolbox/{kind}/{tool.pk}/sharing/" in page.content.decode()) is can_edit
    assert change.status_code == (302 if can_edit else 403 if status == 200 else 404)
    assert _changed(tool) is can_edit


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_members_own_tool_is_hidden_from_others_like_a_missing_one(
    kind, author, outsider, consultant, login
):
    factory, share_model = KINDS[kind]
    tool = factory(owner=author)
    share_model.objects.create(tool=tool, user=consultant)

    assert login(author).get(f"/toolbox/{kind}/{tool.pk}/").status_code == 200
    assert login(consultant).get(f"/toolbox/{kind}/{tool.pk}/").status_code == 200
    client = login(outsider)
    hidden = client.get(f"/toolbox/{kind}/{tool.pk}/")
    missing = client.get(f"/toolbox/{kind}/{tool.pk + 1000}/")
    assert hidden.status_code == missing.status_code == 404
    # The same page, but for the address echoed in the language switcher.
    assert _without_csrf(hidden.content) == _without_csrf(missing.content).replace(
        f"/{tool.pk + 1000}/", f"/{tool.pk}/"
    )
    assert tool.title not in hidden.content.decode()
    assert _edit(login(outsider), kind, tool.pk).status_code == 404
    assert _edit(login(consultant), kind, tool.pk).status_code == 403
    assert not _changed(tool)


@pytest.mark.parametrize("kind", list(KINDS))
def test_anonymous_visitors_are_sent_to_sign_in(kind, client, author):
    tool = KINDS[kind][0](owner=author)

    page = client.get(f"/toolbox/{kind}/{tool.pk}/")
    change = _edit(client, kind, tool.pk)

    assert page.status_code == change.status_code == 302
    assert page["Location"].startswith("/accounts/login/")
    assert not _changed(tool)


def test_exports_follow_the_same_rules(author, consultant, outsider, login):
    plan = BusinessPlanFactory(owner=author)
    projection = CashFlowProjectionFactory(owner=author, start_month=date(2026, 1, 1))
    BusinessPlanShare.objects.create(tool=plan, user=consultant)
    CashFlowShare.objects.create(tool=projection, user=consultant)
    urls = [
        f"/toolbox/plans/{plan.pk}/plan.md",
        f"/toolbox/plans/{plan.pk}/print/",
        f"/toolbox/cashflow/{projection.pk}/export.csv",
    ]

    assert [login(consultant).get(url).status_code for url in urls] == [200, 200, 200]
    assert [login(outsider).get(url).status_code for url in urls] == [404, 404, 404]
    # Reading is not changing: the consultant may not import over the projection.
    assert login(consultant).get(f"/toolbox/cashflow/{projection.pk}/import/").status_code == 403


def test_the_owner_shares_and_unshares_by_email(author, consultant, outsider, login):
    plan = BusinessPlanFactory(owner=author)
    client = login(author)

    unknown = client.post(f"/toolbox/plans/{plan.pk}/sharing/", {"email": "nobody@example.org"})
    shared = client.post(f"/toolbox/plans/{plan.pk}/sharing/", {"email": consultant.email.upper()})

    assert "No member has this e-mail address" in unknown.content.decode()
    assert 'value="nobody@example.org"' in unknown.content.decode()
    assert shared.status_code == 302
    assert login(consultant).get(f"/toolbox/plans/{plan.pk}/").status_code == 200
    assert consultant.notifications.filter(verb="shared a tool with you").exists()
    # The consultant may not share it further, and an outsider cannot even see the page.
    assert login(consultant).get(f"/toolbox/plans/{plan.pk}/sharing/").status_code == 403
    assert login(outsider).get(f"/toolbox/plans/{plan.pk}/sharing/").status_code == 404

    share = BusinessPlanShare.objects.get(tool=plan)
    client.post(f"/toolbox/plans/{plan.pk}/sharing/{share.pk}/remove/")

    assert login(consultant).get(f"/toolbox/plans/{plan.pk}/").status_code == 404


def test_only_managers_create_an_organisations_tools(organisation, owner, member, login):
    data = {"title": "Plan", "owner": str(organisation.pk), "language": "es", "example": ""}

    refused = login(member).post("/toolbox/plans/new/", data)
    created = login(owner).post("/toolbox/plans/new/", data)

    # A member is not offered the organisation at all.
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert created.status_code == 302
    assert login(member).get(created["Location"]).status_code == 200


def test_deleting_is_for_editors_only(organisation, owner, member, login):
    plan = BusinessPlanFactory(owner=None, organisation=organisation)

    assert login(member).post(f"/toolbox/plans/{plan.pk}/delete/").status_code == 403
    assert login(owner).post(f"/toolbox/plans/{plan.pk}/delete/").status_code == 302
    assert login(owner).get(f"/toolbox/plans/{plan.pk}/").status_code == 404
