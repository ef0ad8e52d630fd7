"""Who may see and do what with organisations. Raise PermissionDenied; views turn it into 403."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from community.organisations.models import ContactVisibility, Membership, Organisation, OrganisationKind, Role


def membership_of(user: Any, organisation: Organisation) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(organisation=organisation, user=user).first()


def can_manage(user: Any, organisation: Organisation) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    membership = membership_of(user, organisation)
    return membership is not None and membership.can_manage


def check_can_manage(user: Any, organisation: Organisation) -> None:
    if not can_manage(user, organisation):
        raise PermissionDenied(_("Only the organisation's owners and administrators may do this."))


def check_is_member(user: Any, organisation: Organisation) -> Membership:
    membership = membership_of(user, organisation)
    if membership is None:
        raise PermissionDenied(_("Only the organisation's members may do this."))
    return membership


def check_can_create_organisation(user: Any) -> None:
    if not user.is_authenticated or not user.email_verified:
        raise PermissionDenied(_("Confirm your e-mail address before creating an organisation."))


def can_verify(user: Any) -> bool:
    """Site staff, and administrators of a verified chamber of commerce, may verify organisations."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return Membership.objects.filter(
        user=user,
        role__in=[Role.OWNER, Role.ADMIN],
        organisation__kind=OrganisationKind.CHAMBER,
        organisation__verified=True,
    ).exists()


def check_can_verify(user: Any) -> None:
    if not can_verify(user):
        raise PermissionDenied(_("Only site staff and chamber staff may verify organisations."))


def can_see_contact(user: Any, organisation: Organisation, *, is_member: bool = False) -> bool:
    if is_member or (user.is_authenticated and user.is_staff):
        return True
    if organisation.contact_visibility == ContactVisibility.PUBLIC:
        return True
    if organisation.contact_visibility == ContactVisibility.MEMBERS:
        return bool(user.is_authenticated)
    return False
