"""Reads for the library: the filtered list, a practice page with everything shown under it, related
practices, the review queue, the export rows and guides with their visible items."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from community.library import permissions
from community.library.models import Adoption, Comment, Endorsement, Guide, GuideItem, Practice, Status
from networks.permissions import content_visible_networks

RELATED_LIMIT = 5


@dataclass
class PracticeFilters:
    q: str = ""
    country: str = ""
    sector: str = ""
    training_area: str = ""
    target_group: str = ""
    tag: str = ""
    language: str = ""


def _filtered(qs: QuerySet[Practice], filters: PracticeFilters) -> QuerySet[Practice]:
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(summary__icontains=filters.q))
    if filters.country:
        qs = qs.filter(country=filters.country.upper())
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.training_area:
        qs = qs.filter(training_area=filters.training_area)
    if filters.target_group:
        # The JSON list is stored as text; the quotes make the match a whole value.
        qs = qs.filter(target_groups__icontains=f'"{filters.target_group}"')
    if filters.tag:
        qs = qs.filter(tags__slug=filters.tag)
    if filters.language:
        qs = qs.filter(language=filters.language)
    return qs


def practice_list(user: Any, filters: PracticeFilters | None = None) -> QuerySet[Practice]:
    """Published practices the user may see, filtered, with their tags and institutions prefetched."""
    qs = _filtered(permissions.published_practices(user), filters or PracticeFilters())
    return (
        qs.select_related("network")
        .prefetch_related("tags", "organisations")  # type: ignore[misc]
        .order_by("-published_at", "-pk")
    )


def export_rows(user: Any, filters: PracticeFilters | None = None) -> QuerySet[Practice]:
    return practice_list(user, filters).prefetch_related("indicators", "coauthors").select_related("author")


def practice_for_page(user: Any, slug: str) -> Practice:
    """A practice with everything its page shows, prefetched once."""
    practice = permissions.get_practice_for_user(user, slug)
    prefetches: list[Any] = [
        "tags",
        "organisations",
        "indicators",
        "attachments",
        "coauthors",
        Prefetch("comments", queryset=Comment.objects.select_related("author")),
        Prefetch("adoptions", queryset=Adoption.objects.select_related("user", "organisation")),
    ]
    from django.db.models import prefetch_related_objects

    prefetch_related_objects([practice], *prefetches)
    return practice


def related_practices(user: Any, practice: Practice) -> list[Practice]:
    """Published practices sharing tags or the sector, most shared tags first. Expects tags prefetched."""
    tag_ids = [tag.pk for tag in practice.tags.all()]
    match = Q(sector=practice.sector)
    if tag_ids:
        match |= Q(tags__in=tag_ids)
    ids = list(
        permissions.published_practices(user)
        .filter(match)
        .exclude(pk=practice.pk)
        .annotate(shared=Count("tags", filter=Q(tags__in=tag_ids), distinct=True))
        .order_by("-shared", "-published_at", "-pk")
        .values_list("pk", flat=True)[: RELATED_LIMIT * 3]
    )
    ordered = list(dict.fromkeys(ids))[:RELATED_LIMIT]
    by_pk = {p.pk: p for p in Practice.objects.filter(pk__in=ordered)}
    return [by_pk[pk] for pk in ordered if pk in by_pk]


def is_endorsed_by(user: Any, practice: Practice) -> bool:
    return bool(user.is_authenticated and Endorsement.objects.filter(practice=practice, user=user).exists())


def network_choices(user: Any) -> QuerySet[Any]:
    """The networks a member may share a practice in: those they belong to, themselves or through an
    organisation, and whose content they see (site staff: every network whose content they see)."""
    from networks.models import NetworkMembership, NetworkOrganisation

    if user.is_staff:
        return content_visible_networks(user).order_by("name")
    personal = NetworkMembership.objects.filter(user=user).values("network")
    through_org = NetworkOrganisation.objects.filter(organisation__memberships__user=user).values("network")
    return content_visible_networks(user).filter(pk__in=personal.union(through_org)).order_by("name")


def practice_reviewers(practice: Practice) -> list[Any]:
    """Who is told a practice waits for review: the network's moderators (a network's practice) or the
    library editors (a site-wide one), never its own authors."""
    from django.contrib.auth import get_user_model

    from community.library.models import EDITORS_GROUP
    from networks.models import NetworkMembership
    from networks.permissions import MODERATOR_ROLES

    user_model = get_user_model()
    if practice.network is not None:
        ids = NetworkMembership.objects.filter(network=practice.network, role__in=MODERATOR_ROLES).values(
            "user"
        )
        reviewers = user_model.objects.filter(pk__in=ids)
    else:
        reviewers = user_model.objects.filter(groups__name=EDITORS_GROUP)
    authors = {practice.author_id, *practice.coauthors.values_list("pk", flat=True)}
    return [user for user in reviewers if user.pk not in authors]


def practices_by(user: Any) -> QuerySet[Practice]:
    """The practices a member wrote or co-wrote, in every state."""
    return (
        Practice.objects.filter(Q(author=user) | Q(coauthors=user)).distinct().order_by("-updated_at", "-pk")
    )


def review_queue(user: Any) -> QuerySet[Practice]:
    """Submitted practices this user may review (never their own)."""
    if not user.is_authenticated:
        return Practice.objects.none()
    qs = permissions.visible_practices(user).filter(status=Status.SUBMITTED)
    if not permissions.is_library_editor(user):
        qs = qs.filter(network__isnull=False)
    return (
        qs.exclude(author=user)
        .exclude(coauthors=user)
        .select_related("author", "network")
        .order_by("submitted_at", "pk")
    )


def guide_list(user: Any) -> QuerySet[Guide]:
    return permissions.visible_guides(user).annotate(item_count=Count("items")).order_by("title")


def guide_items(user: Any, guide: Guide) -> list[GuideItem]:
    """The guide's chapters and the practices the user may see, in order (hidden ones are left out)."""
    visible = permissions.published_practices(user).values("pk")
    return list(
        guide.items.filter(Q(practice__isnull=True) | Q(practice__in=visible))
        .select_related("practice")
        .prefetch_related(Prefetch("practice__indicators"))
        .order_by("position", "pk")
    )
