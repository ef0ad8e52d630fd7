"""A `websockets` client for end-to-end tests against real daphne processes (tests/servers.py)."""

import asyncio
import json
from typing import Any

import websockets
from asgiref.sync import sync_to_async

from tests.messaging.socket_helpers import session_cookie_sync


class Client:
    """A websockets connection that keeps the events it skipped while waiting for another type."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.kept: list[dict[str, Any]] = []

    async def send(self, frame: dict[str, Any]) -> None:
        await self.connection.send(json.dumps(frame))

    async def next_of(self, event_type: str, timeout: float = 5, **match: Any) -> dict[str, Any]:
        for index, event in enumerate(self.kept):
            if event.get("type") == event_type and all(event.get(k) == v for k, v in match.items()):
                return self.kept.pop(index)
        async with asyncio.timeout(timeout):
            while True:
                event = json.loads(await self.connection.recv())
                if event.get("type") == event_type and all(event.get(k) == v for k, v in match.items()):
                    return event
                self.kept.append(event)

    async def drain(self, wait: float = 0.5) -> list[dict[str, Any]]:
        with_timeout: list[dict[str, Any]] = []
        try:
            async with asyncio.timeout(wait):
                while True:
                    with_timeout.append(json.loads(await self.connection.recv()))
        except TimeoutError:
            pass
        self.kept.extend(with_timeout)
        return self.kept

    async def close(self) -> None:
        await self.connection.close()


async def session_cookie(user) -> str:
    return (await sync_to_async(session_cookie_sync)(user)).decode()


async def open_socket(server, user, *, cookie: str | None = None) -> Client:
    cookie = cookie or await session_cookie(user)
    connection = await websockets.connect(
        server.ws_url, origin=server.url, additional_headers={"Cookie": cookie}, open_timeout=10
    )
    client = Client(connection)
    hello = await client.next_of("hello", timeout=10)
    assert hello["user"] == user.pk
    return client
