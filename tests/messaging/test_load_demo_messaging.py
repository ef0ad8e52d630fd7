"""load_demo_messaging: demo conversations in Spanish and English, loaded once however often it runs."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from messaging.models import Conversation, Message, Participant, RequestState


@pytest.fixture(autouse=True)
def _local_database(settings):
    settings.DATABASE_URL = ""


@pytest.mark.django_db(transaction=True)
def test_demo_conversations_load_once_with_every_kind_and_a_pending_request():
    with pytest.raises(CommandError, match="load_demo first"):
        call_command("load_demo_messaging", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo_networks", stdout=StringIO())
    call_command("load_demo_messaging", stdout=StringIO())
    count = Message.objects.count()

    out = StringIO()
    call_command("load_demo_messaging", stdout=out)

    assert "0 messages created" in out.getvalue()
    assert Message.objects.count() == count == 15
    kinds = set(Conversation.objects.filter(messages__isnull=False).values_list("kind", flat=True))
    assert kinds == {"direct", "group", "network"}
    # Every network got its conversation when it was created.
    assert Conversation.objects.filter(kind="network").count() == 7
    request = Participant.objects.get(user__email__startswith="mercedes.zhunio", conversation__kind="direct")
    assert request.state == RequestState.PENDING
    assert Message.objects.filter(body__contains="Podocarpus").exists()
    assert Message.objects.filter(body__contains="online bookings").exists()
