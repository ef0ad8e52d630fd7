"""Reads for organisations: the directory, the showcase page, members, inquiries."""

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from community.organisations.models import (
    Inquiry,
    Invitation,
    Membership,
    Offering,
    OfferingPhoto,
    Organisation,
)


def directory_list(
    *,
    q: str = "",
    kind: str = "",
    sector: str = "",
    country: str = "",
    women_led: bool | None = None,
) -> QuerySet[Organisation]:
    """Public directory: every organisation, filtered; the counts shown in the list are annotated."""
    qs = Organisation.objects.all()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q) | Q(city__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if sector:
        qs = qs.filter(sector=sector)
    if country:
        qs = qs.filter(country=country)
    if women_led is not None:
        qs = qs.filter(women_led=women_led)
    return qs.annotate(offering_count=Count("offerings", filter=Q(offerings__is_active=True))).order_by(
        "name", "pk"
    )


def organisation_get(*, slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation


def showcase_offerings(organisation: Organisation, *, include_hidden: bool = False) -> QuerySet[Offering]:
    qs = organisation.offerings.prefetch_related(Prefetch("photos", queryset=OfferingPhoto.objects.all()))
    if not include_hidden:
        qs = qs.filter(is_active=True)
    return qs


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").filter(user__is_active=True)


def pending_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    """Invitations that can still be accepted (not accepted, cancelled or expired)."""
    return organisation.invitations.filter(
        accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def memberships_for(user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation")


def inquiries_for_member(user: Any) -> QuerySet[Inquiry]:
    """Inquiries received by every organisation the user belongs to, newest first."""
    return Inquiry.objects.filter(organisation__memberships__user=user).select_related(
        "organisation", "offering"
    )


def inquiries_of(organisation: Organisation) -> QuerySet[Inquiry]:
    return organisation.inquiries.select_related("offering")
