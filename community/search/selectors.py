"""Reads of the index: the rows a searcher may see, filtered in SQL, and one search."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from community.search import compiled
from community.search.backends import get_backend, query_terms
from community.search.compiled import SearchResults, cached_statement, compile_statement
from community.search.models import DocumentKind, SearchDocument
from forums.permissions import moderated_categories, visible_categories
from networks.permissions import content_visible_networks, visible_networks


def visibility_rule(user: Any) -> Q:
    """Over index rows: those the user may find. Each visibility fact is matched against the apps' own
    permission querysets (subqueries, evaluated by the database at each run), never checked row by row
    in Python.

    - a network's own row: those who may know the network exists (hidden ones: members and invitees);
    - a network's content: those who see its content (private and hidden: members);
    - forum content: the readers of its category; hidden topics and posts: the category's moderators.
    """
    network_row = Q(kind=DocumentKind.NETWORK, network__in=visible_networks(user).values("pk"))
    in_network = Q(network__isnull=True) | Q(network__in=content_visible_networks(user).values("pk"))
    in_category = Q(category__isnull=True) | Q(category__in=visible_categories(user).values("pk"))
    content = ~Q(kind=DocumentKind.NETWORK) & in_network & in_category
    if not (user.is_authenticated and user.is_active and user.is_staff):
        moderated = moderated_categories(user).values("pk")
        content &= Q(moderators_only=False) | Q(category__in=moderated)
    return network_row | content


def visible_documents(user: Any) -> QuerySet[SearchDocument]:
    """Rows the user may find, as one query.

    For a visitor who is not signed in, the rows' `public` flags: this same rule, worked out by
    indexing.refresh_public, the only writer of True. Database triggers turn off, in the same
    statement, the flags of every row whose rule inputs a write changes (migration 0005: a bulk
    update and raw SQL included), so a flag is the rule as it stands or False, never a stale True.
    Read alone, it spares each visitor's search the rule's three subqueries (bench/search.py)."""
    if not user.is_authenticated:
        return SearchDocument.objects.filter(public=True)
    return SearchDocument.objects.filter(visibility_rule(user))


def _ranked(user: Any, terms: list[str], *, kind: str, country: str, sector: str) -> QuerySet[SearchDocument]:
    documents = visible_documents(user)
    if kind:
        documents = documents.filter(kind=kind)
    if country:
        documents = documents.filter(country=country)
    if sector:
        documents = documents.filter(sector=sector)
    return get_backend().search(documents, terms)


def _searcher_kind(user: Any) -> tuple[Any, ...]:
    """The kind of searcher `user` is: what the visibility rule's SQL depends on besides their id."""
    if not user.is_authenticated:
        return ("visitor",)
    return ("member", bool(user.is_active), bool(user.is_staff))


def _stand_in(kind: tuple[Any, ...]) -> Any:
    """A searcher of that kind whose id is the marker."""
    if kind == ("visitor",):
        return AnonymousUser()
    _member, is_active, is_staff = kind
    return get_user_model()(pk=compiled.MEMBER_ID, is_active=is_active, is_staff=is_staff)


def search_documents(
    *, user: Any, query: str, kind: str = "", country: str = "", sector: str = ""
) -> SearchResults:
    """The rows matching every word of `query` that the user may see, best first, with `rank`."""
    terms = query_terms(query)
    if not terms:
        return SearchResults.empty()
    searcher = _searcher_kind(user)
    # One SQL per kind of searcher and filter shape, compiled once (see compiled.py).
    statement = cached_statement(
        (*searcher, bool(kind), bool(country), bool(sector)),
        lambda: _ranked(
            _stand_in(searcher),
            [compiled.WORDS],
            kind=compiled.KIND if kind else "",
            country=compiled.COUNTRY if country else "",
            sector=compiled.SECTOR if sector else "",
        ),
    )
    backend = get_backend()
    results = statement.bind(
        {
            backend.words_parameter([compiled.WORDS]): backend.words_parameter(terms),
            compiled.KIND: kind,
            compiled.COUNTRY: country,
            compiled.SECTOR: sector,
            compiled.MEMBER_ID: user.pk,
        }
    )
    if settings.SEARCH_CHECK_SHARED_SQL:
        own = compile_statement(_ranked(user, terms, kind=kind, country=country, sector=sector))
        if not results.runs(own):
            raise AssertionError(
                "The shared search SQL differs from the searcher's own: the visibility rule depends on "
                "something of the user other than their id, activity and staff status (compiled.py)."
            )
    return results
