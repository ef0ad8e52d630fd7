"""Publishing live events to sockets: encode once, one layer message per event (see messaging/hub.py).

Call only after the transaction has committed (services register these with transaction.on_commit).
Delivery is at most once: clients catch up from the database by last seen id (docs/realtime.md).
"""

import json
import logging
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any, TypeVar

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from messaging.hub import NODES_GROUP

logger = logging.getLogger(__name__)

CLOSE_DEACTIVATED = 4403
T = TypeVar("T")
# Set while a socket command runs in the database thread: events are collected here and the consumer
# sends them from the event loop afterwards (see run_deferring), instead of the thread handing each one
# to the loop and waiting for it.
_deferred: ContextVar[list[dict[str, Any]] | None] = ContextVar("deferred_live_events", default=None)


def encode(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _layer_message(kind: str, text: str | None = None, **fields: Any) -> dict[str, Any]:
    return {"type": "hub.event", "kind": kind, "text": text, **fields}


async def asend(message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        await layer.group_send(NODES_GROUP, message)
    except Exception:
        # A layer outage must not fail the member's request: the data is saved, clients catch up.
        logger.exception("live event not sent (%s)", message.get("kind"))


def _send(message: dict[str, Any]) -> None:
    pending = _deferred.get()
    if pending is not None:
        pending.append(message)
        return
    async_to_sync(asend)(message)


def run_deferring(function: Callable[..., T], pending: list[dict[str, Any]], *args: Any) -> T:
    """Call function(*args) (synchronous, in the database thread); the events it publishes after commit
    are appended to `pending` for the caller to send with asend() from the event loop.

    A socket command runs in daphne's one database thread. Sending from there (async_to_sync) hands the
    event to the busy event loop and holds that thread until the loop gets to it: under load the next
    command waits for fan-out it has nothing to do with (bench/realtime.py, rate)."""
    token = _deferred.set(pending)
    try:
        return function(*args)
    finally:
        _deferred.reset(token)


def users_message(user_ids: Iterable[int], payload: dict[str, Any]) -> dict[str, Any]:
    return _layer_message("users", encode(payload), users=sorted(set(user_ids)))


def publish(user_ids: Iterable[int], payload: dict[str, Any]) -> None:
    """Deliver one event to every open socket of these members, on every process."""
    ids = sorted(set(user_ids))
    if ids:
        _send(users_message(ids, payload))


def push_to_user(user_id: int, payload: dict[str, Any]) -> None:
    publish([user_id], payload)


def publish_topic(topic_id: int, payload: dict[str, Any]) -> None:
    """Deliver to the sockets that have this forum topic open."""
    _send(_layer_message("topic", encode(payload), topic=topic_id))


def close_sockets(user_id: int, code: int = CLOSE_DEACTIVATED) -> None:
    """Close every open socket of a member at once (deactivation, deletion)."""
    _send(_layer_message("close", users=[user_id], code=code))


def forget_conversation(user_ids: Iterable[int], conversation_id: int, payload: dict[str, Any]) -> None:
    """Tell the sockets of people who lost a conversation, and drop its state on those sockets."""
    ids = sorted(set(user_ids))
    if ids:
        _send(_layer_message("forget", encode(payload), users=ids, conversation=conversation_id))


# Messaging's own events: built here from saved rows, sent after commit by the services.


def _message_event(event_type: str, message: Any) -> dict[str, Any]:
    from messaging.payloads import message_data

    return {"type": event_type, "message": message_data(message)}


def message_created(message: Any, *, previous: int, attachments: list[Any]) -> None:
    """`previous` is the id of the message before it in the conversation (0: none). A client whose last
    seen id differs has missed a live event and catches up with `sync` (docs/realtime.md). `attachments`
    are the ones just saved with it (a new message has no reactions yet): nothing is read back."""
    from messaging.payloads import message_data
    from messaging.permissions import recipients

    payload = {
        "type": "message.new",
        "message": message_data(message, new_attachments=attachments),
        "previous": previous,
    }
    publish(recipients(message.conversation, author_id=message.author_id), payload)


def message_changed(message: Any, event_type: str) -> None:
    """message.edited, message.deleted (a tombstone) or message.reacted, to the same people as the message."""
    from messaging.permissions import recipients

    publish(
        recipients(message.conversation, author_id=message.author_id), _message_event(event_type, message)
    )


def read_moved(conversation: Any, user: Any, message_id: int) -> None:
    """The reader's own sockets always hear it (their unread counts); the others only in direct and group
    conversations, and only if the reader sends read receipts."""
    from messaging.models import ConversationKind, MessagingSettings
    from messaging.permissions import recipients

    payload = {"type": "read", "conversation": conversation.pk, "user": user.pk, "message": message_id}
    audience = [user.pk]
    shares = not MessagingSettings.objects.filter(user=user, send_read_receipts=False).exists()
    if conversation.kind != ConversationKind.NETWORK and shares:
        audience = recipients(conversation, author_id=user.pk)
    publish(audience, payload)


def conversation_added(conversation: Any, user_ids: list[int]) -> None:
    publish(
        user_ids,
        {
            "type": "conversation.added",
            "conversation": {"id": conversation.pk, "kind": conversation.kind, "title": conversation.title},
        },
    )


def conversation_removed(conversation: Any, user_ids: list[int]) -> None:
    forget_conversation(
        user_ids, conversation.pk, {"type": "conversation.removed", "conversation": conversation.pk}
    )


def conversation_blocked(conversation: Any, blocker: Any, blocked: Any) -> None:
    forget_conversation(
        [blocker.pk, blocked.pk],
        conversation.pk,
        {"type": "conversation.blocked", "conversation": conversation.pk},
    )


def sockets_close(user_id: int) -> None:
    close_sockets(user_id, CLOSE_DEACTIVATED)
