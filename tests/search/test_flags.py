"""The `public` flags that visitors' searches read alone: the visibility rule for a visitor who is not
signed in, set by indexing.refresh_public and turned off by database triggers (migration 0005) in the
same statement as any write that changes what the rule reads, however the write is made."""

import re
import threading
import time

import psycopg
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction

from community.search.indexing import rebuild_index, refresh_public, refresh_public_in_batches
from community.search.models import FlagWriting, SearchDocument
from community.search.selectors import visibility_rule
from forums.models import Access, Category
from networks.models import Network, NetworkRole, Visibility
from tests.conftest import client_for
from tests.factories import CategoryFactory, NetworkMembershipFactory, TopicFactory, UserFactory
from tests.networks.conftest import make_network
from tests.search.conftest import found

# What the triggers watch: a change to anything else the rule read would leave flags behind.
WATCHED = {
    "search_searchdocument": {"id", "kind", "network_id", "category_id", "moderators_only"},
    "networks_network": {"id", "visibility"},
    "forums_category": {"id", "network_id", "read_access"},
}
TRIGGERS = {
    "postgresql": {"search_network_flags", "search_category_flags", "search_own_flag"},
    "sqlite": {"search_network_flags", "search_category_flags", "search_own_flag", "search_own_flag_insert"},
}


def _public_rows(**filters) -> int:
    return SearchDocument.objects.filter(public=True, **filters).count()


def _rule_holds(row: SearchDocument) -> bool:
    return SearchDocument.objects.filter(visibility_rule(AnonymousUser()), pk=row.pk).exists()


@pytest.fixture
def vicuna(db):
    """A public network with a public category and one topic, indexed: two public rows."""
    network = make_network(Visibility.PUBLIC, name="Red Vicuña")
    category = CategoryFactory(network=network, read_access=Access.EVERYONE)
    TopicFactory(category=category, title="Esquila de vicuña", opening_post="Fibra fina")
    rebuild_index()
    assert sorted(found(None, "vicuna")) == ["Esquila de vicuña", "Red Vicuña"]
    return network, category


def test_a_network_hidden_by_a_bulk_update_loses_its_flags_at_once(vicuna):
    """No service, no signal: the trigger turns the flags off in the UPDATE itself."""
    network, _category = vicuna
    member = NetworkMembershipFactory(network=network, role=NetworkRole.MEMBER).user
    Network.objects.filter(pk=network.pk).update(visibility=Visibility.HIDDEN)
    assert _public_rows(network=network) == 0
    assert found(None, "vicuna") == []
    assert found(UserFactory(), "vicuna") == []
    assert sorted(found(member, "vicuna")) == ["Esquila de vicuña", "Red Vicuña"]
    # Made public again behind the services' back, the rows stay hidden until their flags are worked
    # out again (a reindex, or the network's next save): hidden, never shown by mistake.
    Network.objects.filter(pk=network.pk).update(visibility=Visibility.PUBLIC)
    assert found(None, "vicuna") == []
    refresh_public()
    assert sorted(found(None, "vicuna")) == ["Esquila de vicuña", "Red Vicuña"]


def test_a_category_closed_by_raw_sql_loses_its_flags(vicuna):
    _network, category = vicuna
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE forums_category SET read_access = %s WHERE id = %s", [Access.MEMBERS, category.pk]
        )
    assert _public_rows(category=category) == 0
    assert found(None, "vicuna") == ["Red Vicuña"]


def test_a_category_moved_into_a_hidden_network_loses_its_flags(vicuna):
    _network, category = vicuna
    hidden = make_network(Visibility.HIDDEN, name="Red Oculta")
    Category.objects.filter(pk=category.pk).update(network=hidden)
    assert _public_rows(category=category) == 0


def test_a_rows_own_facts_changing_turns_its_flag_off(vicuna):
    network, _category = vicuna
    hidden = make_network(Visibility.HIDDEN, name="Red Oculta")
    topic_row = SearchDocument.objects.get(kind="topic")
    SearchDocument.objects.filter(pk=topic_row.pk).update(moderators_only=True)
    assert not SearchDocument.objects.get(pk=topic_row.pk).public
    own_row = SearchDocument.objects.get(kind="network", network=network)
    SearchDocument.objects.filter(pk=own_row.pk).update(network=hidden)
    assert not SearchDocument.objects.get(pk=own_row.pk).public
    # A row written with the flag on does not keep it: only refresh_public sets it.
    SearchDocument.objects.filter(pk=own_row.pk).delete()
    own_row.pk = None
    own_row.network = network
    own_row.public = True
    own_row.save()
    assert not SearchDocument.objects.get(pk=own_row.pk).public
    refresh_public()
    assert SearchDocument.objects.get(pk=own_row.pk).public


def test_other_changes_leave_the_flags_alone(vicuna):
    network, category = vicuna
    Network.objects.filter(pk=network.pk).update(description="Otra descripción", name="Red Vicuña Andina")
    Category.objects.filter(pk=category.pk).update(description="Otra", position=3)
    SearchDocument.objects.filter(network=network).update(title="Vicuña", body="Fibra")
    assert _public_rows() == 2  # the network's own row and its topic's


def test_flags_follow_a_network_and_a_category_changed_in_the_admin(db, committed):
    network = make_network(Visibility.PRIVATE, name="Red Totora")
    category = CategoryFactory(network=network, read_access=Access.EVERYONE)
    TopicFactory(category=category, title="Balsas de totora", opening_post="Tejido lacustre")
    rebuild_index()
    assert not SearchDocument.objects.filter(public=True).exclude(kind="network").exists()
    assert found(None, "totora") == ["Red Totora"]
    admin = UserFactory(is_staff=True, is_superuser=True)

    with committed():
        network.visibility = Visibility.PUBLIC
        network.save()
    assert sorted(found(None, "totora")) == ["Balsas de totora", "Red Totora"]

    with committed():
        response = client_for(admin).post(
            f"/admin/forums/category/{category.pk}/change/",
            {**_category_form(category), "read_access": Access.MEMBERS},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Category.objects.get(pk=category.pk).read_access == Access.MEMBERS
    assert found(None, "totora") == ["Red Totora"]
    assert not SearchDocument.objects.filter(category=category, public=True).exists()


def _category_form(category: Category) -> dict:
    from django.forms.models import model_to_dict

    data = {k: v for k, v in model_to_dict(category).items() if v is not None}
    data["moderators"] = [user.pk for user in category.moderators.all()]
    return data


def test_every_flag_is_the_rule_or_off_after_any_mix_of_changes(db):
    """Networks and categories changed every way there is; a flag may lag behind as off, never as on."""
    networks = [make_network(v, name=f"Red Caña {v}") for v in (Visibility.PUBLIC, Visibility.PRIVATE)]
    categories = [
        CategoryFactory(network=n, read_access=a) for n in networks for a in (Access.EVERYONE, Access.MEMBERS)
    ] + [CategoryFactory(network=None, read_access=Access.EVERYONE)]
    for n, category in enumerate(categories):
        TopicFactory(category=category, title=f"Caña de azúcar {n}", opening_post="Panela")
    rebuild_index()
    changes = [
        lambda: Network.objects.filter(pk=networks[0].pk).update(visibility=Visibility.HIDDEN),
        lambda: Network.objects.filter(pk=networks[1].pk).update(visibility=Visibility.PUBLIC),
        lambda: Category.objects.filter(pk=categories[4].pk).update(network=networks[0]),
        lambda: Category.objects.filter(pk=categories[3].pk).update(read_access=Access.EVERYONE),
        lambda: Network.objects.filter(pk=networks[0].pk).update(visibility=Visibility.PUBLIC),
        lambda: Category.objects.filter(pk=categories[0].pk).update(read_access=Access.MEMBERS),
    ]
    for change in changes:
        change()
        for row in SearchDocument.objects.all():
            assert not row.public or _rule_holds(row), (row.kind, row.display_title)
    refresh_public()
    for row in SearchDocument.objects.all():
        assert row.public == _rule_holds(row), (row.kind, row.display_title)
    assert _public_rows() > 0


def _subqueries(sql: str) -> list[tuple[int, int]]:
    """Spans of the outermost "(SELECT ...)" blocks of `sql`, at whatever depth of parentheses."""
    spans, depth, start, start_depth = [], 0, None, 0
    for n, char in enumerate(sql):
        if char == "(":
            if start is None and sql.startswith("(SELECT", n):
                start, start_depth = n, depth
            depth += 1
        elif char == ")":
            depth -= 1
            if start is not None and depth == start_depth:
                spans.append((start, n + 1))
                start = None
    return spans


def _references(sql: str, outer: dict[str, str] | None = None) -> dict[str, set[str]]:
    """Columns per table that a compiled query reads ("alias"."column"), each subquery with its own
    aliases (Django names them U0, U1... again in every subquery), outer ones for correlated columns."""
    spans = _subqueries(sql)
    own = "".join(
        sql[a:b] for a, b in zip([0] + [e for _, e in spans], [s for s, _ in spans] + [len(sql)], strict=True)
    )
    aliases = dict(outer or {})
    for table, alias in re.findall(r'(?:FROM|JOIN) "(\w+)"(?: ([A-Z]\d+))?', own):
        aliases[alias or table] = table
    columns: dict[str, set[str]] = {}
    for alias, column in re.findall(r'("\w+"|\b[A-Z]\d+)\."(\w+)"', own):
        alias = alias.strip('"')
        assert alias in aliases, f"unknown alias {alias} in {own}"
        columns.setdefault(aliases[alias], set()).add(column)
    for a, b in spans:
        for table, read in _references(sql[a + 1 : b - 1], aliases).items():
            columns.setdefault(table, set()).update(read)
    return columns


def test_the_rule_reads_only_what_the_triggers_watch(db):
    """If this fails, the visitors' rule has come to depend on something new: add a trigger for it in
    a migration (see 0005_flag_triggers.py) and the column here, or flags could outlive the rule."""
    rule = SearchDocument.objects.filter(visibility_rule(AnonymousUser())).values("pk")
    sql, params = rule.query.sql_with_params()
    read = _references(sql)
    assert set(read) <= set(WATCHED), read
    for table, columns in read.items():
        assert columns <= WATCHED[table], (table, columns - WATCHED[table])
    # Nothing that changes with time (a date, now()) can be in it: a flag is worked out once.
    assert not re.search(r"\bNOW\b|CURRENT_|STATEMENT_TIMESTAMP|django_datetime", sql, re.IGNORECASE)
    assert all(isinstance(p, str | int | bool) for p in params), params


def test_the_parser_of_that_test_sees_every_column_in_its_table(db):
    sql, _ = Network.objects.filter(name="x").values("pk").query.sql_with_params()
    assert _references(sql) == {"networks_network": {"id", "name"}}
    nested = (
        Category.objects.filter(
            network__in=Network.objects.filter(slug="x").values("pk"), network__visibility="public"
        )
        .order_by()
        .values("pk")
    )
    assert _references(nested.query.sql_with_params()[0]) == {
        "forums_category": {"id", "network_id"},
        "networks_network": {"id", "slug", "visibility"},
    }


def test_the_triggers_are_installed(db):
    """A migration that rebuilds one of these tables (SQLite's way to alter a column) drops its
    triggers with it: they would have to be created again."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = {row[0] for row in cursor.fetchall()}
    assert TRIGGERS[connection.vendor] <= names


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite writes one transaction at a time")
@pytest.mark.django_db(transaction=True)
def test_a_network_hidden_while_its_flags_are_worked_out_waits_and_then_turns_them_off():
    network = make_network(Visibility.PUBLIC, name="Red Quinua")
    category = CategoryFactory(network=network, read_access=Access.EVERYONE)
    TopicFactory(category=category, title="Quinua real", opening_post="Granos andinos")
    rebuild_index()
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
        autocommit=True,
    )
    hide = "UPDATE networks_network SET visibility = 'hidden' WHERE id = %s"
    try:
        other.execute("SET lock_timeout = '300ms'")
        with transaction.atomic():
            refresh_public(SearchDocument.objects.filter(network=network))
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute(hide, [network.pk])
        other.execute(hide, [network.pk])
    finally:
        other.close()
    assert _public_rows(network=network) == 0
    assert found(None, "quinua") == []


def test_no_write_but_refresh_public_turns_a_flag_on(vicuna):
    """QuerySet.update, raw SQL and loaddata alike: the flag stays off (loaddata of a row dumped while
    its network was public, loaded after it was hidden, would otherwise show it)."""
    from django.core import serializers

    network, _category = vicuna
    topic_row = SearchDocument.objects.get(kind="topic")
    dumped = serializers.serialize("json", [topic_row])
    Network.objects.filter(pk=network.pk).update(visibility=Visibility.HIDDEN)
    SearchDocument.objects.filter(pk=topic_row.pk).update(public=True)
    assert not SearchDocument.objects.get(pk=topic_row.pk).public
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_searchdocument SET public = %s WHERE id = %s", [True, topic_row.pk])
    assert not SearchDocument.objects.get(pk=topic_row.pk).public
    for loaded in serializers.deserialize("json", dumped):
        loaded.save()
    assert not SearchDocument.objects.get(pk=topic_row.pk).public
    assert found(None, "vicuna") == []
    assert not FlagWriting.objects.exists()


def _other_connection(**options) -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
        **options,
    )


def _wait_until_blocked(query_start: str) -> None:
    """Until a session's statement starting with `query_start` waits for a lock (at most 5 s)."""
    with _other_connection(autocommit=True) as probe:
        for _ in range(100):
            waiting = probe.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = %s AND cardinality(pg_blocking_pids(pid)) > 0"
                " AND query LIKE %s",
                [connection.settings_dict["NAME"], query_start + "%"],
            ).fetchone()[0]
            if waiting:
                return
            time.sleep(0.05)
    raise AssertionError(f"no statement {query_start!r} waited for a lock")


class _Thread(threading.Thread):
    """Runs `work` on a connection of its own; `finish()` joins it and raises what it raised."""

    def __init__(self, work) -> None:
        super().__init__()
        self.work, self.error = work, None

    def run(self) -> None:
        from django.db import connection as own

        try:
            self.work()
        except BaseException as error:  # noqa: BLE001 - raised again by finish()
            self.error = error
        finally:
            own.close()

    def finish(self) -> None:
        self.join(15)
        assert not self.is_alive(), "the thread is still waiting"
        if self.error is not None:
            raise self.error


def _in_thread(work) -> _Thread:
    thread = _Thread(work)
    thread.start()
    return thread


def _pause_after_first_lock(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """refresh_public stops once it holds its first locks: `locked` is set then, and it goes on when
    the test sets `go`."""
    from community.search import indexing

    locked, go = threading.Event(), threading.Event()
    hold = indexing._hold_rule_inputs

    def paused(rows):
        hold(rows)
        if not locked.is_set():
            locked.set()
            go.wait(10)

    monkeypatch.setattr(indexing, "_hold_rule_inputs", paused)
    return locked, go


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite writes one transaction at a time"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_topic_hidden_while_its_flag_is_worked_out_stays_hidden():
    """refresh_public waits for the row another transaction is hiding, then must judge the new row
    (the rule on the updated row does, and so does the check after the locks: the test fails only
    without both)."""
    network = make_network(Visibility.PUBLIC, name="Red Maca")
    TopicFactory(category=CategoryFactory(network=network), title="Maca negra", opening_post="Raíces")
    rebuild_index()
    row = SearchDocument.objects.get(kind="topic")
    with _other_connection() as other:
        other.execute("UPDATE search_searchdocument SET public = false WHERE id = %s", [row.pk])
        other.commit()
        other.execute("UPDATE search_searchdocument SET moderators_only = true WHERE id = %s", [row.pk])
        thread = _in_thread(lambda: refresh_public(SearchDocument.objects.filter(pk=row.pk)))
        _wait_until_blocked('UPDATE "search_searchdocument" SET "public" = true')
        other.commit()
        thread.finish()
    row.refresh_from_db()
    assert row.moderators_only and not row.public
    assert found(None, "maca") == ["Red Maca"]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_row_moved_into_a_network_hidden_meanwhile_stays_hidden(monkeypatch):
    """The row moves to a network that refresh_public did not lock, which is hidden at that moment."""
    first, second = (make_network(Visibility.PUBLIC, name=f"Red Oca {n}") for n in (1, 2))
    TopicFactory(category=CategoryFactory(network=first), title="Oca andina", opening_post="Tubérculos")
    moved_to = CategoryFactory(network=second)
    rebuild_index()
    row = SearchDocument.objects.get(kind="topic")
    SearchDocument.objects.filter(pk=row.pk).update(public=False)
    locked, go = _pause_after_first_lock(monkeypatch)
    thread = _in_thread(lambda: refresh_public(SearchDocument.objects.filter(pk=row.pk)))
    assert locked.wait(10)
    with _other_connection(autocommit=True) as mover, _other_connection() as owner:
        owner.execute("SET lock_timeout = '10s'")
        mover.execute(
            "UPDATE search_searchdocument SET category_id = %s, network_id = %s WHERE id = %s",
            [moved_to.pk, second.pk, row.pk],
        )
        owner.execute("UPDATE networks_network SET visibility = 'hidden' WHERE id = %s", [second.pk])
        go.set()
        time.sleep(0.5)  # refresh_public runs its UPDATEs, then waits for the hidden network's lock
        owner.commit()
        thread.finish()
    row.refresh_from_db()
    assert row.network_id == second.pk and not row.public


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_category_deleted_while_its_rows_are_refreshed_is_deleted(monkeypatch):
    """Django deletes a category's rows before the category; refresh_public locks the category first.
    The delete takes the category's lock first too (pre_delete), so neither ends in a deadlock."""
    network = make_network(Visibility.PUBLIC, name="Red Mashua")
    category = CategoryFactory(network=network)
    TopicFactory(category=category, title="Mashua", opening_post="Flores")
    rebuild_index()
    row = SearchDocument.objects.get(kind="topic")
    SearchDocument.objects.filter(pk=row.pk).update(public=False)
    locked, go = _pause_after_first_lock(monkeypatch)

    refreshing = _in_thread(lambda: refresh_public(SearchDocument.objects.filter(pk=row.pk)))
    assert locked.wait(10)
    deleting = _in_thread(lambda: Category.objects.get(pk=category.pk).delete())
    try:
        _wait_until_blocked("")  # the delete waits for refresh_public's lock on the category
    finally:
        go.set()
    refreshing.finish()
    deleting.finish()
    assert not Category.objects.filter(pk=category.pk).exists()
    assert not SearchDocument.objects.filter(pk=row.pk).exists()


@postgres_only
def test_the_migration_turns_off_flags_left_on_before_the_triggers(vicuna):
    """Before migration 0005 a bulk update could leave a flag on (the rule ran beside it then)."""
    network, _category = vicuna
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign key checks: ALTER refuses them
        cursor.execute("ALTER TABLE networks_network DISABLE TRIGGER search_network_flags")
        Network.objects.filter(pk=network.pk).update(visibility=Visibility.HIDDEN)
        cursor.execute("ALTER TABLE networks_network ENABLE TRIGGER search_network_flags")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django leaves them (the marker's check)
    assert _public_rows(network=network) == 2
    refresh_public_in_batches(batch=1)
    assert _public_rows(network=network) == 0


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_marker_of_another_transaction_or_a_committed_one_turns_no_flag_on():
    from django.db import DatabaseError

    network = make_network(Visibility.PUBLIC, name="Red Olluco")
    TopicFactory(category=CategoryFactory(network=network), title="Olluco", opening_post="Colores")
    rebuild_index()
    row = SearchDocument.objects.get(kind="topic")
    Network.objects.filter(pk=network.pk).update(visibility=Visibility.HIDDEN)
    with _other_connection() as other:
        other.execute("INSERT INTO search_flagwriting (txid) VALUES (NULL)")  # not committed
        SearchDocument.objects.filter(pk=row.pk).update(public=True)
        other.rollback()
    assert not SearchDocument.objects.get(pk=row.pk).public
    with pytest.raises(DatabaseError, match="may not outlive its transaction"):
        FlagWriting.objects.create()  # autocommit: the insert is committed at once
    assert not FlagWriting.objects.exists()
    with pytest.raises(RuntimeError):
        _refresh_public_outside_a_transaction()
    assert found(None, "olluco") == []


def _refresh_public_outside_a_transaction() -> None:
    from community.search.indexing import _writing_flags

    with _writing_flags():
        pass
