"""Two daphne processes sharing one Redis (a private redis-server started by the test) and one test
database: what a member on one process does reaches members on the other (docs/realtime.md,
"Delivery" and "Presence"). Clients are `websockets` connections, as a browser's would be."""

import uuid

import pytest
from asgiref.sync import sync_to_async

from messaging import services
from tests.factories import MembershipFactory
from tests.messaging.ws_client import open_socket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("close_thread_connections")]


@pytest.fixture
def cluster(transactional_db):
    """(node1, node2): two daphnes on 127.0.0.1 with REDIS_URL pointing at the test's own Redis."""
    from tests.servers import PrivateRedis, daphnes, database_env

    with PrivateRedis() as redis, daphnes(2, env={**database_env(), "REDIS_URL": redis.url}) as servers:
        yield servers


@pytest.fixture
def pair(organisation, member):
    colleague = MembershipFactory(organisation=organisation, user__display_name="Rosa Quishpe").user
    return member, colleague, services.direct_open(user=member, other=colleague)


def send_frame(conversation, body: str) -> dict:
    return {
        "type": "message.send",
        "conversation": conversation.pk,
        "client_id": str(uuid.uuid4()),
        "body": body,
    }


async def send_and_ack(client, conversation, body: str) -> int:
    frame = send_frame(conversation, body)
    await client.send(frame)
    return (await client.next_of("message.ack", timeout=10, client_id=frame["client_id"]))["id"]


async def test_message_sent_on_node_1_arrives_live_on_node_2_with_its_stored_id(cluster, pair):
    node1, node2 = cluster
    author, reader, conversation = pair
    sender = await open_socket(node1, author)
    receiver = await open_socket(node2, reader)

    await sender.send(send_frame(conversation, "Desde el nodo uno"))
    ack = await sender.next_of("message.ack", timeout=10)
    event = await receiver.next_of("message.new", timeout=10)

    assert ack["duplicate"] is False
    assert event["message"]["id"] == ack["id"]
    assert event["message"]["body"] == "Desde el nodo uno"
    assert "replay" not in event
    stored = await sync_to_async(lambda: list(conversation.messages.values_list("pk", flat=True)))()
    assert stored == [ack["id"]]
    await sender.close()
    await receiver.close()


async def test_member_connecting_on_node_2_is_seen_online_on_node_1_then_offline(cluster, pair):
    node1, node2 = cluster
    watcher_user, visitor_user, _conversation = pair
    watcher = await open_socket(node1, watcher_user)

    visitor = await open_socket(node2, visitor_user)
    online = await watcher.next_of("presence", timeout=10, user=visitor_user.pk)
    assert online["status"] == "online"

    await visitor.close()
    offline = await watcher.next_of("presence", timeout=10, user=visitor_user.pk, status="offline")
    assert offline["status"] == "offline"
    await watcher.close()


async def test_client_reconnecting_to_the_other_node_gets_exactly_what_it_missed(cluster, pair):
    node1, node2 = cluster
    author, reader, conversation = pair
    sender = await open_socket(node1, author)
    reader_socket = await open_socket(node1, reader)
    seen = []
    for n in range(2):
        seen.append(await send_and_ack(sender, conversation, f"visto {n}"))
        assert (await reader_socket.next_of("message.new", timeout=10))["message"]["id"] == seen[-1]
    await reader_socket.close()

    missed = []
    for n in range(3):
        missed.append(await send_and_ack(sender, conversation, f"perdido {n}"))
    back = await open_socket(node2, reader)
    await back.send({"type": "sync", "conversations": {str(conversation.pk): seen[-1]}})
    done = await back.next_of("sync.done", timeout=10)
    replayed = [e for e in back.kept if e["type"] == "message.new"]

    assert [e["message"]["id"] for e in replayed] == missed
    assert [e["message"]["body"] for e in replayed] == ["perdido 0", "perdido 1", "perdido 2"]
    assert all(e["replay"] for e in replayed)
    assert done["conversations"][str(conversation.pk)] == {"last": missed[-1], "more": False}
    await sender.close()
    await back.close()
