"""Publishing live events to users' sockets. Call only after the transaction has committed."""

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from messaging.groups import user_group


def push_to_user(user_id: int, payload: dict[str, Any]) -> None:
    """Deliver one event to every open socket of a user (at most once: clients catch up from the DB)."""
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(user_group(user_id), {"type": "live.event", "payload": payload})
