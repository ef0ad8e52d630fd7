"""The /ws/ consumer: authenticates, joins the user's group and carries frames (docs/realtime.md)."""

import json
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer

from messaging.groups import user_group

MAX_FRAME_BYTES = 64 * 1024
CLOSE_UNAUTHENTICATED = 4401


class LiveConsumer(AsyncWebsocketConsumer):
    group: str | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        await self.accept()
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.send_event({"type": "hello", "user": user.pk})

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.group is None:
            return
        raw = text_data if text_data is not None else (bytes_data or b"").decode("utf-8", "replace")
        if len(raw.encode("utf-8")) > MAX_FRAME_BYTES:
            await self.send_error("too_large", "Frames are limited to 64 KiB.")
            return
        try:
            frame = json.loads(raw)
        except ValueError:
            await self.send_error("bad_json", "The frame is not valid JSON.")
            return
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self.send_error("bad_frame", "A frame is a JSON object with a string 'type'.")
            return
        if frame["type"] == "ping":
            await self.send_event({"type": "pong"})
            return
        await self.send_error("unknown_type", f"Unknown frame type: {frame['type'][:40]}")

    async def send_event(self, payload: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(payload, ensure_ascii=False))

    async def send_error(self, code: str, message: str) -> None:
        await self.send_event({"type": "error", "code": code, "message": message})

    async def live_event(self, message: dict[str, Any]) -> None:
        """Handler for group messages of type 'live.event': forward the payload unchanged."""
        await self.send_event(message["payload"])
