"""The /ws/ endpoint: origin and session checks, the frame rules, and live notifications."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from config.asgi import application
from tests.factories import UserFactory
from tests.messaging.socket_helpers import Socket

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://127.0.0.1:8000")


@database_sync_to_async
def _session_cookie_for(user) -> bytes:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}".encode()


@database_sync_to_async
def _make_user(**kwargs):
    return UserFactory(**kwargs)


async def _connect(user=None, origin=ORIGIN):
    headers = [origin] if origin else []
    if user is not None:
        headers.append((b"cookie", await _session_cookie_for(user)))
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, code = await communicator.connect()
    return communicator, connected, code


async def test_socket_from_a_foreign_origin_is_refused():
    user = await _make_user()
    communicator, connected, _code = await _connect(user, origin=(b"origin", b"https://evil.example"))
    assert not connected


async def test_anonymous_socket_is_closed_with_4401_and_gets_nothing():
    communicator, connected, _code = await _connect(None)
    assert connected
    message = await communicator.receive_output(timeout=1)
    assert message == {"type": "websocket.close", "code": 4401}


async def test_signed_in_socket_says_hello_and_answers_ping():
    user = await _make_user()
    communicator, connected, _code = await _connect(user)
    assert connected
    socket = Socket(communicator)
    assert await socket.next_of("hello") == {"type": "hello", "user": user.pk}
    assert await socket.next_of("presence") == {"type": "presence", "user": user.pk, "status": "online"}
    await socket.send({"type": "ping"})
    assert await socket.next_of("pong") == {"type": "pong"}
    await communicator.disconnect()


async def test_open_sockets_hold_no_layer_channel_of_their_own():
    # Events reach sockets through the process's hub: a channel per socket would only cost memory, a
    # Redis subscription each, and on the in-memory layer a scan of every socket's queue per receive.
    from channels.layers import get_channel_layer

    communicators = []
    for _ in range(3):
        communicator, connected, _code = await _connect(await _make_user())
        assert connected
        await Socket(communicator).next_of("hello")
        communicators.append(communicator)

    assert len(get_channel_layer().channels) == 1  # the hub's channel, waiting for events
    for communicator in communicators:
        await communicator.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("{not json", "bad_json"),
        ("[1, 2]", "bad_frame"),
        (json.dumps({"type": "launch.rockets"}), "unknown_type"),
        (json.dumps({"type": "ping", "pad": "x" * (64 * 1024)}), "too_large"),
    ],
)
async def test_bad_frames_get_an_error_event_and_the_socket_survives(frame, code):
    user = await _make_user()
    communicator, _connected, _code = await _connect(user)
    socket = Socket(communicator)
    await communicator.send_to(text_data=frame)
    reply = await socket.next_of("error")
    assert reply["code"] == code
    await socket.send({"type": "ping"})
    assert await socket.next_of("pong") == {"type": "pong"}
    await communicator.disconnect()


@database_sync_to_async
def _send_inquiry(organisation_owner):
    from django.test import Client

    from community.organisations.models import Membership

    organisation = Membership.objects.get(user=organisation_owner).organisation
    return Client().post(
        f"/organisations/{organisation.slug}/inquire/",
        {"name": "Visitor", "email": "visitor@example.org", "message": "¿Tienen habitación doble en junio?"},
    )


@database_sync_to_async
def _owner_with_organisation():
    from community.organisations.models import Role
    from tests.factories import MembershipFactory

    return MembershipFactory(role=Role.OWNER).user


async def test_inquiry_pushes_notification_with_unread_count_to_the_owners_socket():
    owner = await _owner_with_organisation()
    communicator, _connected, _code = await _connect(owner)
    socket = Socket(communicator)
    await socket.next_of("hello")
    response = await _send_inquiry(owner)
    assert response.status_code == 200
    event = await socket.next_of("notification.new")
    assert event["unread_count"] == 1
    await communicator.disconnect()
