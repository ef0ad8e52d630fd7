"""Helpers for consumer tests: signed-in WebsocketCommunicators and waiting for one event type."""

import asyncio
from typing import Any

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from config.asgi import application

ORIGIN = (b"origin", b"http://127.0.0.1:8000")


def session_cookie_sync(user) -> bytes:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}".encode()


session_cookie = database_sync_to_async(session_cookie_sync)


class Socket:
    """A signed-in socket that remembers the events it skipped while waiting for another type."""

    def __init__(self, communicator: WebsocketCommunicator) -> None:
        self.communicator = communicator
        self.seen: list[dict[str, Any]] = []

    async def send(self, frame: dict[str, Any]) -> None:
        await self.communicator.send_json_to(frame)

    async def next_of(self, event_type: str, timeout: float = 3) -> dict[str, Any]:
        """The next event of this type, looking first at those kept while waiting for another type."""
        for index, kept in enumerate(self.seen):
            if kept.get("type") == event_type:
                return self.seen.pop(index)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"no {event_type!r} event within {timeout} s; got {self.seen}")
            try:
                event = await self.communicator.receive_json_from(timeout=remaining)
            except TimeoutError:
                raise AssertionError(f"no {event_type!r} event within {timeout} s; got {self.seen}") from None
            if event.get("type") == event_type:
                return event
            self.seen.append(event)

    async def none_of(self, event_type: str, wait: float = 0.6) -> None:
        """Fail if an event of this type was kept or arrives within `wait` seconds."""
        assert not [e for e in self.seen if e.get("type") == event_type], self.seen
        # receive_nothing, unlike a receive that times out, leaves the consumer running.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while loop.time() < deadline:
            if await self.communicator.receive_nothing(timeout=0.05):
                continue
            event = await self.communicator.receive_json_from(timeout=1)
            assert event.get("type") != event_type, f"unexpected {event_type}: {event}"
            self.seen.append(event)

    async def close_code(self, timeout: float = 3) -> int:
        while True:
            output = await self.communicator.receive_output(timeout=timeout)
            if output["type"] == "websocket.close":
                return output.get("code", 1000)

    async def disconnect(self) -> None:
        await self.communicator.disconnect()


async def connect(user, *, origin=ORIGIN) -> Socket:
    headers = [origin, (b"cookie", await session_cookie(user))]
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _code = await communicator.connect()
    assert connected
    socket = Socket(communicator)
    hello = await socket.next_of("hello")
    assert hello["user"] == user.pk
    return socket
