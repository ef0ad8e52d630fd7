"""Indicators: who sees them, the figures (women-led share against the target, by sector, activity,
visits without personal data), the SVG with its text alternative, CSV export and the query count."""

import csv
import io
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from networks.models import NetworkMembership, NetworkVisitMonth, Partnership, Visibility
from tests.factories import (
    CategoryFactory,
    NetworkMembershipFactory,
    NetworkOrganisationFactory,
    OrganisationFactory,
    PartnershipPostFactory,
    TopicFactory,
    UserFactory,
)
from tests.networks.conftest import client_as, make_network, people_of


def fill(network):
    for women_led, sector in ((True, "tourism_handicrafts"), (False, "agriculture"), (False, "agriculture")):
        NetworkOrganisationFactory(
            network=network, organisation=OrganisationFactory(women_led=women_led, sector=sector)
        )
    PartnershipPostFactory(network=network, direction="offer")
    PartnershipPostFactory(network=network, direction="need")
    Partnership.objects.create(network=network, title="A", status="active")
    TopicFactory(category=CategoryFactory(network=network))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["owner", "moderator", "member", "org_member", "outsider", "staff"])
def test_only_moderators_and_staff_see_network_indicators(persona):
    network = make_network(visibility=Visibility.PRIVATE)
    people = people_of(network)
    response = client_as(people[persona]).get(reverse("networks:indicators", args=[network.slug]))
    assert response.status_code == (200 if persona in ("owner", "moderator", "staff") else 403)


@pytest.mark.django_db
def test_site_indicators_are_for_staff():
    assert client_as(UserFactory()).get(reverse("networks:site_indicators")).status_code == 403
    assert client_as(UserFactory(is_staff=True)).get(reverse("networks:site_indicators")).status_code == 200


@pytest.mark.django_db
def test_network_indicators_show_women_led_share_against_target_with_text_alternatives():
    network = make_network(women_led_target=30)
    people = people_of(network)  # adds one more organisation (not women-led)
    fill(network)
    body = (
        client_as(people["owner"]).get(reverse("networks:indicators", args=[network.slug])).content.decode()
    )
    assert "25% of member organisations are women-led (1 of 4); the target is 30%." in body
    assert "Below target." in body
    assert '<desc id="chart-sectors-desc">Agriculture: 2; ' in body
    assert '<th scope="row">Active</th><td>1</td>' in body
    assert '<th scope="row">Forum topics</th><td>1</td>' in body


@pytest.mark.django_db
def test_visits_are_counted_per_month_without_personal_data(network):
    client = client_as(UserFactory())
    for _ in range(3):
        client.get(network.get_absolute_url())
    client_as(None).get(network.get_absolute_url())
    row = NetworkVisitMonth.objects.get(network=network)
    assert row.views == 4
    assert {f.name for f in NetworkVisitMonth._meta.get_fields()} == {"id", "network", "month", "views"}


@pytest.mark.django_db
def test_csv_export(network):
    people = people_of(network)
    fill(network)
    response = client_as(people["owner"]).get(reverse("networks:indicators_csv", args=[network.slug]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Women-led organisations", "count", "1"] in rows
    assert ["Activity", "Offers", "1"] in rows
    assert ["Partnerships by status", "Active", "1"] in rows
    site = client_as(UserFactory(is_staff=True)).get(reverse("networks:site_indicators_csv"))
    assert ["Activity", "Needs", "1"] in list(csv.reader(io.StringIO(site.content.decode())))


@pytest.mark.django_db
def test_indicators_query_count_does_not_grow_with_the_network(django_assert_num_queries):
    network = make_network()
    people = people_of(network)
    for _ in range(3):
        fill(network)
    client = client_as(people["owner"])
    url = reverse("networks:indicators", args=[network.slug])
    client.get(url)
    # session, user, network, role check, unread notifications, then one aggregate each: members by month,
    # organisations by month, women-led share, by sector, by country, topics, posts, published good
    # practices, board, partnerships by status, visits
    with django_assert_num_queries(16):
        assert client.get(url).status_code == 200


def _months_ago(n: int):
    month = timezone.localdate().replace(day=1)
    for _ in range(n):
        month = (month - timedelta(days=1)).replace(day=1)
    return month


@pytest.mark.django_db
def test_running_totals_show_every_calendar_month_up_to_this_one():
    network = make_network()
    owner = NetworkMembershipFactory(network=network, role="owner")
    early = NetworkMembershipFactory(network=network)
    NetworkMembership.objects.filter(pk=owner.pk).update(
        joined_at=timezone.make_aware(datetime.combine(_months_ago(3), time(12)))
    )
    NetworkMembership.objects.filter(pk=early.pk).update(
        joined_at=timezone.make_aware(datetime.combine(_months_ago(1), time(12)))
    )
    NetworkVisitMonth.objects.create(network=network, month=_months_ago(2), views=7)

    response = client_as(owner.user).get(reverse("networks:indicators_csv", args=[network.slug]))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    members = [(label, value) for chart, label, value in rows if chart == "Members over time (running total)"]
    assert members == [
        (f"{_months_ago(3):%Y-%m}", "1"),
        (f"{_months_ago(2):%Y-%m}", "1"),
        (f"{_months_ago(1):%Y-%m}", "2"),
        (f"{_months_ago(0):%Y-%m}", "2"),
    ]
    visits = [(label, value) for chart, label, value in rows if chart == "Page views per month"]
    assert len(visits) == 12 and visits[-1] == (f"{_months_ago(0):%Y-%m}", "0")
    assert (f"{_months_ago(2):%Y-%m}", "7") in visits and (f"{_months_ago(1):%Y-%m}", "0") in visits


@pytest.mark.django_db
def test_proposed_partnerships_are_not_counted_until_confirmed(network):
    people = people_of(network)
    Partnership.objects.create(network=network, title="Propuesta", status="proposed")
    Partnership.objects.create(network=network, title="Acordada", status="agreed")

    response = client_as(people["owner"]).get(reverse("networks:indicators_csv", args=[network.slug]))

    rows = [
        row
        for row in csv.reader(io.StringIO(response.content.decode()))
        if row[0] == "Partnerships by status"
    ]
    assert ["Partnerships by status", "Agreed", "1"] in rows
    assert not [row for row in rows if row[1] == "Proposed"]


@pytest.mark.django_db
def test_indicators_count_the_networks_published_practices():
    from community.library.models import Status
    from networks import indicators
    from tests.factories import PracticeFactory

    network = make_network()
    PracticeFactory(network=network, status=Status.PUBLISHED)
    PracticeFactory(network=network, status=Status.DRAFT)
    PracticeFactory(status=Status.PUBLISHED)  # site-wide, not the network's
    with translation.override("en"):
        charts = indicators.compute(network=network).charts
    activity = next(chart for chart in charts if chart.key == "activity")
    values = {bar.label: bar.value for bar in activity.bars}
    assert values["Good practices"] == 1
