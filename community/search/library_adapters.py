"""Search adapters of the good-practice library: published practices and guides only.

A practice or guide of a network is found by those who see the network's content; drafts, practices
under review and returned ones are never in the index. community/library/services.py calls
indexing.index_object after each commit that changes one.
"""

from django.db.models import QuerySet

from community.library.models import Guide, Practice, Status, TargetGroup, TrainingArea
from community.markdown import render_markdown
from community.organisations.models import Sector
from community.search.adapters import labels, plain_text
from community.search.indexing import Document, register
from community.search.models import DocumentKind


def _markdown_text(*sources: str) -> str:
    return " ".join(plain_text(render_markdown(source)) for source in sources if source)


def _practices() -> QuerySet[Practice]:
    return Practice.objects.select_related("network").prefetch_related(  # type: ignore[misc]
        "tags", "organisations", "indicators"
    )


@register(Practice, queryset=_practices)
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
