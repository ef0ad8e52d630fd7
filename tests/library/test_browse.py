"""Browsing: filters by country, sector, training area, target group, tag and language; related practices;
pages; pinned query counts."""

import re

import pytest

from tests.factories import OrganisationFactory, PracticeFactory, UserFactory
from tests.library.conftest import client_as

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    return re.findall(r'<h3><a href="/library/[^"]+/">([^<]+)</a>', response.content.decode())


@pytest.fixture
def library(db):
    hotels = PracticeFactory(title="Hoteles en línea", country="GT", target_groups=["business_owners"])
    hotels.tags.add("e-learning")
    women = PracticeFactory(
        title="Mujeres que venden en línea",
        country="EC",
        sector="tourism_handicrafts",
        training_area="ecommerce",
        target_groups=["women_entrepreneurs"],
        language="en",
    )
    women.tags.add("e-commerce")
    youth = PracticeFactory(
        title="Jóvenes guías", country="CO", sector="tourism_tour_operator", target_groups=["young_people"]
    )
    PracticeFactory(title="Borrador escondido", status="draft", published_at=None)
    return {"hotels": hotels, "women": women, "youth": youth}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Hoteles en línea", "Mujeres que venden en línea", "Jóvenes guías"}),
        ("country=GT", {"Hoteles en línea"}),
        ("sector=tourism_handicrafts", {"Mujeres que venden en línea"}),
        ("training_area=ecommerce", {"Mujeres que venden en línea"}),
        ("target_group=women_entrepreneurs", {"Mujeres que venden en línea"}),
        ("target_group=young_people", {"Jóvenes guías"}),
        ("tag=e-learning", {"Hoteles en línea"}),
        ("language=en", {"Mujeres que venden en línea"}),
        ("q=guías", {"Jóvenes guías"}),
    ],
)
def test_filters_narrow_the_list(client, library, query, expected):
    assert set(listed(client.get(f"/library/?{query}"))) == expected


def test_pages_of_twenty(client):
    PracticeFactory.create_batch(23)
    first, second = client.get("/library/"), client.get("/library/?page=2")
    assert len(listed(first)) == 20 and len(listed(second)) == 3


def test_related_practices_share_tags_or_sector(client, library):
    other = PracticeFactory(title="Otra de e-learning", sector="agriculture")
    other.tags.add("e-learning")
    page = client.get(f"/library/{library['hotels'].slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    related = page.split("Related practices")[1]
    assert "Otra de e-learning" in related
    assert "Mujeres que venden en línea" not in related


def test_list_page_query_count_does_not_grow_with_practices(client, django_assert_num_queries):
    for n in range(5):
        practice = PracticeFactory(title=f"Práctica {n}")
        practice.tags.add("tic", f"tag-{n}")
        practice.organisations.add(OrganisationFactory())
    # 1 count for the paginator, 2 the page of practices (with their network joined),
    # 3 their tags, 4 their institutions.
    with django_assert_num_queries(4):
        response = client.get("/library/")
    assert len(listed(response)) == 5


def test_signed_in_list_page_query_count(django_assert_num_queries):
    PracticeFactory.create_batch(3)
    client = client_as(UserFactory())
    # 1 session, 2 user, 3 unread notifications (base template), 4 count, 5 page, 6 tags, 7 institutions.
    with django_assert_num_queries(7):
        client.get("/library/")


def test_practice_page_query_count(client, published, django_assert_num_queries):
    PracticeFactory(sector=published.sector)
    # 1 the practice (network and author joined), 2 tags, 3 institutions, 4 indicators, 5 attachments,
    # 6 co-authors, 7 comments with authors, 8 adoptions with members and organisations,
    # 9 related practice ids, 10 related practices.
    with django_assert_num_queries(10):
        response = client.get(f"/library/{published.slug}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Related practices" in response.content.decode()


def test_signed_in_reader_practice_page_query_count(published, reader, django_assert_num_queries):
    client = client_as(reader)
    # 1 session, 2 user, 3 the "library editors" group check, 4 the practice (network, author), 5-11 tags,
    # institutions, indicators, attachments, co-authors, comments, adoptions, 12 related ids,
    # 13 the reader's endorsement, 14 the reader's organisations (adoption form), 15 unread notifications.
    with django_assert_num_queries(15):
        client.get(f"/library/{published.slug}/")
