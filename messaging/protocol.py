"""The database side of the /ws/ commands, run in a thread by the consumer: parse a frame, call the
service or selector, and answer with the reply or a FrameError (docs/realtime.md lists them all)."""

from typing import Any, TypeGuard

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from messaging import events, permissions, presence, selectors, services
from messaging.payloads import message_data

MAX_SYNC_CONVERSATIONS = 100
TYPING_EXPIRES_SECONDS = 6
# The largest id a database column can hold: a larger JSON integer (10**30) is no id, and passed on
# to a query it failed with OverflowError, a server_error and a traceback in the log.
MAX_ID = 2**63 - 1


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
        raise FrameError("forbidden", _("Your account cannot do this."))
    return user


def is_id(value: object) -> TypeGuard[int]:
    """A JSON integer that a database id column can hold (booleans are ints in Python: not ids)."""
    return isinstance(value, int) and not isinstance(value, bool) and -MAX_ID <= value <= MAX_ID


def conversation_id_of(frame: dict[str, Any]) -> int:
    value = frame.get("conversation")
    if not is_id(value) or value <= 0:
        raise FrameError("invalid", _("conversation must be a positive integer id."), frame)
    return value


def _conversation_for(user: Any, frame: dict[str, Any]) -> Any:
    try:
        return permissions.get_conversation_for_user(user, conversation_id_of(frame))
    except Http404:
        raise FrameError("not_found", _("No such conversation."), frame) from None


def _messages_of(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def message_send(user_id: int, frame: dict[str, Any]) -> dict[str, Any]:
    user = _active_user(user_id)
    conversation = _conversation_for(user, frame)
    body = frame.get("body", "")
    reply_to = frame.get("reply_to")
    if not isinstance(body, str):
        raise FrameError("invalid", _("body must be a string."), frame)
    if reply_to is not None and not is_id(reply_to):
        raise FrameError("invalid", _("reply_to must be a message id."), frame)
    client_id = frame.get("client_id")
    if not isinstance(client_id, str):
        raise FrameError("invalid", _("client_id (a UUID chosen by the client) is required."), frame)
    try:
        message, created = services.message_send(
            conversation=conversation, author=user, body=body, client_id=client_id, reply_to_id=reply_to
        )
    except services.RateLimited as exc:
        raise FrameError("rate_limited", str(exc), frame, retry_after=exc.retry_after) from None
    except PermissionDenied as exc:
        raise FrameError("forbidden", str(exc) or _("Not allowed."), frame) from None
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
            _("conversations maps up to %(count)s conversation ids to last seen ids.")
            % {"count": MAX_SYNC_CONVERSATIONS},
            frame,
        )
    last_seen: dict[int, int] = {}
    for key, value in wanted.items():
        try:
            # OverflowError: a float that is no integer at all (1e400 is infinity).
            conversation_id, after = int(key), int(value)
        except (TypeError, ValueError, OverflowError):
            conversation_id = after = MAX_ID + 1
        if not (is_id(conversation_id) and is_id(after)):
            raise FrameError("invalid", _("Ids in conversations must be integers."), frame)
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
    if not is_id(up_to):
        raise FrameError("invalid", _("message must be a message id."), frame)
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
    if not is_id(topic_id):
        raise FrameError("invalid", _("topic must be a topic id."), frame)
    try:
        return get_topic_for_user(user, topic_id).pk
    except Http404:
        raise FrameError("not_found", _("No such topic."), frame) from None
