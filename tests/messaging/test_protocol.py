"""The /ws/ protocol as docs/realtime.md writes it: every event type, every command and every refusal."""

import time
import uuid

import pytest
from channels.db import database_sync_to_async as db
from django.test import override_settings

from forums.models import Access
from messaging import services
from messaging.models import Message
from tests.factories import (
    CategoryFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    TopicFactory,
    UserFactory,
)
from tests.messaging.socket_helpers import connect

pytestmark = pytest.mark.django_db(transaction=True)


@db
def make_users(n: int):
    return [UserFactory() for _ in range(n)]


@db
def make_group(creator, members, title="Artesanas de Saraguro"):
    return services.group_create(creator=creator, title=title, members=members)


def send_frame(conversation, body="Hola", client_id=None, **extra):
    return {
        "type": "message.send",
        "conversation": conversation.pk,
        "client_id": client_id or str(uuid.uuid4()),
        "body": body,
        **extra,
    }


async def test_message_send_is_acknowledged_with_the_stored_id_and_reaches_every_member():
    ana, bea, carla = await make_users(3)
    group = await make_group(ana, [bea, carla])
    sockets = [await connect(u) for u in (ana, bea, carla)]
    ana_second_tab = await connect(ana)

    await sockets[0].send(send_frame(group, "Nos vemos en la feria **el sábado**"))
    ack = await sockets[0].next_of("message.ack")
    stored = await db(Message.objects.get)(pk=ack["id"])
    assert stored.body == "Nos vemos en la feria **el sábado**"
    assert ack["duplicate"] is False
    for socket in [*sockets, ana_second_tab]:
        event = await socket.next_of("message.new")
        assert event["message"]["id"] == ack["id"]
        assert event["message"]["body_html"] == "<p>Nos vemos en la feria <strong>el sábado</strong></p>"
        assert event["message"]["author"] == {"id": ana.pk, "name": ana.display_name}
    for socket in [*sockets, ana_second_tab]:
        await socket.disconnect()


async def test_a_resend_with_the_same_client_id_is_acknowledged_as_duplicate_and_not_delivered_again():
    ana, bea = await make_users(2)
    group = await make_group(ana, [bea])
    a, b = await connect(ana), await connect(bea)
    frame = send_frame(group, "¿Precio del tour?")
    await a.send(frame)
    first = await a.next_of("message.ack")
    await b.next_of("message.new")

    await a.send(frame)
    again = await a.next_of("message.ack")
    assert again == {**first, "duplicate": True}
    await b.none_of("message.new")
    assert await db(Message.objects.filter(conversation=group).count)() == 1
    await a.disconnect()
    await b.disconnect()


async def test_a_live_message_names_the_one_before_it_in_its_conversation_so_a_gap_can_be_seen():
    ana, bea = await make_users(2)
    group = await make_group(ana, [bea])
    elsewhere = await make_group(ana, [bea], title="Otro grupo")
    b = await connect(bea)
    a = await connect(ana)

    ids = []
    for conversation, body in [(group, "uno"), (elsewhere, "aparte"), (group, "dos"), (group, "tres")]:
        await a.send(send_frame(conversation, body))
        ids.append((await a.next_of("message.ack"))["id"])
    events = [await b.next_of("message.new") for _ in range(4)]

    assert [e["message"]["id"] for e in events] == ids
    # Each names the message before it in its own conversation (0 for the first), never replayed ones.
    assert [e["previous"] for e in events] == [0, 0, ids[0], ids[2]]
    await b.send({"type": "sync", "conversations": {str(group.pk): ids[0]}})
    replayed = [await b.next_of("message.new") for _ in range(2)]
    assert [e["message"]["id"] for e in replayed] == [ids[2], ids[3]]
    assert all(e["replay"] and "previous" not in e for e in replayed)
    await a.disconnect()
    await b.disconnect()


async def test_a_member_connects_and_sends_while_the_presence_store_is_down(monkeypatch):
    ana, bea = await make_users(2)
    group = await make_group(ana, [bea])
    b = await connect(bea)

    def store_down(*args, **kwargs):
        raise ConnectionError("Redis is restarting")

    monkeypatch.setattr("messaging.presence.mark", store_down)
    monkeypatch.setattr("messaging.presence.clear", store_down)
    a = await connect(ana)  # hello, although presence could not be recorded
    await a.send({"type": "ping"})
    await a.next_of("pong")
    await a.send(send_frame(group, "¿Me leen?"))
    ack = await a.next_of("message.ack")
    assert (await b.next_of("message.new"))["message"]["id"] == ack["id"]
    await a.disconnect()
    await b.disconnect()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"client_id": None}, "invalid"),
        ({"client_id": "not-a-uuid"}, "invalid"),
        ({"body": 42}, "invalid"),
        ({"body": "   "}, "invalid"),
        ({"body": "x" * 10_001}, "invalid"),
        ({"conversation": "12"}, "invalid"),
        ({"conversation": 987654}, "not_found"),
        ({"reply_to": 987654}, "invalid"),
    ],
)
async def test_a_bad_message_send_gets_an_error_event_and_stores_nothing(change, code):
    ana, bea = await make_users(2)
    group = await make_group(ana, [bea])
    a = await connect(ana)
    await a.send({**send_frame(group), **change})
    error = await a.next_of("error")
    assert error["code"] == code
    assert error["message"]
    assert await db(Message.objects.count)() == 0
    await a.send({"type": "ping"})
    await a.next_of("pong")
    await a.disconnect()


async def test_an_outsider_cannot_send_into_a_conversation_and_learns_nothing_about_it():
    ana, bea, outsider = await make_users(3)
    group = await make_group(ana, [bea])
    o = await connect(outsider)
    await o.send(send_frame(group))
    error = await o.next_of("error")
    assert error["code"] == "not_found"
    assert error["message"] == "No such conversation."
    assert await db(Message.objects.count)() == 0
    await o.disconnect()


@override_settings(MESSAGING_SEND_RATE="20/10s")
async def test_the_21st_message_within_ten_seconds_is_refused_with_retry_after_and_the_socket_survives(
    monkeypatch,
):
    # The limit counts in fixed windows of the clock: hold the clock still so the 20 sends cannot straddle
    # the end of a window on a slow machine.
    from community import ratelimit

    frozen = (int(time.time()) // 10) * 10 + 1
    monkeypatch.setattr(ratelimit, "time", type("Frozen", (), {"time": staticmethod(lambda: frozen)}))
    ana, bea = await make_users(2)
    group = await make_group(ana, [bea])
    a = await connect(ana)
    for n in range(20):
        await a.send(send_frame(group, f"mensaje {n}"))
        await a.next_of("message.ack")
    await a.send(send_frame(group, "uno más"))
    error = await a.next_of("error")
    assert error["code"] == "rate_limited"
    assert 1 <= error["retry_after"] <= 10
    assert error["client_id"]
    assert await db(Message.objects.count)() == 20
    await a.send({"type": "ping"})
    await a.next_of("pong")
    await a.disconnect()


async def test_edit_delete_and_reaction_events_reach_the_members():
    ana, bea = await make_users(2)
    group = await make_group(ana, [bea])
    message, _created = await db(services.message_send)(
        conversation=group, author=ana, body="Primera versión"
    )
    b = await connect(bea)

    await db(services.message_edit)(message=message, actor=ana, body="Segunda versión")
    edited = await b.next_of("message.edited")
    assert edited["message"]["body"] == "Segunda versión"
    assert edited["message"]["edited_at"] is not None

    await db(services.reaction_toggle)(message=message, user=bea, reaction="heart")
    reacted = await b.next_of("message.reacted")
    assert reacted["message"]["reactions"] == {"heart": 1}

    await db(services.message_delete)(message=message, actor=ana)
    deleted = await b.next_of("message.deleted")
    assert deleted["message"]["deleted"] is True
    assert deleted["message"]["body"] == ""
    assert deleted["message"]["body_html"] == ""
    await b.disconnect()


async def test_typing_reaches_the_others_with_an_expiry_and_is_throttled():
    ana, bea = await make_users(2)
    group = await make_group(ana, [bea])
    a, b = await connect(ana), await connect(bea)
    await a.send({"type": "typing", "conversation": group.pk})
    typing = await b.next_of("typing")
    assert typing == {
        "type": "typing",
        "conversation": group.pk,
        "user": ana.pk,
        "name": ana.display_name,
        "expires_in": 6,
    }
    await a.send({"type": "typing", "conversation": group.pk})  # within 2.5 s: not sent again
    await b.none_of("typing")
    await a.none_of("typing")  # never echoed to the typist
    await a.disconnect()
    await b.disconnect()


async def test_typing_into_someone_elses_conversation_is_refused():
    ana, bea, outsider = await make_users(3)
    group = await make_group(ana, [bea])
    b = await connect(bea)
    o = await connect(outsider)
    await o.send({"type": "typing", "conversation": group.pk})
    assert (await o.next_of("error"))["code"] == "not_found"
    await b.none_of("typing")
    await o.disconnect()
    await b.disconnect()


async def test_presence_goes_to_contacts_only_online_away_and_offline():
    ana, bea, stranger = await make_users(3)
    await make_group(ana, [bea])
    a = await connect(ana)
    assert await a.next_of("presence") == {"type": "presence", "user": ana.pk, "status": "online"}
    s = await connect(stranger)
    b = await connect(bea)
    assert await a.next_of("presence") == {"type": "presence", "user": bea.pk, "status": "online"}
    await b.send({"type": "presence", "status": "away"})
    assert (await a.next_of("presence"))["status"] == "away"
    await b.send({"type": "presence", "status": "asleep"})
    assert (await b.next_of("error"))["code"] == "invalid"
    await b.disconnect()
    assert await a.next_of("presence") == {"type": "presence", "user": bea.pk, "status": "offline"}
    assert (await s.next_of("presence"))["user"] == stranger.pk  # their own status, then nothing
    await s.none_of("presence")
    await a.disconnect()
    await s.disconnect()


async def test_read_receipts_reach_the_others_unless_the_reader_turned_them_off():
    ana, bea = await make_users(2)
    group = await make_group(ana, [bea])
    message, _created = await db(services.message_send)(conversation=group, author=ana, body="¿Leíste?")
    a, b = await connect(ana), await connect(bea)
    await b.send({"type": "read", "conversation": group.pk, "message": message.pk})
    receipt = await a.next_of("read")
    assert receipt == {"type": "read", "conversation": group.pk, "user": bea.pk, "message": message.pk}
    assert (await b.next_of("read"))["message"] == message.pk  # the reader's own tabs, for unread counts

    await db(services.messaging_settings_update)(user=bea, send_read_receipts=False)
    second, _created = await db(services.message_send)(conversation=group, author=ana, body="¿Y este?")
    await a.next_of("message.new")
    await b.send({"type": "read", "conversation": group.pk, "message": second.pk})
    assert (await b.next_of("read"))["message"] == second.pk
    await a.none_of("read")
    await a.disconnect()
    await b.disconnect()


async def test_sync_replays_what_the_database_holds_after_the_last_seen_id_in_order():
    ana, bea, outsider = await make_users(3)
    group = await make_group(ana, [bea])
    other = await make_group(outsider, [await db(UserFactory)()])
    sent = []
    for n in range(5):
        message, _created = await db(services.message_send)(conversation=group, author=ana, body=f"n{n}")
        sent.append(message.pk)
    b = await connect(bea)
    await b.send({"type": "sync", "conversations": {str(group.pk): sent[1], str(other.pk): 0}})
    replayed = [await b.next_of("message.new") for _ in range(3)]
    assert [e["message"]["id"] for e in replayed] == sent[2:]
    assert all(e["replay"] is True for e in replayed)
    done = await b.next_of("sync.done")
    assert done["conversations"] == {
        str(group.pk): {"last": sent[-1], "more": False},
        str(other.pk): {"error": "not_found"},
    }
    await b.send({"type": "sync", "conversations": ["not", "a", "map"]})
    assert (await b.next_of("error"))["code"] == "invalid"
    await b.disconnect()


async def test_a_network_conversation_reaches_its_members_and_stops_at_once_for_a_removed_one():
    from networks import services as network_services

    owner, member, outsider = await make_users(3)

    @db
    def setup():
        network = NetworkFactory()
        NetworkMembershipFactory(network=network, user=owner, role="owner")
        membership = NetworkMembershipFactory(network=network, user=member)
        return services.network_conversation_ensure(network=network), membership

    conversation, membership = await setup()
    m, o = await connect(member), await connect(outsider)
    await db(services.message_send)(conversation=conversation, author=owner, body="Reunión del clúster")
    assert (await m.next_of("message.new"))["message"]["body"] == "Reunión del clúster"
    await o.none_of("message.new")

    await db(network_services.membership_remove)(membership=membership, actor=owner, ban=True)
    assert (await m.next_of("conversation.removed"))["conversation"] == conversation.pk
    await db(services.message_send)(conversation=conversation, author=owner, body="Ya no lo ves")
    await m.none_of("message.new")
    await m.send(send_frame(conversation, "¿Sigo aquí?"))
    assert (await m.next_of("error"))["code"] == "not_found"
    await m.disconnect()
    await o.disconnect()


async def test_a_member_removed_from_a_group_stops_receiving_and_cannot_send():
    ana, bea, carla = await make_users(3)
    group = await make_group(ana, [bea, carla])
    c = await connect(carla)
    await db(services.group_member_remove)(conversation=group, actor=ana, user=carla)
    assert (await c.next_of("conversation.removed"))["conversation"] == group.pk
    await db(services.message_send)(conversation=group, author=bea, body="Solo para nosotras")
    await c.none_of("message.new")
    await c.send(send_frame(group))
    assert (await c.next_of("error"))["code"] == "not_found"
    await c.disconnect()


async def test_blocking_stops_a_persons_messages_reaching_you_and_refuses_their_direct_sends():
    ana, bea, carla = await make_users(3)
    group = await make_group(ana, [bea, carla])
    direct = await db(services.direct_open)(user=bea, other=ana)
    a, b = await connect(ana), await connect(bea)
    await db(services.block_create)(blocker=ana, blocked=bea)
    assert (await b.next_of("conversation.blocked"))["conversation"] == direct.pk

    await b.send(send_frame(group, "En el grupo"))
    await b.next_of("message.ack")
    await a.none_of("message.new")  # stored for the others, not delivered to the blocker

    await b.send(send_frame(direct, "¿Por qué?"))
    error = await b.next_of("error")
    assert error["code"] == "forbidden"
    assert error["message"] == "You cannot send messages to this person."
    await a.disconnect()
    await b.disconnect()


async def test_refusals_come_back_in_the_members_language():
    ana, bea = await make_users(2)
    bea.preferred_language = "es"
    await db(bea.save)(update_fields=["preferred_language"])
    direct = await db(services.direct_open)(user=bea, other=ana)
    await db(services.block_create)(blocker=ana, blocked=bea)
    b = await connect(bea)
    await b.send(send_frame(direct, "¿Me lees?"))
    error = await b.next_of("error")
    assert error["code"] == "forbidden"
    assert error["message"] == "No puedes enviar mensajes a esta persona."
    await b.disconnect()


async def test_deactivation_closes_every_open_socket_with_4403():
    from community.accounts.services import user_deactivate

    ana, bea = await make_users(2)
    first, second = await connect(ana), await connect(ana)
    await db(user_deactivate)(user=ana)
    assert await first.close_code() == 4403
    assert await second.close_code() == 4403


async def test_a_first_message_from_a_stranger_is_a_request_and_a_second_waits_for_acceptance():
    lucia, stranger = await make_users(2)
    direct = await db(services.direct_open)(user=stranger, other=lucia)
    s, lu = await connect(stranger), await connect(lucia)
    await s.send(send_frame(direct, "Hola, vi su tienda"))
    await s.next_of("message.ack")
    assert (await lu.next_of("message.new"))["message"]["body"] == "Hola, vi su tienda"
    await s.send(send_frame(direct, "¿Me responde?"))
    error = await s.next_of("error")
    assert error["code"] == "forbidden"
    assert "waiting for an answer" in error["message"]

    await db(services.request_accept)(conversation=direct, user=lucia)
    await s.send(send_frame(direct, "Gracias por aceptar"))
    await s.next_of("message.ack")
    await s.disconnect()
    await lu.disconnect()


async def test_forum_events_reach_only_sockets_that_opened_a_topic_they_may_read():
    from forums.services.moderation import post_hide
    from forums.services.posting import post_create

    reader, author, staff = await make_users(3)

    @db
    def setup():
        staff.is_staff = True
        staff.save()
        open_topic = TopicFactory(category=CategoryFactory(reply_access=Access.EVERYONE))
        hidden = TopicFactory(category=CategoryFactory(read_access=Access.MODERATORS))
        return open_topic, hidden

    topic, hidden_topic = await setup()
    r = await connect(reader)
    bystander = await connect(await db(UserFactory)())
    await r.send({"type": "topic.open", "topic": hidden_topic.pk})
    assert (await r.next_of("error"))["code"] == "not_found"
    await r.send({"type": "topic.open", "topic": topic.pk})
    assert await r.next_of("topic.opened") == {"type": "topic.opened", "topic": topic.pk}

    post = await db(post_create)(topic=topic, author=author, body="Una respuesta con experiencia")
    created = await r.next_of("forum.post_created")
    assert created == {
        "type": "forum.post_created",
        "topic": topic.pk,
        "post": post.pk,
        "url": f"/forums/posts/{post.pk}/",
    }
    await bystander.none_of("forum.post_created")

    await db(post_hide)(post=post, actor=staff, reason="spam")
    assert (await r.next_of("forum.post_hidden"))["post"] == post.pk

    await r.send({"type": "topic.close", "topic": topic.pk})
    await r.send({"type": "ping"})
    await r.next_of("pong")  # frames are handled in order: the topic is closed now
    await db(post_create)(topic=topic, author=author, body="Otra respuesta")
    await r.none_of("forum.post_created")
    await r.disconnect()
    await bystander.disconnect()


async def test_a_flood_of_frames_is_answered_with_an_error_then_the_socket_is_closed_with_4429():
    (ana,) = await make_users(1)
    a = await connect(ana)
    for _ in range(61):
        await a.send({"type": "ping"})
    assert (await a.next_of("error"))["code"] == "flood"
    for _ in range(150):
        await a.send({"type": "ping"})
    assert await a.close_code() == 4429
