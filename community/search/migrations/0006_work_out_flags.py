"""Every stored `public` flag worked out again, now that the triggers of 0005 guard them: before
them a flag could be left on behind a bulk update (the visibility rule still ran beside it then), and
0004 no longer sets them.

Not atomic, in batches of their own (one transaction over every row held visitors' searches waiting,
see 0004), and separate from 0005 so that a failure here can be retried with `migrate`. It runs the
app's code of the day (indexing.refresh_public_in_batches), like `manage.py search_reindex`: the rule
lives there, not in a historical model.
"""

from django.db import migrations


def work_out_flags(apps, schema_editor):
    from community.search.indexing import refresh_public_in_batches

    refresh_public_in_batches()


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("search", "0005_flag_triggers")]

    operations = [migrations.RunPython(work_out_flags, migrations.RunPython.noop)]
