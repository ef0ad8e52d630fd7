"""Reads for networks: the list, a network's members (filtered), its activity, the partnership board."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from community.organisations.models import Organisation
from networks import permissions
from networks.models import (
    CONFIRMED_STATUSES,
    JoinRequest,
    JoinRequestStatus,
    Network,
    NetworkBan,
    NetworkInvitation,
    NetworkMembership,
    NetworkOrganisation,
    Partnership,
    PartnershipInterest,
    PartnershipPost,
)


def network_list_for(user: Any, *, q: str = "", kind: str = "", country: str = "") -> QuerySet[Network]:
    qs = permissions.visible_networks(user).select_related("host")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if country:
        qs = qs.filter(countries__contains=country)
    return qs.annotate(member_count=Count("memberships", distinct=True)).order_by("name", "pk")


def networks_of(user: Any) -> QuerySet[Network]:
    """Networks the user belongs to personally or through an organisation (and is not banned from)."""
    if not user.is_authenticated:
        return Network.objects.none()
    return Network.objects.filter(permissions.member_q(user))


def member_people(
    network: Network, *, kind: str = "", sector: str = "", country: str = "", women_led: bool | None = None
) -> QuerySet[NetworkMembership]:
    """People in the network; with a filter, those who belong to a matching organisation."""
    qs = network.memberships.select_related("user").filter(user__is_active=True)
    org_filter = _organisation_filter(kind=kind, sector=sector, country=country, women_led=women_led)
    if org_filter:
        qs = qs.filter(user__memberships__organisation__in=Organisation.objects.filter(org_filter)).distinct()
    return qs.order_by("-role", "user__display_name", "pk")


def _organisation_filter(*, kind: str, sector: str, country: str, women_led: bool | None) -> Q:
    condition = Q()
    if kind:
        condition &= Q(kind=kind)
    if sector:
        condition &= Q(sector=sector)
    if country:
        condition &= Q(country=country)
    if women_led is not None:
        condition &= Q(women_led=women_led)
    return condition


def member_organisations(
    network: Network, *, kind: str = "", sector: str = "", country: str = "", women_led: bool | None = None
) -> QuerySet[NetworkOrganisation]:
    condition = _organisation_filter(kind=kind, sector=sector, country=country, women_led=women_led)
    return (
        network.organisation_memberships.select_related("organisation")
        .filter(organisation__in=Organisation.objects.filter(condition))
        .order_by("organisation__name", "pk")
    )


def pending_requests(network: Network) -> QuerySet[JoinRequest]:
    return network.join_requests.filter(status=JoinRequestStatus.PENDING).select_related("user")


def pending_invitations(network: Network) -> QuerySet[NetworkInvitation]:
    return network.invitations.filter(
        accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by", "user")


def bans_of(network: Network) -> QuerySet[NetworkBan]:
    return network.bans.select_related("user")


def pending_request_of(user: Any, network: Network) -> JoinRequest | None:
    if not user.is_authenticated:
        return None
    return network.join_requests.filter(user=user).order_by("-created_at").first()


@dataclass
class CategoryLink:
    name: str
    url: str | None


def network_categories(network: Network) -> list[CategoryLink]:
    """The network's forum categories, linked to their pages."""
    return [
        CategoryLink(name=category.name, url=reverse("forums:category", args=[category.slug]))
        for category in network.forum_categories.order_by("position", "name")
    ]


def network_practices(user: Any, network: Network, *, limit: int = 10) -> list[Any]:
    """The network's published good practices that the user may see, newest first."""
    from community.library.permissions import published_practices

    return list(published_practices(user).filter(network=network).order_by("-published_at", "-pk")[:limit])


@dataclass
class ActivityItem:
    when: datetime
    kind: str  # "joined", "post", "partnership"
    text: str
    url: str


def activity_for(network: Network, *, limit: int = 15) -> list[ActivityItem]:
    """Recent joins, partnership posts and partnerships, newest first (three small queries)."""
    items: list[ActivityItem] = []
    for m in network.memberships.select_related("user").order_by("-joined_at")[:limit]:
        items.append(ActivityItem(m.joined_at, "joined", m.user.display_name, ""))
    for p in network.partnership_posts.order_by("-created_at")[:limit]:
        items.append(ActivityItem(p.created_at, p.direction, p.title, p.get_absolute_url()))
    for s in network.partnerships.filter(status__in=CONFIRMED_STATUSES).order_by("-created_at")[:limit]:
        items.append(ActivityItem(s.created_at, "partnership", s.title, s.get_absolute_url()))
    items.sort(key=lambda item: item.when, reverse=True)
    return items[:limit]


def board_for(
    user: Any,
    *,
    network: Network | None = None,
    direction: str = "",
    kind: str = "",
    include_closed: bool = False,
) -> QuerySet[PartnershipPost]:
    qs = (
        permissions.visible_posts(user)
        .select_related("network", "organisation", "author")
        .annotate(shows_network=_shows_network(user))
    )
    if network is not None:
        qs = qs.filter(network=network)
    if direction:
        qs = qs.filter(direction=direction)
    if kind:
        qs = qs.filter(kind=kind)
    if not include_closed:
        qs = qs.filter(is_closed=False).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate())
        )
    return qs.prefetch_related("tags").order_by("-created_at", "-pk")  # type: ignore[misc]


def _shows_network(user: Any) -> Exists:
    """Whether the row's network may be named to the user: a site-wide post or a partner's partnership
    can come from a hidden network they may not know about."""
    return Exists(permissions.visible_networks(user).filter(pk=OuterRef("network")))


def interests_of(post: PartnershipPost) -> QuerySet[PartnershipInterest]:
    return post.interests.select_related("user", "organisation")


def partnerships_for(
    user: Any,
    *,
    network: Network | None = None,
    organisation: Organisation | None = None,
    confirmed_only: bool = False,
) -> QuerySet[Partnership]:
    """The partnerships the user may see; `confirmed_only` for what speaks for an organisation (its page)."""
    qs = permissions.visible_partnerships(user)
    if network is not None:
        qs = qs.filter(network=network)
    if organisation is not None:
        qs = qs.filter(parties=organisation)
    if confirmed_only:
        qs = qs.filter(status__in=CONFIRMED_STATUSES)
    return (
        Partnership.objects.filter(pk__in=qs.values("pk"))
        .select_related("network")
        .annotate(shows_network=_shows_network(user))
        .prefetch_related(Prefetch("parties", queryset=Organisation.objects.order_by("name")))
        .order_by("-updated_at", "-pk")
    )
