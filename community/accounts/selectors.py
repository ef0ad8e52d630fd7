"""Reads for accounts: member profiles, tokens, and what a member must hand over before deleting."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from community.accounts.models import ApiToken, User
from community.organisations.models import Membership, Role
from networks.models import NetworkMembership, NetworkRole


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


def ownerships_to_hand_over(user: User) -> list[str]:
    """Names of the organisations and networks of which the member is the only owner."""
    organisations = (
        Membership.objects.filter(user=user, role=Role.OWNER)
        .annotate(
            owners=Count("organisation__memberships", filter=Q(organisation__memberships__role=Role.OWNER))
        )
        .filter(owners=1)
        .select_related("organisation")
    )
    networks = (
        NetworkMembership.objects.filter(user=user, role=NetworkRole.OWNER)
        .annotate(
            owners=Count("network__memberships", filter=Q(network__memberships__role=NetworkRole.OWNER))
        )
        .filter(owners=1)
        .select_related("network")
    )
    return [m.organisation.name for m in organisations] + [m.network.name for m in networks]
