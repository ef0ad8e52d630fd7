"""Every write to networks: create and edit, joining (open, by request, by invitation), roles, removal
and bans, organisations, the partnership board (posts, interests, partnerships) and visit counts."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community.emails import send_templated_mail
from community.organisations.models import Membership, Organisation, Sector
from community.search.indexing import schedule_index, schedule_network_reindex
from community.services import notify_members
from community.tokens import new_token, token_digest
from networks import permissions
from networks.models import (
    JoinPolicy,
    JoinRequest,
    JoinRequestStatus,
    Network,
    NetworkBan,
    NetworkInvitation,
    NetworkMembership,
    NetworkOrganisation,
    NetworkRole,
    NetworkVisitMonth,
    Partnership,
    PartnershipInterest,
    PartnershipPost,
    PartnershipStatus,
    PostAudience,
    Visibility,
)

NETWORK_FIELDS = {
    "name", "description", "visibility", "kind", "join_policy", "sectors", "countries", "host",
    "women_led_target",
}  # fmt: skip
POST_FIELDS = {
    "direction", "kind", "title", "description", "sector", "country", "region", "valid_until", "audience",
}  # fmt: skip
PARTNERSHIP_FIELDS = {
    "title", "status", "start_date", "end_date", "objectives", "outcomes", "people_trained", "sales",
    "currency",
}  # fmt: skip
INVITATION_DAYS = 14
# The first path segments of networks/urls.py's fixed pages: a network there would be unreachable.
RESERVED_SLUGS = {"new", "board", "partnerships", "invitations", "indicators"}


def _check_fields(fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "network"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Network.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _validate_network(network: Network) -> None:
    unknown = set(network.sectors or []) - set(Sector.values)
    if unknown:
        raise ValidationError({"sectors": _("Choose sectors from the list.")})
    network.full_clean(exclude=["slug"])


def _moderators(network: Network) -> list[Any]:
    return [
        m.user
        for m in network.memberships.filter(role__in=permissions.MODERATOR_ROLES).select_related("user")
    ]


# Networks.


def network_create(*, creator: Any, logo: Any = None, **fields: Any) -> Network:
    """Create a network with its creator as owner, and its forum category."""
    from forums.services.categories import category_create_for_network
    from messaging.services import network_conversation_ensure

    permissions.check_can_create_network(creator)
    _check_fields(fields, NETWORK_FIELDS)
    permissions.check_can_host(creator, fields.get("host"))
    network = Network(**fields)
    if logo is not None:
        network.logo = logo
    _validate_network(network)
    with transaction.atomic():
        for _attempt in range(3):
            network.slug = _unique_slug(network.name)
            try:
                with transaction.atomic():
                    network.save()
                break
            except IntegrityError:  # a concurrent create took the slug
                continue
        NetworkMembership.objects.create(network=network, user=creator, role=NetworkRole.OWNER)
        category_create_for_network(network=network, actor=creator)
        network_conversation_ensure(network=network)
        schedule_index(network)
    return network


def network_update(*, network: Network, actor: Any, logo: Any = None, **fields: Any) -> Network:
    permissions.check_can_moderate(actor, network)
    _check_fields(fields, NETWORK_FIELDS)
    if "host" in fields:
        permissions.check_can_host(actor, fields["host"], current=network.host)
    old_visibility = network.visibility
    for name, value in fields.items():
        setattr(network, name, value)
    if logo is not None:
        network.logo = logo
    _validate_network(network)
    network.save()
    schedule_index(network)
    if network.visibility != old_visibility:
        # Its content is never shown a moment too long: members' searches ask the network's current
        # visibility, and the database turned visitors' flags off in the save itself (search
        # migration 0005). Its rows are still recomputed so every fact they keep stays true.
        schedule_network_reindex(network.pk)
    return network


# Joining.


def _add_member(network: Network, user: Any, role: str = NetworkRole.MEMBER) -> NetworkMembership:
    membership, _created = NetworkMembership.objects.get_or_create(
        network=network, user=user, defaults={"role": role}
    )
    return membership


def network_join(*, network: Network, user: Any) -> NetworkMembership:
    """Join an open network at once."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to join."))
    if not permissions.can_see_network(user, network):
        raise PermissionDenied(_("You cannot join this network."))
    permissions.check_not_banned(user, network)
    if network.join_policy != JoinPolicy.OPEN:
        raise PermissionDenied(
            _("This network takes members by request.")
            if network.join_policy == JoinPolicy.REQUEST
            else _("This network takes members by invitation only.")
        )
    return _add_member(network, user)


def join_request_create(*, network: Network, user: Any, message: str = "") -> JoinRequest:
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to ask to join."))
    if not permissions.can_see_network(user, network):
        raise PermissionDenied(_("You cannot join this network."))
    permissions.check_not_banned(user, network)
    if network.join_policy != JoinPolicy.REQUEST:
        raise PermissionDenied(
            _("This network is open: join it directly.")
            if network.join_policy == JoinPolicy.OPEN
            else _("This network takes members by invitation only.")
        )
    if permissions.network_role(user, network) is not None:
        raise ValidationError(_("You are already a member."))
    pending = JoinRequest.objects.filter(network=network, user=user, status=JoinRequestStatus.PENDING)
    if pending.exists():
        raise ValidationError(_("You have already asked; the moderators will answer soon."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                join_request = JoinRequest.objects.create(network=network, user=user, message=message.strip())
        except IntegrityError:  # a double submit: the other one is recorded and the moderators told
            return pending.get()
        notify_members(
            recipients=_moderators(network),
            actor=user,
            verb=gettext_noop("asked to join"),
            target=network,
            description=join_request.message,
            url=reverse("networks:requests", args=[network.slug]),
        )
    return join_request


def _decide(join_request: JoinRequest, actor: Any, status: str, response: str) -> JoinRequest:
    permissions.check_can_moderate(actor, join_request.network)
    if join_request.status != JoinRequestStatus.PENDING:
        raise ValidationError(_("This request has already been answered."))
    join_request.status = status
    join_request.response = response.strip()
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "response", "decided_by", "decided_at"])
    return join_request


def join_request_approve(*, join_request: JoinRequest, actor: Any, response: str = "") -> JoinRequest:
    network = join_request.network
    with transaction.atomic():
        _decide(join_request, actor, JoinRequestStatus.APPROVED, response)
        NetworkBan.objects.filter(network=network, user=join_request.user).delete()
        _add_member(network, join_request.user)
        notify_members(
            recipients=[join_request.user],
            actor=actor,
            verb=gettext_noop("approved your request to join"),
            target=network,
            description=join_request.response,
            url=network.get_absolute_url(),
        )
    return join_request


def join_request_refuse(*, join_request: JoinRequest, actor: Any, response: str = "") -> JoinRequest:
    with transaction.atomic():
        _decide(join_request, actor, JoinRequestStatus.REFUSED, response)
        notify_members(
            recipients=[join_request.user],
            actor=actor,
            verb=gettext_noop("refused your request to join"),
            target=join_request.network,
            description=join_request.response,
            url=reverse("networks:index"),
        )
    return join_request


def invitation_create(
    *, network: Network, actor: Any, email: str = "", user: Any = None
) -> tuple[NetworkInvitation, str]:
    """Invite by e-mail address or a member found by search; returns the invitation and its raw token.

    The token is only ever in the e-mail (and the return value, for the API caller who sends it).
    """
    permissions.check_can_moderate(actor, network)
    # A member is invited by account and their address is neither kept nor compared: nothing here may
    # tell a moderator which address belongs to whom.
    email = "" if user is not None else email.strip().lower()
    if user is None and not email:
        raise ValidationError({"email": _("Enter an e-mail address or choose a member.")})
    if user is not None and network.memberships.filter(user=user).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    if network.invitations.filter(
        Q(user=user) if user is not None else Q(email__iexact=email),
        accepted_at__isnull=True,
        cancelled_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).exists():
        raise ValidationError({"email": _("This person already has an open invitation.")})
    raw = new_token()
    path = reverse("networks:invitation_accept", args=[raw])
    with transaction.atomic():
        invitation = NetworkInvitation.objects.create(
            network=network,
            email=email,
            user=user,
            digest=token_digest(raw),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        if user is not None:
            notify_members(
                recipients=[user],
                actor=actor,
                verb=gettext_noop("invited you to join"),
                target=network,
                url=path,
            )
        language = getattr(user, "preferred_language", None) or actor.preferred_language
        address = user.email if user is not None else email
        transaction.on_commit(
            lambda: send_templated_mail(
                template="networks/email/invitation",
                to=address,
                language=language,
                context={"network": network, "inviter": actor, "path": path},
            )
        )
    return invitation, raw


def _invitation_invalid() -> ValidationError:
    # The code, not the (translated) text, tells callers such as the API that this is a missing resource.
    return ValidationError(
        _("This invitation is not valid any more. Ask for a new one."), code="invitation_invalid"
    )


def invitation_find(*, token: str) -> NetworkInvitation:
    invitation = (
        NetworkInvitation.objects.select_related("network", "invited_by")
        .filter(digest=token_digest(token), accepted_at__isnull=True, cancelled_at__isnull=True)
        .first()
    )
    # Valid while expires_at is still ahead, as permissions._invited_q and the lists say (__gt).
    if invitation is None or invitation.expires_at <= timezone.now():
        raise _invitation_invalid()
    return invitation


def invitation_accept(*, token: str, user: Any) -> NetworkMembership:
    with transaction.atomic():
        invitation = invitation_find(token=token)
        # Lock the row: two clicks on the same link make one membership and one used invitation.
        NetworkInvitation.objects.select_for_update().filter(pk=invitation.pk).first()
        if invitation.user_id is not None:
            if invitation.user_id != user.pk:
                raise ValidationError(_("This invitation is for another member."))
        elif invitation.email.lower() != user.email.lower():
            raise ValidationError(
                _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
                % {"email": invitation.email}
            )
        permissions.check_not_banned(user, invitation.network)
        used = NetworkInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
            accepted_at=timezone.now()
        )
        if not used:
            raise _invitation_invalid()
        return _add_member(invitation.network, user)


def invitation_cancel(*, invitation: NetworkInvitation, actor: Any) -> None:
    permissions.check_can_moderate(actor, invitation.network)
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])


# Roles, leaving, removal and bans.

RANK: dict[str, int] = {NetworkRole.MEMBER: 0, NetworkRole.MODERATOR: 1, NetworkRole.OWNER: 2}


def _actor_rank(actor: Any, network: Network) -> int:
    if actor.is_authenticated and actor.is_staff:
        return 3
    role = permissions.network_role(actor, network)
    return RANK[NetworkRole(role)] if role else -1


def _owner_count(network: Network) -> int:
    return network.memberships.filter(role=NetworkRole.OWNER).count()


def membership_set_role(*, membership: NetworkMembership, actor: Any, role: str) -> NetworkMembership:
    """Owners and moderators appoint moderators; only owners make or unmake owners."""
    network = membership.network
    permissions.check_can_moderate(actor, network)
    if role not in NetworkRole.values:
        raise ValidationError(_("Choose owner, moderator or member."))
    rank = _actor_rank(actor, network)
    if (role == NetworkRole.OWNER or membership.role == NetworkRole.OWNER) and rank < RANK[NetworkRole.OWNER]:
        raise ValidationError(_("Only an owner can appoint or change owners."))
    if (
        membership.role == NetworkRole.MODERATOR
        and rank < RANK[NetworkRole.OWNER]
        and membership.user_id != actor.pk
    ):
        raise ValidationError(_("Only an owner can change another moderator's role."))
    if membership.role == NetworkRole.OWNER and role != NetworkRole.OWNER and _owner_count(network) == 1:
        raise ValidationError(_("A network keeps at least one owner."))
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


def _conversation_gone(network: Network, user: Any) -> None:
    """Tell the member's open sockets that the network's conversation is no longer theirs (its events
    already stop: recipients are computed from membership for every event)."""
    from messaging.services import network_member_left

    network_member_left(network=network, user=user)


def membership_leave(*, network: Network, user: Any) -> None:
    membership = NetworkMembership.objects.filter(network=network, user=user).first()
    if membership is None:
        raise ValidationError(_("You are not a member of this network."))
    if membership.role == NetworkRole.OWNER and _owner_count(network) == 1:
        raise ValidationError(_("You are the only owner: make someone else an owner before you leave."))
    with transaction.atomic():
        membership.delete()
        _conversation_gone(network, user)


def membership_remove(
    *, membership: NetworkMembership, actor: Any, ban: bool = False, reason: str = ""
) -> None:
    """Remove a member (moderators remove members, owners also moderators), and optionally ban them."""
    network = membership.network
    permissions.check_can_moderate(actor, network)
    if membership.user_id == actor.pk:
        raise ValidationError(_("Use “Leave” to leave the network yourself."))
    if RANK[membership.role] >= _actor_rank(actor, network):
        raise ValidationError(_("You can only remove members below your own role."))
    with transaction.atomic():
        user = membership.user
        membership.delete()
        _conversation_gone(network, user)
        if ban:
            NetworkBan.objects.get_or_create(
                network=network, user=user, defaults={"reason": reason[:500], "banned_by": actor}
            )
            JoinRequest.objects.filter(network=network, user=user, status=JoinRequestStatus.PENDING).update(
                status=JoinRequestStatus.REFUSED, decided_by=actor, decided_at=timezone.now()
            )


def ban_lift(*, ban: NetworkBan, actor: Any) -> None:
    permissions.check_can_moderate(actor, ban.network)
    ban.delete()


# Organisations.


def network_organisation_add(
    *, network: Network, organisation: Organisation, actor: Any
) -> NetworkOrganisation:
    permissions.check_can_enrol_organisation(actor, network, organisation)
    link, _created = NetworkOrganisation.objects.get_or_create(
        network=network, organisation=organisation, defaults={"added_by": actor}
    )
    return link


def network_organisation_remove(*, link: NetworkOrganisation, actor: Any) -> None:
    permissions.check_can_remove_organisation(actor, link.network, link.organisation)
    link.delete()


# The partnership board.


def _check_audience(network: Network | None, audience: str) -> None:
    if network is not None and network.visibility == Visibility.HIDDEN and audience == PostAudience.SITE:
        raise ValidationError(
            {"audience": _("A hidden network's posts are for its members only: choose its members.")}
        )


def _validate_post(post: PartnershipPost) -> None:
    post.full_clean()
    if post.network is None and post.audience != PostAudience.SITE:
        post.audience = PostAudience.SITE
    if post.valid_until and post.valid_until < timezone.localdate() and post._state.adding:
        raise ValidationError({"valid_until": _("Choose a date in the future.")})


def post_create(
    *,
    author: Any,
    network: Network | None,
    organisation: Organisation | None = None,
    tags: list[str] | None = None,
    **fields: Any,
) -> PartnershipPost:
    permissions.check_can_post(author, network, organisation)
    _check_fields(fields, POST_FIELDS)
    _check_audience(network, fields.get("audience", PostAudience.NETWORK))
    post = PartnershipPost(author=author, network=network, organisation=organisation, **fields)
    _validate_post(post)
    with transaction.atomic():
        post.save()
        if tags:
            post.tags.set(_clean_tags(tags))
    return post


def _clean_tags(tags: list[str]) -> list[str]:
    return sorted({t.strip().lower()[:50] for t in tags if t.strip()})[:10]


def post_update(
    *, post: PartnershipPost, actor: Any, tags: list[str] | None = None, **fields: Any
) -> PartnershipPost:
    permissions.check_can_edit_post(actor, post)
    _check_fields(fields, POST_FIELDS | {"is_closed"})
    if "audience" in fields:
        _check_audience(post.network, fields["audience"])
    for name, value in fields.items():
        setattr(post, name, value)
    _validate_post(post)
    with transaction.atomic():
        post.save()
        if tags is not None:
            post.tags.set(_clean_tags(tags))
    return post


def interest_create(
    *, post: PartnershipPost, user: Any, organisation: Organisation | None = None, message: str = ""
) -> PartnershipInterest:
    """Record "I'm interested" and tell the author (in-app and by e-mail).

    Messaging has not landed yet: when it does, this opens a conversation between the two parties.
    """
    permissions.check_can_express_interest(user, post)
    if (
        organisation is not None
        and not Membership.objects.filter(organisation=organisation, user=user).exists()
    ):
        raise ValidationError({"organisation": _("Choose an organisation you belong to.")})
    if PartnershipInterest.objects.filter(post=post, user=user).exists():
        raise ValidationError(_("You have already told them you are interested."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                interest = PartnershipInterest.objects.create(
                    post=post, user=user, organisation=organisation, message=message.strip()[:2000]
                )
        except IntegrityError:  # a double submit: the other one is recorded and the author told
            return PartnershipInterest.objects.get(post=post, user=user)
        notify_members(
            recipients=[post.author],
            actor=user,
            verb=gettext_noop("is interested in"),
            target=post,
            description=interest.message,
            url=post.get_absolute_url(),
            email_template="networks/email/interest",
            email_context={"post": post, "interest": interest},
        )
    return interest


def partnership_create(
    *,
    actor: Any,
    title: str,
    parties: list[Organisation],
    network: Network | None = None,
    origin_post: PartnershipPost | None = None,
    **fields: Any,
) -> Partnership:
    """Propose a partnership: an administrator of one party proposes, and it stays proposed (seen by the
    parties and the network's moderators only) until another party's administrator confirms it."""
    _check_fields(fields, PARTNERSHIP_FIELDS - {"title", "status"})
    if origin_post is not None:
        permissions.check_can_propose_partnership(actor, origin_post)
        network = origin_post.network
    elif network is not None:
        if not (actor.is_staff or permissions.is_network_member(actor, network)):
            raise PermissionDenied(_("Only the network's members may record its partnerships."))
    elif not actor.is_authenticated:
        raise PermissionDenied(_("Sign in first."))
    permissions.check_can_propose_between(actor, parties)
    if len({p.pk for p in parties}) < 2:
        raise ValidationError({"parties": _("A partnership has at least two organisations.")})
    partnership = Partnership(
        network=network,
        origin_post=origin_post,
        title=title,
        created_by=actor,
        status=PartnershipStatus.PROPOSED,
        **fields,
    )
    partnership.full_clean()
    _check_dates(partnership)
    with transaction.atomic():
        partnership.save()
        partnership.parties.set(parties)
        others = (
            Membership.objects.filter(organisation__in=parties).exclude(user=actor).select_related("user")
        )
        notify_members(
            recipients=[m.user for m in others],
            actor=actor,
            verb=gettext_noop("proposed a partnership"),
            target=partnership,
            url=partnership.get_absolute_url(),
        )
    return partnership


def _check_dates(partnership: Partnership) -> None:
    if partnership.start_date and partnership.end_date and partnership.end_date < partnership.start_date:
        raise ValidationError({"end_date": _("The end date must not be before the start date.")})


def partnership_update(*, partnership: Partnership, actor: Any, **fields: Any) -> Partnership:
    permissions.check_can_edit_partnership(actor, partnership)
    _check_fields(fields, PARTNERSHIP_FIELDS)
    # Leaving "proposed" in any direction (agreed, or straight to active or ended) is the other side's say.
    # The stored status is read again: a ModelForm has already written the new one on the instance.
    stored = Partnership.objects.values_list("status", flat=True).get(pk=partnership.pk)
    leaves_proposed = fields.get("status", stored) != PartnershipStatus.PROPOSED
    if stored == PartnershipStatus.PROPOSED and leaves_proposed:
        permissions.check_can_confirm_partnership(actor, partnership)
    for name, value in fields.items():
        setattr(partnership, name, value)
    if partnership.status == PartnershipStatus.ACTIVE and partnership.start_date is None:
        partnership.start_date = timezone.localdate()
    if (
        partnership.status in (PartnershipStatus.COMPLETED, PartnershipStatus.ENDED)
        and not partnership.end_date
    ):
        partnership.end_date = timezone.localdate()
    partnership.full_clean()
    _check_dates(partnership)
    partnership.save()
    return partnership


# Usage.


def visit_record(*, network: Network, today: date | None = None) -> None:
    """Count one page view of a network this month: a number only, nothing about the visitor."""
    month = (today or timezone.localdate()).replace(day=1)
    updated = NetworkVisitMonth.objects.filter(network=network, month=month).update(views=F("views") + 1)
    if not updated:
        try:
            with transaction.atomic():
                NetworkVisitMonth.objects.create(network=network, month=month, views=1)
        except IntegrityError:  # a concurrent first view of the month made the row
            NetworkVisitMonth.objects.filter(network=network, month=month).update(views=F("views") + 1)
