"""The full-text part of the index, by database: on PostgreSQL the unaccent extension, the minga_es and
minga_en text-search configurations (unaccent, then Spanish or English stemming) and a GIN index on
search_vector; on SQLite the FTS5 table search_fts (diacritics and case folded)."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CONFIGS = (("minga_es", "spanish"), ("minga_en", "english"))
GIN_INDEX = "search_document_vector_gin"


class UnaccentOnPostgres(UnaccentExtension):
    """UnaccentExtension already does nothing forwards on other databases; nor backwards, here."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for name, language in CONFIGS:
                cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [name])
                if cursor.fetchone() is None:
                    cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{language})")
                    cursor.execute(
                        f"ALTER TEXT SEARCH CONFIGURATION {name} "
                        f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {language}_stem"
                    )
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON search_searchdocument USING gin (search_vector)"
            )
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
                "title, keywords, body, tokenize = 'unicode61 remove_diacritics 2')"
            )


def drop(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
            for name, _language in CONFIGS:
                cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        elif connection.vendor == "sqlite":
            cursor.execute("DROP TABLE IF EXISTS search_fts")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [UnaccentOnPostgres(), migrations.RunPython(create, drop)]
