"""The public directory of organisations: filters, pages, the htmx fragment and its query count."""

import re

import pytest

from tests.factories import MembershipFactory, OfferingFactory, OrganisationFactory

DIRECTORY = "/organisations/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    """Anonymous visitors get Spanish by default; read the pages in English, as the personas do."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def listed_names(response) -> list[str]:
    """Names of the organisations shown as cards, in page order."""
    return re.findall(r'<h3><a href="/organisations/[^"]+/">([^<]+)</a>', response.content.decode())


@pytest.fixture
def mixed_directory(db):
    """Four organisations that differ in one filtered property each."""
    return {
        "vti": OrganisationFactory(
            name="Instituto Técnico Loja", kind="vti", sector="education", country="EC", city="Loja"
        ),
        "chamber": OrganisationFactory(
            name="Cámara de Comercio de Cuenca",
            kind="chamber",
            sector="services",
            country="EC",
            city="Cuenca",
        ),
        "women_led": OrganisationFactory(
            name="Tejidos Warmi",
            kind="business",
            sector="tourism_handicrafts",
            country="PE",
            women_led=True,
            city="Cusco",
            description="Textiles de alpaca tejidos a mano.",
        ),
        "hostal": OrganisationFactory(
            name="Hostal del Río",
            kind="business",
            sector="tourism_accommodation",
            country="CO",
            city="Salento",
        ),
    }


def test_anonymous_visitor_sees_every_organisation_in_the_directory(client, mixed_directory):
    response = client.get(DIRECTORY)

    assert response.status_code == 200
    assert sorted(listed_names(response)) == sorted(o.name for o in mixed_directory.values())
    assert "4 organisations" in response.content.decode()


def test_signed_in_outsider_sees_the_same_directory_as_anonymous(login, outsider, mixed_directory):
    response = login(outsider).get(DIRECTORY)

    assert response.status_code == 200
    assert len(listed_names(response)) == 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=chamber", ["chamber"]),
        ("sector=tourism_handicrafts", ["women_led"]),
        ("country=EC", ["chamber", "vti"]),
        ("women_led=on", ["women_led"]),
        ("q=alpaca", ["women_led"]),  # matches the description
        ("q=salento", ["hostal"]),  # matches the city, case-insensitively
        ("q=instituto", ["vti"]),  # matches the name
        ("kind=business&country=CO", ["hostal"]),
    ],
)
def test_directory_filter_shows_only_matching_organisations(client, mixed_directory, query, expected):
    response = client.get(f"{DIRECTORY}?{query}")

    assert response.status_code == 200
    assert sorted(listed_names(response)) == sorted(mixed_directory[key].name for key in expected)


def test_directory_filter_without_match_says_so(client, mixed_directory):
    response = client.get(f"{DIRECTORY}?kind=agency")

    assert response.status_code == 200
    assert listed_names(response) == []
    assert "No organisation matches these filters." in response.content.decode()


def test_directory_ignores_an_unknown_filter_value_instead_of_failing(client, mixed_directory):
    response = client.get(f"{DIRECTORY}?kind=spaceship")

    assert response.status_code == 200
    assert len(listed_names(response)) == 4


def test_directory_shows_twenty_organisations_per_page_and_links_the_next_page(client, db):
    OrganisationFactory.create_batch(25)

    first = client.get(DIRECTORY)
    second = client.get(f"{DIRECTORY}?page=2")

    assert len(listed_names(first)) == 20
    assert 'rel="next"' in first.content.decode()
    assert "Page 1 of 2" in first.content.decode()
    assert len(listed_names(second)) == 5
    assert set(listed_names(first)).isdisjoint(listed_names(second))


def test_directory_next_page_link_keeps_the_filters(client, db):
    OrganisationFactory.create_batch(22, kind="vti")
    OrganisationFactory.create_batch(3, kind="chamber")

    response = client.get(f"{DIRECTORY}?kind=vti")

    assert "22 organisations" in response.content.decode()
    assert 'href="?kind=vti&amp;page=2"' in response.content.decode()


def test_directory_card_counts_only_offerings_shown_on_the_showcase(client, organisation):
    OfferingFactory.create_batch(2, organisation=organisation)
    OfferingFactory(organisation=organisation, is_active=False)

    response = client.get(DIRECTORY)

    assert "2 offerings" in response.content.decode()


def test_htmx_request_gets_only_the_results_fragment(client, mixed_directory):
    response = client.get(f"{DIRECTORY}?kind=vti", headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "<form" not in body  # the filter form stays on the page; only the results are swapped
    assert listed_names(response) == [mixed_directory["vti"].name]


def test_htmx_history_restore_gets_the_whole_page(client, mixed_directory):
    # After "Back" to a page missing from htmx's history cache, htmx swaps the response in as the body.
    response = client.get(
        f"{DIRECTORY}?kind=vti", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    body = response.content.decode()
    assert "<html" in body
    assert 'hx-target="#results"' in body
    assert listed_names(response) == [mixed_directory["vti"].name]


def test_fragment_and_page_are_cached_apart(client, mixed_directory):
    page = client.get(DIRECTORY)
    fragment = client.get(DIRECTORY, headers={"HX-Request": "true"})

    for response in (page, fragment):
        assert "HX-Request" in response["Vary"]
        assert "HX-History-Restore-Request" in response["Vary"]


def test_plain_request_gets_the_whole_page_with_the_filter_form(client, mixed_directory):
    response = client.get(DIRECTORY)

    body = response.content.decode()
    assert "<html" in body
    assert 'hx-target="#results"' in body


def test_directory_page_of_twenty_organisations_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, db
):
    for organisation in OrganisationFactory.create_batch(25):
        OfferingFactory.create_batch(2, organisation=organisation)
        MembershipFactory(organisation=organisation)

    # 1. COUNT of the filtered organisations (for "N organisations" and the pages)
    # 2. SELECT the 20 organisations of the page with their active-offering count annotated
    with django_assert_num_queries(2):
        response = client.get(DIRECTORY)

    assert len(listed_names(response)) == 20
