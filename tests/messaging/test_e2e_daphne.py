"""End to end over a real daphne process (tests/servers.py) with the `websockets` client: the same
paths a browser takes, without a browser. The protocol is docs/realtime.md."""

import uuid

import pytest
import websockets
from asgiref.sync import sync_to_async
from websockets.exceptions import InvalidStatus

from messaging import services
from tests.factories import MembershipFactory
from tests.messaging.socket_helpers import session_cookie_sync
from tests.messaging.ws_client import open_socket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("close_thread_connections")]


@pytest.fixture
def pair(organisation, member):
    colleague = MembershipFactory(organisation=organisation, user__display_name="Rosa Quishpe").user
    return member, colleague, services.direct_open(user=member, other=colleague)


async def test_message_sent_on_one_socket_arrives_live_on_the_other_and_is_stored(daphne_server, pair):
    author, reader, conversation = pair
    sender = await open_socket(daphne_server, author)
    receiver = await open_socket(daphne_server, reader)
    client_id = str(uuid.uuid4())

    await sender.send(
        {
            "type": "message.send",
            "conversation": conversation.pk,
            "client_id": client_id,
            "body": "**Hola** Rosa",
        }
    )
    ack = await sender.next_of("message.ack")
    event = await receiver.next_of("message.new")

    assert ack["client_id"] == client_id and ack["duplicate"] is False
    assert event["message"]["id"] == ack["id"]
    assert event["message"]["body_html"] == "<p><strong>Hola</strong> Rosa</p>"
    stored = await sync_to_async(lambda: list(conversation.messages.values_list("pk", "body")))()
    assert stored == [(ack["id"], "**Hola** Rosa")]
    await sender.connection.close()
    await receiver.connection.close()


async def test_resend_after_a_dropped_connection_is_not_duplicated(daphne_server, pair):
    author, reader, conversation = pair
    receiver = await open_socket(daphne_server, reader)
    frame = {
        "type": "message.send",
        "conversation": conversation.pk,
        "client_id": str(uuid.uuid4()),
        "body": "¿Sigue?",
    }

    first = await open_socket(daphne_server, author)
    await first.send(frame)
    stored_id = (await first.next_of("message.ack"))["id"]
    await first.connection.close()  # the client never trusts it got the ack: it sends again
    second = await open_socket(daphne_server, author)
    await second.send(frame)
    again = await second.next_of("message.ack")

    assert again == {**again, "id": stored_id, "duplicate": True}
    events = [e for e in await receiver.drain(1.0) if e["type"] == "message.new"]
    assert [e["message"]["id"] for e in events] == [stored_id]
    assert await sync_to_async(conversation.messages.count)() == 1
    await second.connection.close()
    await receiver.connection.close()


async def test_reconnecting_client_catches_up_from_its_last_seen_id(daphne_server, pair):
    author, reader, conversation = pair
    sender = await open_socket(daphne_server, author)
    ids = []
    for n in range(5):
        await sender.send(
            {
                "type": "message.send",
                "conversation": conversation.pk,
                "client_id": str(uuid.uuid4()),
                "body": f"m{n}",
            }
        )
        ids.append((await sender.next_of("message.ack"))["id"])

    # The reader saw the first two before going offline; on reconnect it asks for the rest.
    reader_socket = await open_socket(daphne_server, reader)
    await reader_socket.send({"type": "sync", "conversations": {str(conversation.pk): ids[1]}})
    done = await reader_socket.next_of("sync.done")
    replayed = [e for e in reader_socket.kept if e["type"] == "message.new"]

    assert [e["message"]["id"] for e in replayed] == ids[2:]
    assert all(e["replay"] for e in replayed)
    assert done["conversations"][str(conversation.pk)] == {"last": ids[-1], "more": False}
    await sender.connection.close()
    await reader_socket.connection.close()


async def test_typing_read_and_presence_reach_the_other_person(daphne_server, pair):
    author, reader, conversation = pair
    reader_socket = await open_socket(daphne_server, reader)
    author_socket = await open_socket(daphne_server, author)
    online = await reader_socket.next_of("presence", user=author.pk)
    assert online["status"] == "online"

    await author_socket.send({"type": "typing", "conversation": conversation.pk})
    typing = await reader_socket.next_of("typing")
    assert (typing["conversation"], typing["user"]) == (conversation.pk, author.pk)

    await author_socket.send(
        {
            "type": "message.send",
            "conversation": conversation.pk,
            "client_id": str(uuid.uuid4()),
            "body": "Hola",
        }
    )
    message_id = (await reader_socket.next_of("message.new"))["message"]["id"]
    await reader_socket.send({"type": "read", "conversation": conversation.pk, "message": message_id})
    receipt = await author_socket.next_of("read", user=reader.pk)
    assert receipt["message"] == message_id

    await author_socket.connection.close()
    offline = await reader_socket.next_of("presence", user=author.pk, status="offline")
    assert offline["status"] == "offline"
    await reader_socket.connection.close()


async def test_socket_from_a_foreign_origin_is_refused_by_the_real_server(daphne_server, pair):
    author, _reader, _conversation = pair
    cookie = (await sync_to_async(session_cookie_sync)(author)).decode()
    with pytest.raises(InvalidStatus) as refused:
        await websockets.connect(
            daphne_server.ws_url, origin="https://evil.example", additional_headers={"Cookie": cookie}
        )
    assert refused.value.response.status_code == 403


async def test_network_members_get_its_messages_live_and_a_removed_member_stops_at_once(daphne_server):
    from networks import services as network_services
    from networks.models import NetworkRole
    from tests.factories import NetworkFactory, NetworkMembershipFactory

    def setup():
        network = NetworkFactory(name="Red de mujeres emprendedoras del Azuay")
        owner, stays, leaves = (
            NetworkMembershipFactory(network=network, role=role, user__display_name=name).user
            for role, name in [
                (NetworkRole.OWNER, "Ana"),
                (NetworkRole.MEMBER, "Bea"),
                (NetworkRole.MEMBER, "Carla"),
            ]
        )
        return network, owner, stays, leaves, services.network_conversation_ensure(network=network)

    network, owner, stays, leaves, conversation = await sync_to_async(setup)()
    sockets = [await open_socket(daphne_server, user) for user in (owner, stays, leaves)]

    async def say(body: str) -> int:
        frame = {
            "type": "message.send",
            "conversation": conversation.pk,
            "client_id": str(uuid.uuid4()),
            "body": body,
        }
        await sockets[0].send(frame)
        return (await sockets[0].next_of("message.ack"))["id"]

    first = await say("Bienvenidas a la red")
    for socket in sockets[1:]:
        assert (await socket.next_of("message.new"))["message"]["id"] == first

    def remove():
        network_services.membership_remove(membership=network.memberships.get(user=leaves), actor=owner)

    await sync_to_async(remove)()
    second = await say("Solo para quienes siguen en la red")
    assert (await sockets[1].next_of("message.new"))["message"]["id"] == second
    late = [e for e in await sockets[2].drain(1.0) if e["type"] == "message.new"]
    assert second not in [e["message"]["id"] for e in late]
    for socket in sockets:
        await socket.connection.close()
