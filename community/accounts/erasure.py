"""Deleting a member's account: personal data removed, what they wrote kept under "Former member".

Design: the User row is kept as an anonymised, inactive tombstone, not deleted.

Deleting the row would either destroy other people's conversations and threads or fail outright:
forum topics, posts and revisions point at their author with PROTECT, practices, comments, guides and
partnership posts with CASCADE (a reply in a thread would vanish with the question's author), and
many tables have unique constraints that include the author (client ids of posts and messages,
one adoption per member). Turning all of those into SET_NULL would need a migration in every app
and a "no author" branch in every template and API payload. A tombstone keeps every foreign key and
constraint valid as it is, and `User.from_db` shows its name as "Former member" in the reader's
language wherever a name is shown.

What the tombstone keeps: its id, date_joined and deleted_at. Its e-mail becomes
deleted-<id>@deleted.invalid (unique, and no one's address), its password unusable, every profile
field empty, and it can never sign in again (inactive, no password, no tokens, no sessions).

What stays, shown as from "Former member": forum topics and posts, messages in conversations (others
still read them), practices, comments, guides, adoptions, partnership posts (closed) and interests,
reactions, votes and endorsements (they are counts), flags and moderation records.

What goes: the profile (name, bio, city, country, skills, avatar file), API tokens, sessions, failed
and successful sign-in records, notifications they received, memberships of organisations and
networks, group conversations (they leave them; the others stay), join requests, invitations
addressed to them, read marks, subscriptions, suspensions, blocks both ways, messaging settings,
their personal toolbox documents and shares with them, category moderation and staff groups, and
their name, e-mail and phone on inquiries they sent and as contact of their practices.

A sole owner of an organisation or a network must first make someone else an owner: the deletion is
refused with the list of them, and nothing is changed.
"""

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from notifications.models import Notification

from community.accounts.models import ApiToken, User
from community.accounts.selectors import ownerships_to_hand_over
from community.library.models import Practice, PracticeVersion
from community.organisations.models import Inquiry, Invitation, Membership
from community.toolbox.models import (
    BusinessPlan,
    BusinessPlanShare,
    CashFlowProjection,
    CashFlowShare,
    MarketingPlan,
    MarketingPlanShare,
)
from forums.models import ForumReadMark, Subscription, Suspension, TopicReadState
from messaging.models import Block, ConversationKind, MessagingSettings, Participant, RequestState
from networks.models import JoinRequest, NetworkInvitation, NetworkMembership, PartnershipPost

DB_SESSIONS = "django.contrib.sessions.backends.db"


def tombstone_email(user: User) -> str:
    return f"deleted-{user.pk}@deleted.invalid"


def _delete_sessions(user: User) -> None:
    # The unusable password already ends every session (Django checks the password hash stored in the
    # session on each request); removing the rows keeps nothing of the member behind.
    if settings.SESSION_ENGINE != DB_SESSIONS:
        return
    mine = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(session_key__in=mine).delete()


def _leave_conversations(user: User) -> None:
    from messaging.services import group_leave, user_deactivated

    groups = Participant.objects.filter(user=user, conversation__kind=ConversationKind.GROUP).select_related(
        "conversation"
    )
    for participant in groups:
        group_leave(conversation=participant.conversation, user=user)
    # Direct conversations keep both rows so the other person still reads them (with "Former member");
    # a message request the member sent and nobody answered is withdrawn.
    direct = Participant.objects.filter(user=user, conversation__kind=ConversationKind.DIRECT).values(
        "conversation"
    )
    Participant.objects.filter(conversation__in=direct, state=RequestState.PENDING).exclude(user=user).update(
        state=RequestState.REFUSED
    )
    # A network conversation's rows only hold the member's read position and mute.
    Participant.objects.filter(user=user, conversation__kind=ConversationKind.NETWORK).delete()
    Block.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()
    MessagingSettings.objects.filter(user=user).delete()
    user_deactivated(user=user)


def _leave_networks(user: User) -> None:
    from networks.services import membership_leave

    for membership in NetworkMembership.objects.filter(user=user).select_related("network"):
        membership_leave(network=membership.network, user=user)
    JoinRequest.objects.filter(user=user).delete()
    NetworkInvitation.objects.filter(Q(user=user) | Q(email__iexact=user.email)).delete()
    PartnershipPost.objects.filter(author=user, is_closed=False).update(is_closed=True)


def _scrub_contact(user: User, email: str) -> None:
    """Their name and address as the contact of their practices (and in the published versions)."""
    practices = Practice.objects.filter(author=user, contact_email__iexact=email)
    for version in PracticeVersion.objects.filter(practice__in=practices):
        snapshot: dict[str, Any] = dict(version.snapshot)
        snapshot.update(contact_name="", contact_email="")
        PracticeVersion.objects.filter(pk=version.pk).update(snapshot=snapshot)
    practices.update(contact_name="", contact_email="")
    Inquiry.objects.filter(requester=user).update(name="", email="", phone="")
    Invitation.objects.filter(email__iexact=email).delete()


def erase_user(user: User) -> None:
    """Anonymise the account in one transaction; a sole owner gets a ValidationError and nothing changes."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.deleted_at is not None:
            return
        sole = ownerships_to_hand_over(user)
        if sole:
            raise ValidationError(
                _(
                    "You are the only owner of %(names)s. Make another member an owner first (or ask the "
                    "site staff to close it); nothing has been deleted."
                )
                % {"names": ", ".join(sole)}
            )
        email = user.email
        avatar = user.avatar.name if user.avatar else ""
        storage = user.avatar.storage

        _leave_conversations(user)
        _leave_networks(user)
        Membership.objects.filter(user=user).delete()
        _scrub_contact(user, email)

        for tool in (BusinessPlan, CashFlowProjection, MarketingPlan):
            tool.objects.filter(owner=user).delete()
        for share in (BusinessPlanShare, CashFlowShare, MarketingPlanShare):
            share.objects.filter(user=user).delete()

        TopicReadState.objects.filter(user=user).delete()
        ForumReadMark.objects.filter(user=user).delete()
        Subscription.objects.filter(user=user).delete()
        Suspension.objects.filter(user=user).delete()
        user.moderated_categories.clear()
        user.groups.clear()
        user.user_permissions.clear()
        user.skills.clear()

        Notification.objects.filter(recipient=user).delete()
        ApiToken.objects.filter(user=user).delete()
        for log in (AccessAttempt, AccessFailureLog, AccessLog):
            log.objects.filter(username__iexact=email).delete()

        user.email = tombstone_email(user)
        user.display_name = ""
        user.avatar = ""  # type: ignore[assignment]
        user.country = ""
        user.city = ""
        user.bio = ""
        user.preferred_language = settings.LANGUAGE_CODE
        user.email_verified = False
        user.email_notifications = False
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.last_login = None
        user.deleted_at = timezone.now()
        user.set_unusable_password()
        user.save()
        _delete_sessions(user)
        if avatar:
            transaction.on_commit(lambda: storage.delete(avatar))
