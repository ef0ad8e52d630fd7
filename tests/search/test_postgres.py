"""PostgreSQL only: the search query can use the GIN index on search_vector (no sequential scan)."""

import pytest
from django.db import connection

from community.search.backends import PostgresBackend
from community.search.compiled import SearchResults
from community.search.indexing import rebuild_index
from community.search.models import SearchDocument
from community.search.selectors import search_documents
from tests.factories import OrganisationFactory, UserFactory
from tests.search.conftest import ANONYMOUS

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the GIN index and query plans are PostgreSQL's"
)


def _plan(search) -> str:
    """The plan of a queryset, or of the first page of search results (the SQL they run)."""
    with connection.cursor() as cursor:
        # Few rows in a test database would make a sequential scan cheapest; the question here is
        # whether the plan CAN use the index, so sequential scans are priced out.
        cursor.execute("SET LOCAL enable_seqscan = off")
        if isinstance(search, SearchResults):
            sql, params = search.page_sql()
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())
    return search.explain()


@pytest.mark.parametrize("signed_in", [False, True])
def test_search_never_scans_the_whole_index_table(db, signed_in):
    """The planner picks, by how common the words are, the GIN index (rare words) or the index on the
    newest rows (common words, see backends.RANK_CANDIDATES); never a sequential scan."""
    for n in range(30):
        OrganisationFactory(name=f"Granja {n}", description="Producción de formación agrícola")
    rebuild_index()
    user = UserFactory() if signed_in else ANONYMOUS

    plan = _plan(search_documents(user=user, query="formacion agricola"))
    assert "search_document_vector_gin" in plan or "search_doc_recent" in plan, plan
    assert "Seq Scan on search_searchdocument" not in plan, plan


def test_matching_words_uses_the_gin_index(db):
    for n in range(30):
        OrganisationFactory(name=f"Granja {n}", description="Producción de formación agrícola")
    rebuild_index()
    query = PostgresBackend()._query(["formacion", "agricola"])

    plan = _plan(SearchDocument.objects.filter(search_vector=query).values("pk"))
    assert "Bitmap Index Scan on search_document_vector_gin" in plan, plan
    assert "Seq Scan on search_searchdocument" not in plan, plan


def test_unaccent_text_search_configurations_exist(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('minga_es', 'Formación TURÍSTICA')::text")
        assert cursor.fetchone()[0] == "'formacion':1 'turist':2"
