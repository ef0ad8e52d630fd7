"""The baseline of bench/realtime.py: a bare Channels consumer that only group-sends, served by daphne.

No database, no session, no checks: every socket joins one Channels group on connect; a
`message.send` frame is encoded once into a `message.new` frame of the same shape as Minga's and
group-sent to everyone. The channel layer is configured as Minga's settings configure it (in-memory
with capacity 2,000; the Redis pub/sub layer when REDIS_URL is set), so the two differ only in
the code path. GET /healthz answers 200 so tests/servers.Daphne can wait for it.
"""

import json
import os
import sys
from typing import Any

import django
from django.conf import settings

GROUP = "bench-conversation"
# Minga's daphne shortens CPython's switch interval (config/asgi.py, GIL_SWITCH_INTERVAL). The baseline
# keeps CPython's default unless GIL_SWITCH_INTERVAL is set for the run, to measure it with the same.
if os.environ.get("GIL_SWITCH_INTERVAL"):
    sys.setswitchinterval(float(os.environ["GIL_SWITCH_INTERVAL"]))

if not settings.configured:
    redis_url = os.environ.get("REDIS_URL", "")
    layer: dict[str, Any] = (
        {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [redis_url], "prefix": "bench-bare"},
        }
        if redis_url
        else {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 2000}}
    )
    settings.configure(CHANNEL_LAYERS={"default": layer}, INSTALLED_APPS=[], USE_TZ=True)
    django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter  # noqa: E402


class BareConsumer(AsyncWebsocketConsumer):
    groups = [GROUP]  # joined on connect, left on disconnect, by Channels itself

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        frame = json.loads(text_data or "{}")
        if frame.get("type") != "message.send":
            return
        message = {"client_id": frame.get("client_id"), "body": frame.get("body", "")}
        text = json.dumps({"type": "message.new", "message": message}, separators=(",", ":"))
        await self.channel_layer.group_send(GROUP, {"type": "chat.message", "text": text})

    async def chat_message(self, event: dict[str, Any]) -> None:
        await self.send(text_data=event["text"])


async def healthz(scope: dict[str, Any], receive: Any, send: Any) -> None:
    while (await receive())["type"] != "http.request":
        pass
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})


application = ProtocolTypeRouter({"http": healthz, "websocket": BareConsumer.as_asgi()})
