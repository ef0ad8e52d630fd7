"""Forum categories: site-wide ones set up by site staff (with their moderators), and the one each
network gets when it is created (by the networks app)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from forums.models import Access, Category


def _check_site_staff(actor: Any) -> None:
    if not (actor.is_authenticated and actor.is_active and actor.is_staff):
        raise PermissionDenied(_("Only site staff can set up forum categories."))


def category_create(
    *,
    name: str,
    slug: str,
    actor: Any,
    description: str = "",
    position: int = 0,
    read_access: str = Access.EVERYONE,
    start_access: str = Access.MEMBERS,
    reply_access: str = Access.MEMBERS,
    is_qa: bool = False,
) -> Category:
    """A site-wide category, created by site staff; the address name (slug) must be free."""
    _check_site_staff(actor)
    category = Category(
        name=" ".join(name.split()),
        slug=slug.strip(),
        description=description.strip(),
        position=position,
        read_access=read_access,
        start_access=start_access,
        reply_access=reply_access,
        is_qa=is_qa,
    )
    # Checks lengths, choices, the slug's characters and that the slug is free.
    category.full_clean(exclude=["network", "moderators"])
    try:
        with transaction.atomic():
            category.save()
    except IntegrityError:  # a concurrent create took the slug
        raise ValidationError({"slug": _("Another category already uses this address name.")}) from None
    return category


def category_moderator_add(*, category: Category, user: Any, actor: Any) -> None:
    """Make a member a moderator of the category (site staff only); adding one twice changes nothing."""
    _check_site_staff(actor)
    if not user.is_active:
        raise ValidationError(_("Only an active member can moderate a category."))
    category.moderators.add(user)


def category_create_for_network(*, network: Any, actor: Any) -> Category:
    """The network's own category, open to its members only; its moderators moderate it already.

    Idempotent for the network (a second call returns its category); never adopts a category of
    the site or of another network that happens to have the slug it would like.
    """
    existing = Category.objects.filter(network=network).order_by("pk").first()
    if existing is not None:
        return existing
    base = f"net-{network.slug}"[:74]
    slug, n = base, 2
    while Category.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return Category.objects.create(
        network=network,
        slug=slug,
        name=network.name[:120],
        read_access=Access.MEMBERS,
        start_access=Access.MEMBERS,
        reply_access=Access.MEMBERS,
    )
