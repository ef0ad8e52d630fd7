"""API endpoints for networks, memberships, join requests, invitations, the partnership board and
partnerships; the same services, selectors and permission checks as the pages (404 alike for hidden)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import Throttled
from ninja.pagination import paginate

from community.accounts.models import User
from community.apibase import AUTH, Error, Pages, current_user, optional_user
from community.organisations.models import Organisation
from community.ratelimit import hit
from networks import matching, permissions, selectors, services
from networks.models import (
    JoinPolicy,
    JoinRequest,
    Network,
    NetworkInvitation,
    NetworkKind,
    NetworkMembership,
    NetworkRole,
    Partnership,
    PartnershipInterest,
    PartnershipPost,
    PartnershipStatus,
    PostAudience,
    PostDirection,
    PostKind,
    Visibility,
)
from networks.views import INTEREST_RATE, INVITE_RATE, JOIN_REQUEST_RATE

router = Router(tags=["networks"])

COMMON = {401: Error, 403: Error, 404: Error, 422: Error}
LIMITED = {**COMMON, 429: Error}


def _check_rate(user: Any, key: str, rate: str) -> None:
    """The pages' bucket for the same action (networks/views.py): one allowance for pages and API."""
    retry_after = hit(f"{key}:u{user.pk}", rate)
    if retry_after:
        raise Throttled(wait=retry_after)


def _shown_network(obj: Any, context: Any) -> str | None:
    """The slug of the row's network, unless the caller may not know that network exists (a site-wide
    post of a hidden network, say): selectors annotate `shows_network`, single objects are asked here."""
    network = obj.network
    if network is None:
        return None
    shown = getattr(obj, "shows_network", None)
    if shown is None:
        shown = permissions.can_see_network(optional_user(context["request"]), network)
    return network.slug if shown else None


class NetworkOut(Schema):
    slug: str
    name: str
    kind: NetworkKind
    description: str
    visibility: Visibility
    join_policy: JoinPolicy
    sectors: list[str]
    countries: list[str]
    host: str | None
    women_led_target: int

    @staticmethod
    def resolve_countries(obj: Network) -> list[str]:
        return [c.code for c in obj.countries]

    @staticmethod
    def resolve_host(obj: Network) -> str | None:
        return obj.host.slug if obj.host else None


class NetworkIn(Schema):
    name: str = Field(..., min_length=2, max_length=160)
    kind: NetworkKind = NetworkKind.BUSINESS_CLUSTER
    description: str = Field("", max_length=5000)
    visibility: Visibility = Visibility.PUBLIC
    join_policy: JoinPolicy = JoinPolicy.REQUEST
    sectors: list[str] = []
    countries: list[str] = []
    women_led_target: int = Field(25, ge=0, le=100)


class NetworkPatch(Schema):
    name: str | None = Field(None, min_length=2, max_length=160)
    kind: NetworkKind | None = None
    description: str | None = Field(None, max_length=5000)
    visibility: Visibility | None = None
    join_policy: JoinPolicy | None = None
    sectors: list[str] | None = None
    countries: list[str] | None = None
    women_led_target: int | None = Field(None, ge=0, le=100)


class MembershipOut(Schema):
    id: int
    user: int
    display_name: str
    role: NetworkRole
    joined_at: datetime

    @staticmethod
    def resolve_user(obj: NetworkMembership) -> int:
        return obj.user_id

    @staticmethod
    def resolve_display_name(obj: NetworkMembership) -> str:
        return obj.user.display_name


class RoleIn(Schema):
    role: NetworkRole


class JoinRequestIn(Schema):
    message: str = Field("", max_length=2000)


class DecisionIn(Schema):
    response: str = Field("", max_length=2000)


class JoinRequestOut(Schema):
    id: int
    user: int
    message: str
    status: str
    response: str
    created_at: datetime

    @staticmethod
    def resolve_user(obj: JoinRequest) -> int:
        return obj.user_id


class InvitationIn(Schema):
    email: str = Field("", max_length=254)
    user: int | None = None


class InvitationOut(Schema):
    id: int
    email: str | None = Field(None, description="Only for invitations by address, never a member's.")
    user: int | None = None
    display_name: str | None = None
    expires_at: datetime
    token: str | None = Field(None, description="Only in the answer that creates it; send it to the invitee.")

    @staticmethod
    def resolve_email(obj: NetworkInvitation) -> str | None:
        return None if obj.user_id else obj.email

    @staticmethod
    def resolve_user(obj: NetworkInvitation) -> int | None:
        return obj.user_id

    @staticmethod
    def resolve_display_name(obj: NetworkInvitation) -> str | None:
        return obj.user.display_name if obj.user else None


class PartnershipPostOut(Schema):
    id: int
    network: str | None
    audience: PostAudience
    direction: PostDirection
    kind: PostKind
    title: str
    description: str
    organisation: str | None
    sector: str
    country: str
    region: str
    tags: list[str]
    valid_until: date | None
    is_closed: bool
    created_at: datetime

    @staticmethod
    def resolve_network(obj: PartnershipPost, context: Any) -> str | None:
        return _shown_network(obj, context)

    @staticmethod
    def resolve_organisation(obj: PartnershipPost) -> str | None:
        return obj.organisation.slug if obj.organisation else None

    @staticmethod
    def resolve_country(obj: PartnershipPost) -> str:
        return str(obj.country or "")

    @staticmethod
    def resolve_tags(obj: PartnershipPost) -> list[str]:
        return sorted(t.name for t in obj.tags.all())


class PartnershipPostIn(Schema):
    network: str | None = None
    organisation: str | None = None
    audience: PostAudience = PostAudience.NETWORK
    direction: PostDirection
    kind: PostKind
    title: str = Field(..., min_length=2, max_length=160)
    description: str = Field(..., min_length=1, max_length=5000)
    sector: str = Field("", max_length=32)
    country: str = Field("", max_length=2)
    region: str = Field("", max_length=100)
    tags: list[str] = []
    valid_until: date | None = None


class MatchOut(Schema):
    score: int
    reasons: list[str]
    post: int | None = None
    organisation: str | None = None


class PartnershipPostDetailOut(PartnershipPostOut):
    matching_posts: list[MatchOut]
    matching_organisations: list[MatchOut]


class InterestIn(Schema):
    organisation: str | None = None
    message: str = Field("", max_length=2000)


class InterestOut(Schema):
    id: int
    post: int
    user: int
    organisation: str | None
    message: str
    created_at: datetime

    @staticmethod
    def resolve_post(obj: PartnershipInterest) -> int:
        return obj.post_id

    @staticmethod
    def resolve_user(obj: PartnershipInterest) -> int:
        return obj.user_id

    @staticmethod
    def resolve_organisation(obj: PartnershipInterest) -> str | None:
        return obj.organisation.slug if obj.organisation else None


class PartnershipOut(Schema):
    id: int
    network: str | None
    origin_post: int | None
    parties: list[str]
    title: str
    status: PartnershipStatus
    start_date: date | None
    end_date: date | None
    objectives: str
    outcomes: str
    people_trained: int
    sales: Decimal
    currency: str

    @staticmethod
    def resolve_network(obj: Partnership, context: Any) -> str | None:
        return _shown_network(obj, context)

    @staticmethod
    def resolve_origin_post(obj: Partnership) -> int | None:
        return obj.origin_post_id

    @staticmethod
    def resolve_parties(obj: Partnership) -> list[str]:
        return [o.slug for o in obj.parties.all()]


class PartnershipIn(Schema):
    title: str = Field(..., min_length=2, max_length=160)
    parties: list[str] = Field(..., min_length=2)
    network: str | None = None
    origin_post: int | None = None
    objectives: str = Field("", max_length=5000)


class PartnershipPatch(Schema):
    title: str | None = Field(None, min_length=2, max_length=160)
    status: PartnershipStatus | None = None
    start_date: date | None = None
    end_date: date | None = None
    objectives: str | None = Field(None, max_length=5000)
    outcomes: str | None = Field(None, max_length=5000)
    people_trained: int | None = Field(None, ge=0)
    sales: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    currency: str | None = Field(None, min_length=3, max_length=3)


def _organisation(slug: str | None) -> Organisation | None:
    return get_object_or_404(Organisation, slug=slug) if slug else None


# Networks.


@router.get("/networks", response=list[NetworkOut])
@paginate(Pages)
def network_list(request: HttpRequest, q: str = "", kind: str = "") -> Any:
    return selectors.network_list_for(optional_user(request), q=q[:100], kind=kind)


@router.post("/networks", response={201: NetworkOut, **COMMON}, auth=AUTH)
def network_create(request: HttpRequest, payload: NetworkIn) -> Status:
    network = services.network_create(creator=current_user(request), **payload.dict())
    return Status(201, network)


@router.get("/networks/{slug}", response={200: NetworkOut, 404: Error})
def network_detail(request: HttpRequest, slug: str) -> Network:
    return permissions.get_network_for_user(optional_user(request), slug)


@router.patch("/networks/{slug}", response={200: NetworkOut, **COMMON}, auth=AUTH)
def network_update(request: HttpRequest, slug: str, payload: NetworkPatch) -> Network:
    user = current_user(request)
    network = permissions.get_network_for_user(user, slug)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.network_update(network=network, actor=user, **data)


@router.get("/networks/{slug}/members", response={200: list[MembershipOut], 404: Error})
@paginate(Pages)
def member_list(request: HttpRequest, slug: str) -> Any:
    network = permissions.get_network_content_for_user(optional_user(request), slug)
    return selectors.member_people(network)


@router.post("/networks/{slug}/join", response={201: MembershipOut, **COMMON}, auth=AUTH)
def network_join(request: HttpRequest, slug: str) -> Status:
    user = current_user(request)
    network = permissions.get_network_for_user(user, slug)
    return Status(201, services.network_join(network=network, user=user))


@router.post("/networks/{slug}/leave", response={204: None, **COMMON}, auth=AUTH)
def network_leave(request: HttpRequest, slug: str) -> Status:
    user = current_user(request)
    services.membership_leave(network=permissions.get_network_for_user(user, slug), user=user)
    return Status(204, None)


@router.patch("/networks/{slug}/members/{membership_id}", response={200: MembershipOut, **COMMON}, auth=AUTH)
def member_role(request: HttpRequest, slug: str, membership_id: int, payload: RoleIn) -> NetworkMembership:
    user = current_user(request)
    network = permissions.get_network_for_user(user, slug)
    permissions.check_can_moderate(user, network)
    membership = get_object_or_404(NetworkMembership, pk=membership_id, network=network)
    return services.membership_set_role(membership=membership, actor=user, role=payload.role)


@router.delete("/networks/{slug}/members/{membership_id}", response={204: None, **COMMON}, auth=AUTH)
def member_remove(request: HttpRequest, slug: str, membership_id: int, ban: bool = False) -> Status:
    user = current_user(request)
    network = permissions.get_network_for_user(user, slug)
    permissions.check_can_moderate(user, network)
    membership = get_object_or_404(NetworkMembership, pk=membership_id, network=network)
    services.membership_remove(membership=membership, actor=user, ban=ban)
    return Status(204, None)


# Join requests and invitations.


@router.get("/networks/{slug}/join-requests", response={200: list[JoinRequestOut], **COMMON}, auth=AUTH)
@paginate(Pages)
def join_request_list(request: HttpRequest, slug: str) -> Any:
    user = current_user(request)
    network = permissions.get_network_for_user(user, slug)
    permissions.check_can_moderate(user, network)
    return selectors.pending_requests(network)


@router.post("/networks/{slug}/join-requests", response={201: JoinRequestOut, **LIMITED}, auth=AUTH)
def join_request_create(request: HttpRequest, slug: str, payload: JoinRequestIn) -> Status:
    user = current_user(request)
    _check_rate(user, "network-join-request", JOIN_REQUEST_RATE)
    network = permissions.get_network_for_user(user, slug)
    return Status(201, services.join_request_create(network=network, user=user, message=payload.message))


@router.post(
    "/networks/{slug}/join-requests/{request_id}/{decision}",
    response={200: JoinRequestOut, **COMMON},
    auth=AUTH,
)
def join_request_decide(
    request: HttpRequest, slug: str, request_id: int, decision: str, payload: DecisionIn
) -> JoinRequest:
    user = current_user(request)
    network = permissions.get_network_for_user(user, slug)
    permissions.check_can_moderate(user, network)
    join_request = get_object_or_404(JoinRequest, pk=request_id, network=network)
    if decision == "approve":
        return services.join_request_approve(join_request=join_request, actor=user, response=payload.response)
    if decision == "refuse":
        return services.join_request_refuse(join_request=join_request, actor=user, response=payload.response)
    raise Http404  # an unknown decision is a missing resource


@router.post("/networks/{slug}/invitations", response={201: InvitationOut, **LIMITED}, auth=AUTH)
def invitation_create(request: HttpRequest, slug: str, payload: InvitationIn) -> Status:
    user = current_user(request)
    _check_rate(user, "network-invite", INVITE_RATE)
    network = permissions.get_network_for_user(user, slug)
    permissions.check_can_moderate(user, network)
    invitee = get_object_or_404(User, pk=payload.user, is_active=True) if payload.user else None
    invitation, raw = services.invitation_create(
        network=network, actor=user, email=payload.email, user=invitee
    )
    invitation.token = raw  # type: ignore[attr-defined]  # the schema reads it like the other fields
    return Status(201, invitation)


@router.get("/networks/{slug}/invitations", response={200: list[InvitationOut], **COMMON}, auth=AUTH)
@paginate(Pages)
def invitation_list(request: HttpRequest, slug: str) -> Any:
    user = current_user(request)
    network = permissions.get_network_for_user(user, slug)
    permissions.check_can_moderate(user, network)
    return selectors.pending_invitations(network)


@router.post("/network-invitations/{token}/accept", response={201: MembershipOut, **COMMON}, auth=AUTH)
def invitation_accept(request: HttpRequest, token: str) -> Status:
    try:
        membership = services.invitation_accept(token=token, user=current_user(request))
    except ValidationError as error:
        if getattr(error, "code", None) == "invitation_invalid":
            raise Http404 from error
        raise
    return Status(201, membership)


# The partnership board.


@router.get("/partnership-posts", response={200: list[PartnershipPostOut], 404: Error})
@paginate(Pages)
def post_list(request: HttpRequest, network: str = "", direction: str = "", kind: str = "") -> Any:
    user = optional_user(request)
    scope = permissions.get_network_content_for_user(user, network) if network else None
    return selectors.board_for(user, network=scope, direction=direction, kind=kind)


@router.post("/partnership-posts", response={201: PartnershipPostOut, **COMMON}, auth=AUTH)
def post_create(request: HttpRequest, payload: PartnershipPostIn) -> Status:
    user = current_user(request)
    data = payload.dict()
    network = permissions.get_network_content_for_user(user, data.pop("network")) if payload.network else None
    data.pop("network", None)
    organisation = _organisation(data.pop("organisation"))
    tags = data.pop("tags")
    data["country"] = data["country"].upper()
    post = services.post_create(author=user, network=network, organisation=organisation, tags=tags, **data)
    return Status(201, post)


@router.get("/partnership-posts/{post_id}", response={200: PartnershipPostDetailOut, 404: Error})
def post_detail(request: HttpRequest, post_id: int) -> Any:
    user = optional_user(request)
    post = permissions.get_post_for_user(user, post_id)
    # The schema reads these two lists from the post like its other fields.
    post.matching_posts = [  # type: ignore[attr-defined]
        MatchOut(score=m.score, reasons=m.reasons, post=m.post.pk if m.post else None)
        for m in matching.matching_posts(user, post)
    ]
    post.matching_organisations = [  # type: ignore[attr-defined]
        MatchOut(
            score=m.score, reasons=m.reasons, organisation=m.organisation.slug if m.organisation else None
        )
        for m in matching.matching_organisations(post)
    ]
    return post


@router.post("/partnership-posts/{post_id}/interests", response={201: InterestOut, **LIMITED}, auth=AUTH)
def interest_create(request: HttpRequest, post_id: int, payload: InterestIn) -> Status:
    user = current_user(request)
    _check_rate(user, "network-interest", INTEREST_RATE)
    post = permissions.get_post_for_user(user, post_id)
    interest = services.interest_create(
        post=post, user=user, organisation=_organisation(payload.organisation), message=payload.message
    )
    return Status(201, interest)


@router.get("/partnership-posts/{post_id}/interests", response={200: list[InterestOut], **COMMON}, auth=AUTH)
@paginate(Pages)
def interest_list(request: HttpRequest, post_id: int) -> Any:
    user = current_user(request)
    post = permissions.get_post_for_user(user, post_id)
    permissions.check_can_propose_partnership(user, post)
    return selectors.interests_of(post)


# Partnerships.


@router.get("/partnerships", response={200: list[PartnershipOut], 404: Error})
@paginate(Pages)
def partnership_list(request: HttpRequest, network: str = "", organisation: str = "") -> Any:
    user = optional_user(request)
    scope = permissions.get_network_content_for_user(user, network) if network else None
    return selectors.partnerships_for(user, network=scope, organisation=_organisation(organisation))


@router.post("/partnerships", response={201: PartnershipOut, **COMMON}, auth=AUTH)
def partnership_create(request: HttpRequest, payload: PartnershipIn) -> Status:
    user = current_user(request)
    network = permissions.get_network_content_for_user(user, payload.network) if payload.network else None
    origin = permissions.get_post_for_user(user, payload.origin_post) if payload.origin_post else None
    parties = [get_object_or_404(Organisation, slug=slug) for slug in payload.parties]
    partnership = services.partnership_create(
        actor=user,
        title=payload.title,
        parties=parties,
        network=network,
        origin_post=origin,
        objectives=payload.objectives,
    )
    return Status(201, partnership)


@router.get("/partnerships/{partnership_id}", response={200: PartnershipOut, 404: Error})
def partnership_detail(request: HttpRequest, partnership_id: int) -> Partnership:
    return permissions.get_partnership_for_user(optional_user(request), partnership_id)


@router.patch("/partnerships/{partnership_id}", response={200: PartnershipOut, **COMMON}, auth=AUTH)
def partnership_update(request: HttpRequest, partnership_id: int, payload: PartnershipPatch) -> Partnership:
    user = current_user(request)
    partnership = permissions.get_partnership_for_user(user, partnership_id)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.partnership_update(partnership=partnership, actor=user, **data)
