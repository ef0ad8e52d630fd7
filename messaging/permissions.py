"""Who may see a conversation, send into it and manage it; who receives its live events.

Direct and group conversations belong to their Participant rows; a network conversation belongs to
the network's members (networks.permissions), so leaving, removal, a ban or the end of an
organisation's enrolment takes effect with no bookkeeping here. A refused message request hides the
conversation from the person who refused it. Reads answer 404 alike for missing and not yours.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from messaging.models import (
    Block,
    Conversation,
    ConversationKind,
    Participant,
    ParticipantRole,
    RequestState,
)
from networks.models import Network
from networks.permissions import member_q, network_members

MAX_GROUP_SIZE = 50


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def visible_conversations(user: Any) -> QuerySet[Conversation]:
    if not _active(user):
        return Conversation.objects.none()
    own = Exists(
        Participant.objects.filter(conversation=OuterRef("pk"), user=user).exclude(state=RequestState.REFUSED)
    )
    networks = Network.objects.filter(member_q(user)).values("pk")
    return Conversation.objects.filter(
        (~Q(kind=ConversationKind.NETWORK) & Q(own)) | Q(kind=ConversationKind.NETWORK, network__in=networks)
    )


def can_see_conversation(user: Any, conversation: Conversation) -> bool:
    if not _active(user):
        return False
    if getattr(conversation, "_visible_to", None) == user.pk:
        return True  # checked when get_conversation_for_user fetched this instance (same request)
    if conversation.kind == ConversationKind.NETWORK:
        network_id = conversation.network_id or 0
        return Network.objects.filter(member_q(user), pk=network_id).exists()
    return (
        Participant.objects.filter(conversation=conversation, user=user)
        .exclude(state=RequestState.REFUSED)
        .exists()
    )


def get_conversation_for_user(user: Any, pk: Any) -> Conversation:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    conversation = Conversation.objects.select_related("network").filter(pk=pk).first()
    if conversation is None or not can_see_conversation(user, conversation):
        raise Http404
    # The instance lives for one request or socket command: the checks that follow (check_can_send...)
    # need not ask the database again.
    conversation._visible_to = user.pk  # type: ignore[attr-defined]
    return conversation


def blocked_either_way(user_a: Any, user_b: Any) -> bool:
    return Block.objects.filter(
        Q(blocker=user_a, blocked=user_b) | Q(blocker=user_b, blocked=user_a)
    ).exists()


def other_participant(conversation: Conversation, user: Any) -> Participant | None:
    return (
        Participant.objects.select_related("user")
        .filter(conversation=conversation)
        .exclude(user=user)
        .first()
    )


def check_can_send(user: Any, conversation: Conversation) -> None:
    """Raise PermissionDenied with a reason the sender can act on."""
    if not _active(user):
        raise PermissionDenied(_("Your account cannot send messages."))
    if not can_see_conversation(user, conversation):
        raise PermissionDenied(_("You are not in this conversation."))
    if conversation.kind != ConversationKind.DIRECT:
        return
    other = other_participant(conversation, user)
    if other is None or not other.user.is_active:
        raise PermissionDenied(_("This person can no longer receive messages."))
    if blocked_either_way(user, other.user):
        raise PermissionDenied(_("You cannot send messages to this person."))
    if other.state == RequestState.REFUSED:
        raise PermissionDenied(_("This person declined your message request."))
    if other.state == RequestState.PENDING and conversation.messages.filter(author=user).exists():
        raise PermissionDenied(
            _("Your message request is waiting for an answer: you can write again once it is accepted.")
        )


def is_admin(user: Any, conversation: Conversation) -> bool:
    return Participant.objects.filter(
        conversation=conversation, user=user, role=ParticipantRole.ADMIN
    ).exists()


def check_can_manage_group(user: Any, conversation: Conversation) -> None:
    if conversation.kind != ConversationKind.GROUP:
        raise PermissionDenied(_("Only group conversations have members to manage."))
    if not _active(user) or not is_admin(user, conversation):
        raise PermissionDenied(_("Only the group's administrators can do this."))


def shares_context(user_a: Any, user_b: Any) -> bool:
    """Whether two people share an organisation or a network: then a first message is no request."""
    from community.organisations.models import Membership

    shared_organisation = Membership.objects.filter(
        user=user_a, organisation__memberships__user=user_b
    ).exists()
    if shared_organisation:
        return True
    return Network.objects.filter(member_q(user_a)).filter(member_q(user_b)).exists()


def recipients(conversation: Conversation, *, author_id: int | None = None) -> list[int]:
    """Ids of the active people who receive the conversation's events, less those who block the author."""
    if conversation.kind == ConversationKind.NETWORK:
        assert conversation.network_id is not None  # noqa: S101 - the check constraint guarantees it
        people = network_members(conversation.network_id)
        if author_id is not None:
            people = people.exclude(
                Exists(Block.objects.filter(blocker=OuterRef("pk"), blocked_id=author_id))
            )
        return list(people.values_list("pk", flat=True))
    # Read from the participants (one join), not as users with an EXISTS: this runs on every message
    # sent, and building the query is most of its cost.
    joined = Participant.objects.filter(conversation=conversation, user__is_active=True).exclude(
        state=RequestState.REFUSED
    )
    if author_id is not None:
        joined = joined.exclude(user_id__in=Block.objects.filter(blocked_id=author_id).values("blocker_id"))
    return list(joined.values_list("user_id", flat=True))


def message_change_refusal(user: Any, message: Any) -> str | None:
    """Why this member may not edit or delete this message now, or None: only its author, while the
    account is active, within MESSAGING_EDIT_WINDOW_SECONDS of sending, and not once deleted."""
    if message.author_id != user.pk or not user.is_active:
        return _("Only the author can change a message.")
    if message.deleted_at is not None:
        return _("This message was deleted.")
    if timezone.now() - message.created_at > timedelta(seconds=settings.MESSAGING_EDIT_WINDOW_SECONDS):
        minutes = max(1, settings.MESSAGING_EDIT_WINDOW_SECONDS // 60)
        return _("Messages can be changed only within %(minutes)s minutes of sending.") % {"minutes": minutes}
    return None
