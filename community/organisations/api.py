"""API endpoints for organisations, offerings and inquiries; same services and checks as the pages."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import Throttled
from ninja.pagination import paginate

from community.apibase import AUTH, Error, Pages, current_user, optional_user
from community.organisations import permissions, selectors, services
from community.organisations.models import (
    ContactVisibility,
    Inquiry,
    InquiryStatus,
    Offering,
    OfferingKind,
    Organisation,
    OrganisationKind,
    Sector,
    Size,
)
from community.ratelimit import client_ip, hit

router = Router(tags=["organisations"])


class ContactOut(Schema):
    phone: str
    whatsapp: str
    email: str
    website: str


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: OrganisationKind
    country: str
    region: str
    city: str
    sector: Sector
    size: str
    women_led: bool
    description: str
    verified: bool
    logo: str | None
    url: str
    contact: ContactOut | None = None


class OrganisationIn(Schema):
    kind: OrganisationKind
    name: str = Field(..., min_length=2, max_length=160)
    country: str = Field(..., min_length=2, max_length=2, description="ISO 3166-1 alpha-2 code")
    region: str = Field("", max_length=100)
    city: str = Field("", max_length=100)
    sector: Sector
    size: Size | None = None
    women_led: bool = False
    description: str = Field("", max_length=5000)
    phone: str = Field("", max_length=24)
    whatsapp: str = Field("", max_length=24)
    email: str | None = Field(None, max_length=254)
    website: str = Field("", max_length=200)
    contact_visibility: ContactVisibility | None = None


class OrganisationPatch(Schema):
    kind: OrganisationKind | None = None
    name: str | None = Field(None, min_length=2, max_length=160)
    country: str | None = Field(None, min_length=2, max_length=2)
    region: str | None = Field(None, max_length=100)
    city: str | None = Field(None, max_length=100)
    sector: Sector | None = None
    size: Size | None = None
    women_led: bool | None = None
    description: str | None = Field(None, max_length=5000)
    phone: str | None = Field(None, max_length=24)
    whatsapp: str | None = Field(None, max_length=24)
    email: str | None = Field(None, max_length=254)
    website: str | None = Field(None, max_length=200)
    contact_visibility: ContactVisibility | None = None


class DirectoryFilter(Schema):
    q: str = Field("", max_length=100)
    kind: OrganisationKind | None = None
    sector: Sector | None = None
    country: str = Field("", max_length=2)
    women_led: bool | None = None


class OfferingOut(Schema):
    id: int
    kind: OfferingKind
    name: str
    description: str
    price_min: Decimal | None
    price_max: Decimal | None
    currency: str
    availability: str
    is_active: bool
    photos: list[str]


class OfferingIn(Schema):
    kind: OfferingKind = OfferingKind.SERVICE
    name: str = Field(..., min_length=1, max_length=160)
    description: str = Field("", max_length=3000)
    price_min: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    price_max: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    currency: str = Field("USD", min_length=3, max_length=3)
    availability: str = Field("", max_length=200)
    is_active: bool = True


class OfferingPatch(Schema):
    kind: OfferingKind | None = None
    name: str | None = Field(None, min_length=1, max_length=160)
    description: str | None = Field(None, max_length=3000)
    price_min: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    price_max: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    currency: str | None = Field(None, min_length=3, max_length=3)
    availability: str | None = Field(None, max_length=200)
    is_active: bool | None = None


class InquiryIn(Schema):
    offering: int | None = None
    name: str = Field(..., min_length=1, max_length=120)
    email: str = Field(..., max_length=254)
    phone: str = Field("", max_length=24)
    date_from: date | None = None
    date_to: date | None = None
    party_size: int | None = Field(None, ge=1, le=10000)
    message: str = Field(..., min_length=1, max_length=3000)


class InquiryOut(Schema):
    id: int
    offering: int | None
    name: str
    email: str
    phone: str
    date_from: date | None
    date_to: date | None
    party_size: int | None
    message: str
    status: InquiryStatus
    created_at: datetime

    @staticmethod
    def resolve_offering(obj: Inquiry) -> int | None:
        return obj.offering_id


def _organisation_out(request: HttpRequest, organisation: Organisation, user: Any) -> OrganisationOut:
    is_member = permissions.membership_of(user, organisation) is not None
    contact = None
    if permissions.can_see_contact(user, organisation, is_member=is_member):
        contact = ContactOut(
            phone=organisation.phone,
            whatsapp=organisation.whatsapp,
            email=organisation.email,
            website=organisation.website,
        )
    return OrganisationOut(
        slug=organisation.slug,
        name=organisation.name,
        kind=OrganisationKind(organisation.kind),
        country=str(organisation.country.code),
        region=organisation.region,
        city=organisation.city,
        sector=Sector(organisation.sector),
        size=organisation.size,
        women_led=organisation.women_led,
        description=organisation.description,
        verified=organisation.verified,
        logo=organisation.logo.url if organisation.logo else None,
        url=request.build_absolute_uri(organisation.get_absolute_url()),
        contact=contact,
    )


def _offering_out(offering: Offering) -> OfferingOut:
    return OfferingOut(
        id=offering.pk,
        kind=OfferingKind(offering.kind),
        name=offering.name,
        description=offering.description,
        price_min=offering.price_min,
        price_max=offering.price_max,
        currency=offering.currency,
        availability=offering.availability,
        is_active=offering.is_active,
        photos=[photo.image.url for photo in offering.photos.all()],
    )


class ListOrganisation(Schema):
    slug: str
    name: str
    kind: OrganisationKind
    country: str
    city: str
    sector: Sector
    women_led: bool
    verified: bool

    @staticmethod
    def resolve_country(obj: Organisation) -> str:
        return str(obj.country.code)


@router.get("/organisations", response=list[ListOrganisation])
@paginate(Pages)
def organisation_list(request: HttpRequest, filters: Query[DirectoryFilter]) -> Any:
    return selectors.directory_list(
        q=filters.q,
        kind=filters.kind or "",
        sector=filters.sector or "",
        country=filters.country.upper(),
        women_led=filters.women_led,
    )


@router.post("/organisations", response={201: OrganisationOut, 401: Error, 403: Error, 422: Error}, auth=AUTH)
def organisation_create(request: HttpRequest, payload: OrganisationIn) -> Status:
    user = current_user(request)
    data = payload.dict()
    data["email"] = data.get("email") or ""
    data["size"] = data.get("size") or ""
    data["country"] = data["country"].upper()
    organisation = services.organisation_create(creator=user, **data)
    return Status(201, _organisation_out(request, organisation, user))


@router.get("/organisations/{slug}", response={200: OrganisationOut, 404: Error})
def organisation_detail(request: HttpRequest, slug: str) -> OrganisationOut:
    return _organisation_out(request, selectors.organisation_get(slug=slug), optional_user(request))


@router.patch(
    "/organisations/{slug}",
    response={200: OrganisationOut, 401: Error, 403: Error, 404: Error, 422: Error},
    auth=AUTH,
)
def organisation_update(request: HttpRequest, slug: str, payload: OrganisationPatch) -> OrganisationOut:
    user = current_user(request)
    organisation = selectors.organisation_get(slug=slug)
    data = payload.dict(exclude_unset=True)
    for key in ("email", "size"):
        if key in data and data[key] is None:
            data[key] = ""
    data = {k: v for k, v in data.items() if v is not None}
    if "country" in data:
        data["country"] = data["country"].upper()
    services.organisation_update(organisation=organisation, actor=user, **data)
    return _organisation_out(request, organisation, user)


@router.get("/organisations/{slug}/offerings", response={200: list[OfferingOut], 404: Error})
def offering_list(request: HttpRequest, slug: str) -> list[OfferingOut]:
    organisation = selectors.organisation_get(slug=slug)
    return [_offering_out(o) for o in selectors.showcase_offerings(organisation)]


@router.post(
    "/organisations/{slug}/offerings",
    response={201: OfferingOut, 401: Error, 403: Error, 404: Error, 422: Error},
    auth=AUTH,
)
def offering_create(request: HttpRequest, slug: str, payload: OfferingIn) -> Status:
    organisation = selectors.organisation_get(slug=slug)
    offering = services.offering_create(
        organisation=organisation, actor=current_user(request), **payload.dict()
    )
    return Status(201, _offering_out(offering))


@router.patch(
    "/organisations/{slug}/offerings/{offering_id}",
    response={200: OfferingOut, 401: Error, 403: Error, 404: Error, 422: Error},
    auth=AUTH,
)
def offering_update(request: HttpRequest, slug: str, offering_id: int, payload: OfferingPatch) -> OfferingOut:
    organisation = selectors.organisation_get(slug=slug)
    offering = get_object_or_404(Offering, pk=offering_id, organisation=organisation)
    data = {
        k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k.startswith("price_")
    }
    services.offering_update(offering=offering, actor=current_user(request), **data)
    return _offering_out(offering)


@router.delete(
    "/organisations/{slug}/offerings/{offering_id}",
    response={204: None, 401: Error, 403: Error, 404: Error},
    auth=AUTH,
)
def offering_delete(request: HttpRequest, slug: str, offering_id: int) -> Status:
    organisation = selectors.organisation_get(slug=slug)
    offering = get_object_or_404(Offering, pk=offering_id, organisation=organisation)
    services.offering_delete(offering=offering, actor=current_user(request))
    return Status(204, None)


@router.post(
    "/organisations/{slug}/inquiries", response={201: InquiryOut, 404: Error, 422: Error, 429: Error}
)
def inquiry_create(request: HttpRequest, slug: str, payload: InquiryIn) -> Status:
    """Anyone may send an inquiry (no sign-in needed); it is rate-limited per address."""
    retry_after = hit(f"inquiry:ip{client_ip(request)}", "10/h")
    if retry_after:
        raise Throttled(wait=retry_after)
    organisation = selectors.organisation_get(slug=slug)
    data = payload.dict()
    offering_id = data.pop("offering")
    offering = (
        get_object_or_404(Offering, pk=offering_id, organisation=organisation, is_active=True)
        if offering_id
        else None
    )
    inquiry = services.inquiry_create(
        organisation=organisation, requester=optional_user(request), offering=offering, **data
    )
    return Status(201, InquiryOut.from_orm(inquiry))


@router.get(
    "/organisations/{slug}/inquiries",
    response={200: list[InquiryOut], 401: Error, 403: Error, 404: Error},
    auth=AUTH,
)
@paginate(Pages)
def inquiry_list(request: HttpRequest, slug: str) -> Any:
    organisation = selectors.organisation_get(slug=slug)
    permissions.check_is_member(current_user(request), organisation)
    return selectors.inquiries_of(organisation)
