"""One adoption per member and organisation (or none): duplicates from double submissions are removed
(the earliest is kept and the practice's count recomputed) before the constraints are added."""

from django.conf import settings
from django.db import migrations, models


def remove_duplicate_adoptions(apps, schema_editor):
    Adoption = apps.get_model("library", "Adoption")
    Practice = apps.get_model("library", "Practice")
    seen = set()
    touched = set()
    for adoption in Adoption.objects.order_by("created_at", "pk").iterator():
        key = (adoption.practice_id, adoption.user_id, adoption.organisation_id)
        if key in seen:
            adoption.delete()
            touched.add(adoption.practice_id)
        else:
            seen.add(key)
    for practice_id in touched:
        count = Adoption.objects.filter(practice_id=practice_id).count()
        Practice.objects.filter(pk=practice_id).update(adoption_count=count)


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
        ("organisations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(remove_duplicate_adoptions, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="adoption",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organisation__isnull", True)),
                fields=("practice", "user"),
                name="one_personal_adoption_per_member",
            ),
        ),
        migrations.AddConstraint(
            model_name="adoption",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organisation__isnull", False)),
                fields=("practice", "user", "organisation"),
                name="one_adoption_per_member_and_organisation",
            ),
        ),
    ]
