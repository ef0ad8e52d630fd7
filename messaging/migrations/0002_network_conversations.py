"""Every network has its conversation: create those of networks made before messaging existed."""

from django.db import migrations


def create_missing(apps, schema_editor):
    Network = apps.get_model("networks", "Network")
    Conversation = apps.get_model("messaging", "Conversation")
    have = set(Conversation.objects.filter(network__isnull=False).values_list("network_id", flat=True))
    Conversation.objects.bulk_create(
        [
            Conversation(kind="network", network_id=network.pk, title=network.name[:120])
            for network in Network.objects.exclude(pk__in=have)
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("messaging", "0001_initial"), ("networks", "0001_initial")]
    operations = [migrations.RunPython(create_missing, migrations.RunPython.noop)]
