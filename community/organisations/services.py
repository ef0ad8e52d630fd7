"""Every write to organisations: create and edit, verify, members and invitations, offerings, inquiries."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from community.emails import send_templated_mail
from community.organisations import permissions
from community.organisations.models import (
    ContactVisibility,
    Inquiry,
    InquiryStatus,
    Invitation,
    Membership,
    Offering,
    OfferingPhoto,
    Organisation,
    Role,
)
from community.search.indexing import schedule_index, schedule_unindex
from community.services import notify_members
from community.tokens import new_token, token_digest

ORGANISATION_FIELDS = {
    "kind", "name", "country", "region", "city", "sector", "size", "women_led", "description",
    "phone", "whatsapp", "email", "website", "contact_visibility",
}  # fmt: skip
OFFERING_FIELDS = {
    "kind",
    "name",
    "description",
    "price_min",
    "price_max",
    "currency",
    "availability",
    "is_active",
}
INVITATION_DAYS = 14


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_fields(fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")


def organisation_create(*, creator: Any, logo: Any = None, **fields: Any) -> Organisation:
    """Create an organisation with its creator as owner.

    Women-led businesses show their contact details only through the inquiry form unless they choose.
    """
    permissions.check_can_create_organisation(creator)
    _check_fields(fields, ORGANISATION_FIELDS)
    if "contact_visibility" not in fields or not fields["contact_visibility"]:
        fields["contact_visibility"] = (
            ContactVisibility.FORM_ONLY if fields.get("women_led") else ContactVisibility.PUBLIC
        )
    organisation = Organisation(**fields)
    if logo is not None:
        organisation.logo = logo
    organisation.full_clean(exclude=["slug"])
    with transaction.atomic():
        for _attempt in range(3):
            organisation.slug = _unique_slug(organisation.name)
            try:
                with transaction.atomic():
                    organisation.save()
                break
            except IntegrityError:  # a concurrent create took the slug
                continue
        Membership.objects.create(organisation=organisation, user=creator, role=Role.OWNER)
        schedule_index(organisation)
    return organisation


def organisation_update(
    *, organisation: Organisation, actor: Any, logo: Any = None, **fields: Any
) -> Organisation:
    permissions.check_can_manage(actor, organisation)
    _check_fields(fields, ORGANISATION_FIELDS)
    for name, value in fields.items():
        setattr(organisation, name, value)
    if logo is not None:
        organisation.logo = logo
    organisation.full_clean()
    organisation.save()
    schedule_index(organisation)  # and its offerings, which carry its name, country and sector
    return organisation


def organisation_set_verified(*, organisation: Organisation, actor: Any, verified: bool) -> Organisation:
    permissions.check_can_verify(actor)
    organisation.verified = verified
    organisation.verified_by = actor if verified else None
    organisation.verified_at = timezone.now() if verified else None
    organisation.save(update_fields=["verified", "verified_by", "verified_at", "updated_at"])
    return organisation


def invitation_create(
    *, organisation: Organisation, actor: Any, email: str, role: str = Role.MEMBER
) -> Invitation:
    permissions.check_can_manage(actor, organisation)
    email = email.strip().lower()
    if role not in (Role.ADMIN, Role.MEMBER):
        raise ValidationError({"role": _("Invite people as members or administrators.")})
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    if organisation.invitations.filter(
        email__iexact=email,
        accepted_at__isnull=True,
        cancelled_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).exists():
        raise ValidationError({"email": _("This person already has an open invitation.")})
    raw = new_token()
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        digest=token_digest(raw),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    language = actor.preferred_language
    transaction.on_commit(
        lambda: send_templated_mail(
            template="organisations/email/invitation",
            to=email,
            language=language,
            context={
                "organisation": organisation,
                "inviter": actor,
                "path": reverse("organisations:invitation_accept", args=[raw]),
            },
        )
    )
    return invitation


def invitation_find(*, token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(digest=token_digest(token), accepted_at__isnull=True, cancelled_at__isnull=True)
        .first()
    )
    if invitation is None or invitation.expires_at < timezone.now():
        raise ValidationError(_("This invitation is not valid any more. Ask for a new one."))
    return invitation


def invitation_accept(*, token: str, user: Any) -> Membership:
    invitation = invitation_find(token=token)
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    with transaction.atomic():
        membership, _created = Membership.objects.get_or_create(
            organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return membership


def invitation_cancel(*, invitation: Invitation, actor: Any) -> None:
    permissions.check_can_manage(actor, invitation.organisation)
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])


def membership_add(
    *, organisation: Organisation, actor: Any, user: Any, role: str = Role.MEMBER
) -> Membership:
    """Site staff add an existing account directly (support requests, demo data); others invite."""
    if not (actor.is_authenticated and actor.is_staff):
        raise PermissionDenied(_("Only site staff may add members without an invitation."))
    if role not in Role.values:
        raise ValidationError(_("Choose owner, administrator or member."))
    membership, _created = Membership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    return membership


def _owner_count(organisation: Organisation) -> int:
    return organisation.memberships.filter(role=Role.OWNER).count()


def membership_leave(*, organisation: Organisation, user: Any) -> None:
    membership = permissions.check_is_member(user, organisation)
    if membership.role == Role.OWNER and _owner_count(organisation) == 1:
        raise ValidationError(_("You are the only owner: make someone else an owner before you leave."))
    membership.delete()


def membership_remove(*, organisation: Organisation, actor: Any, membership: Membership) -> None:
    permissions.check_can_manage(actor, organisation)
    if membership.organisation_id != organisation.pk:
        raise ValidationError(_("This person is not a member of this organisation."))
    actor_membership = permissions.membership_of(actor, organisation)
    if membership.role == Role.OWNER and not (
        actor.is_staff or (actor_membership and actor_membership.role == Role.OWNER)
    ):
        raise ValidationError(_("Only an owner can remove another owner."))
    if membership.role == Role.OWNER and _owner_count(organisation) == 1:
        raise ValidationError(_("An organisation keeps at least one owner."))
    membership.delete()


def membership_set_role(
    *, organisation: Organisation, actor: Any, membership: Membership, role: str
) -> Membership:
    permissions.check_can_manage(actor, organisation)
    actor_membership = permissions.membership_of(actor, organisation)
    actor_is_owner = actor.is_staff or (actor_membership is not None and actor_membership.role == Role.OWNER)
    if role not in Role.values:
        raise ValidationError(_("Choose owner, administrator or member."))
    if (role == Role.OWNER or membership.role == Role.OWNER) and not actor_is_owner:
        raise ValidationError(_("Only an owner can appoint or change owners."))
    if membership.role == Role.OWNER and role != Role.OWNER and _owner_count(organisation) == 1:
        raise ValidationError(_("An organisation keeps at least one owner."))
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


def _validate_prices(offering: Offering) -> None:
    if (
        offering.price_min is not None
        and offering.price_max is not None
        and offering.price_min > offering.price_max
    ):
        raise ValidationError({"price_max": _("The highest price must not be below the lowest.")})


def offering_create(*, organisation: Organisation, actor: Any, **fields: Any) -> Offering:
    permissions.check_can_manage(actor, organisation)
    _check_fields(fields, OFFERING_FIELDS)
    offering = Offering(organisation=organisation, **fields)
    offering.full_clean()
    _validate_prices(offering)
    offering.save()
    schedule_index(offering)
    return offering


def offering_update(*, offering: Offering, actor: Any, **fields: Any) -> Offering:
    permissions.check_can_manage(actor, offering.organisation)
    _check_fields(fields, OFFERING_FIELDS)
    for name, value in fields.items():
        setattr(offering, name, value)
    offering.full_clean()
    _validate_prices(offering)
    offering.save()
    schedule_index(offering)  # an offering taken off the showcase leaves the index
    return offering


def offering_delete(*, offering: Offering, actor: Any) -> None:
    permissions.check_can_manage(actor, offering.organisation)
    schedule_unindex(offering)
    offering.delete()


MAX_PHOTOS_PER_OFFERING = 8


def offering_photo_add(*, offering: Offering, actor: Any, image: Any, caption: str = "") -> OfferingPhoto:
    """Add an already-checked (clean_image) photo."""
    permissions.check_can_manage(actor, offering.organisation)
    if offering.photos.count() >= MAX_PHOTOS_PER_OFFERING:
        raise ValidationError(_("An offering has at most 8 photos; remove one first."))
    return OfferingPhoto.objects.create(
        offering=offering, image=image, caption=caption[:160], position=offering.photos.count()
    )


def offering_photo_delete(*, photo: OfferingPhoto, actor: Any) -> None:
    permissions.check_can_manage(actor, photo.offering.organisation)
    photo.image.delete(save=False)
    photo.delete()


INQUIRY_FIELDS = {"name", "email", "phone", "date_from", "date_to", "party_size", "message"}


def inquiry_create(
    *, organisation: Organisation, requester: Any, offering: Offering | None = None, **fields: Any
) -> Inquiry:
    """Record an inquiry, notify the organisation's members and confirm to the requester."""
    _check_fields(fields, INQUIRY_FIELDS)
    if offering is not None and offering.organisation_id != organisation.pk:
        raise ValidationError({"offering": _("Choose one of this organisation's offerings.")})
    inquiry = Inquiry(
        organisation=organisation,
        offering=offering,
        requester=requester if requester is not None and requester.is_authenticated else None,
        **fields,
    )
    inquiry.full_clean()
    if inquiry.date_from and inquiry.date_to and inquiry.date_to < inquiry.date_from:
        raise ValidationError({"date_to": _("The end date must not be before the start date.")})
    with transaction.atomic():
        inquiry.save()
        members = [m.user for m in organisation.memberships.select_related("user")]
        notify_members(
            recipients=members,
            actor=inquiry,
            verb=gettext_noop("sent an inquiry to"),
            target=organisation,
            description=inquiry.message,
            url=reverse("organisations:inquiries", args=[organisation.slug]),
            email_template="organisations/email/inquiry_received",
            email_context={"inquiry": inquiry, "organisation": organisation},
        )
        language = getattr(requester, "preferred_language", None) or get_language() or "es"
        transaction.on_commit(
            lambda: send_templated_mail(
                template="organisations/email/inquiry_confirmation",
                to=inquiry.email,
                language=language,
                context={"inquiry": inquiry, "organisation": organisation},
            )
        )
    return inquiry


def inquiry_set_status(*, inquiry: Inquiry, actor: Any, status: str) -> Inquiry:
    permissions.check_is_member(actor, inquiry.organisation)
    if status not in InquiryStatus.values:
        raise ValidationError(_("Unknown status."))
    inquiry.status = status
    inquiry.save(update_fields=["status"])
    return inquiry
