"""Every write to the library: practices and their review, versions, attachments, comments, endorsements,
adoptions, and guides. After each commit that changes a practice or a guide, search is told (_search_sync)."""

import logging
from collections.abc import Iterable
from decimal import Decimal
from functools import partial
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community.library import permissions, selectors
from community.library.attachments import check_attachment
from community.library.models import (
    EDITORS_GROUP,
    Adoption,
    Attachment,
    Comment,
    Endorsement,
    Guide,
    GuideItem,
    Indicator,
    Practice,
    PracticeVersion,
    Status,
    TargetGroup,
)
from community.library.versions import snapshot_of
from community.markdown import render_markdown
from community.services import notify_members

logger = logging.getLogger(__name__)

PRACTICE_FIELDS = {
    "title", "summary", "country", "sector", "training_area", "target_groups", "context", "method",
    "resources", "lessons", "transfer_conditions", "contact_name", "contact_email", "language", "licence",
}  # fmt: skip
PRACTICE_RELATIONS = {"organisations", "coauthors", "tags", "indicators", "network"}
GUIDE_FIELDS = {"title", "introduction", "language"}


def _search_sync(obj: Practice | Guide) -> None:
    """Tell site-wide search that a practice or guide changed; its adapter decides from the object's state
    (unpublished, hidden network) what the index holds. Runs after commit."""
    from community.search import indexing

    try:
        indexing.index_object(obj)
    except LookupError:  # search has no adapter for this model (yet): nothing to keep in step
        logger.debug("No search adapter for %s", type(obj).__name__)


def _search_remove(obj: Practice | Guide) -> None:
    from community.search import indexing

    indexing.unindex_object(obj)


def _after_commit_sync(obj: Practice | Guide) -> None:
    # robust: a search failure is logged and never undoes nor fails the member's change.
    transaction.on_commit(partial(_search_sync, obj), robust=True)


def _unique_slug(model: Any, title: str, fallback: str) -> str:
    base = slugify(title)[:80] or fallback
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_fields(fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")


def _clean_target_groups(values: Iterable[str]) -> list[str]:
    allowed = set(TargetGroup.values)
    cleaned = []
    for value in values:
        if value not in allowed:
            raise ValidationError(
                {"target_groups": [_("Unknown target group: %(value)s.") % {"value": value}]}
            )
        if value not in cleaned:
            cleaned.append(value)
    return cleaned


def _clean_indicators(rows: Iterable[dict[str, Any]]) -> list[Indicator]:
    indicators = []
    for position, row in enumerate(rows):
        try:
            value = Decimal(str(row["value"]))
        except (KeyError, ArithmeticError, ValueError) as exc:
            raise ValidationError({"indicators": [_("Each result needs a number.")]}) from exc
        if not value.is_finite() or abs(value) >= Decimal("1e12"):
            raise ValidationError({"indicators": [_("Each result needs a number.")]})
        unit = str(row.get("unit", "")).strip()
        if not unit:
            raise ValidationError({"indicators": [_("Each result needs a unit, e.g. people trained.")]})
        indicator = Indicator(
            position=position,
            value=value.quantize(Decimal("0.01")),
            unit=unit[:120],
            period=str(row.get("period", "")).strip()[:80],
        )
        indicators.append(indicator)
    return indicators


def _apply_relations(practice: Practice, relations: dict[str, Any]) -> None:
    if "organisations" in relations:
        practice.organisations.set(relations["organisations"])
    if "coauthors" in relations:
        practice.coauthors.set([u for u in relations["coauthors"] if u.pk != practice.author_id])
    if "tags" in relations:
        practice.tags.set([str(t).strip()[:100] for t in relations["tags"] if str(t).strip()], clear=True)
    if "indicators" in relations:
        practice.indicators.all().delete()
        indicators = relations["indicators"]
        for indicator in indicators:
            indicator.practice = practice
        Indicator.objects.bulk_create(indicators)


def _record_version(practice: Practice, actor: Any) -> PracticeVersion:
    # Read the relations afresh: prefetched ones may predate this change.
    fresh = Practice.objects.prefetch_related(
        "organisations",
        "indicators",
        "tags",  # type: ignore[misc]
    ).get(pk=practice.pk)
    number = (practice.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = PracticeVersion.objects.create(
        practice=practice, number=number, snapshot=snapshot_of(fresh), created_by=actor
    )
    Practice.objects.filter(pk=practice.pk).update(version=number)
    practice.version = number
    return version


def practice_create(
    *,
    author: Any,
    title: str,
    summary: str,
    country: str,
    sector: str,
    training_area: str,
    network: Any = None,
    organisations: Iterable[Any] = (),
    coauthors: Iterable[Any] = (),
    tags: Iterable[str] = (),
    indicators: Iterable[dict[str, Any]] = (),
    **fields: Any,
) -> Practice:
    """A new draft by `author`; nobody but its authors (and editors) sees it until it is published."""
    permissions.check_can_create(author)
    permissions.check_can_choose_network(author, network)
    _check_fields(fields, PRACTICE_FIELDS)
    fields["target_groups"] = _clean_target_groups(fields.get("target_groups", []))
    practice = Practice(
        author=author,
        title=title,
        summary=summary,
        country=country,
        sector=sector,
        training_area=training_area,
        network=network,
        **fields,
    )
    practice.full_clean(exclude=["slug"])
    checked_indicators = _clean_indicators(indicators)
    with transaction.atomic():
        for _attempt in range(3):
            practice.slug = _unique_slug(Practice, title, "practice")
            try:
                with transaction.atomic():
                    practice.save()
                break
            except IntegrityError:  # a concurrent create took the slug
                continue
        _apply_relations(
            practice,
            {
                "organisations": list(organisations),
                "coauthors": list(coauthors),
                "tags": list(tags),
                "indicators": checked_indicators,
            },
        )
        _after_commit_sync(practice)
    return practice


def practice_update(*, practice: Practice, actor: Any, **changes: Any) -> Practice:
    """Change a practice. The slug never changes (its address is stable). Editing a published practice
    makes a new published version at once; readers see it and the history keeps the earlier ones."""
    permissions.check_can_edit(actor, practice)
    _check_fields(changes, PRACTICE_FIELDS | PRACTICE_RELATIONS)
    relations = {key: changes.pop(key) for key in list(changes) if key in PRACTICE_RELATIONS}
    if "network" in relations:
        network = relations.pop("network")
        if network != practice.network:
            permissions.check_can_choose_network(actor, network)
            practice.network = network
    if "target_groups" in changes:
        changes["target_groups"] = _clean_target_groups(changes["target_groups"])
    if "indicators" in relations:
        relations["indicators"] = _clean_indicators(relations["indicators"])
    for key, value in changes.items():
        setattr(practice, key, value)
    practice.full_clean()
    with transaction.atomic():
        practice.save()
        _apply_relations(practice, relations)
        if practice.status == Status.PUBLISHED:
            _record_version(practice, actor)
        _after_commit_sync(practice)
    return practice


def _authors(practice: Practice) -> list[Any]:
    return [practice.author, *practice.coauthors.all()]


def practice_submit(*, practice: Practice, actor: Any) -> Practice:
    permissions.check_can_submit(actor, practice)
    with transaction.atomic():
        practice.status = Status.SUBMITTED
        practice.submitted_at = timezone.now()
        practice.save(update_fields=["status", "submitted_at", "updated_at"])
        notify_members(
            recipients=selectors.practice_reviewers(practice),
            actor=actor,
            verb=gettext_noop("submitted a practice for review"),
            target=practice,
            description=practice.title,
            url=practice.get_absolute_url(),
        )
    return practice


def practice_publish(*, practice: Practice, reviewer: Any, comment: str = "") -> Practice:
    permissions.check_can_review(reviewer, practice)
    with transaction.atomic():
        practice.status = Status.PUBLISHED
        practice.review_comment = comment.strip()
        practice.reviewed_by = reviewer
        practice.published_at = practice.published_at or timezone.now()
        practice.save(update_fields=["status", "review_comment", "reviewed_by", "published_at", "updated_at"])
        _record_version(practice, reviewer)
        notify_members(
            recipients=_authors(practice),
            actor=reviewer,
            verb=gettext_noop("published your practice"),
            target=practice,
            description=practice.title,
            url=practice.get_absolute_url(),
        )
        _after_commit_sync(practice)
    return practice


def practice_return(*, practice: Practice, reviewer: Any, comment: str) -> Practice:
    permissions.check_can_review(reviewer, practice)
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": [_("Tell the authors what to change.")]})
    with transaction.atomic():
        practice.status = Status.RETURNED
        practice.review_comment = comment
        practice.reviewed_by = reviewer
        practice.save(update_fields=["status", "review_comment", "reviewed_by", "updated_at"])
        notify_members(
            recipients=_authors(practice),
            actor=reviewer,
            verb=gettext_noop("returned your practice with comments"),
            target=practice,
            description=comment,
            url=practice.get_absolute_url(),
        )
    return practice


def comment_create(*, practice: Practice, author: Any, body: str) -> Comment:
    permissions.check_can_react(author, practice)
    body = body.strip()
    if not body:
        raise ValidationError({"body": [_("Write a comment first.")]})
    with transaction.atomic():
        comment = Comment.objects.create(
            practice=practice, author=author, body=body, body_html=render_markdown(body)
        )
        Practice.objects.filter(pk=practice.pk).update(comment_count=F("comment_count") + 1)
        recipients = [user for user in _authors(practice) if user.pk != author.pk]
        notify_members(
            recipients=recipients,
            actor=author,
            verb=gettext_noop("commented on your practice"),
            target=practice,
            description=body,
            url=f"{practice.get_absolute_url()}#comment-{comment.pk}",
        )
    return comment


def endorsement_toggle(*, practice: Practice, user: Any) -> bool:
    """Mark the practice useful, or take the mark back. Returns whether the user now endorses it."""
    permissions.check_can_react(user, practice)
    if permissions.is_author(user, practice):
        raise ValidationError(_("You cannot endorse your own practice."))
    with transaction.atomic():
        deleted, _rows = Endorsement.objects.filter(practice=practice, user=user).delete()
        if deleted:
            Practice.objects.filter(pk=practice.pk).update(endorsement_count=F("endorsement_count") - 1)
            return False
        try:
            with transaction.atomic():
                Endorsement.objects.create(practice=practice, user=user)
        except IntegrityError:  # a concurrent request endorsed it first and counted it
            return True
        Practice.objects.filter(pk=practice.pk).update(endorsement_count=F("endorsement_count") + 1)
    return True


def adoption_create(
    *, practice: Practice, user: Any, context: str, results: str = "", organisation: Any = None
) -> Adoption:
    """ "We applied this": shown under the practice and counted on it."""
    permissions.check_can_react(user, practice)
    context = context.strip()
    if not context:
        raise ValidationError({"context": [_("Tell others where and how you applied it.")]})
    if organisation is not None and not organisation.memberships.filter(user=user).exists():
        raise ValidationError({"organisation": [_("You can only speak for an organisation you belong to.")]})
    already = ValidationError(
        {"organisation": [_("You have already recorded applying it on behalf of this organisation.")]}
        if organisation is not None
        else _("You have already recorded applying it.")
    )
    if Adoption.objects.filter(practice=practice, user=user, organisation=organisation).exists():
        raise already
    with transaction.atomic():
        try:
            with transaction.atomic():
                adoption = Adoption.objects.create(
                    practice=practice,
                    user=user,
                    organisation=organisation,
                    context=context,
                    results=results.strip(),
                )
        except IntegrityError as exc:  # a double submission raced past the check above
            raise already from exc
        Practice.objects.filter(pk=practice.pk).update(adoption_count=F("adoption_count") + 1)
        notify_members(
            recipients=[u for u in _authors(practice) if u.pk != user.pk],
            actor=user,
            verb=gettext_noop("applied your practice"),
            target=practice,
            description=context,
            url=f"{practice.get_absolute_url()}#adoptions",
        )
    return adoption


def attachment_add(*, practice: Practice, actor: Any, upload: Any) -> Attachment:
    """Attach a file after checking it by content; it is stored under a random name."""
    permissions.check_can_edit(actor, practice)
    checked = check_attachment(upload)
    original = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = original.rsplit(".", 1)[0] if "." in original else original
    display_name = f"{slugify(stem)[:80] or 'file'}.{checked.extension}"
    attachment = Attachment(
        practice=practice,
        original_name=display_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    attachment.file.save(f"upload.{checked.extension}", checked.file, save=False)
    attachment.save()
    return attachment


def attachment_delete(*, attachment: Attachment, actor: Any) -> None:
    permissions.check_can_edit(actor, attachment.practice)
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    if name:
        transaction.on_commit(partial(storage.delete, name))


def library_editor_set(*, user: Any, actor: Any, editor: bool) -> None:
    """Give or take the library editor role (members of the "library editors" group). Site staff only."""
    if not (actor.is_authenticated and actor.is_staff):
        raise PermissionDenied(_("Only site staff name library editors."))
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    if editor:
        user.groups.add(group)
    else:
        user.groups.remove(group)


# Guides.


def guide_create(
    *, author: Any, title: str, introduction: str = "", language: str = "es", network: Any = None
) -> Guide:
    permissions.check_can_create_guide(author, network)
    guide = Guide(
        author=author,
        title=title,
        introduction=introduction,
        introduction_html=render_markdown(introduction),
        language=language,
        network=network,
    )
    guide.full_clean(exclude=["slug"])
    with transaction.atomic():
        guide.slug = _unique_slug(Guide, title, "guide")
        guide.save()
        _after_commit_sync(guide)
    return guide


def guide_update(*, guide: Guide, actor: Any, **changes: Any) -> Guide:
    permissions.check_can_edit_guide(actor, guide)
    _check_fields(changes, GUIDE_FIELDS | {"is_published"})
    for key, value in changes.items():
        setattr(guide, key, value)
    guide.introduction_html = render_markdown(guide.introduction)
    guide.full_clean()
    with transaction.atomic():
        guide.save()
        _after_commit_sync(guide)
    return guide


def _next_position(guide: Guide) -> int:
    last = guide.items.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


def guide_chapter_add(*, guide: Guide, actor: Any, heading: str, body: str) -> GuideItem:
    permissions.check_can_edit_guide(actor, guide)
    if not heading.strip():
        raise ValidationError({"heading": [_("Give the chapter a heading.")]})
    with transaction.atomic():
        item = GuideItem.objects.create(
            guide=guide,
            position=_next_position(guide),
            heading=heading.strip(),
            body=body,
            body_html=render_markdown(body),
        )
        _after_commit_sync(guide)
    return item


def guide_practice_add(*, guide: Guide, actor: Any, practice: Practice) -> GuideItem:
    permissions.check_can_edit_guide(actor, guide)
    if not permissions.published_practices(actor).filter(pk=practice.pk).exists():
        raise ValidationError({"practice": [_("Only published practices can go into a guide.")]})
    if guide.items.filter(practice=practice).exists():
        raise ValidationError({"practice": [_("This practice is already in the guide.")]})
    with transaction.atomic():
        item = GuideItem.objects.create(guide=guide, position=_next_position(guide), practice=practice)
        _after_commit_sync(guide)
    return item


def guide_item_move(*, item: GuideItem, actor: Any, up: bool) -> None:
    """Swap an item with its neighbour above (up) or below."""
    permissions.check_can_edit_guide(actor, item.guide)
    items = list(item.guide.items.order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    with transaction.atomic():
        for position, entry in enumerate(items):
            if entry.position != position:
                GuideItem.objects.filter(pk=entry.pk).update(position=position)
        _after_commit_sync(item.guide)


def guide_item_remove(*, item: GuideItem, actor: Any) -> None:
    permissions.check_can_edit_guide(actor, item.guide)
    guide = item.guide
    with transaction.atomic():
        item.delete()
        _after_commit_sync(guide)


def guide_delete(*, guide: Guide, actor: Any) -> None:
    permissions.check_can_edit_guide(actor, guide)
    # delete() clears the instance's pk: search gets a copy that still names the removed guide.
    removed = Guide(pk=guide.pk, slug=guide.slug, title=guide.title, network_id=guide.network_id)
    with transaction.atomic():
        guide.delete()
        transaction.on_commit(partial(_search_remove, removed), robust=True)
