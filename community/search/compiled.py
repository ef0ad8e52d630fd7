"""Search results run from SQL that Django compiled once per kind of searcher and filter shape.

Building and compiling the search queryset took 3-4 ms of Python per search for a visitor who is not
signed in and 35-45 ms for a member (the visibility rule is the networks' and forums' permission
querysets: a member's has some twenty nested subqueries) on bench/search.py's index, more than
PostgreSQL took to answer. The SQL of one kind of searcher (a visitor; an active member; staff) differs
between searches only in values: the words, the filter values and the member's id. Everything else the
rule depends on (memberships, bans, invitations, the time) is read by the database, in subqueries it
evaluates at every run, so reusing the SQL reuses no decision about who sees what.

The statement is compiled once with a marker in place of each value, for a stand-in searcher; binding
swaps the markers for the values of one search. The string markers are made of control characters,
which neither the words (letters and digits, see backends.query_terms) nor the filters can bring in as
markers (a value is only ever swapped in, never searched for markers). With SEARCH_CHECK_SHARED_SQL
(on in the tests) every search also compiles its own SQL and fails unless the two are identical: the
whole test suite checks that the permission code keeps that promise.
"""

import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, overload

from django.db import connection, models
from django.db.models import QuerySet

from community.search.models import SearchDocument

MARK = "\x1f"
WORDS = f"{MARK}words{MARK}"
KIND = f"{MARK}kind{MARK}"
COUNTRY = f"{MARK}country{MARK}"
SECTOR = f"{MARK}sector{MARK}"
MEMBER_ID = -4_611_686_018_427_387_903  # no row has a negative id


class FoundDocument(NamedTuple):
    """One result: an index row's id, the columns a result shows (community/search/results.py) and
    its rank. A tuple, not a model instance: Model.from_db took a tenth of a millisecond for a page of
    20, as much as the rest of the Python of a search."""

    pk: int
    kind: str
    title: str
    parent_title: str
    keywords: str
    body: str
    country: str
    sector: str
    url: str
    rank: float

    @property
    def display_title(self) -> str:
        return self.title or self.parent_title


# The index's columns that a result reads, in FoundDocument's order (between the id and the rank).
RESULT_COLUMNS = FoundDocument._fields[1:-1]


class SearchResults:
    """The ranked rows of one search as the paginators take them: `count()`, slices and iteration,
    each slice one query with LIMIT and OFFSET as parameters."""

    def __init__(self, statement: "Statement | None", params: list[Any], count_params: list[Any]) -> None:
        self._statement = statement
        self._params = params
        self._count_params = count_params
        self._count: int | None = None

    @classmethod
    def empty(cls) -> "SearchResults":
        return cls(None, [], [])

    def page_sql(self, offset: int = 0, limit: int = 20) -> tuple[str, list[Any]]:
        """One page's query as it runs (for EXPLAIN in tests and benchmarks)."""
        if self._statement is None:
            raise ValueError("an empty search runs no query")
        return self._statement.sql, [*self._params, limit, offset]

    def runs(self, statement: "Statement") -> bool:
        """Whether these results run exactly `statement` (compiled for this search alone)."""
        return (
            self._statement is not None
            and (self._statement.sql, self._statement.count_sql) == (statement.sql, statement.count_sql)
            and (self._params, self._count_params) == (list(statement.params), list(statement.count_params))
        )

    def count(self) -> int:
        if self._count is None:
            if self._statement is None:
                self._count = 0
            else:
                with connection.cursor() as cursor:
                    cursor.execute(self._statement.count_sql, self._count_params)
                    self._count = int(cursor.fetchone()[0])
        return self._count

    def __len__(self) -> int:
        """The count (the paginators' protocol has it; list() of all results calls it too)."""
        return self.count()

    def _rows(self, offset: int, limit: int | None) -> list[FoundDocument]:
        statement = self._statement
        if statement is None or limit == 0:
            return []
        # No limit: LIMIT NULL on PostgreSQL, LIMIT -1 on SQLite (which requires a LIMIT before OFFSET).
        bound = limit if limit is not None else (None if connection.vendor == "postgresql" else -1)
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, [*self._params, bound, offset])
            # The id, text columns and the rank need no conversion on either database
            # (compile_statement checks), so each row is a result as it comes.
            return [FoundDocument._make(row) for row in cursor.fetchall()]

    @overload
    def __getitem__(self, index: int) -> FoundDocument: ...

    @overload
    def __getitem__(self, index: slice) -> list[FoundDocument]: ...

    def __getitem__(self, index: int | slice) -> FoundDocument | list[FoundDocument]:
        if isinstance(index, slice):
            if index.step not in (None, 1) or (index.start or 0) < 0 or (index.stop or 0) < 0:
                raise ValueError("search results take slices with positive bounds and no step")
            start = index.start or 0
            limit = None if index.stop is None else max(0, index.stop - start)
            return self._rows(start, limit)
        if index < 0:
            raise IndexError("search results take no negative index")
        rows = self._rows(index, 1)
        if not rows:
            raise IndexError(index)
        return rows[0]

    def __iter__(self) -> Iterator[FoundDocument]:
        return iter(self._rows(0, None))


def _is_marker(param: Any) -> bool:
    if isinstance(param, str):
        return MARK in param
    return type(param) is int and param == MEMBER_ID


@dataclass(frozen=True)
class Statement:
    sql: str  # one page of rows (FoundDocument's columns), best first: the parameters, LIMIT, OFFSET
    params: tuple[Any, ...]
    count_sql: str
    count_params: tuple[Any, ...]

    def bind(self, values: Mapping[Any, Any]) -> SearchResults:
        """Results with each marker parameter replaced by its value (`values` is keyed by the marker
        parameter as compiled: a backend may have wrapped a marker, see backends.words_parameter)."""
        template = (*self.params, *self.count_params)
        unbound = {repr(p) for p in template if _is_marker(p) and p not in values}
        if unbound:
            raise ValueError(f"no value for the markers {sorted(unbound)}")

        def swap(params: tuple[Any, ...]) -> list[Any]:
            return [values[p] if _is_marker(p) and p in values else p for p in params]

        return SearchResults(self, swap(self.params), swap(self.count_params))


def compile_statement(queryset: QuerySet[SearchDocument]) -> Statement:
    """The SQL of one page of `queryset` (ranked, with `rank`) as FoundDocument rows, and of its count.

    The ranking runs over ids and ranks only; the page's LIMIT and OFFSET apply there, and the page's
    rows are read afterwards: sorting the ranked candidates with their whole text (the body is there
    for the snippets) cost PostgreSQL about half a millisecond per search for nothing."""
    text_fields = (models.CharField, models.TextField)
    if not all(isinstance(SearchDocument._meta.get_field(name), text_fields) for name in RESULT_COLUMNS):
        raise TypeError("search results read text columns only (rows are not converted)")
    if not isinstance(SearchDocument._meta.pk, models.BigAutoField):
        raise TypeError("search results take the id as the database gives it")
    ranked: Any = queryset  # `rank` is the backends' annotation (or extra select), unknown to the types
    ranked_sql, params = ranked.values("pk", "rank").query.sql_with_params()
    inner_sql, count_params = queryset.order_by().values("pk").query.sql_with_params()
    quote = connection.ops.quote_name
    meta = SearchDocument._meta
    table, page = quote(meta.db_table), quote("page")

    def column(name: str) -> str:
        if name == "rank":
            return f"{page}.{quote('rank')}"
        field = meta.pk if name == "pk" else meta.get_field(name)
        return f"{table}.{quote(str(field.column))}"  # type: ignore[union-attr]

    ordering = [term for term in queryset.query.order_by if isinstance(term, str)]
    if len(ordering) != len(queryset.query.order_by):
        raise TypeError("search results are ordered by names of fields and of `rank` only")
    columns = ", ".join([column("pk"), *(column(name) for name in RESULT_COLUMNS), column("rank")])
    order = ", ".join(
        f"{column(term.lstrip('-'))} {'DESC' if term.startswith('-') else 'ASC'}" for term in ordering
    )
    sql = (
        f"SELECT {columns} FROM {table} INNER JOIN ({ranked_sql} LIMIT %s OFFSET %s) {page} "  # noqa: S608 - Django's compiled SQL and quoted names; values are bound # nosec B608
        f"ON {column('pk')} = {page}.{quote('pk')} ORDER BY {order}"
    )
    return Statement(
        sql=sql,
        params=tuple(params),
        count_sql=f"SELECT COUNT(*) FROM ({inner_sql}) AS matches",  # noqa: S608 - Django's compiled SQL, bound params # nosec B608
        count_params=tuple(count_params),
    )


_statements: dict[tuple[Any, ...], Statement] = {}
_lock = threading.Lock()


def cached_statement(key: tuple[Any, ...], build: Callable[[], QuerySet[SearchDocument]]) -> Statement:
    """The statement for `key` on the current database, compiled from `build()` the first time.
    `build` must give SQL that differs between calls only in the values of its markers."""
    full_key = (connection.alias, connection.vendor, connection.settings_dict.get("NAME"), *key)
    statement = _statements.get(full_key)
    if statement is None:
        statement = compile_statement(build())
        with _lock:
            _statements[full_key] = statement
    return statement


def forget_statements() -> None:
    """Drop every compiled statement (tests that change the schema or the settings use it)."""
    with _lock:
        _statements.clear()
