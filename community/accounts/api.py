"""API endpoints for the current member."""

from django.http import HttpRequest
from ninja import Router, Schema

from community.apibase import AUTH, Error, current_user

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
