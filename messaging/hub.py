"""Local delivery in each daphne process: its open sockets by member and by open forum topic.

Every live event goes once through the channel layer to the group of all processes (NODES_GROUP),
already encoded as the text frame; each process's hub hands that text to the sockets of the
recipients it holds. So a message to a 50-member conversation is one layer message per process, not
50, and it is encoded once. The layer is only the carrier between processes.
"""

import asyncio
import logging
from collections import defaultdict
from typing import Any, Protocol

from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)

NODES_GROUP = "minga-nodes"


class Socket(Protocol):
    user_id: int

    async def deliver(self, text: str) -> None: ...

    async def force_close(self, code: int) -> None: ...

    def forget_conversation(self, conversation_id: int) -> None: ...


class Hub:
    def __init__(self, layer: Any) -> None:
        self.layer = layer
        self.users: dict[int, set[Socket]] = defaultdict(set)
        self.topics: dict[int, set[Socket]] = defaultdict(set)
        self.channel: str | None = None
        self._task: asyncio.Task[None] | None = None
        self._starting = asyncio.Lock()

    async def start(self) -> None:
        async with self._starting:
            if self._task is not None:
                return
            self.channel = await self.layer.new_channel("hub.")
            await self.layer.group_add(NODES_GROUP, self.channel)
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        assert self.channel is not None  # noqa: S101 - set by start()
        while True:
            try:
                message = await self.layer.receive(self.channel)
                await self.dispatch(message)
            except asyncio.CancelledError:
                raise
            except Exception:
                # The layer reconnects by itself (Redis restarts); clients catch up from the database.
                logger.exception("live hub: receive failed")
                await asyncio.sleep(0.5)

    def add(self, socket: Socket) -> None:
        self.users[socket.user_id].add(socket)

    def remove(self, socket: Socket) -> int:
        """Forget a socket everywhere; return how many sockets its member still has in this process."""
        sockets = self.users.get(socket.user_id)
        if sockets is not None:
            sockets.discard(socket)
            if not sockets:
                del self.users[socket.user_id]
        for topic_id in [t for t, watchers in self.topics.items() if socket in watchers]:
            self.unwatch(socket, topic_id)
        return len(self.users.get(socket.user_id, ()))

    def watch(self, socket: Socket, topic_id: int) -> None:
        self.topics[topic_id].add(socket)

    def unwatch(self, socket: Socket, topic_id: int) -> None:
        watchers = self.topics.get(topic_id)
        if watchers is not None:
            watchers.discard(socket)
            if not watchers:
                del self.topics[topic_id]

    def local_sockets(self, user_ids: list[int]) -> list[Socket]:
        found: list[Socket] = []
        for user_id in user_ids:
            found.extend(self.users.get(user_id, ()))
        return found

    async def dispatch(self, message: dict[str, Any]) -> None:
        kind = message.get("kind")
        if kind == "users":
            targets = self.local_sockets(message["users"])
        elif kind == "topic":
            targets = list(self.topics.get(message["topic"], ()))
        elif kind == "close":
            for socket in self.local_sockets(message["users"]):
                await socket.force_close(message["code"])
            return
        elif kind == "forget":
            for socket in self.local_sockets(message["users"]):
                socket.forget_conversation(message["conversation"])
            targets = self.local_sockets(message["users"]) if message.get("text") else []
        else:
            logger.warning("live hub: unknown message kind %r", kind)
            return
        text = message.get("text")
        if not text:
            return
        for socket in targets:
            try:
                await socket.deliver(text)
            except Exception:
                logger.exception("live hub: delivery to one socket failed")


_hubs: dict[int, Hub] = {}


async def get_hub() -> Hub:
    """The hub of this process's event loop, started on first use and renewed if the layer changed."""
    layer = get_channel_layer()
    loop_id = id(asyncio.get_running_loop())
    hub = _hubs.get(loop_id)
    if hub is None or hub.layer is not layer or (hub._task is not None and hub._task.done()):
        hub = Hub(layer)
        _hubs.clear()  # one event loop per process outside tests; tests make a loop per test
        _hubs[loop_id] = hub
    await hub.start()
    return hub
