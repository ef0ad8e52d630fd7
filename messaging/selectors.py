"""Reads for messaging: the conversation list with unread counts, history pages, catch-up, receipts."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from messaging.models import (
    Block,
    Conversation,
    ConversationKind,
    Message,
    MessagingSettings,
    Participant,
    RequestState,
)
from messaging.permissions import visible_conversations

HISTORY_PAGE = 50
CATCH_UP_LIMIT = 200
LIST_LIMIT = 200


@dataclass
class ConversationRow:
    conversation: Conversation
    title: str
    unread: int
    muted: bool
    pending: bool  # a message request waiting for this member's answer
    last_message: Message | None
    other: Any = None  # the other person of a direct conversation


def _blocked_authors(user: Any) -> QuerySet[Block]:
    return Block.objects.filter(blocker=user, blocked=OuterRef("author"))


def visible_messages(user: Any) -> Q:
    """Messages of people the member has blocked are not shown to them."""
    return ~Q(Exists(_blocked_authors(user)))


def conversation_list_for(user: Any, *, requests: bool = False) -> list[ConversationRow]:
    """The member's conversations, newest activity first; `requests` lists message requests instead.

    Queries: conversations with annotations (1), their last messages (1), the other person of each
    direct conversation (1).
    """
    mine = Participant.objects.filter(conversation=OuterRef("pk"), user=user)
    unread = (
        Message.objects.filter(conversation=OuterRef("pk"), pk__gt=OuterRef("my_last_read"))
        .exclude(author=user)
        .filter(visible_messages(user), deleted_at__isnull=True)
        .order_by()
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last = Message.objects.filter(conversation=OuterRef("pk")).filter(visible_messages(user)).order_by("-pk")
    qs = (
        visible_conversations(user)
        .select_related("network")
        .annotate(
            my_last_read=Coalesce(Subquery(mine.values("last_read_id")[:1]), Value(0)),
            my_muted=Coalesce(Subquery(mine.values("muted")[:1]), Value(False)),
            my_state=Coalesce(Subquery(mine.values("state")[:1]), Value(RequestState.ACCEPTED)),
            last_id=Subquery(last.values("pk")[:1]),
        )
        .annotate(unread=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)))
    )
    pending = Q(my_state=RequestState.PENDING)
    qs = qs.filter(pending) if requests else qs.exclude(pending)
    conversations = list(qs.order_by("-last_id", "-pk")[:LIST_LIMIT])
    last_ids = [c.last_id for c in conversations if c.last_id]
    last_messages = {m.pk: m for m in Message.objects.filter(pk__in=last_ids).select_related("author")}
    direct_ids = [c.pk for c in conversations if c.kind == ConversationKind.DIRECT]
    others = {
        p.conversation_id: p.user
        for p in Participant.objects.filter(conversation_id__in=direct_ids)
        .exclude(user=user)
        .select_related("user")
    }
    rows = []
    for c in conversations:
        other = others.get(c.pk)
        rows.append(
            ConversationRow(
                conversation=c,
                title=conversation_title(c, other),
                unread=c.unread,
                muted=c.my_muted,
                pending=c.my_state == RequestState.PENDING,
                last_message=last_messages.get(c.last_id) if c.last_id else None,
                other=other,
            )
        )
    return rows


def conversation_title(conversation: Conversation, other: Any = None) -> str:
    if conversation.kind == ConversationKind.DIRECT and other is not None:
        return str(other.display_name)
    if conversation.kind == ConversationKind.NETWORK and conversation.network is not None:
        return conversation.network.name
    return conversation.title or str(conversation)


def request_count(user: Any) -> int:
    return Participant.objects.filter(
        user=user, state=RequestState.PENDING, conversation__kind=ConversationKind.DIRECT
    ).count()


def _message_qs(conversation: Conversation, user: Any) -> QuerySet[Message]:
    return (
        Message.objects.filter(conversation=conversation)
        .filter(visible_messages(user))
        .select_related("author", "reply_to__author")
        .prefetch_related("attachments", "reactions")
    )


def history(
    conversation: Conversation, user: Any, *, before: int | None = None, limit: int = HISTORY_PAGE
) -> tuple[list[Message], bool]:
    """One page of messages older than `before` (the newest page without it), oldest first, and whether
    older ones exist. Queries: messages (1), attachments (1), reactions (1)."""
    qs = _message_qs(conversation, user)
    if before is not None:
        qs = qs.filter(pk__lt=before)
    page = list(qs.order_by("-pk")[: limit + 1])
    has_more = len(page) > limit
    return list(reversed(page[:limit])), has_more


def messages_after(
    conversation: Conversation, user: Any, *, after: int, limit: int = CATCH_UP_LIMIT
) -> tuple[list[Message], bool]:
    """What the member missed: messages newer than `after`, oldest first, and whether more follow."""
    page = list(_message_qs(conversation, user).filter(pk__gt=after).order_by("pk")[: limit + 1])
    return page[:limit], len(page) > limit


def participant_of(conversation: Conversation, user: Any) -> Participant | None:
    return Participant.objects.filter(conversation=conversation, user=user).first()


def members_of(conversation: Conversation) -> list[Participant]:
    """People in a direct or group conversation (a network's members are on the network's pages)."""
    return list(
        Participant.objects.filter(conversation=conversation)
        .exclude(state=RequestState.REFUSED)
        .select_related("user")
        .order_by("-role", "user__display_name")
    )


def read_positions(conversation: Conversation, user: Any) -> dict[int, int]:
    """How far each other member has read, for those who share read receipts (direct and group only)."""
    if conversation.kind == ConversationKind.NETWORK:
        return {}
    hidden = MessagingSettings.objects.filter(user=OuterRef("user"), send_read_receipts=False)
    rows = (
        Participant.objects.filter(conversation=conversation)
        .exclude(user=user)
        .exclude(Exists(hidden))
        .values_list("user_id", "last_read_id")
    )
    return dict(rows)


def settings_for(user: Any) -> MessagingSettings:
    found = MessagingSettings.objects.filter(user=user).first()
    return found or MessagingSettings(user=user)


def blocks_of(user: Any) -> QuerySet[Block]:
    return Block.objects.filter(blocker=user).select_related("blocked").order_by("-created_at")


def contacts_of(user_id: int) -> list[int]:
    """People who share an accepted direct or group conversation with the member: their presence audience."""
    conversations = (
        Participant.objects.filter(
            user_id=user_id, conversation__kind__in=[ConversationKind.DIRECT, ConversationKind.GROUP]
        )
        .exclude(state=RequestState.REFUSED)
        .values("conversation_id")
    )
    people = (
        Participant.objects.filter(conversation_id__in=conversations)
        .exclude(user_id=user_id)
        .exclude(state=RequestState.REFUSED)
        .exclude(user__in=Block.objects.filter(blocked_id=user_id).values("blocker_id"))
        .values_list("user_id", flat=True)
        .distinct()
    )
    return list(people)
