"""The /ws/ consumer: authenticates, registers with this process's hub and carries frames.

Every command goes to a service or selector (messaging.protocol does the database work in a
thread); events arrive from the hub already encoded. The protocol is docs/realtime.md.
"""

import asyncio
import json
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from messaging import events, protocol
from messaging.hub import Hub, get_hub

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 64 * 1024
CLOSE_UNAUTHENTICATED = 4401
CLOSE_FLOOD = 4429
TYPING_EVERY_SECONDS = 2.5
MAX_OPEN_TOPICS = 5
# Any frame counts here; message.send has its own per-member limit (settings.MESSAGING_SEND_RATE).
# Over settings.LIVE_FLOOD_FRAMES frames in the window further frames are dropped; over
# settings.LIVE_FLOOD_CLOSE_FRAMES the socket is closed.
FLOOD_WINDOW_SECONDS = 10
T = TypeVar("T")


_sending: set[asyncio.Task[None]] = set()  # references to the tasks of _send_later until they are done


def _send_later(call: "asyncio.Future[Any]", pending: list[dict[str, Any]]) -> None:
    """Send the events of a command whose consumer was cancelled, once its thread has finished."""
    if not call.cancelled() and call.exception() is not None:
        logger.warning("live socket: a command failed after its socket went away", exc_info=call.exception())

    async def send_all() -> None:
        for message in pending:
            await events.asend(message)

    task = asyncio.get_running_loop().create_task(send_all())
    _sending.add(task)
    task.add_done_callback(_sending.discard)


class LiveConsumer(AsyncWebsocketConsumer):
    # Events reach a socket through its process's hub (messaging/hub.py), never through a channel of
    # its own, so the consumer opens none: an alias that is not configured gives it no channel layer.
    # A layer channel per socket would cost a queue and a waiting task per socket, a Redis
    # subscription per socket on the pub/sub layer, and, on the in-memory layer, a scan of every
    # socket's queue on each receive (InMemoryChannelLayer._clean_expired): connects slowed down
    # quadratically (bench/realtime.py idle).
    channel_layer_alias = "live-sockets-have-no-channel"
    user_id: int = 0
    hub: Hub | None = None

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels' AsyncConsumer.dispatch first runs close_old_connections in the database thread, a
        # hop into that one thread for every frame (pings and typing included). Every database call of
        # this consumer goes through database_sync_to_async, which closes old connections in the thread
        # itself, before and after: the extra hop only queued behind the sends (bench/realtime.py, rate).
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        user = self.scope.get("user")
        await self.accept()
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.user_id = user.pk
        # Errors and refusals come back in the member's language, as on the pages.
        self.language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
        self.status = "online"
        self.typing_sent: dict[int, float] = {}
        self.topics: set[int] = set()
        self.window_start = time.monotonic()
        self.window_frames = 0
        self.hub = await get_hub()
        self.hub.add(self)
        await self.send_event({"type": "hello", "user": user.pk})
        await self._mark_presence("online")

    async def disconnect(self, code: int) -> None:
        if self.hub is None:
            return
        remaining = self.hub.remove(self)
        self.hub = None
        if remaining == 0:
            try:
                message = await database_sync_to_async(protocol.presence_clear)(self.user_id)
            except Exception:
                logger.warning("live socket: presence not cleared for member %s", self.user_id, exc_info=True)
                return  # the key expires by itself (presence.PRESENCE_TTL)
            if message is not None:
                await events.asend(message)

    # Frames from the client.

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.hub is None:
            return
        if not await self._within_flood_limit():
            return
        # Errors and replies in the member's language, from the first check on.
        with translation.override(self.language):
            await self._handle(text_data if text_data is not None else bytes_data or b"")

    async def _handle(self, data: str | bytes) -> None:
        raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
        if len(raw) > MAX_FRAME_BYTES:
            await self.send_error("too_large", _("Frames are limited to 64 KiB."))
            return
        try:
            frame = json.loads(raw.decode("utf-8", "replace"))
        except (ValueError, RecursionError):
            # RecursionError: arrays nested deeper than the parser's recursion limit ("[[[[…").
            await self.send_error("bad_json", _("The frame is not valid JSON."))
            return
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self.send_error("bad_frame", _("A frame is a JSON object with a string 'type'."))
            return
        handler = self.COMMANDS.get(frame["type"])
        if handler is None:
            await self.send_error(
                "unknown_type", _("Unknown frame type: %(type)s") % {"type": frame["type"][:40]}, frame
            )
            return
        try:
            await handler(self, frame)
        except protocol.FrameError as exc:
            await self.send_event(exc.payload())
        except Exception:
            logger.exception("live socket: command %s failed", frame["type"][:40])
            await self.send_error("server_error", _("The server could not handle this frame."), frame)

    async def _within_flood_limit(self) -> bool:
        now = time.monotonic()
        if now - self.window_start > FLOOD_WINDOW_SECONDS:
            self.window_start, self.window_frames = now, 0
        self.window_frames += 1
        if self.window_frames > settings.LIVE_FLOOD_CLOSE_FRAMES:
            await self.close(code=CLOSE_FLOOD)
            return False
        if self.window_frames > settings.LIVE_FLOOD_FRAMES:
            if self.window_frames == settings.LIVE_FLOOD_FRAMES + 1:
                with translation.override(self.language):
                    await self.send_error(
                        "flood", _("Too many frames: slow down or the socket will be closed.")
                    )
            return False
        return True

    async def cmd_ping(self, frame: dict[str, Any]) -> None:
        await self.send_event({"type": "pong"})
        await self._mark_presence(self.status)

    async def _in_database(self, function: Callable[..., T], *args: Any) -> T:
        """Run a protocol function in the database thread; the live events it publishes are sent from
        here, on the event loop, once it returns (events.run_deferring says why)."""
        pending: list[dict[str, Any]] = []
        call = asyncio.ensure_future(database_sync_to_async(events.run_deferring)(function, pending, *args))
        try:
            # Shielded: if this consumer is cancelled (daphne does so some seconds after the client went
            # away, and on shutdown) the thread still finishes and may commit; its events must go out.
            return await asyncio.shield(call)
        finally:
            if call.done():
                for message in pending:
                    await events.asend(message)
            else:
                call.add_done_callback(lambda done: _send_later(done, pending))

    async def cmd_message_send(self, frame: dict[str, Any]) -> None:
        ack = await self._in_database(protocol.message_send, self.user_id, frame)
        await self.send_event(ack)

    async def cmd_sync(self, frame: dict[str, Any]) -> None:
        replies = await database_sync_to_async(protocol.catch_up)(self.user_id, frame)
        for text in replies:
            await self.send(text_data=text)

    async def cmd_typing(self, frame: dict[str, Any]) -> None:
        conversation_id = protocol.conversation_id_of(frame)
        now = time.monotonic()
        if now - self.typing_sent.get(conversation_id, 0.0) < TYPING_EVERY_SECONDS:
            return  # throttled: the others still show the last one until it expires
        self.typing_sent[conversation_id] = now
        message = await database_sync_to_async(protocol.typing)(self.user_id, conversation_id)
        await events.asend(message)

    async def cmd_read(self, frame: dict[str, Any]) -> None:
        await self._in_database(protocol.read, self.user_id, frame)

    async def cmd_presence(self, frame: dict[str, Any]) -> None:
        status = frame.get("status")
        if status not in ("online", "away"):
            raise protocol.FrameError("invalid", _("status is 'online' or 'away'."), frame)
        self.status = status
        await self._mark_presence(status)

    async def cmd_topic_open(self, frame: dict[str, Any]) -> None:
        topic_id = await database_sync_to_async(protocol.topic_open)(self.user_id, frame)
        if topic_id not in self.topics and len(self.topics) >= MAX_OPEN_TOPICS:
            raise protocol.FrameError(
                "too_many_topics", _("At most %(count)s topics at once.") % {"count": MAX_OPEN_TOPICS}, frame
            )
        self.topics.add(topic_id)
        if self.hub is not None:
            self.hub.watch(self, topic_id)
        await self.send_event({"type": "topic.opened", "topic": topic_id})

    async def cmd_topic_close(self, frame: dict[str, Any]) -> None:
        topic_id = frame.get("topic")
        if isinstance(topic_id, int) and topic_id in self.topics:
            self.topics.discard(topic_id)
            if self.hub is not None:
                self.hub.unwatch(self, topic_id)

    COMMANDS = {
        "ping": cmd_ping,
        "message.send": cmd_message_send,
        "sync": cmd_sync,
        "typing": cmd_typing,
        "read": cmd_read,
        "presence": cmd_presence,
        "topic.open": cmd_topic_open,
        "topic.close": cmd_topic_close,
    }

    async def _mark_presence(self, status: str) -> None:
        """Presence lives in the cache (Redis with REDIS_URL) and is a hint: while the cache is out (Redis
        restarting) a socket still connects and works, and its next heartbeat records the status."""
        try:
            message = await database_sync_to_async(protocol.presence_mark)(self.user_id, status)
        except Exception:
            logger.warning("live socket: presence not recorded for member %s", self.user_id, exc_info=True)
            return
        if message is not None:
            await events.asend(message)

    # Called by the hub.

    async def deliver(self, text: str) -> None:
        await self.send(text_data=text)

    async def force_close(self, code: int) -> None:
        await self.close(code=code)  # disconnect() then leaves the hub and clears presence

    def forget_conversation(self, conversation_id: int) -> None:
        self.typing_sent.pop(conversation_id, None)

    # Replies.

    async def send_event(self, payload: dict[str, Any]) -> None:
        await self.send(text_data=events.encode(payload))

    async def send_error(self, code: str, message: str, frame: dict[str, Any] | None = None) -> None:
        await self.send_event(protocol.FrameError(code, message, frame).payload())
