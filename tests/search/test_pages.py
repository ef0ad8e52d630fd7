"""The search page and GET /api/v1/search: same results, filters, bad input, pinned query counts."""

import pytest
from django.db import connection

from community.search.indexing import rebuild_index
from tests.conftest import client_for
from tests.factories import OfferingFactory, OrganisationFactory


@pytest.fixture
def lodges(db):
    for n in range(25):
        OrganisationFactory(name=f"Cabaña del bosque {n}", description="Alojamiento rural", country="EC")
    OrganisationFactory(name="Cabaña de Antigua", description="Alojamiento colonial", country="GT")
    OfferingFactory(name="Noche en cabaña", description="Con desayuno")
    rebuild_index()


def test_anonymous_search_page_lists_ranked_results_with_pages(client, lodges, django_assert_num_queries):
    # 1 count of the matching visible rows, 2 the page of rows (visibility is subqueries inside both).
    with django_assert_num_queries(2):
        response = client.get("/search/", {"q": "cabana"})
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 27
    assert html.count('class="search-hit"') == 20
    assert "<mark>Cabaña</mark>" in html
    second = client.get("/search/", {"q": "cabana", "page": 2}).content.decode()
    assert second.count('class="search-hit"') == 7


def test_signed_in_search_page_query_count(outsider, lodges, django_assert_num_queries):
    client = client_for(outsider)
    # 1 session, 2 user, 3 count, 4 page of rows, 5 the header's unread notification count.
    with django_assert_num_queries(5):
        response = client.get("/search/", {"q": "cabana", "country": "GT"})
    html = response.content.decode()
    assert "1 result" in html and "<mark>Cabaña</mark> de Antigua" in html and "bosque" not in html


def test_empty_search_page_makes_no_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/search/")
    assert response.status_code == 200
    assert 'class="search-hit"' not in response.content.decode()


def test_bad_input_keeps_what_was_typed_and_explains(client, db):
    html = client.get(
        "/search/", {"q": "¡¿?!", "kind": "organisation"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Type at least one word with letters or digits." in html
    assert 'value="¡¿?!"' in html
    html = client.get(
        "/search/", {"q": "cabana", "kind": "spaceship"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Select a valid choice" in html
    assert 'value="cabana"' in html


def test_search_page_in_spanish_by_default(client, lodges):
    html = client.get("/search/", {"q": "desayuno"}).content.decode()
    assert '<html lang="es">' in html
    assert "Noche en cabaña" in html and "<mark>desayuno</mark>" in html


def test_api_gives_the_same_results_as_the_page(client, lodges):
    api = client.get("/api/v1/search", {"q": "cabana"}).json()
    assert api["count"] == 27
    assert len(api["items"]) == 20
    html = client.get("/search/", {"q": "cabana"}).content.decode()
    page_urls = [hit.url for hit in client.get("/search/", {"q": "cabana"}).context["hits"]]
    assert [item["url"].removeprefix("http://testserver") for item in api["items"]] == page_urls
    for item in api["items"]:
        assert item["title_html"] in html
    filtered = client.get("/api/v1/search", {"q": "cabana", "country": "gt", "kind": "organisation"}).json()
    assert [item["title"] for item in filtered["items"]] == ["Cabaña de Antigua"]
    assert filtered["items"][0]["title_html"] == "<mark>Cabaña</mark> de Antigua"
    assert client.get("/api/v1/search", {"q": "cabana", "page": 2}).json()["items"][-1]["kind"]


def test_api_rejects_a_missing_query_and_an_unknown_type(client, db):
    response = client.get("/api/v1/search")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
    response = client.get("/api/v1/search", {"q": "cabana", "kind": "spaceship"})
    assert response.status_code == 422
    assert "kind" in response.json()["error"]["fields"]


def test_api_query_count(client, lodges, django_assert_num_queries):
    # 1 count, 2 the page of rows.
    with django_assert_num_queries(2):
        client.get("/api/v1/search", {"q": "alojamiento"})


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table exists on SQLite only")
def test_sqlite_index_is_an_fts5_table_that_folds_diacritics(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_fts'")
        assert "remove_diacritics 2" in cursor.fetchone()[0]
