"""Database triggers that clear the `public` flags a change could make wrong, in the same statement.

A visitor's search reads the flag alone (selectors.visible_documents), so a flag must never be True
where the visibility rule, as it stands, says False. `indexing.refresh_public` is the only writer of
True; these triggers make every other write that touches the rule's inputs turn the flags of the
affected rows off, however it is made (a service, the admin, QuerySet.update, raw SQL, a migration):

- a network's visibility changes: its rows and the rows of its categories;
- a category's read access or network changes: its rows;
- a row's own kind, network, category or moderators-only fact changes, or a row is inserted: that row.

Turning a flag off only hides a row until refresh_public runs again (after commit, from the post_save
receivers and the indexing functions, or `manage.py search_reindex`). tests/search/test_flags.py
checks that the rule reads no other table or column than these, and that the triggers are installed
(a table rebuilt by a future migration on SQLite would lose them).

The conditions are written in the functions' bodies, not in WHEN clauses or UPDATE OF lists:
PostgreSQL refuses to change the type of a column that a trigger's definition names.
"""

from django.db import migrations

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
        IF TG_OP = 'INSERT'
           OR NEW.kind IS DISTINCT FROM OLD.kind
           OR NEW.network_id IS DISTINCT FROM OLD.network_id
           OR NEW.category_id IS DISTINCT FROM OLD.category_id
           OR NEW.moderators_only IS DISTINCT FROM OLD.moderators_only THEN
            NEW.public := false;
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER search_own_flag BEFORE INSERT OR UPDATE ON search_searchdocument
    FOR EACH ROW EXECUTE FUNCTION search_clear_own_flag()
    """,
]

POSTGRES_REVERSE = [
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
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
