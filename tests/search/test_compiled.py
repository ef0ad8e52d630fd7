"""Searches run SQL compiled once per kind of searcher and filter shape: the same results as the SQL
built for each search, pages cut from the same list (the flags themselves: test_flags.py)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.test import Client
from django.utils import timezone

from community.search import compiled
from community.search.indexing import rebuild_index
from community.search.models import SearchDocument
from community.search.selectors import _ranked, _searcher_kind, _stand_in, search_documents
from forums.models import Access
from networks.models import Visibility
from tests.factories import (
    CategoryFactory,
    OrganisationFactory,
    TopicFactory,
    UserFactory,
)
from tests.networks.conftest import make_network
from tests.search.conftest import ANONYMOUS


@pytest.fixture
def mixed_index(db):
    """Organisations in two countries and sectors, topics in public, private and hidden networks."""
    for n in range(7):
        OrganisationFactory(
            name=f"Hostal Cóndor {n}",
            description="Formación turística y artesanía" if n % 2 else "Formación en cacao",
            country="EC" if n % 3 else "CO",
            sector="education" if n % 2 else "agriculture",
        )
    for visibility in (Visibility.PUBLIC, Visibility.PRIVATE, Visibility.HIDDEN):
        category = CategoryFactory(network=make_network(visibility), read_access=Access.EVERYONE)
        for n in range(3):
            TopicFactory(
                category=category, title=f"Formación {visibility} {n}", opening_post="Cacao y turismo"
            )
    rebuild_index()


def _queryset_ids(query: str, **filters: str) -> list[int]:
    """The same search evaluated by Django's queryset itself (no statement, no page join)."""
    terms = query.lower().split()
    ranked = _ranked(AnonymousUser(), terms, **{"kind": "", "country": "", "sector": "", **filters})
    return list(ranked.values_list("pk", flat=True))


@pytest.mark.parametrize(
    "query, filters",
    [
        ("formacion", {}),
        ("cacao", {}),
        ("formacion turistica", {}),
        ("formacion", {"country": "EC"}),
        ("formacion", {"kind": "organisation", "sector": "education"}),
        ("formacion", {"kind": "topic", "country": "CO", "sector": "agriculture"}),
        ("nada", {}),
    ],
)
def test_visitors_shared_statement_finds_what_the_per_search_sql_finds(mixed_index, query, filters):
    results = search_documents(user=ANONYMOUS, query=query, **filters)
    ids = [doc.pk for doc in results]
    assert ids == _queryset_ids(query, **filters)
    assert results.count() == len(ids)
    # A second search with other words reuses the statement and still gets its own rows.
    assert [doc.pk for doc in search_documents(user=ANONYMOUS, query=query, **filters)] == ids


def test_visitor_search_finds_public_rows_only_and_pages_cut_the_same_list(mixed_index):
    results = search_documents(user=ANONYMOUS, query="formacion")
    titles = [doc.display_title for doc in results]
    assert len(titles) == 10  # 7 organisations, 3 topics of the public network
    assert not any("private" in t or "hidden" in t for t in titles)
    pages = Paginator(search_documents(user=ANONYMOUS, query="formacion"), 3)
    assert pages.count == 10 and pages.num_pages == 4
    assert [doc.display_title for n in pages.page_range for doc in pages.page(n)] == titles
    assert results[9].display_title == titles[9]
    with pytest.raises(IndexError):
        results[10]
    assert results[4:4] == [] and [d.display_title for d in results[8:]] == titles[8:]


def test_statement_is_compiled_once_per_filter_shape(mixed_index, monkeypatch):
    compiled.forget_statements()
    calls = []
    real = compiled.compile_statement
    monkeypatch.setattr(compiled, "compile_statement", lambda *a: calls.append(1) or real(*a))
    for query in ("formacion", "cacao", "turismo artesania"):
        search_documents(user=ANONYMOUS, query=query)[:20]
    search_documents(user=ANONYMOUS, query="formacion", country="EC")[:20]
    search_documents(user=ANONYMOUS, query="cacao", country="CO")[:20]
    assert len(calls) == 2


@pytest.mark.parametrize("searcher", ["visitor", "member", "staff"])
def test_shared_statement_depends_on_nothing_but_its_markers(db, monkeypatch, searcher):
    """Reusing the SQL is safe only while the rule carries no value of its own (a date, a setting):
    compiled at two moments, the statement must be the same. If this fails, the rule has grown such
    a value and must not be shared (see community/search/compiled.py)."""
    user = {"visitor": AnonymousUser(), "member": UserFactory(), "staff": UserFactory(is_staff=True)}[
        searcher
    ]
    stand_in = _stand_in(_searcher_kind(user))

    def statement():
        ranked = _ranked(
            stand_in, [compiled.WORDS], kind=compiled.KIND, country=compiled.COUNTRY, sector=compiled.SECTOR
        )
        return compiled.compile_statement(ranked)

    first = statement()
    later = timezone.now() + timedelta(days=400)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert statement() == first


def test_each_result_carries_its_own_rows_values(mixed_index):
    ranked = _ranked(AnonymousUser(), ["cacao"], kind="organisation", country="", sector="")
    found_rows = list(compiled.compile_statement(ranked).bind({}))
    assert found_rows
    for row in found_rows:
        stored = SearchDocument.objects.get(pk=row.pk)
        assert tuple(getattr(row, name) for name in compiled.RESULT_COLUMNS) == tuple(
            getattr(stored, name) for name in compiled.RESULT_COLUMNS
        )
        assert row.display_title == stored.display_title and row.rank > 0


def test_a_marker_character_in_a_filter_is_only_a_value(mixed_index):
    """The markers are control characters; one typed into a filter finds nothing and breaks nothing."""
    assert list(search_documents(user=ANONYMOUS, query="formacion", country=compiled.MARK)) == []
    response = Client().get("/api/v1/search", {"q": "formacion", "country": compiled.MARK})
    assert response.status_code == 200 and response.json() == {"items": [], "count": 0}
    page = Client().get("/search/", {"q": "formacion", "kind": compiled.KIND}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and 'class="search-hit"' not in page.content.decode()
