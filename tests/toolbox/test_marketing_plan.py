"""The marketing plan: customers, offer, price, channels, a calendar of actions and its budget."""

from datetime import date
from decimal import Decimal as D

from community.toolbox.models import MarketingAction, MarketingPlan
from tests.factories import MarketingPlanFactory


def test_starting_from_the_handicraft_example_fills_the_plan_and_calendar(organisation, owner, login):
    response = login(owner).post(
        "/toolbox/marketing/new/",
        {"title": "", "owner": str(organisation.pk), "language": "en", "example": "handicrafts"},
    )

    plan = MarketingPlan.objects.get()
    page = login(owner).get(response["Location"]).content.decode()
    assert plan.organisation == organisation and plan.owner is None
    assert plan.title == "Marketing plan – Women artisans' association"
    assert "showcase" in plan.channels
    assert plan.actions.count() == 4
    # The showcase channel links to the organisation's own page on Minga.
    assert f'href="/organisations/{organisation.slug}/"' in page
    # 250 + 0 + 180 + 60 = 490 of 600 planned.
    assert "Actions cost 490.00 USD of a planned budget of 600.00 USD." in page
    assert "110.00 USD left." in page


def test_an_action_over_budget_is_flagged(author, login):
    plan = MarketingPlanFactory(owner=author, planned_budget=D("500"))
    client = login(author)

    client.post(
        f"/toolbox/marketing/{plan.pk}/actions/new/",
        {"date": "2026-03-10", "action": "Stand at the tourism fair", "channel": "fairs", "cost": "350"},
    )
    client.post(
        f"/toolbox/marketing/{plan.pk}/actions/new/",
        {"date": "2026-02-01", "action": "Instagram ads", "channel": "instagram", "cost": "200.50"},
    )
    page = client.get(f"/toolbox/marketing/{plan.pk}/").content.decode()

    # 350 + 200.50 = 550.50 against 500: 50.50 over.
    assert "Actions cost 550.50 USD of a planned budget of 500.00 USD." in page
    assert "Over budget by 50.50 USD." in page
    # The calendar is in date order.
    assert page.index("Instagram ads") < page.index("Stand at the tourism fair")


def test_a_bad_action_is_refused_and_keeps_what_was_typed(author, login):
    plan = MarketingPlanFactory(owner=author)

    response = login(author).post(
        f"/toolbox/marketing/{plan.pk}/actions/new/",
        {"date": "not a date", "action": "Radio spot", "channel": "print", "cost": "-3"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid date." in page
    assert "Ensure this value is greater than or equal to 0." in page
    assert 'value="Radio spot"' in page
    assert not MarketingAction.objects.exists()


def test_editing_the_plan_chooses_channels(author, login):
    plan = MarketingPlanFactory(owner=author, channels=[])

    login(author).post(
        f"/toolbox/marketing/{plan.pk}/edit/",
        {"title": "Lodge", "language": "es", "target_customers": "Birdwatchers", "offer": "", "price": "",
         "channels": ["whatsapp", "showcase"], "channel_notes": "", "planned_budget": "900",
         "currency": "USD"},
    )  # fmt: skip

    plan.refresh_from_db()
    assert plan.channels == ["showcase", "whatsapp"]
    assert plan.target_customers == "Birdwatchers"


def test_actions_are_edited_and_deleted_by_editors_only(author, consultant, login):
    plan = MarketingPlanFactory(owner=author)
    plan.shares.create(user=consultant)
    action = MarketingAction.objects.create(
        plan=plan, date=date(2026, 1, 5), action="Flyers", channel="print"
    )
    url = f"/toolbox/marketing/{plan.pk}/actions/{action.pk}/"

    refused = login(consultant).post(f"{url}delete/")
    login(author).post(url, {"date": "2026-01-06", "action": "Flyers and posters", "channel": "print",
                             "cost": "15"})  # fmt: skip

    assert refused.status_code == 403
    action.refresh_from_db()
    assert (action.action, action.cost) == ("Flyers and posters", D("15"))
    login(author).post(f"{url}delete/")
    assert not MarketingAction.objects.exists()


def test_the_marketing_plan_page_runs_a_fixed_number_of_queries(author, login, django_assert_num_queries):
    plan = MarketingPlanFactory(owner=author)
    for day in range(1, 6):
        MarketingAction.objects.create(plan=plan, date=date(2026, 1, day), action=f"A{day}", channel="fairs")
    client = login(author)

    # 1. session  2. member  3. the plan, rights annotated  4. its actions  5. unread notifications
    with django_assert_num_queries(5):
        client.get(f"/toolbox/marketing/{plan.pk}/")
