"""PostgreSQL only: the search query can use the GIN index on search_vector (no sequential scan)."""

import pytest
from django.db import connection

from community.search.indexing import rebuild_index
from community.search.selectors import search_documents
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the GIN index and query plans are PostgreSQL's"
)


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        # Few rows in a test database would make a sequential scan cheapest; the question here is
        # whether the plan CAN use the index, so sequential scans are priced out.
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


@pytest.mark.parametrize("signed_in", [False, True])
def test_search_uses_the_gin_index(db, signed_in):
    for n in range(30):
        OrganisationFactory(name=f"Granja {n}", description="Producción de formación agrícola")
    rebuild_index()
    user = UserFactory() if signed_in else None
    from tests.search.conftest import ANONYMOUS

    plan = _plan(search_documents(user=user or ANONYMOUS, query="formacion agricola"))
    assert "search_document_vector_gin" in plan, plan
    assert "Bitmap Index Scan" in plan or "Index Scan" in plan
    assert "Seq Scan on search_searchdocument" not in plan, plan


def test_unaccent_text_search_configurations_exist(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('minga_es', 'Formación TURÍSTICA')::text")
        assert cursor.fetchone()[0] == "'formacion':1 'turist':2"
