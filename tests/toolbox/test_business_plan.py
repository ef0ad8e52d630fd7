"""The business plan builder: guided sections saved one by one, examples, print page, Markdown export."""

from django.utils.html import escape

from community.toolbox.guidance import SECTIONS
from community.toolbox.models import BusinessPlan, BusinessPlanShare
from tests.factories import (
    BusinessPlanFactory,
    CashFlowProjectionFactory,
    MarketingPlanFactory,
    MembershipFactory,
)


def test_starting_from_the_spanish_lodge_example_fills_every_section(author, login):
    client = login(author)

    response = client.post(
        "/toolbox/plans/new/", {"title": "", "owner": "me", "language": "es", "example": "lodge"}
    )

    plan = BusinessPlan.objects.get()
    assert response["Location"] == f"/toolbox/plans/{plan.pk}/"
    assert plan.owner == author and plan.organisation is None
    assert plan.title == "Plan de negocio – Lodge del bosque nublado"
    assert all(getattr(plan, s.key) for s in SECTIONS)
    assert "Podocarpus" in plan.summary


def test_the_english_handicraft_example_is_in_english(author, login):
    login(author).post(
        "/toolbox/plans/new/",
        {"title": "Our plan", "owner": "me", "language": "en", "example": "handicrafts"},
    )

    plan = BusinessPlan.objects.get()
    assert plan.title == "Our plan"
    assert plan.summary.startswith("Eighteen women")


def test_an_empty_plan_needs_a_title(author, login):
    response = login(author).post("/toolbox/plans/new/", {"title": "", "owner": "me", "language": "es"})

    assert response.status_code == 200
    assert "Give it a title, or start from an example." in response.content.decode()
    assert not BusinessPlan.objects.exists()


def test_each_section_shows_guidance_and_an_example(author, login):
    plan = BusinessPlanFactory(owner=author)

    page = login(author).get(f"/toolbox/plans/{plan.pk}/").content.decode()

    for section in SECTIONS:
        assert f'id="section-{section.key}"' in page
        assert escape(str(section.guidance)) in page
        assert escape(str(section.example)) in page
    assert page.count("Save this section") == 8


def test_saving_one_section_leaves_the_others_as_they_were(author, login):
    plan = BusinessPlanFactory(owner=author, summary="Old summary", team="Carmen and her sister")
    client = login(author)

    response = client.post(f"/toolbox/plans/{plan.pk}/sections/market/", {"market-body": "Birdwatchers"})

    assert response.status_code == 302
    assert response["Location"] == f"/toolbox/plans/{plan.pk}/#section-market"
    plan.refresh_from_db()
    assert (plan.market, plan.summary, plan.team) == ("Birdwatchers", "Old summary", "Carmen and her sister")
    assert "“Market and customers” saved." in client.get(response["Location"]).content.decode()


def test_autosave_with_htmx_answers_with_the_section_only(author, login):
    plan = BusinessPlanFactory(owner=author)

    response = login(author).post(
        f"/toolbox/plans/{plan.pk}/sections/competition/",
        {"competition-body": "Two hostels in Zamora"},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section class="plan-section" id="section-competition"')
    assert "Saved." in body and "Two hostels in Zamora" in body
    assert "<html" not in body
    plan.refresh_from_db()
    assert plan.competition == "Two hostels in Zamora"


def test_a_section_too_long_is_refused_and_keeps_what_was_typed(author, login):
    plan = BusinessPlanFactory(owner=author, summary="Kept")
    text = "x" * 10001

    response = login(author).post(f"/toolbox/plans/{plan.pk}/sections/summary/", {"summary-body": text})

    assert response.status_code == 400
    assert "Ensure this value has at most 10000 characters" in response.content.decode()
    assert text in response.content.decode()
    plan.refresh_from_db()
    assert plan.summary == "Kept"


def test_an_unknown_section_is_not_found(author, login):
    plan = BusinessPlanFactory(owner=author)

    assert login(author).post(f"/toolbox/plans/{plan.pk}/sections/secrets/", {}).status_code == 404


def test_markdown_export_has_every_heading_in_the_plans_language(author, login):
    plan = BusinessPlanFactory(
        owner=author, title="Lodge Río Bombuscaro", language="es", summary="Seis habitaciones.", team=""
    )

    response = login(author).get(f"/toolbox/plans/{plan.pk}/plan.md")

    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="business-plan-{plan.pk}.md"'
    text = response.content.decode()
    assert text.startswith("# Lodge Río Bombuscaro\n")
    assert "## Summary\n\nSeis habitaciones.\n" in text or "## Resumen\n\nSeis habitaciones.\n" in text
    assert text.count("\n## ") == 8
    assert "Carmen Cango" in text


def test_the_printable_page_has_the_plan_without_the_forms(author, consultant, login):
    plan = BusinessPlanFactory(owner=author, summary="Seis habitaciones.\n\nAbierto todo el año.")
    BusinessPlanShare.objects.create(tool=plan, user=consultant)

    page = login(consultant).get(f"/toolbox/plans/{plan.pk}/print/").content.decode()

    assert '<article class="printable">' in page
    assert "<p>Seis habitaciones.</p>" in page and "<p>Abierto todo el año.</p>" in page
    assert "<textarea" not in page
    assert page.count("Not written yet.") == 7


def test_the_plan_page_runs_a_fixed_number_of_queries(author, login, django_assert_num_queries):
    plan = BusinessPlanFactory(owner=author)
    client = login(author)

    # 1. SELECT the session  2. SELECT the member  3. SELECT the plan, with the member's right to
    #    read and edit it annotated and its owner and organisation joined
    # 4. COUNT the member's unread notifications (the header's badge)
    with django_assert_num_queries(4):
        response = client.get(f"/toolbox/plans/{plan.pk}/")

    assert response.status_code == 200


def test_the_toolbox_page_lists_every_tool_in_a_fixed_number_of_queries(
    author, organisation, owner, login, django_assert_num_queries
):
    BusinessPlanFactory.create_batch(3, owner=author)
    BusinessPlanFactory.create_batch(2, owner=None, organisation=organisation)
    CashFlowProjectionFactory.create_batch(2, owner=author)
    MarketingPlanFactory.create_batch(2, owner=author)
    MembershipFactory(organisation=organisation, user=author)
    client = login(author)

    # 1. session  2. member  3-5. one SELECT per kind of tool (owner and organisation joined,
    # rights annotated)  6. unread notifications
    with django_assert_num_queries(6):
        response = client.get("/toolbox/")

    page = response.content.decode()
    assert page.count('<li class="tool">') == 9
    assert page.count("read only") == 2  # the organisation's plans: author is a plain member
