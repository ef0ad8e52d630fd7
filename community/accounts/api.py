"""API endpoints for the current member."""

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Router, Schema
from ninja.errors import Throttled

from community.accounts import export
from community.apibase import AUTH, Error, current_user
from community.ratelimit import hit

router = Router(tags=["members"])


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    preferred_language: str
    country: str
    city: str
    bio: str
    skills: list[str]
    organisations: list[str]


@router.get("/me", response={200: MeOut, 401: Error}, auth=AUTH)
def me(request: HttpRequest) -> MeOut:
    user = current_user(request)
    return MeOut(
        id=user.pk,
        email=user.email,
        display_name=user.display_name,
        preferred_language=user.preferred_language,
        country=str(user.country.code or ""),
        city=user.city,
        bio=user.bio,
        skills=sorted(t.name for t in user.skills.all()),
        organisations=[m.organisation.slug for m in user.memberships.select_related("organisation")],
    )


@router.get(
    "/me/export",
    response={401: Error, 429: Error},
    auth=AUTH,
    summary="Download all my data",
    description="A ZIP of JSON files and the files the member uploaded, as on the 'Your data' page.",
    openapi_extra={"responses": {200: {"description": "The ZIP file", "content": {"application/zip": {}}}}},
)
def me_export(request: HttpRequest) -> StreamingHttpResponse:
    user = current_user(request)
    retry_after = hit(f"{export.EXPORT_BUCKET}:u{user.pk}", export.EXPORT_RATE)
    if retry_after:
        raise Throttled(wait=retry_after)  # answered as rate_limited, with Retry-After (config/api.py)
    return export.zip_response(user)
