"""Who may see and do what in the library, for pages and API alike.

A practice without a network is site-wide; one in a network is seen only by those who see the network's
content. Drafts and practices under review are seen by their authors and co-authors and by their
reviewers: library editors (site staff, or members of the "library editors" group) for every practice,
and the network's moderators for the network's practices. `get_*_for_user` answers 404 alike for
missing and hidden.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from community.library.models import EDITORS_GROUP, Attachment, Guide, Practice, Status
from networks.models import Network, NetworkMembership
from networks.permissions import MODERATOR_ROLES, content_visible_networks, is_network_moderator, moderator_q


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_library_editor(user: Any) -> bool:
    if not _active(user):
        return False
    if user.is_staff:
        return True
    cached = getattr(user, "_library_editor", None)
    if cached is None:
        cached = user.groups.filter(name=EDITORS_GROUP).exists()
        user._library_editor = cached
    return bool(cached)


def is_author(user: Any, practice: Practice) -> bool:
    if not _active(user):
        return False
    # Through .all(): free when the page prefetched the co-authors, one small query otherwise.
    return practice.author_id == user.pk or any(u.pk == user.pk for u in practice.coauthors.all())


def can_review(user: Any, practice: Practice) -> bool:
    """Library editors, and the moderators of the practice's network; never an author of it."""
    if not _active(user) or is_author(user, practice):
        return False
    if is_library_editor(user):
        return True
    return practice.network is not None and is_network_moderator(user, practice.network)


def _published_visible_q(user: Any) -> Q:
    return Q(status=Status.PUBLISHED) & (
        Q(network__isnull=True) | Q(network__in=content_visible_networks(user))
    )


def visible_practices(user: Any) -> QuerySet[Practice]:
    """Every practice the user may open: published ones they may see, their own, and those they review."""
    qs = Practice.objects.all()
    visible = _published_visible_q(user)
    if _active(user):
        coauthored = Practice.coauthors.through.objects.filter(practice=OuterRef("pk"), user=user)
        visible |= Q(author=user) | Q(Exists(coauthored))
        if is_library_editor(user):
            visible |= ~Q(status=Status.DRAFT)
        else:
            moderated = NetworkMembership.objects.filter(
                network=OuterRef("network"), user=user, role__in=MODERATOR_ROLES
            )
            visible |= Q(status__in=[Status.SUBMITTED, Status.PUBLISHED]) & Q(Exists(moderated))
    return qs.filter(visible)


def published_practices(user: Any) -> QuerySet[Practice]:
    """The library as a reader sees it: published practices whose network (if any) the user may see."""
    return Practice.objects.filter(_published_visible_q(user))


def get_practice_for_user(user: Any, slug: str) -> Practice:
    practice = visible_practices(user).select_related("network", "author").filter(slug=slug).first()
    if practice is None:
        raise Http404
    return practice


def get_published_practice_for_user(user: Any, slug: str) -> Practice:
    practice = published_practices(user).select_related("network", "author").filter(slug=slug).first()
    if practice is None:
        raise Http404
    return practice


def get_attachment_for_user(user: Any, pk: int) -> Attachment:
    attachment = (
        Attachment.objects.filter(pk=pk, practice__in=visible_practices(user).values("pk"))
        .select_related("practice")
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def can_edit(user: Any, practice: Practice) -> bool:
    return _active(user) and (is_author(user, practice) or is_library_editor(user))


def check_can_edit(user: Any, practice: Practice) -> None:
    if not can_edit(user, practice):
        raise PermissionDenied(_("Only the practice's authors and the library editors may change it."))
    if practice.status == Status.SUBMITTED and not is_library_editor(user):
        raise PermissionDenied(_("This practice is under review; wait for the reviewer's answer."))


def check_can_create(user: Any) -> None:
    if not _active(user) or not user.email_verified:
        raise PermissionDenied(_("Confirm your e-mail address before sharing a practice."))


def check_can_submit(user: Any, practice: Practice) -> None:
    if not is_author(user, practice):
        raise PermissionDenied(_("Only the practice's authors may submit it for review."))
    if practice.status not in (Status.DRAFT, Status.RETURNED):
        raise PermissionDenied(_("Only a draft or a returned practice can be submitted."))


def check_can_review(user: Any, practice: Practice) -> None:
    if _active(user) and is_author(user, practice):
        raise PermissionDenied(_("You cannot review your own practice."))
    if not can_review(user, practice):
        raise PermissionDenied(_("Only library editors and the network's moderators review practices."))
    if practice.status != Status.SUBMITTED:
        raise PermissionDenied(_("This practice is not waiting for review."))


def check_can_react(user: Any, practice: Practice) -> None:
    """Comment, endorse or record an adoption: signed-in members, on a published practice they see."""
    if not _active(user):
        raise PermissionDenied(_("Sign in first."))
    if practice.status != Status.PUBLISHED:
        raise PermissionDenied(_("Only published practices take comments, endorsements and adoptions."))
    # The caller may hold a practice it looked up another way: check that this user sees it.
    if not visible_practices(user).filter(pk=practice.pk).exists():
        raise PermissionDenied(_("Only published practices take comments, endorsements and adoptions."))


def check_can_choose_network(user: Any, network: Any) -> None:
    if network is None:
        return
    from networks.permissions import can_see_network_content, is_network_member

    if not (user.is_staff or is_network_member(user, network)) or not can_see_network_content(user, network):
        raise PermissionDenied(_("You can only share a practice in a network you belong to."))


# Guides.


def visible_guides(user: Any) -> QuerySet[Guide]:
    """Published guides the user may see, their own, and those they may edit: site-wide ones for the
    library editors, a network's for its owners and moderators (as can_edit_guide says)."""
    published = Q(is_published=True) & (
        Q(network__isnull=True) | Q(network__in=content_visible_networks(user))
    )
    if not _active(user):
        return Guide.objects.filter(published)
    moderated = Q(network__in=Network.objects.filter(moderator_q(user)).values("pk"))
    if is_library_editor(user):
        return Guide.objects.filter(published | Q(author=user) | Q(network__isnull=True) | moderated)
    return Guide.objects.filter(published | Q(author=user) | moderated)


def get_guide_for_user(user: Any, slug: str) -> Guide:
    guide = visible_guides(user).select_related("network", "author").filter(slug=slug).first()
    if guide is None:
        raise Http404
    return guide


def can_edit_guide(user: Any, guide: Guide) -> bool:
    if not _active(user):
        return False
    if guide.author_id == user.pk or is_library_editor(user):
        return True
    return guide.network is not None and is_network_moderator(user, guide.network)


def check_can_edit_guide(user: Any, guide: Guide) -> None:
    if not can_edit_guide(user, guide):
        raise PermissionDenied(_("Only the guide's author and the library editors may change it."))


def check_can_create_guide(user: Any, network: Any = None) -> None:
    if not _active(user):
        raise PermissionDenied(_("Sign in first."))
    if is_library_editor(user):
        return
    if network is not None and is_network_moderator(user, network):
        return
    raise PermissionDenied(_("Only library editors and network moderators write guides."))


def can_see_network_content_safe(user: Any, network: Any) -> bool:
    """Whether the user may place something in this network's content (used to resolve an API slug)."""
    from networks.permissions import can_see_network_content

    return bool(_active(user) and can_see_network_content(user, network))
