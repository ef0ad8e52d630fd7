"""The `public` flag of index rows and the partial indexes of public rows (the newest first; on
PostgreSQL also the words, GIN). Existing rows get their flags in 0006, in batches; until then every
flag is False, which hides rows from visitors' searches and can never show anything.

Not atomic: in one transaction the column's lock would be held while every row's flag is written
(a reviewer measured searches waiting 13 s on 200,000 rows)."""

from django.db import migrations, models

PUBLIC_GIN_INDEX = "search_document_vector_gin_public"


def create_public_gin(apps, schema_editor):
    # Without it PostgreSQL combines the GIN index with the partial index of public rows (a bitmap
    # of two thirds of the table) for words of middling frequency, which costs more than it saves.
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {PUBLIC_GIN_INDEX} ON search_searchdocument "
                "USING gin (search_vector) WHERE public"
            )


def drop_public_gin(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {PUBLIC_GIN_INDEX}")


def work_out_flags(apps, schema_editor):
    # Once done here with the code of the day; now done by 0006 (refresh_public_in_batches), which
    # needs that migration's table: until then every flag is False, which hides and shows nothing.
    pass


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('forums', '0001_initial'),
        ('networks', '0001_initial'),
        ('search', '0003_recent_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchdocument',
            name='public',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddIndex(
            model_name='searchdocument',
            index=models.Index(condition=models.Q(('public', True)), fields=['-updated_at', '-id'], name='search_doc_recent_public'),
        ),
        migrations.RunPython(create_public_gin, drop_public_gin),
        migrations.RunPython(work_out_flags, migrations.RunPython.noop),
    ]
