"""API endpoints for messaging under /api/v1/messaging: conversations, messages, reads, requests, blocks.

The same services, selectors and permission checks as the socket (messaging/protocol.py) and the pages:
404 alike for a conversation that is missing and one that is not yours; messages in the wire shape of
messaging.payloads.message_data, as live events and catch-up carry them.
"""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from community.accounts.models import User
from community.apibase import AUTH, Error, Pages, current_user
from messaging import permissions, selectors, services
from messaging.models import (
    Block,
    Conversation,
    ConversationKind,
    Message,
    ParticipantRole,
    Reaction,
    RequestState,
)
from messaging.payloads import REPLY_EXCERPT_CHARS, author_name, message_data

router = Router(tags=["messaging"], auth=AUTH)

COMMON = {401: Error, 403: Error, 404: Error, 422: Error}
LIMITED = {**COMMON, 429: Error}
MAX_HISTORY_LIMIT = 100


# Output: messages exactly as messaging.payloads.message_data builds them.


class AuthorOut(Schema):
    id: int | None = Field(description="Null once the author's account is deleted.")
    name: str


class ReplyOut(Schema):
    id: int
    author: str
    excerpt: str


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    is_image: bool
    url: str


class MessageOut(Schema):
    id: int
    conversation: int
    author: AuthorOut
    client_id: str | None
    body: str = Field(description="Plain text (Markdown source); empty once deleted.")
    body_html: str = Field(description="Sanitised HTML; empty once deleted.")
    created_at: str = Field(description="ISO 8601.")
    edited_at: str | None = Field(description="ISO 8601.")
    deleted: bool
    reply_to: ReplyOut | None
    attachments: list[AttachmentOut]
    reactions: dict[str, int]


class MessagePage(Schema):
    items: list[MessageOut] = Field(description="Oldest first.")
    has_more: bool


class MessagePreviewOut(Schema):
    id: int
    author: AuthorOut
    excerpt: str
    created_at: str = Field(description="ISO 8601.")
    deleted: bool


class ConversationOut(Schema):
    id: int
    kind: ConversationKind
    title: str
    unread: int
    muted: bool
    request: bool = Field(description="A message request waiting for your answer.")
    network: str | None = Field(description="The slug of the network of a network conversation.")
    last_message: MessagePreviewOut | None


class MemberOut(Schema):
    id: int
    name: str
    role: ParticipantRole
    state: RequestState = Field(description="'pending' while a message request waits for this person.")


class ConversationDetailOut(ConversationOut):
    members: list[MemberOut] = Field(
        description="People of a direct or group conversation; none for a network."
    )
    read_up_to: dict[str, int] = Field(
        description="Per member id, the newest message they have read, for those who share read receipts."
    )


class BlockOut(Schema):
    id: int
    name: str
    created_at: str = Field(description="ISO 8601.")


class SettingsOut(Schema):
    send_read_receipts: bool


class ReadOut(Schema):
    conversation: int
    last_read: int


class MuteOut(Schema):
    conversation: int
    muted: bool


class MessageReactionOut(Schema):
    reaction: Reaction
    active: bool
    message: MessageOut


# Input.


class MessageIn(Schema):
    client_id: UUID = Field(description="Chosen by the client, unique per sender: a resend is no duplicate.")
    body: str = ""
    reply_to: int | None = None


class MessagePatch(Schema):
    body: str


class MessageReactionIn(Schema):
    reaction: Reaction


class ReadIn(Schema):
    up_to: int = Field(..., ge=0, description="The id of the newest message read.")


class MuteIn(Schema):
    muted: bool


class DirectIn(Schema):
    user_id: int


class GroupIn(Schema):
    title: str
    member_ids: list[int] = Field(default_factory=list, max_length=permissions.MAX_GROUP_SIZE)


class RenameIn(Schema):
    title: str


class PersonIn(Schema):
    user_id: int


class SettingsIn(Schema):
    send_read_receipts: bool


class HistoryQuery(Schema):
    before: int | None = Field(None, ge=1, description="Only messages older than this id.")
    limit: int = Field(selectors.HISTORY_PAGE, ge=1, le=MAX_HISTORY_LIMIT)


class CatchUpQuery(Schema):
    after: int = Field(..., ge=0, description="The last message id the client has seen.")
    limit: int = Field(selectors.CATCH_UP_LIMIT, ge=1, le=selectors.CATCH_UP_LIMIT)


# Building the answers.


def _author(message: Message) -> dict[str, Any]:
    return {"id": message.author_id, "name": author_name(message)}


def _preview(message: Message | None) -> dict[str, Any] | None:
    if message is None:
        return None
    deleted = message.deleted_at is not None
    return {
        "id": message.pk,
        "author": _author(message),
        "excerpt": "" if deleted else message.body[:REPLY_EXCERPT_CHARS],
        "created_at": message.created_at.isoformat(),
        "deleted": deleted,
    }


def _conversation_out(row: selectors.ConversationRow) -> dict[str, Any]:
    conversation = row.conversation
    return {
        "id": conversation.pk,
        "kind": conversation.kind,
        "title": row.title,
        "unread": row.unread,
        "muted": row.muted,
        "request": row.pending,
        "network": conversation.network.slug if conversation.network is not None else None,
        "last_message": _preview(row.last_message),
    }


def _conversation_row(user: Any, conversation: Conversation) -> selectors.ConversationRow:
    """One row as selectors.conversation_list_for computes it for each conversation of the list."""
    mine = selectors.participant_of(conversation, user)
    other = None
    if conversation.kind == ConversationKind.DIRECT:
        found = permissions.other_participant(conversation, user)
        other = found.user if found is not None else None
    shown = Message.objects.filter(conversation=conversation).filter(selectors.visible_messages(user))
    last_read = mine.last_read_id if mine else 0
    unread = shown.filter(pk__gt=last_read, deleted_at__isnull=True).exclude(author=user).count()
    return selectors.ConversationRow(
        conversation=conversation,
        title=selectors.conversation_title(conversation, other),
        unread=unread,
        muted=mine.muted if mine else False,
        pending=mine is not None and mine.state == RequestState.PENDING,
        last_message=shown.select_related("author").order_by("-pk").first(),
        other=other,
    )


def _member_out(participant: Any, person: Any) -> dict[str, Any]:
    return {
        "id": person.pk,
        "name": person.display_name,
        "role": participant.role,
        "state": participant.state,
    }


def _conversation_detail(user: Any, conversation: Conversation) -> dict[str, Any]:
    members = selectors.members_of(conversation) if conversation.kind != ConversationKind.NETWORK else []
    return {
        **_conversation_out(_conversation_row(user, conversation)),
        "members": [_member_out(p, p.user) for p in members],
        "read_up_to": {str(pk): last for pk, last in selectors.read_positions(conversation, user).items()},
    }


def _message_for(user: Any, message_id: int) -> Message:
    """A message in a conversation the member sees, by someone they have not blocked; else 404."""
    message = (
        Message.objects.filter(pk=message_id)
        .filter(selectors.visible_messages(user))
        .select_related("conversation__network", "author", "reply_to__author")
        .first()
    )
    if message is None or not permissions.can_see_conversation(user, message.conversation):
        raise Http404
    return message


def _person(user_id: int) -> User:
    return get_object_or_404(User, pk=user_id)


# Conversations.


@router.get("/messaging/conversations", response={200: list[ConversationOut], **COMMON})
@paginate(Pages)
def conversation_list(request: HttpRequest) -> Any:
    """Your conversations, newest activity first; message requests are listed under /messaging/requests."""
    return [_conversation_out(row) for row in selectors.conversation_list_for(current_user(request))]


@router.get("/messaging/conversations/{conversation_id}", response={200: ConversationDetailOut, **COMMON})
def conversation_detail(request: HttpRequest, conversation_id: int) -> dict[str, Any]:
    user = current_user(request)
    return _conversation_detail(user, permissions.get_conversation_for_user(user, conversation_id))


@router.patch("/messaging/conversations/{conversation_id}", response={200: ConversationDetailOut, **COMMON})
def group_rename(request: HttpRequest, conversation_id: int, payload: RenameIn) -> dict[str, Any]:
    """Rename a group (its administrators only)."""
    user = current_user(request)
    conversation = permissions.get_conversation_for_user(user, conversation_id)
    services.group_rename(conversation=conversation, actor=user, title=payload.title)
    return _conversation_detail(user, conversation)


@router.post("/messaging/direct", response={200: ConversationDetailOut, **COMMON})
def direct_open(request: HttpRequest, payload: DirectIn) -> dict[str, Any]:
    """The one direct conversation with this person, created on first use (the same one every time).

    If you share no organisation or network, your first message reaches them as a message request."""
    user = current_user(request)
    conversation = services.direct_open(user=user, other=_person(payload.user_id))
    return _conversation_detail(user, conversation)


@router.post("/messaging/groups", response={201: ConversationDetailOut, **COMMON})
def group_create(request: HttpRequest, payload: GroupIn) -> Status:
    """A group you administer. People who have blocked you are left out."""
    user = current_user(request)
    wanted = set(payload.member_ids)
    people = list(User.objects.filter(pk__in=wanted))
    if len(people) != len(wanted):
        raise ValidationError({"member_ids": _("Some of these people do not exist.")})
    try:
        conversation = services.group_create(creator=user, title=payload.title, members=people)
    except ValidationError as exc:
        # The service names the field after its own argument; the API's is member_ids.
        if hasattr(exc, "error_dict") and "members" in exc.error_dict:
            exc.error_dict["member_ids"] = exc.error_dict.pop("members")
        raise
    return Status(201, _conversation_detail(user, conversation))


@router.post("/messaging/conversations/{conversation_id}/members", response={201: MemberOut, **COMMON})
def group_member_add(request: HttpRequest, conversation_id: int, payload: PersonIn) -> Status:
    user = current_user(request)
    conversation = permissions.get_conversation_for_user(user, conversation_id)
    person = _person(payload.user_id)
    participant = services.group_member_add(conversation=conversation, actor=user, user=person)
    return Status(201, _member_out(participant, person))


@router.delete("/messaging/conversations/{conversation_id}/members/{user_id}", response={204: None, **COMMON})
def group_member_remove(request: HttpRequest, conversation_id: int, user_id: int) -> Status:
    user = current_user(request)
    conversation = permissions.get_conversation_for_user(user, conversation_id)
    services.group_member_remove(conversation=conversation, actor=user, user=_person(user_id))
    return Status(204, None)


@router.post("/messaging/conversations/{conversation_id}/leave", response={204: None, **COMMON})
def group_leave(request: HttpRequest, conversation_id: int) -> Status:
    user = current_user(request)
    services.group_leave(conversation=permissions.get_conversation_for_user(user, conversation_id), user=user)
    return Status(204, None)


@router.post("/messaging/conversations/{conversation_id}/read", response={200: ReadOut, **COMMON})
def read_mark(request: HttpRequest, conversation_id: int, payload: ReadIn) -> dict[str, Any]:
    """Record that you have read up to a message; the position never moves backwards."""
    user = current_user(request)
    conversation = permissions.get_conversation_for_user(user, conversation_id)
    position = services.read_mark(conversation=conversation, user=user, up_to=payload.up_to)
    return {"conversation": conversation.pk, "last_read": position}


@router.put("/messaging/conversations/{conversation_id}/mute", response={200: MuteOut, **COMMON})
def conversation_mute(request: HttpRequest, conversation_id: int, payload: MuteIn) -> dict[str, Any]:
    user = current_user(request)
    conversation = permissions.get_conversation_for_user(user, conversation_id)
    participant = services.conversation_mute(conversation=conversation, user=user, muted=payload.muted)
    return {"conversation": conversation.pk, "muted": participant.muted}


# Messages.


@router.get("/messaging/conversations/{conversation_id}/messages", response={200: MessagePage, **COMMON})
def message_history(request: HttpRequest, conversation_id: int, query: Query[HistoryQuery]) -> dict[str, Any]:
    """One page of history, oldest first within the page. Without `before` it is the newest page; for
    older ones pass `before=<the first item's id>` while `has_more` is true."""
    user = current_user(request)
    conversation = permissions.get_conversation_for_user(user, conversation_id)
    messages, has_more = selectors.history(conversation, user, before=query.before, limit=query.limit)
    return {"items": [message_data(m) for m in messages], "has_more": has_more}


@router.get("/messaging/conversations/{conversation_id}/catch-up", response={200: MessagePage, **COMMON})
def message_catch_up(
    request: HttpRequest, conversation_id: int, query: Query[CatchUpQuery]
) -> dict[str, Any]:
    """What you missed: messages newer than `after`, oldest first. While `has_more` is true, call again
    with `after=<the last item's id>`."""
    user = current_user(request)
    conversation = permissions.get_conversation_for_user(user, conversation_id)
    messages, has_more = selectors.messages_after(conversation, user, after=query.after, limit=query.limit)
    return {"items": [message_data(m) for m in messages], "has_more": has_more}


@router.post(
    "/messaging/conversations/{conversation_id}/messages",
    response={200: MessageOut, 201: MessageOut, **LIMITED},
)
def message_send(request: HttpRequest, conversation_id: int, payload: MessageIn) -> Status:
    """Send a message; the members hear of it once it is stored.

    201 with the stored message the first time; 200 with the same stored message (same id, nothing sent
    again) when the same `client_id` comes again, so a client may resend after a dropped connection
    without making a duplicate. 429 with a Retry-After header when you send too fast."""
    user = current_user(request)
    conversation = permissions.get_conversation_for_user(user, conversation_id)
    # Too fast: services.RateLimited, answered 429 with Retry-After by config/api.py like every limit.
    message, created = services.message_send(
        conversation=conversation,
        author=user,
        body=payload.body,
        client_id=payload.client_id,
        reply_to_id=payload.reply_to,
    )
    return Status(201 if created else 200, message_data(message))


@router.patch("/messaging/messages/{message_id}", response={200: MessageOut, **COMMON})
def message_edit(request: HttpRequest, message_id: int, payload: MessagePatch) -> dict[str, Any]:
    """Change the text of your own message, within the edit window after sending."""
    user = current_user(request)
    message = services.message_edit(message=_message_for(user, message_id), actor=user, body=payload.body)
    return message_data(message)


@router.delete("/messaging/messages/{message_id}", response={200: MessageOut, **COMMON})
def message_delete(request: HttpRequest, message_id: int) -> dict[str, Any]:
    """Delete your own message within the edit window: it stays in place as a tombstone, which is returned."""
    user = current_user(request)
    message = services.message_delete(message=_message_for(user, message_id), actor=user)
    return message_data(message)


@router.post("/messaging/messages/{message_id}/reactions", response={200: MessageReactionOut, **COMMON})
def reaction_toggle(request: HttpRequest, message_id: int, payload: MessageReactionIn) -> dict[str, Any]:
    """Add the reaction, or take it back if you had given it; `active` says which."""
    user = current_user(request)
    message = _message_for(user, message_id)
    active = services.reaction_toggle(message=message, user=user, reaction=payload.reaction)
    return {"reaction": payload.reaction, "active": active, "message": message_data(message)}


# Message requests.


@router.get("/messaging/requests", response={200: list[ConversationOut], **COMMON})
@paginate(Pages)
def request_list(request: HttpRequest) -> Any:
    """Direct conversations started by people you share no organisation or network with."""
    rows = selectors.conversation_list_for(current_user(request), requests=True)
    return [_conversation_out(row) for row in rows]


@router.post("/messaging/requests/{conversation_id}/accept", response={200: ConversationDetailOut, **COMMON})
def request_accept(request: HttpRequest, conversation_id: int) -> dict[str, Any]:
    user = current_user(request)
    conversation = permissions.get_conversation_for_user(user, conversation_id)
    services.request_accept(conversation=conversation, user=user)
    return _conversation_detail(user, conversation)


@router.post("/messaging/requests/{conversation_id}/refuse", response={204: None, **COMMON})
def request_refuse(request: HttpRequest, conversation_id: int) -> Status:
    """The conversation disappears for you and its sender cannot write again."""
    user = current_user(request)
    conversation = permissions.get_conversation_for_user(user, conversation_id)
    services.request_refuse(conversation=conversation, user=user)
    return Status(204, None)


# Blocks.


def _block_out(block: Block) -> dict[str, Any]:
    return {
        "id": block.blocked_id,
        "name": block.blocked.display_name,
        "created_at": block.created_at.isoformat(),
    }


@router.get("/messaging/blocks", response={200: list[BlockOut], **COMMON})
@paginate(Pages)
def block_list(request: HttpRequest) -> Any:
    return [_block_out(block) for block in selectors.blocks_of(current_user(request))]


@router.post("/messaging/blocks", response={201: BlockOut, **COMMON})
def block_create(request: HttpRequest, payload: PersonIn) -> Status:
    """You stop receiving this person's messages, requests and live events; a second block changes nothing."""
    block = services.block_create(blocker=current_user(request), blocked=_person(payload.user_id))
    return Status(201, _block_out(block))


@router.delete("/messaging/blocks/{user_id}", response={204: None, **COMMON})
def block_remove(request: HttpRequest, user_id: int) -> Status:
    services.block_remove(blocker=current_user(request), blocked=_person(user_id))
    return Status(204, None)


# Settings.


@router.get("/messaging/settings", response={200: SettingsOut, **COMMON})
def settings_detail(request: HttpRequest) -> Any:
    return selectors.settings_for(current_user(request))


@router.put("/messaging/settings", response={200: SettingsOut, **COMMON})
def settings_update(request: HttpRequest, payload: SettingsIn) -> Any:
    return services.messaging_settings_update(
        user=current_user(request), send_read_receipts=payload.send_read_receipts
    )
