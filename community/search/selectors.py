"""Reads of the index: the rows a searcher may see, filtered in SQL, and one search."""

from typing import Any

from django.db.models import Q, QuerySet

from community.search.backends import get_backend, query_terms
from community.search.models import DocumentKind, SearchDocument
from forums.permissions import moderated_categories, visible_categories
from networks.permissions import content_visible_networks, visible_networks


def visible_documents(user: Any) -> QuerySet[SearchDocument]:
    """Rows the user may find, as one query: each visibility fact is matched against the apps' own
    permission querysets (subqueries), never checked row by row in Python.

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
    return SearchDocument.objects.filter(network_row | content)


def search_documents(
    *, user: Any, query: str, kind: str = "", country: str = "", sector: str = ""
) -> QuerySet[SearchDocument]:
    """The rows matching every word of `query` that the user may see, best first, with `rank`."""
    terms = query_terms(query)
    if not terms:
        return SearchDocument.objects.none()
    documents = visible_documents(user)
    if kind:
        documents = documents.filter(kind=kind)
    if country:
        documents = documents.filter(country=country)
    if sector:
        documents = documents.filter(sector=sector)
    documents = documents.defer("search_vector", "content_type", "object_id")
    return get_backend().search(documents, terms)
