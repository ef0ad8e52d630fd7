"""The database side of the /ws/ commands, run in a thread by the consumer: parse a frame, call the
service or selector, and answer with the reply or a FrameError (docs/realtime.md lists them all)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from messaging import events, permissions, presence, selectors, services
from messaging.payloads import message_data

MAX_SYNC_CONVERSATIONS = 100
TYPING_EXPIRES_SECONDS = 6


class FrameError(Exception):
    def __init__(self, code: str, message: str, frame: dict[str, Any] | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.code, self.message, self.extra = code, message, extra
        self.client_id = frame.get("client_id") if isinstance(frame, dict) else None

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"type": "error", "code": self.code, "message": self.message, **self.extra}
        if isinstance(self.client_id, str):
            body["client_id"] = self.client_id[:64]
        return body


def _active_user(user_id: int) -> Any:
    # The socket's user was read at connect: read it again so a deactivation counts at once.
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise FrameError("forbidden", "Your account cannot do this.")
    return user


def conversation_id_of(frame: dict[str, Any]) -> int:
    value = frame.get("conversation")
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise FrameError("invalid", "conversation must be a positive integer id.", frame)
    return value


def _conversation_for(user: Any, frame: dict[str, Any]) -> Any:
    try:
        return permissions.get_conversation_for_user(user, conversation_id_of(frame))
    except Http404:
        raise FrameError("not_found", "No such conversation.", frame) from None


def _messages_of(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def message_send(user_id: int, frame: dict[str, Any]) -> dict[str, Any]:
    user = _active_user(user_id)
    conversation = _conversation_for(user, frame)
    body = frame.get("body", "")
    reply_to = frame.get("reply_to")
    if not isinstance(body, str):
        raise FrameError("invalid", "body must be a string.", frame)
    if reply_to is not None and (not isinstance(reply_to, int) or isinstance(reply_to, bool)):
        raise FrameError("invalid", "reply_to must be a message id.", frame)
    client_id = frame.get("client_id")
    if not isinstance(client_id, str):
        raise FrameError("invalid", "client_id (a UUID chosen by the client) is required.", frame)
    try:
        message, created = services.message_send(
            conversation=conversation, author=user, body=body, client_id=client_id, reply_to_id=reply_to
        )
    except services.RateLimited as exc:
        raise FrameError("rate_limited", str(exc), frame, retry_after=exc.retry_after) from None
    except PermissionDenied as exc:
        raise FrameError("forbidden", str(exc) or "Not allowed.", frame) from None
    except ValidationError as exc:
        raise FrameError("invalid", _messages_of(exc), frame) from None
    return {
        "type": "message.ack",
        "client_id": str(message.client_id),
        "id": message.pk,
        "conversation": message.conversation_id,
        "duplicate": not created,
    }


def catch_up(user_id: int, frame: dict[str, Any]) -> list[str]:
    """Replay, per conversation, what the database holds after the client's last seen id."""
    user = _active_user(user_id)
    wanted = frame.get("conversations")
    if not isinstance(wanted, dict) or len(wanted) > MAX_SYNC_CONVERSATIONS:
        raise FrameError(
            "invalid",
            f"conversations maps up to {MAX_SYNC_CONVERSATIONS} conversation ids to last seen ids.",
            frame,
        )
    last_seen: dict[int, int] = {}
    for key, value in wanted.items():
        try:
            conversation_id, after = int(key), int(value)
        except (TypeError, ValueError):
            raise FrameError("invalid", "Ids in conversations must be integers.", frame) from None
        last_seen[conversation_id] = max(0, after)
    visible = {c.pk: c for c in permissions.visible_conversations(user).filter(pk__in=list(last_seen))}
    replies: list[str] = []
    summary: dict[str, Any] = {}
    for conversation_id, after in sorted(last_seen.items()):
        conversation = visible.get(conversation_id)
        if conversation is None:
            summary[str(conversation_id)] = {"error": "not_found"}
            continue
        messages, more = selectors.messages_after(conversation, user, after=after)
        replies.extend(
            events.encode({"type": "message.new", "message": message_data(m), "replay": True})
            for m in messages
        )
        summary[str(conversation_id)] = {"last": messages[-1].pk if messages else after, "more": more}
    replies.append(events.encode({"type": "sync.done", "conversations": summary}))
    return replies


def typing(user_id: int, conversation_id: int) -> dict[str, Any]:
    user = _active_user(user_id)
    conversation = _conversation_for(user, {"conversation": conversation_id})
    audience = [pk for pk in permissions.recipients(conversation, author_id=user.pk) if pk != user.pk]
    payload = {
        "type": "typing",
        "conversation": conversation.pk,
        "user": user.pk,
        "name": user.display_name,
        "expires_in": TYPING_EXPIRES_SECONDS,
    }
    return events.users_message(audience, payload)


def read(user_id: int, frame: dict[str, Any]) -> None:
    user = _active_user(user_id)
    conversation = _conversation_for(user, frame)
    up_to = frame.get("message")
    if not isinstance(up_to, int) or isinstance(up_to, bool):
        raise FrameError("invalid", "message must be a message id.", frame)
    services.read_mark(conversation=conversation, user=user, up_to=up_to)


def _presence_message(user_id: int, status: str) -> dict[str, Any]:
    audience = [*selectors.contacts_of(user_id), user_id]
    return events.users_message(audience, {"type": "presence", "user": user_id, "status": status})


def presence_mark(user_id: int, status: str) -> dict[str, Any] | None:
    """The layer message announcing a change of status, or None when nothing changed."""
    if not presence.mark(user_id, status):
        return None
    return _presence_message(user_id, status)


def presence_clear(user_id: int) -> dict[str, Any] | None:
    if not presence.clear(user_id):
        return None
    return _presence_message(user_id, "offline")


def topic_open(user_id: int, frame: dict[str, Any]) -> int:
    from forums.permissions import get_topic_for_user

    user = _active_user(user_id)
    topic_id = frame.get("topic")
    if not isinstance(topic_id, int) or isinstance(topic_id, bool):
        raise FrameError("invalid", "topic must be a topic id.", frame)
    try:
        return get_topic_for_user(user, topic_id).pk
    except Http404:
        raise FrameError("not_found", "No such topic.", frame) from None
