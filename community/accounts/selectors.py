"""Reads for accounts: member profiles and tokens."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from community.accounts.models import ApiToken, User
from community.organisations.models import Membership


def profile_get(*, pk: int) -> User:
    """An active member's profile with skills and organisations; 404 for missing or deactivated."""
    user = (
        User.objects.filter(pk=pk, is_active=True)
        .prefetch_related(
            "skills",  # type: ignore[misc]  # taggit's manager prefetches; the stubs do not know it
            Prefetch("memberships", queryset=Membership.objects.select_related("organisation")),
        )
        .first()
    )
    if user is None:
        raise Http404
    return user


def api_tokens_for(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
