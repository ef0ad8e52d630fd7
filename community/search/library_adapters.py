"""Search adapters of the good-practice library: published practices and guides only.

A practice or guide of a network is found by those who see the network's content; drafts, practices
under review and returned ones are never in the index. community/library/services.py calls
indexing.index_object after each commit that changes one; a deleted practice (admin only) is taken out
of the guides that listed it here.
"""

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import pre_delete

from community.library.models import Guide, GuideItem, Practice, Status, TargetGroup, TrainingArea
from community.markdown import render_markdown
from community.organisations.models import Sector
from community.search.adapters import labels, plain_text
from community.search.indexing import Document, index_object, register
from community.search.models import DocumentKind


def _markdown_text(*sources: str) -> str:
    return " ".join(plain_text(render_markdown(source)) for source in sources if source)


def _practices() -> QuerySet[Practice]:
    return Practice.objects.select_related("network").prefetch_related(  # type: ignore[misc]
        "tags", "organisations", "indicators"
    )


def _guides_listing(practice: Practice) -> QuerySet[Guide]:
    """Guides whose rows repeat the practice's title (see guide_document): a practice that moves into
    another network, or changes its title, changes what they may show."""
    return _guides().filter(items__practice=practice).distinct()


@register(Practice, queryset=_practices, dependents=_guides_listing)
def practice_document(practice: Practice) -> Document | None:
    if practice.status != Status.PUBLISHED:
        return None
    indicators = " ".join(
        f"{indicator.value.normalize():f} {indicator.unit} {indicator.period}"
        for indicator in practice.indicators.all()
    )
    keywords = [
        *(tag.name for tag in practice.tags.all()),
        *(organisation.name for organisation in practice.organisations.all()),
        labels(Sector, practice.sector),
        labels(TrainingArea, practice.training_area),
        labels(TargetGroup, *(practice.target_groups or [])),
    ]
    return Document(
        kind=DocumentKind.PRACTICE,
        title=practice.title,
        body=" ".join(
            part
            for part in (
                _markdown_text(
                    practice.summary,
                    practice.context,
                    practice.method,
                    practice.resources,
                    practice.lessons,
                    practice.transfer_conditions,
                ),
                indicators,
            )
            if part
        ),
        keywords=" ".join(word for word in keywords if word),
        country=str(practice.country.code or ""),
        sector=practice.sector,
        network_id=practice.network_id,
        url=practice.get_absolute_url(),
        updated_at=practice.published_at or practice.updated_at,
    )


def _guides() -> QuerySet[Guide]:
    return Guide.objects.prefetch_related("items", "items__practice")


@register(Guide, queryset=_guides)
def guide_document(guide: Guide) -> Document | None:
    if not guide.is_published:
        return None
    items = list(guide.items.all())
    chapters = " ".join(
        " ".join(part for part in (item.heading, plain_text(item.body_html)) if part) for item in items
    )
    return Document(
        kind=DocumentKind.GUIDE,
        title=guide.title,
        body=" ".join(part for part in (plain_text(guide.introduction_html), chapters) if part),
        # Only titles every reader of the guide may see: never a draft, nor another network's practice.
        keywords=" ".join(
            item.practice.title
            for item in items
            if item.practice is not None
            and item.practice.status == Status.PUBLISHED
            and item.practice.network_id in (None, guide.network_id)
        ),
        network_id=guide.network_id,
        url=guide.get_absolute_url(),
        updated_at=guide.updated_at,
    )


def _reindex_guides(guide_ids: list[int]) -> None:
    for guide in _guides().filter(pk__in=guide_ids):
        index_object(guide)


def _forget_deleted_practice(sender: type[Practice], instance: Practice, **kwargs: Any) -> None:
    # Before the delete: the cascade takes the guide items that say which guides listed the practice.
    guide_ids = list(
        GuideItem.objects.filter(practice=instance).values_list("guide_id", flat=True).distinct()
    )
    if guide_ids:
        transaction.on_commit(partial(_reindex_guides, guide_ids), robust=True)


pre_delete.connect(_forget_deleted_practice, sender=Practice, dispatch_uid="search-practice-guides")
