"""Full-text search behind one interface, chosen by the database: PostgreSQL or SQLite FTS5.

PostgreSQL: a stored `search_vector` (title weight A, keywords B, body C) built with the `minga_es` and
`minga_en` text-search configurations (Spanish and English stemming after unaccent), GIN-indexed.
SQLite: the FTS5 table `search_fts` (rowid = SearchDocument.id, unicode61 with diacritics removed),
ranked by bm25 with the same relative weights. Both fold accents and case: "formacion" finds "formación".
"""

import re
from collections.abc import Iterable
from typing import Protocol

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, QuerySet

from community.search.models import SearchDocument

MAX_TERMS = 10
# Words of the query: letters and digits only, so nothing the user types reaches a query syntax.
TERM = re.compile(r"\w+", re.UNICODE)

FTS_TABLE = "search_fts"
FTS_TOKENIZE = "unicode61 remove_diacritics 2"


def query_terms(query: str) -> list[str]:
    """The words searched for: at most ten, lower-cased, without repeats."""
    terms: list[str] = []
    for word in TERM.findall(query.lower()):
        if word.replace("_", "") and word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


class SearchBackend(Protocol):
    def words_parameter(self, terms: list[str]) -> str:
        """The one value the words become in the search's SQL: every parameter that carries the words
        equals it (community/search/compiled.py swaps it in SQL compiled once)."""
        ...

    def search(self, documents: QuerySet[SearchDocument], terms: list[str]) -> QuerySet[SearchDocument]:
        """`documents` narrowed to those matching every term, annotated with `rank`, best first."""
        ...

    def refresh(self, ids: Iterable[int]) -> None:
        """Bring the full-text part of these rows in step with their title, keywords and body."""
        ...

    def remove(self, ids: Iterable[int]) -> None:
        """Forget the full-text part of rows about to be deleted."""
        ...

    def refresh_all(self) -> None: ...


RANK_CANDIDATES = 1000


class PostgresBackend:
    configs = ("minga_es", "minga_en")

    def words_parameter(self, terms: list[str]) -> str:
        return " ".join(terms)

    def _query(self, terms: list[str]) -> SearchQuery:
        text = self.words_parameter(terms)
        spanish, english = (SearchQuery(text, config=c, search_type="plain") for c in self.configs)
        return spanish | english

    def search(self, documents: QuerySet[SearchDocument], terms: list[str]) -> QuerySet[SearchDocument]:
        query = self._query(terms)
        # ts_rank reads the whole stored vector of every row it ranks, and a common word ("formacion")
        # matches tens of thousands of rows: rank only the most recent RANK_CANDIDATES matches
        # (bench/search.py measures both ways). Rarer words rank every match.
        candidates = (
            documents.filter(search_vector=query)
            .order_by("-updated_at", "-pk")
            .values("pk")[:RANK_CANDIDATES]
        )
        return (
            SearchDocument.objects.filter(pk__in=candidates)
            .defer("search_vector", "content_type", "object_id")
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-updated_at", "-pk")
        )

    def _vector(self) -> SearchVector:
        parts = [
            SearchVector(field, config=config, weight=weight)
            for field, weight in (("title", "A"), ("keywords", "B"), ("body", "C"))
            for config in self.configs
        ]
        vector = parts[0]
        for part in parts[1:]:
            vector = vector + part  # type: ignore[assignment]
        return vector

    def refresh(self, ids: Iterable[int]) -> None:
        SearchDocument.objects.filter(pk__in=list(ids)).update(search_vector=self._vector())

    def remove(self, ids: Iterable[int]) -> None:
        return None  # the vector goes with its row

    def refresh_all(self) -> None:
        SearchDocument.objects.update(search_vector=self._vector())


class SqliteBackend:
    # bm25 weights of the FTS columns (title, keywords, body), as the A/B/C weights on PostgreSQL.
    weights = "10.0, 4.0, 1.0"

    def words_parameter(self, terms: list[str]) -> str:
        return self.match_expression(terms)

    @staticmethod
    def match_expression(terms: list[str]) -> str:
        # Each term quoted (terms are \w+, so no quote inside) and matched as a prefix: "formacion"
        # finds "formaciones" too, which PostgreSQL's stemming gives for free.
        return " AND ".join(f'"{term}"*' if len(term) >= 3 else f'"{term}"' for term in terms)

    def search(self, documents: QuerySet[SearchDocument], terms: list[str]) -> QuerySet[SearchDocument]:
        table = SearchDocument._meta.db_table
        # One join with the FTS table; the SQL is fixed and the match expression is a bound parameter.
        return documents.extra(  # noqa: S610 - fixed SQL, the terms go in params # nosec B610
            select={"rank": f"-bm25({FTS_TABLE}, {self.weights})"},
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = {table}.id", f"{FTS_TABLE} MATCH %s"],
            params=[self.words_parameter(terms)],
        ).order_by("-rank", "-updated_at", "-pk")

    def refresh(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        if not ids:
            return
        self.remove(ids)
        rows = SearchDocument.objects.filter(pk__in=ids).values_list("pk", "title", "keywords", "body")
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, keywords, body) VALUES (%s, %s, %s, %s)",  # noqa: S608 - constant table, bound values # nosec B608
                list(rows),
            )

    def remove(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)  # noqa: S608 - constant table, "%s" marks, bound ids # nosec B608

    def refresh_all(self) -> None:
        table = SearchDocument._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608 - constant table name, no input # nosec B608
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, title, keywords, body) "  # noqa: S608 - constant table names, no input # nosec B608
                f"SELECT id, title, keywords, body FROM {table}"
            )


def get_backend() -> SearchBackend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SqliteBackend()
