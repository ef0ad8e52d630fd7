"""Every write in messaging: conversations, members, messages, reactions, reads, mutes, requests, blocks.

Each service checks permission, writes, and registers its live event with transaction.on_commit
(messaging.events builds and sends it), so nobody hears of data that was rolled back.
"""

import uuid
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community import ratelimit
from community.library.attachments import check_attachment
from community.markdown import render_markdown
from community.ratelimit import hit
from messaging import events, permissions
from messaging.models import (
    Block,
    Conversation,
    ConversationKind,
    Message,
    MessageAttachment,
    MessageReaction,
    MessagingSettings,
    Participant,
    ParticipantRole,
    Reaction,
    RequestState,
)

MAX_BODY_CHARS = 10_000
MAX_ATTACHMENTS = 5


class RateLimited(ratelimit.RateLimited):
    """Too many messages in the window; retry_after says in how many seconds the window ends."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            retry_after,
            _("You are sending messages too fast. Wait %(seconds)s seconds.") % {"seconds": retry_after},
        )


def _after_commit(callback: Any) -> None:
    transaction.on_commit(callback)


# Conversations.


def direct_key(user_a: Any, user_b: Any) -> str:
    low, high = sorted([user_a.pk, user_b.pk])
    return f"{low}:{high}"


def direct_open(*, user: Any, other: Any) -> Conversation:
    """The one direct conversation between two people, created on first use.

    If they share no organisation or network, the other person's side starts as a message request.
    """
    if not user.is_active or not other.is_active:
        raise PermissionDenied(_("This person cannot receive messages."))
    if user.pk == other.pk:
        raise ValidationError(_("You cannot start a conversation with yourself."))
    if permissions.blocked_either_way(user, other):
        raise PermissionDenied(_("You cannot send messages to this person."))
    key = direct_key(user, other)
    existing = Conversation.objects.filter(direct_key=key).first()
    if existing is not None:
        return existing
    state = RequestState.ACCEPTED if permissions.shares_context(user, other) else RequestState.PENDING
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                kind=ConversationKind.DIRECT, direct_key=key, created_by=user
            )
            Participant.objects.create(conversation=conversation, user=user)
            Participant.objects.create(conversation=conversation, user=other, state=state)
    except IntegrityError:  # both opened it at the same moment
        return Conversation.objects.get(direct_key=key)
    return conversation


def _check_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Give the group a name.")})
    if len(title) > 120:
        raise ValidationError({"title": _("The name is limited to 120 characters.")})
    return title


def group_create(*, creator: Any, title: str, members: Sequence[Any]) -> Conversation:
    if not creator.is_active:
        raise PermissionDenied(_("Your account cannot start conversations."))
    title = _check_title(title)
    people = {m.pk: m for m in members if m.pk != creator.pk and m.is_active}
    if len(people) + 1 > permissions.MAX_GROUP_SIZE:
        raise ValidationError(
            {"members": _("A group has at most %(max)s people.") % {"max": permissions.MAX_GROUP_SIZE}}
        )
    blocked = set(
        Block.objects.filter(blocker_id__in=list(people), blocked=creator).values_list(
            "blocker_id", flat=True
        )
    )
    with transaction.atomic():
        conversation = Conversation.objects.create(
            kind=ConversationKind.GROUP, title=title, created_by=creator
        )
        Participant.objects.create(conversation=conversation, user=creator, role=ParticipantRole.ADMIN)
        Participant.objects.bulk_create(
            [
                Participant(conversation=conversation, user=person)
                for pk, person in people.items()
                if pk not in blocked
            ]
        )
        added = [pk for pk in people if pk not in blocked]
        _after_commit(lambda: events.conversation_added(conversation, added))
    return conversation


def group_rename(*, conversation: Conversation, actor: Any, title: str) -> Conversation:
    permissions.check_can_manage_group(actor, conversation)
    conversation.title = _check_title(title)
    conversation.save(update_fields=["title"])
    return conversation


def group_member_add(*, conversation: Conversation, actor: Any, user: Any) -> Participant:
    permissions.check_can_manage_group(actor, conversation)
    if not user.is_active:
        raise ValidationError(_("This account is not active."))
    if Block.objects.filter(blocker=user, blocked=actor).exists():
        raise PermissionDenied(_("You cannot add this person."))
    with transaction.atomic():
        # Lock the conversation row so two admins adding at once cannot pass the size limit together.
        Conversation.objects.select_for_update().filter(pk=conversation.pk).first()
        existing = Participant.objects.filter(conversation=conversation, user=user).first()
        if existing is not None:
            raise ValidationError(_("%(name)s is already in this group.") % {"name": user.display_name})
        if conversation.participants.count() >= permissions.MAX_GROUP_SIZE:
            raise ValidationError(
                _("A group has at most %(max)s people.") % {"max": permissions.MAX_GROUP_SIZE}
            )
        participant = Participant.objects.create(conversation=conversation, user=user)
        _after_commit(lambda: events.conversation_added(conversation, [user.pk]))
    return participant


def _remove_participant(conversation: Conversation, user: Any) -> None:
    with transaction.atomic():
        deleted, _rows = Participant.objects.filter(conversation=conversation, user=user).delete()
        if not deleted:
            raise ValidationError(_("This person is not in the group."))
        if not conversation.participants.filter(role=ParticipantRole.ADMIN).exists():
            # The last administrator left: the longest-standing member takes over.
            heir = conversation.participants.order_by("joined_at", "pk").first()
            if heir is not None:
                Participant.objects.filter(pk=heir.pk).update(role=ParticipantRole.ADMIN)
        _after_commit(lambda: events.conversation_removed(conversation, [user.pk]))


def group_member_remove(*, conversation: Conversation, actor: Any, user: Any) -> None:
    permissions.check_can_manage_group(actor, conversation)
    if user.pk == actor.pk:
        raise ValidationError(_("Use “Leave the group” to leave it yourself."))
    _remove_participant(conversation, user)


def group_leave(*, conversation: Conversation, user: Any) -> None:
    if conversation.kind != ConversationKind.GROUP:
        raise ValidationError(_("Only group conversations can be left."))
    _remove_participant(conversation, user)


def network_conversation_ensure(*, network: Any) -> Conversation:
    """Every network has one conversation of all its members, created with it."""
    conversation, _created = Conversation.objects.get_or_create(
        network=network, defaults={"kind": ConversationKind.NETWORK, "title": network.name[:120]}
    )
    return conversation


def network_member_left(*, network: Any, user: Any) -> None:
    """After a member leaves or is removed from a network, unless they still belong another way."""
    conversation = Conversation.objects.filter(network=network).first()
    if conversation is None:
        return

    def notify() -> None:
        if not permissions.can_see_conversation(user, conversation):
            events.conversation_removed(conversation, [user.pk])

    _after_commit(notify)


# Messages.


def check_send_rate(user: Any) -> None:
    retry_after = hit(f"messages:u{user.pk}", settings.MESSAGING_SEND_RATE)
    if retry_after:
        raise RateLimited(retry_after)


def _clean_body(body: str, *, has_files: bool) -> str:
    body = (body or "").strip()
    if not body and not has_files:
        raise ValidationError({"body": _("Write a message or attach a file.")})
    if len(body) > MAX_BODY_CHARS:
        raise ValidationError(
            {"body": _("A message is limited to %(max)s characters.") % {"max": f"{MAX_BODY_CHARS:,}"}}
        )
    return body


def _parse_client_id(client_id: Any) -> uuid.UUID | None:
    if client_id in (None, ""):
        return None
    try:
        return uuid.UUID(str(client_id))
    except ValueError:
        raise ValidationError({"client_id": _("client_id must be a UUID.")}) from None


def _display_name(upload: Any, extension: str) -> str:
    original = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = original.rsplit(".", 1)[0] if "." in original else original
    return f"{slugify(stem)[:80] or 'file'}.{extension}"


def _check_files(files: Sequence[Any]) -> list[tuple[Any, Any]]:
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"files": _("Attach at most %(max)s files.") % {"max": MAX_ATTACHMENTS}})
    checked = []
    for upload in files:
        try:
            checked.append((upload, check_attachment(upload)))
        except ValidationError as exc:
            raise ValidationError(
                {"files": [f"{_display_name(upload, 'file')}: {m}" for m in exc.messages]}
            ) from exc
    return checked


def message_send(
    *,
    conversation: Conversation,
    author: Any,
    body: str,
    client_id: Any = None,
    reply_to_id: int | None = None,
    files: Sequence[Any] = (),
) -> tuple[Message, bool]:
    """Store a message and, after commit, deliver it. Returns (message, created).

    A resend with a client_id this author already used returns the stored message and sends nothing.
    """
    parsed_id = _parse_client_id(client_id)
    if parsed_id is not None:
        existing = Message.objects.filter(author=author, client_id=parsed_id).first()
        if existing is not None:
            if existing.conversation_id != conversation.pk:
                raise ValidationError(
                    {"client_id": _("This client_id was already used in another conversation.")}
                )
            return existing, False
    permissions.check_can_send(author, conversation)
    text = _clean_body(body, has_files=bool(files))
    reply_to = None
    if reply_to_id is not None:
        reply_to = (
            Message.objects.filter(pk=reply_to_id, conversation=conversation).select_related("author").first()
        )
        if reply_to is None:
            raise ValidationError({"reply_to": _("The message you reply to is not in this conversation.")})
    checked = _check_files(files)
    check_send_rate(author)
    try:
        with transaction.atomic():
            # One sender at a time per conversation, until commit: ids then grow in commit order within
            # a conversation, so "everything after my last seen id" (sync) never skips a message that
            # commits late, and `previous` below is exact. (SQLite's IMMEDIATE transactions already
            # serialise every write; there select_for_update has no effect.)
            if connection.features.has_select_for_update:
                Conversation.objects.select_for_update().filter(pk=conversation.pk).values_list("pk").first()
            previous = conversation.messages.order_by("-pk").values_list("pk", flat=True).first() or 0
            message = Message.objects.create(
                conversation=conversation,
                author=author,
                client_id=parsed_id,
                body=text,
                body_html=render_markdown(text) if text else "",
                reply_to=reply_to,
            )
            attachments: list[MessageAttachment] = []
            for upload, result in checked:
                attachment = MessageAttachment(
                    message=message,
                    name=_display_name(upload, result.extension),
                    content_type=result.content_type,
                    size=result.size,
                    is_image=result.content_type.startswith("image/"),
                )
                attachment.file.save(f"upload.{result.extension}", result.file, save=False)
                attachment.save()
                attachments.append(attachment)
            # Sending is reading: the author has read up to their own message.
            Participant.objects.filter(conversation=conversation, user=author).update(last_read_id=message.pk)
            if conversation.kind == ConversationKind.DIRECT:
                # Answering a request accepts it.
                Participant.objects.filter(
                    conversation=conversation, user=author, state=RequestState.PENDING
                ).update(state=RequestState.ACCEPTED)
            _after_commit(lambda: events.message_created(message, previous=previous, attachments=attachments))
    except IntegrityError:
        if parsed_id is None:
            raise
        # The same client_id raced in from another socket: the first one won.
        return Message.objects.get(author=author, client_id=parsed_id), False
    return message, True


def _check_own_within_window(message: Message, actor: Any) -> None:
    refusal = permissions.message_change_refusal(actor, message)
    if refusal is None:
        return
    if message.deleted_at is not None and message.author_id == actor.pk:
        raise ValidationError(refusal)
    raise PermissionDenied(refusal)


def message_edit(*, message: Message, actor: Any, body: str) -> Message:
    _check_own_within_window(message, actor)
    if not permissions.can_see_conversation(actor, message.conversation):
        raise PermissionDenied(_("You are not in this conversation."))
    text = _clean_body(body, has_files=message.attachments.exists())
    if text == message.body:
        return message
    message.body = text
    message.body_html = render_markdown(text) if text else ""
    message.edited_at = timezone.now()
    with transaction.atomic():
        message.save(update_fields=["body", "body_html", "edited_at"])
        _after_commit(lambda: events.message_changed(message, "message.edited"))
    return message


def message_delete(*, message: Message, actor: Any) -> Message:
    """Leave a tombstone: the message keeps its place, its text and files are gone."""
    _check_own_within_window(message, actor)
    with transaction.atomic():
        message.deleted_at = timezone.now()
        message.body = ""
        message.body_html = ""
        message.save(update_fields=["deleted_at", "body", "body_html"])
        for attachment in message.attachments.all():
            attachment.file.delete(save=False)
            attachment.delete()
        message.reactions.all().delete()
        _after_commit(lambda: events.message_changed(message, "message.deleted"))
    return message


def reaction_toggle(*, message: Message, user: Any, reaction: str) -> bool:
    """Add the reaction, or take it back if it was there; returns whether it is now on."""
    if reaction not in Reaction.values:
        raise ValidationError({"reaction": _("Unknown reaction.")})
    if not permissions.can_see_conversation(user, message.conversation):
        raise PermissionDenied(_("You are not in this conversation."))
    if message.deleted_at is not None:
        raise ValidationError(_("This message was deleted."))
    with transaction.atomic():
        deleted, _rows = MessageReaction.objects.filter(
            message=message, user=user, reaction=reaction
        ).delete()
        if not deleted:
            MessageReaction.objects.get_or_create(message=message, user=user, reaction=reaction)
        _after_commit(lambda: events.message_changed(message, "message.reacted"))
    return not deleted


# Reading and per-member settings.


def _participant_for(conversation: Conversation, user: Any) -> Participant:
    """The member's own row; network members get theirs on first use (it only holds state)."""
    if conversation.kind == ConversationKind.NETWORK:
        row, _created = Participant.objects.get_or_create(conversation=conversation, user=user)
        return row
    found = Participant.objects.filter(conversation=conversation, user=user).first()
    if found is None:
        raise PermissionDenied(_("You are not in this conversation."))
    return found


def read_mark(*, conversation: Conversation, user: Any, up_to: int) -> int:
    """Record that the member has read up to message `up_to` (never backwards); returns the position."""
    if not permissions.can_see_conversation(user, conversation):
        raise PermissionDenied(_("You are not in this conversation."))
    newest = conversation.messages.filter(pk__lte=up_to).order_by("-pk").values_list("pk", flat=True).first()
    if newest is None:
        return 0
    participant = _participant_for(conversation, user)
    if newest <= participant.last_read_id:
        return participant.last_read_id
    updated = Participant.objects.filter(pk=participant.pk, last_read_id__lt=newest).update(
        last_read_id=newest
    )
    if updated:
        _after_commit(lambda: events.read_moved(conversation, user, newest))
    return newest


def conversation_mute(*, conversation: Conversation, user: Any, muted: bool) -> Participant:
    if not permissions.can_see_conversation(user, conversation):
        raise PermissionDenied(_("You are not in this conversation."))
    participant = _participant_for(conversation, user)
    participant.muted = muted
    participant.save(update_fields=["muted"])
    return participant


def messaging_settings_update(*, user: Any, send_read_receipts: bool) -> MessagingSettings:
    row, _created = MessagingSettings.objects.update_or_create(
        user=user, defaults={"send_read_receipts": send_read_receipts}
    )
    return row


# Message requests and blocks.


def _pending_row(conversation: Conversation, user: Any) -> Participant:
    row = Participant.objects.filter(conversation=conversation, user=user, state=RequestState.PENDING).first()
    if row is None or conversation.kind != ConversationKind.DIRECT:
        raise ValidationError(_("There is no message request to answer here."))
    return row


def request_accept(*, conversation: Conversation, user: Any) -> None:
    row = _pending_row(conversation, user)
    row.state = RequestState.ACCEPTED
    row.save(update_fields=["state"])


def request_refuse(*, conversation: Conversation, user: Any) -> None:
    """The conversation disappears for the one who refused; the sender cannot write again."""
    row = _pending_row(conversation, user)
    with transaction.atomic():
        row.state = RequestState.REFUSED
        row.save(update_fields=["state"])
        _after_commit(lambda: events.conversation_removed(conversation, [user.pk]))


def block_create(*, blocker: Any, blocked: Any) -> Block:
    if blocker.pk == blocked.pk:
        raise ValidationError(_("You cannot block yourself."))
    with transaction.atomic():
        block, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
        # A direct conversation between them stops at once on the open sockets of both.
        direct = Conversation.objects.filter(direct_key=direct_key(blocker, blocked)).first()
        if direct is not None:
            _after_commit(lambda: events.conversation_blocked(direct, blocker, blocked))
    return block


def block_remove(*, blocker: Any, blocked: Any) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()


def user_deactivated(*, user: Any) -> None:
    """Close the member's open sockets on every process (called by the accounts services)."""
    _after_commit(lambda: events.sockets_close(user.pk))
