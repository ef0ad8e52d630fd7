"""Database triggers that keep a `public` flag from ever being True where the visibility rule says no.

A visitor's search reads the flag alone (selectors.visible_documents). The triggers (PostgreSQL and
SQLite) make sure of two things, however a write is made (a service, the admin, QuerySet.update,
bulk_update, loaddata, raw SQL, a migration):

- a write that changes what the rule reads turns the affected rows' flags off, in the same statement:
  a network's visibility (its rows and its categories' rows); a category's read access or network (its
  rows); a row's own kind, network, category or moderators-only fact (that row);
- a flag becomes True only while a FlagWriting row exists, which only indexing.refresh_public creates
  (inside its transaction, deleted before it ends); a new row always starts with its flag off. On
  PostgreSQL a marker counts only in the transaction that wrote it (its txid) and a transaction that
  would commit one fails; SQLite, which writes one transaction at a time, relies on refresh_public
  deleting it (it refuses to run outside a transaction).

Turning a flag off only hides a row until refresh_public runs again (after commit, from the post_save
receivers and the indexing functions, or `manage.py search_reindex`). Migration 0006 then works out
every stored flag again: before the triggers a flag could be left on behind a bulk update, when the
rule still ran beside it.

tests/search/test_flags.py checks that the rule reads no other table or column than these and that
the triggers are installed. On SQLite a migration that alters one of these tables rebuilds it: the
rebuild of search_searchdocument fails while the triggers name it (drop them first, create them
again after), and the rebuild of networks_network or forums_category drops their triggers silently
(that test then fails). The conditions are in the functions' bodies, not in WHEN clauses or UPDATE OF
lists: PostgreSQL refuses to change the type of a column that a trigger's definition names.
"""

from django.db import migrations, models

POSTGRES = [
    """
    CREATE FUNCTION search_clear_network_flags() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.visibility IS DISTINCT FROM OLD.visibility THEN
            UPDATE search_searchdocument SET public = false
            WHERE public AND (
                network_id = NEW.id
                OR category_id IN (SELECT id FROM forums_category WHERE network_id = NEW.id)
            );
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER search_network_flags AFTER UPDATE ON networks_network
    FOR EACH ROW EXECUTE FUNCTION search_clear_network_flags()
    """,
    """
    CREATE FUNCTION search_clear_category_flags() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.read_access IS DISTINCT FROM OLD.read_access
           OR NEW.network_id IS DISTINCT FROM OLD.network_id THEN
            UPDATE search_searchdocument SET public = false WHERE public AND category_id = NEW.id;
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER search_category_flags AFTER UPDATE ON forums_category
    FOR EACH ROW EXECUTE FUNCTION search_clear_category_flags()
    """,
    """
    CREATE FUNCTION search_clear_own_flag() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            NEW.public := false;
        ELSIF NEW.kind IS DISTINCT FROM OLD.kind
           OR NEW.network_id IS DISTINCT FROM OLD.network_id
           OR NEW.category_id IS DISTINCT FROM OLD.category_id
           OR NEW.moderators_only IS DISTINCT FROM OLD.moderators_only THEN
            NEW.public := false;
        ELSIF NEW.public AND NOT OLD.public
              AND NOT EXISTS (SELECT 1 FROM search_flagwriting WHERE txid = txid_current()) THEN
            NEW.public := false;
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER search_own_flag BEFORE INSERT OR UPDATE ON search_searchdocument
    FOR EACH ROW EXECUTE FUNCTION search_clear_own_flag()
    """,
    # A marker counts only in the transaction that wrote it, and none may be committed.
    """
    CREATE FUNCTION search_flagwriting_txid() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.txid := txid_current();
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER search_flagwriting_txid BEFORE INSERT OR UPDATE ON search_flagwriting
    FOR EACH ROW EXECUTE FUNCTION search_flagwriting_txid()
    """,
    """
    CREATE FUNCTION search_flagwriting_gone() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM search_flagwriting WHERE id = NEW.id) THEN
            RAISE EXCEPTION 'a search_flagwriting row may not outlive its transaction';
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE CONSTRAINT TRIGGER search_flagwriting_gone AFTER INSERT ON search_flagwriting
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION search_flagwriting_gone()
    """,
]

POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS search_flagwriting_gone ON search_flagwriting",
    "DROP FUNCTION IF EXISTS search_flagwriting_gone()",
    "DROP TRIGGER IF EXISTS search_flagwriting_txid ON search_flagwriting",
    "DROP FUNCTION IF EXISTS search_flagwriting_txid()",
    "DROP TRIGGER IF EXISTS search_own_flag ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_clear_own_flag()",
    "DROP TRIGGER IF EXISTS search_category_flags ON forums_category",
    "DROP FUNCTION IF EXISTS search_clear_category_flags()",
    "DROP TRIGGER IF EXISTS search_network_flags ON networks_network",
    "DROP FUNCTION IF EXISTS search_clear_network_flags()",
]

# SQLite cannot assign to NEW: its triggers run after the write and update the row again (recursive
# triggers are off, and the UPDATE of `public` changes none of the facts compared).
SQLITE = [
    """
    CREATE TRIGGER search_network_flags AFTER UPDATE ON networks_network
    FOR EACH ROW WHEN NEW.visibility IS NOT OLD.visibility
    BEGIN
        UPDATE search_searchdocument SET public = 0
        WHERE public AND (
            network_id = NEW.id
            OR category_id IN (SELECT id FROM forums_category WHERE network_id = NEW.id)
        );
    END
    """,
    """
    CREATE TRIGGER search_category_flags AFTER UPDATE ON forums_category
    FOR EACH ROW WHEN NEW.read_access IS NOT OLD.read_access OR NEW.network_id IS NOT OLD.network_id
    BEGIN
        UPDATE search_searchdocument SET public = 0 WHERE public AND category_id = NEW.id;
    END
    """,
    """
    CREATE TRIGGER search_own_flag_insert AFTER INSERT ON search_searchdocument
    FOR EACH ROW WHEN NEW.public
    BEGIN
        UPDATE search_searchdocument SET public = 0 WHERE id = NEW.id;
    END
    """,
    """
    CREATE TRIGGER search_own_flag AFTER UPDATE ON search_searchdocument
    FOR EACH ROW WHEN NEW.public AND (
        NEW.kind IS NOT OLD.kind
        OR NEW.network_id IS NOT OLD.network_id
        OR NEW.category_id IS NOT OLD.category_id
        OR NEW.moderators_only IS NOT OLD.moderators_only
        OR (NOT OLD.public AND NOT EXISTS (SELECT 1 FROM search_flagwriting))
    )
    BEGIN
        UPDATE search_searchdocument SET public = 0 WHERE id = NEW.id;
    END
    """,
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_own_flag",
    "DROP TRIGGER IF EXISTS search_own_flag_insert",
    "DROP TRIGGER IF EXISTS search_category_flags",
    "DROP TRIGGER IF EXISTS search_network_flags",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise NotImplementedError(
                f"the search flags' triggers exist for PostgreSQL and SQLite, not {schema_editor.connection.vendor}"
            )
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0001_initial"),
        ("networks", "0001_initial"),
        ("search", "0004_public_rows"),
    ]

    operations = [
        migrations.CreateModel(
            name="FlagWriting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("txid", models.BigIntegerField(editable=False, null=True)),
            ],
            options={"default_permissions": ()},
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
