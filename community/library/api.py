"""API endpoints for the library; the same services, selectors and permission checks as the pages."""

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from community.apibase import AUTH, Error, Pages, current_user, optional_user
from community.library import permissions, selectors, services
from community.library.export import practice_record, to_csv
from community.library.models import Licence, Practice, TargetGroup, TrainingArea
from community.library.models import Status as PracticeStatus
from community.organisations.models import Organisation, Sector
from networks.models import Network

router = Router(tags=["library"])


class IndicatorIO(Schema):
    value: Decimal = Field(..., max_digits=14, decimal_places=2)
    unit: str = Field(..., min_length=1, max_length=120)
    period: str = Field("", max_length=80)


class PracticeListItem(Schema):
    slug: str
    title: str
    summary: str
    country: str
    sector: Sector
    training_area: TrainingArea
    target_groups: list[str]
    language: str
    tags: list[str]
    network: str | None
    endorsements: int
    adoptions: int
    published_at: datetime | None

    @staticmethod
    def resolve_country(obj: Practice) -> str:
        return str(obj.country.code)

    @staticmethod
    def resolve_tags(obj: Practice) -> list[str]:
        return sorted(t.name for t in obj.tags.all())

    @staticmethod
    def resolve_network(obj: Practice) -> str | None:
        return obj.network.slug if obj.network else None

    @staticmethod
    def resolve_endorsements(obj: Practice) -> int:
        return obj.endorsement_count

    @staticmethod
    def resolve_adoptions(obj: Practice) -> int:
        return obj.adoption_count


class PracticeOut(Schema):
    slug: str
    url: str
    status: PracticeStatus
    version: int
    title: str
    summary: str
    country: str
    institutions: list[str]
    sector: Sector
    training_area: TrainingArea
    target_groups: list[str]
    context: str
    method: str
    results: list[IndicatorIO]
    resources: str
    lessons: str
    transfer_conditions: str
    contact_name: str
    tags: list[str]
    language: str
    licence: Licence
    network: str | None
    authors: list[str]
    review_comment: str
    endorsements: int
    adoptions: int
    comments: int


class PracticeIn(Schema):
    title: str = Field(..., min_length=3, max_length=200)
    summary: str = Field(..., min_length=1, max_length=1500)
    country: str = Field(..., min_length=2, max_length=2)
    sector: Sector
    training_area: TrainingArea
    target_groups: list[TargetGroup] = []
    context: str = Field("", max_length=8000)
    method: str = Field("", max_length=12000)
    results: list[IndicatorIO] = []
    resources: str = Field("", max_length=4000)
    lessons: str = Field("", max_length=8000)
    transfer_conditions: str = Field("", max_length=4000)
    contact_name: str = Field("", max_length=120)
    contact_email: str = Field("", max_length=254)
    tags: list[str] = []
    language: Literal["es", "en"] = "es"
    licence: Licence = Licence.CC_BY
    network: str | None = Field(None, description="Slug of a network you belong to")
    institutions: list[str] = Field([], description="Slugs of organisations")
    coauthors: list[str] = Field([], description="E-mail addresses of members")


class PracticePatch(Schema):
    title: str | None = Field(None, min_length=3, max_length=200)
    summary: str | None = Field(None, min_length=1, max_length=1500)
    country: str | None = Field(None, min_length=2, max_length=2)
    sector: Sector | None = None
    training_area: TrainingArea | None = None
    target_groups: list[TargetGroup] | None = None
    context: str | None = Field(None, max_length=8000)
    method: str | None = Field(None, max_length=12000)
    results: list[IndicatorIO] | None = None
    resources: str | None = Field(None, max_length=4000)
    lessons: str | None = Field(None, max_length=8000)
    transfer_conditions: str | None = Field(None, max_length=4000)
    contact_name: str | None = Field(None, max_length=120)
    contact_email: str | None = Field(None, max_length=254)
    tags: list[str] | None = None
    language: Literal["es", "en"] | None = None
    licence: Licence | None = None
    institutions: list[str] | None = None
    coauthors: list[str] | None = None


class LibraryFilter(Schema):
    q: str = Field("", max_length=100)
    country: str = Field("", max_length=2)
    sector: Sector | None = None
    training_area: TrainingArea | None = None
    target_group: TargetGroup | None = None
    tag: str = Field("", max_length=100)
    language: Literal["es", "en"] | None = None

    def as_filters(self) -> selectors.PracticeFilters:
        return selectors.PracticeFilters(
            q=self.q,
            country=self.country,
            sector=self.sector or "",
            training_area=self.training_area or "",
            target_group=self.target_group or "",
            tag=self.tag,
            language=self.language or "",
        )


class ReviewIn(Schema):
    decision: Literal["publish", "return"]
    comment: str = Field("", max_length=5000)


class CommentIn(Schema):
    body: str = Field(..., min_length=1, max_length=5000)


class CommentOut(Schema):
    id: int
    author: str
    body: str
    body_html: str
    created_at: datetime


class EndorseOut(Schema):
    endorsed: bool
    endorsements: int


class AdoptionIn(Schema):
    context: str = Field(..., min_length=1, max_length=4000)
    results: str = Field("", max_length=4000)
    organisation: str | None = Field(None, description="Slug of an organisation you belong to")


class AdoptionOut(Schema):
    id: int
    member: str
    organisation: str | None
    context: str
    results: str
    created_at: datetime


def _practice_out(request: HttpRequest, practice: Practice) -> PracticeOut:
    fresh = (
        Practice.objects.select_related("network", "author")
        .prefetch_related("tags", "organisations", "indicators", "coauthors")  # type: ignore[misc]
        .get(pk=practice.pk)
    )
    record = practice_record(fresh, request.build_absolute_uri("/").rstrip("/"))
    return PracticeOut(
        slug=fresh.slug,
        url=record["url"],
        status=PracticeStatus(fresh.status),
        version=fresh.version,
        title=fresh.title,
        summary=fresh.summary,
        country=record["country"],
        institutions=record["institutions"],
        sector=Sector(fresh.sector),
        training_area=TrainingArea(fresh.training_area),
        target_groups=record["target_groups"],
        context=fresh.context,
        method=fresh.method,
        results=[IndicatorIO(value=i.value, unit=i.unit, period=i.period) for i in fresh.indicators.all()],
        resources=fresh.resources,
        lessons=fresh.lessons,
        transfer_conditions=fresh.transfer_conditions,
        contact_name=fresh.contact_name,
        tags=record["tags"],
        language=fresh.language,
        licence=Licence(fresh.licence),
        network=record["network"],
        authors=record["authors"],
        review_comment=fresh.review_comment if fresh.status != PracticeStatus.PUBLISHED else "",
        endorsements=fresh.endorsement_count,
        adoptions=fresh.adoption_count,
        comments=fresh.comment_count,
    )


def _resolve_relations(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    if "results" in data:
        data["indicators"] = [dict(row) for row in data.pop("results") or []]
    if "institutions" in data:
        slugs = data.pop("institutions") or []
        organisations = list(Organisation.objects.filter(slug__in=slugs))
        if len(organisations) != len(set(slugs)):
            raise ValidationError({"institutions": [_("Unknown organisation.")]})
        data["organisations"] = organisations
    if "coauthors" in data:
        emails = {e.strip().lower() for e in data.pop("coauthors") or []}
        users = list(get_user_model().objects.filter(email__in=emails, is_active=True))
        if len(users) != len(emails):
            raise ValidationError({"coauthors": [_("Unknown member.")]})
        data["coauthors"] = users
    if "network" in data:
        slug = data.pop("network")
        network = None
        if slug:
            network = Network.objects.filter(slug=slug).first()
            if network is None or not permissions.can_see_network_content_safe(user, network):
                raise ValidationError({"network": [_("Unknown network.")]})
        data["network"] = network
    if "target_groups" in data and data["target_groups"] is not None:
        data["target_groups"] = [str(getattr(g, "value", g)) for g in data["target_groups"]]
    if "country" in data and data["country"]:
        data["country"] = data["country"].upper()
    return data


@router.get("/library/practices", response=list[PracticeListItem])
@paginate(Pages)
def practice_list(request: HttpRequest, filters: Query[LibraryFilter]) -> Any:
    return selectors.practice_list(optional_user(request), filters.as_filters())


@router.get("/library/export", response={200: None})
def practice_export(
    request: HttpRequest, filters: Query[LibraryFilter], format: Literal["json", "csv"] = "json"
) -> HttpResponse:
    """The whole library (only what the caller may see) as JSON or CSV, with the list's filters."""
    user = optional_user(request)
    base_url = request.build_absolute_uri("/").rstrip("/")
    records = [practice_record(p, base_url) for p in selectors.export_rows(user, filters.as_filters())]
    if format == "csv":
        response = HttpResponse(to_csv(records), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="minga-practices.csv"'
        return response
    return JsonResponse({"practices": records}, json_dumps_params={"ensure_ascii": False})


@router.get("/library/practices/{slug}", response={200: PracticeOut, 404: Error})
def practice_detail(request: HttpRequest, slug: str) -> PracticeOut:
    return _practice_out(request, permissions.get_practice_for_user(optional_user(request), slug))


@router.post("/library/practices", response={201: PracticeOut, 401: Error, 403: Error, 422: Error}, auth=AUTH)
def practice_create(request: HttpRequest, payload: PracticeIn) -> Status:
    user = current_user(request)
    data = _resolve_relations(user, payload.dict())
    practice = services.practice_create(author=user, **data)
    return Status(201, _practice_out(request, practice))


@router.patch(
    "/library/practices/{slug}",
    response={200: PracticeOut, 401: Error, 403: Error, 404: Error, 422: Error},
    auth=AUTH,
)
def practice_update(request: HttpRequest, slug: str, payload: PracticePatch) -> PracticeOut:
    user = current_user(request)
    practice = permissions.get_practice_for_user(user, slug)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    services.practice_update(practice=practice, actor=user, **_resolve_relations(user, data))
    return _practice_out(request, practice)


@router.post(
    "/library/practices/{slug}/submit",
    response={200: PracticeOut, 401: Error, 403: Error, 404: Error},
    auth=AUTH,
)
def practice_submit(request: HttpRequest, slug: str) -> PracticeOut:
    user = current_user(request)
    practice = permissions.get_practice_for_user(user, slug)
    services.practice_submit(practice=practice, actor=user)
    return _practice_out(request, practice)


@router.post(
    "/library/practices/{slug}/review",
    response={200: PracticeOut, 401: Error, 403: Error, 404: Error, 422: Error},
    auth=AUTH,
)
def practice_review(request: HttpRequest, slug: str, payload: ReviewIn) -> PracticeOut:
    user = current_user(request)
    practice = permissions.get_practice_for_user(user, slug)
    if payload.decision == "publish":
        services.practice_publish(practice=practice, reviewer=user, comment=payload.comment)
    else:
        services.practice_return(practice=practice, reviewer=user, comment=payload.comment)
    return _practice_out(request, practice)


@router.post(
    "/library/practices/{slug}/comments",
    response={201: CommentOut, 401: Error, 403: Error, 404: Error, 422: Error},
    auth=AUTH,
)
def comment_create(request: HttpRequest, slug: str, payload: CommentIn) -> Status:
    user = current_user(request)
    practice = permissions.get_practice_for_user(user, slug)
    comment = services.comment_create(practice=practice, author=user, body=payload.body)
    return Status(
        201,
        CommentOut(
            id=comment.pk,
            author=user.display_name,
            body=comment.body,
            body_html=comment.body_html,
            created_at=comment.created_at,
        ),
    )


@router.post(
    "/library/practices/{slug}/endorse",
    response={200: EndorseOut, 401: Error, 403: Error, 404: Error, 422: Error},
    auth=AUTH,
)
def endorse(request: HttpRequest, slug: str) -> EndorseOut:
    """Toggle: the first call marks the practice useful, the next one takes the mark back."""
    user = current_user(request)
    practice = permissions.get_practice_for_user(user, slug)
    endorsed = services.endorsement_toggle(practice=practice, user=user)
    practice.refresh_from_db(fields=["endorsement_count"])
    return EndorseOut(endorsed=endorsed, endorsements=practice.endorsement_count)


@router.post(
    "/library/practices/{slug}/adoptions",
    response={201: AdoptionOut, 401: Error, 403: Error, 404: Error, 422: Error},
    auth=AUTH,
)
def adoption_create(request: HttpRequest, slug: str, payload: AdoptionIn) -> Status:
    user = current_user(request)
    practice = permissions.get_practice_for_user(user, slug)
    organisation = (
        get_object_or_404(Organisation, slug=payload.organisation, memberships__user=user)
        if payload.organisation
        else None
    )
    adoption = services.adoption_create(
        practice=practice,
        user=user,
        context=payload.context,
        results=payload.results,
        organisation=organisation,
    )
    return Status(
        201,
        AdoptionOut(
            id=adoption.pk,
            member=user.display_name,
            organisation=organisation.name if organisation else None,
            context=adoption.context,
            results=adoption.results,
            created_at=adoption.created_at,
        ),
    )
