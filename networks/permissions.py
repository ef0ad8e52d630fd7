"""Who may see a network and what they may do in it; the forums ask here about network-owned categories.

Reads answer 404 alike for "missing" and "not yours to see" (get_network_for_user and friends);
actions raise PermissionDenied with a message the member can act on.

Members are people with a NetworkMembership (owner, moderator, member) and, without a role, the
members of an organisation that one of its administrators enrolled in the network; a NetworkBan
outweighs both. member_q and moderator_q say so once, as queryset filters, for every check here and
for the forums.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower, Now
from django.http import Http404
from django.utils.translation import gettext as _

from community.organisations.models import Membership, Organisation
from community.organisations.models import Role as OrganisationRole
from networks.models import (
    CONFIRMED_STATUSES,
    Network,
    NetworkBan,
    NetworkInvitation,
    NetworkMembership,
    NetworkOrganisation,
    NetworkRole,
    Partnership,
    PartnershipPost,
    PostAudience,
    Visibility,
)

MODERATOR_ROLES = (NetworkRole.OWNER, NetworkRole.MODERATOR)


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def network_role(user: Any, network: Network) -> str | None:
    if not user.is_authenticated:
        return None
    return NetworkMembership.objects.filter(network=network, user=user).values_list("role", flat=True).first()


def _network_ref(prefix: str) -> OuterRef:
    # "network__" -> the row's own foreign key column, no join; "" -> the network row itself.
    return OuterRef(prefix.removesuffix("__") or "pk")


def _not_banned_q(user: Any, prefix: str) -> Q:
    return ~Q(Exists(NetworkBan.objects.filter(network=_network_ref(prefix), user=user)))


def _through_organisation_q(user: Any, prefix: str) -> Q:
    return Q(
        Exists(
            NetworkOrganisation.objects.filter(
                network=_network_ref(prefix), organisation__memberships__user=user
            )
        )
    )


def member_q(user: Any, prefix: str = "") -> Q:
    """Rows whose network (the row itself, or reached through `prefix` such as "network__" or
    "category__network__") counts the user as a member: by a NetworkMembership of any role or through
    an enrolled organisation, and not banned from it. Matches nothing for anonymous visitors; staff
    get no exemption here (callers add theirs)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    personal = Q(Exists(NetworkMembership.objects.filter(network=_network_ref(prefix), user=user)))
    return (personal | _through_organisation_q(user, prefix)) & _not_banned_q(user, prefix)


def moderator_q(user: Any, prefix: str = "") -> Q:
    """Rows whose network (as in member_q) has the user as owner or moderator, and not banned from it."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    role = NetworkMembership.objects.filter(network=_network_ref(prefix), user=user, role__in=MODERATOR_ROLES)
    return Q(Exists(role)) & _not_banned_q(user, prefix)


def is_member_through_organisation(user: Any, network: Network) -> bool:
    if not user.is_authenticated:
        return False
    condition = _through_organisation_q(user, "") & _not_banned_q(user, "")
    return Network.objects.filter(condition, pk=network.pk).exists()


def is_network_member(user: Any, network: Network) -> bool:
    return Network.objects.filter(member_q(user), pk=network.pk).exists()


def is_network_moderator(user: Any, network: Network) -> bool:
    return Network.objects.filter(moderator_q(user), pk=network.pk).exists()


def can_moderate(user: Any, network: Network) -> bool:
    return _active(user) and (user.is_staff or is_network_moderator(user, network))


def _invited_q(user: Any) -> Q:
    """Open invitations addressed to the user: to their account, or to their address once it is confirmed
    (anyone may sign up with someone else's address). The address and the time are the database's, so
    the SQL carries nothing of the user but their id (community/search/compiled.py relies on it)."""
    # LOWER on both sides: iexact against a column is a bare LIKE on SQLite, "_" matching anything.
    to_verified_address = (
        get_user_model()
        .objects.filter(pk=user.pk, email_verified=True)
        .exclude(email="")
        .annotate(address=Lower("email"))
        .filter(address=Lower(OuterRef("email")))
    )
    addressed = Q(user=user) | Q(Exists(to_verified_address))
    return addressed & Q(accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=Now())


def has_open_invitation(user: Any, network: Network) -> bool:
    if not user.is_authenticated:
        return False
    return NetworkInvitation.objects.filter(_invited_q(user), network=network).exists()


def can_see_network_content(user: Any, network: Network) -> bool:
    if network.visibility == Visibility.PUBLIC:
        return True
    return bool(user.is_authenticated and (user.is_staff or is_network_member(user, network)))


def can_see_network(user: Any, network: Network) -> bool:
    """Knowing the network exists: everyone for public and private ones; members and invitees for hidden."""
    if network.visibility != Visibility.HIDDEN:
        return True
    return can_see_network_content(user, network) or has_open_invitation(user, network)


def visible_networks(user: Any) -> QuerySet[Network]:
    """Networks the user may know about, as one queryset (no per-row checks)."""
    qs = Network.objects.all()
    if _active(user) and user.is_staff:
        return qs
    if not _active(user):
        return qs.exclude(visibility=Visibility.HIDDEN)
    invited = NetworkInvitation.objects.filter(_invited_q(user), network=OuterRef("pk"))
    return qs.filter(~Q(visibility=Visibility.HIDDEN) | member_q(user) | Q(Exists(invited)))


def content_visible_networks(user: Any) -> QuerySet[Network]:
    """Networks whose content (members, posts, partnerships) the user may see."""
    qs = Network.objects.all()
    if _active(user) and user.is_staff:
        return qs
    if not _active(user):
        return qs.filter(visibility=Visibility.PUBLIC)
    return qs.filter(Q(visibility=Visibility.PUBLIC) | member_q(user))


def get_network_for_user(user: Any, slug: str) -> Network:
    network = Network.objects.select_related("host").filter(slug=slug).first()
    if network is None or not can_see_network(user, network):
        raise Http404
    return network


def get_network_content_for_user(user: Any, slug: str) -> Network:
    """A network whose content the user may see; 404 otherwise (private ones included: nothing to probe)."""
    network = get_network_for_user(user, slug)
    if not can_see_network_content(user, network):
        raise Http404
    return network


def check_can_moderate(user: Any, network: Network) -> None:
    if not can_moderate(user, network):
        raise PermissionDenied(_("Only the network's owners and moderators may do this."))


def check_can_create_network(user: Any) -> None:
    if not _active(user) or not user.email_verified:
        raise PermissionDenied(_("Confirm your e-mail address before creating a network."))


def check_can_host(user: Any, host: Organisation | None, current: Organisation | None = None) -> None:
    """A network names as host an organisation its creator or editor manages (or keeps the one it has)."""
    if host is None or (current is not None and host.pk == current.pk) or (_active(user) and user.is_staff):
        return
    if not managed_organisations(user).filter(pk=host.pk).exists():
        raise PermissionDenied(_("Only an organisation you manage can host the network."))


def is_banned(user: Any, network: Network) -> bool:
    return bool(user.is_authenticated and NetworkBan.objects.filter(network=network, user=user).exists())


def check_not_banned(user: Any, network: Network) -> None:
    if is_banned(user, network):
        raise PermissionDenied(_("You were removed from this network and may not join it again."))


def managed_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations the user may enrol in networks or speak for on the partnership board."""
    if not _active(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role__in=[OrganisationRole.OWNER, OrganisationRole.ADMIN]
    )


def check_can_enrol_organisation(user: Any, network: Network, organisation: Organisation) -> None:
    if not managed_organisations(user).filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("Only the organisation's owners and administrators may enrol it."))
    if network_role(user, network) is None:
        raise PermissionDenied(_("Join the network yourself before you enrol your organisation."))


def check_can_remove_organisation(user: Any, network: Network, organisation: Organisation) -> None:
    if can_moderate(user, network) or managed_organisations(user).filter(pk=organisation.pk).exists():
        return
    raise PermissionDenied(
        _("Only the network's moderators or the organisation's administrators may do this.")
    )


# The partnership board.


def visible_posts(user: Any) -> QuerySet[PartnershipPost]:
    """Posts open to the whole site, and network-only posts of networks whose content the user sees."""
    return PartnershipPost.objects.filter(
        Q(network__isnull=True)
        | Q(audience=PostAudience.SITE)
        | Q(network__in=content_visible_networks(user))
    )


def can_see_post(user: Any, post: PartnershipPost) -> bool:
    return visible_posts(user).filter(pk=post.pk).exists()


def get_post_for_user(user: Any, pk: int) -> PartnershipPost:
    post = visible_posts(user).select_related("network", "organisation", "author").filter(pk=pk).first()
    if post is None:
        raise Http404
    return post


def check_can_post(user: Any, network: Network | None, organisation: Organisation | None) -> None:
    if not _active(user):
        raise PermissionDenied(_("Sign in to post on the partnership board."))
    if network is not None and not (user.is_staff or is_network_member(user, network)):
        raise PermissionDenied(_("Only the network's members may post on its board."))
    if (
        organisation is not None
        and not Membership.objects.filter(organisation=organisation, user=user).exists()
    ):
        raise PermissionDenied(_("You can only post on behalf of an organisation you belong to."))


def can_edit_post(user: Any, post: PartnershipPost) -> bool:
    if not _active(user):
        return False
    if user.is_staff or post.author_id == user.pk:
        return True
    return post.network is not None and is_network_moderator(user, post.network)


def check_can_edit_post(user: Any, post: PartnershipPost) -> None:
    if not can_edit_post(user, post):
        raise PermissionDenied(_("Only the author or the network's moderators may change this post."))


def check_can_express_interest(user: Any, post: PartnershipPost) -> None:
    if not _active(user):
        raise PermissionDenied(_("Sign in to tell them you are interested."))
    if post.author_id == user.pk:
        raise PermissionDenied(_("This is your own post."))
    if post.is_closed:
        raise PermissionDenied(_("This post is closed."))
    if not can_see_post(user, post):
        raise PermissionDenied(_("You cannot see this post."))


def visible_partnerships(user: Any) -> QuerySet[Partnership]:
    """Confirmed partnerships of networks whose content the user sees (those without a network are
    public); a proposed one only to its parties' members and its network's moderators, until another
    party confirms it: nobody is shown as partner of an organisation that has not agreed."""
    if _active(user) and user.is_staff:
        return Partnership.objects.all()
    in_sight = Q(network__isnull=True) | Q(network__in=content_visible_networks(user))
    public = in_sight & Q(status__in=CONFIRMED_STATUSES)
    if not _active(user):
        return Partnership.objects.filter(public)
    party = Membership.objects.filter(organisation__partnerships=OuterRef("pk"), user=user)
    return Partnership.objects.filter(public | Q(Exists(party)) | moderator_q(user, "network__"))


def get_partnership_for_user(user: Any, pk: int) -> Partnership:
    partnership = visible_partnerships(user).select_related("network", "origin_post").filter(pk=pk).first()
    if partnership is None:
        raise Http404
    return partnership


def can_edit_partnership(user: Any, partnership: Partnership) -> bool:
    """The members of a party organisation, and the network's moderators."""
    if not _active(user):
        return False
    if user.is_staff:
        return True
    if partnership.parties.filter(memberships__user=user).exists():
        return True
    return partnership.network is not None and is_network_moderator(user, partnership.network)


def check_can_edit_partnership(user: Any, partnership: Partnership) -> None:
    if not can_edit_partnership(user, partnership):
        raise PermissionDenied(
            _("Only the partners and the network's moderators may change this partnership.")
        )


def check_can_propose_partnership(user: Any, post: PartnershipPost) -> None:
    """The post's author, or an administrator of the organisation it speaks for, while they see it."""
    if not _active(user):
        raise PermissionDenied(_("Sign in first."))
    allowed = user.is_staff or post.author_id == user.pk
    if not allowed and post.organisation is not None:
        allowed = managed_organisations(user).filter(pk=post.organisation.pk).exists()
    if not allowed or not can_see_post(user, post):
        raise PermissionDenied(_("Only the author of the post may propose a partnership from it."))


def check_can_propose_between(user: Any, parties: list[Organisation]) -> None:
    """Only an administrator of one of the organisations speaks for it."""
    if not managed_organisations(user).filter(pk__in=[p.pk for p in parties]).exists():
        raise PermissionDenied(
            _("Only an administrator of one of the organisations may propose a partnership.")
        )


def can_confirm_partnership(user: Any, partnership: Partnership) -> bool:
    """An administrator of a party its proposer does not speak for: the other side's consent. (When the
    proposer administers every party, all consents are theirs to give: any party administrator.)"""
    parties = Organisation.objects.filter(pk__in=partnership.parties.values("pk"))
    others = parties.exclude(
        pk__in=managed_organisations(partnership.created_by).values("pk") if partnership.created_by else []
    )
    if not others.exists():
        others = parties
    return managed_organisations(user).filter(pk__in=others.values("pk")).exists()


def check_can_confirm_partnership(user: Any, partnership: Partnership) -> None:
    if not can_confirm_partnership(user, partnership):
        raise PermissionDenied(
            _("An administrator of the other organisation must confirm the partnership first.")
        )


def check_can_see_indicators(user: Any, network: Network | None) -> None:
    if not _active(user):
        raise PermissionDenied(_("Sign in to see indicators."))
    if user.is_staff:
        return
    if network is None or not is_network_moderator(user, network):
        raise PermissionDenied(_("Only the network's owners and moderators see its indicators."))


def network_members(network_id: int) -> QuerySet[Any]:
    """Active people who count as members of the network (as member_q says), as one queryset of users:
    the recipients of its conversation."""
    from django.contrib.auth import get_user_model

    person = OuterRef("pk")
    personal = Exists(NetworkMembership.objects.filter(network_id=network_id, user=person))
    through_organisation = Exists(
        NetworkOrganisation.objects.filter(network_id=network_id, organisation__memberships__user=person)
    )
    banned = Exists(NetworkBan.objects.filter(network_id=network_id, user=person))
    return get_user_model().objects.filter(personal | through_organisation, is_active=True).exclude(banned)
