"""Keeps the search index in step with the searchable objects: one adapter per model says what a
row holds and who may find it; the apps' services call schedule_index / schedule_unindex, which run
after the transaction commits, and `manage.py search_reindex` rebuilds everything. Deletions are also
caught by a post_delete receiver: cascades (an organisation's offerings) and the admin reach no service."""

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import timezone

from community.search.backends import get_backend
from community.search.models import FlagWriting, SearchDocument

logger = logging.getLogger(__name__)
BATCH_SIZE = 500


@dataclass(frozen=True)
class Document:
    """What an adapter says about one object: its text, filters, link and visibility facts."""

    kind: str
    title: str
    url: str
    parent_title: str = ""
    body: str = ""
    keywords: str = ""
    country: str = ""
    sector: str = ""
    network_id: int | None = None
    category_id: int | None = None
    moderators_only: bool = False
    updated_at: datetime | None = field(default=None)


@dataclass(frozen=True)
class Adapter:
    model: type[models.Model]
    # The object's row, or None when nobody should find it (inactive, deleted, unpublished).
    document: Callable[[Any], Document | None]
    # Everything a rebuild considers, with its joins done once.
    queryset: Callable[[], models.QuerySet[Any]]
    # Objects whose rows repeat facts of this one (an organisation's offerings, a topic's replies).
    dependents: Callable[[Any], Iterable[models.Model]] | None = None


_adapters: dict[type[models.Model], Adapter] = {}


def register(
    model: type[models.Model],
    *,
    queryset: Callable[[], models.QuerySet[Any]] | None = None,
    dependents: Callable[[Any], Iterable[models.Model]] | None = None,
) -> Callable[[Callable[[Any], Document | None]], Callable[[Any], Document | None]]:
    def decorator(document: Callable[[Any], Document | None]) -> Callable[[Any], Document | None]:
        _adapters[model] = Adapter(
            model=model,
            document=document,
            queryset=queryset or model._default_manager.all,
            dependents=dependents,
        )
        return document

    return decorator


def registered_models() -> list[type[models.Model]]:
    return list(_adapters)


def _adapter(model: type[models.Model]) -> Adapter:
    try:
        return _adapters[model]
    except KeyError:
        raise LookupError(f"{model.__name__} has no search adapter") from None


def _row_values(document: Document) -> dict[str, Any]:
    values = asdict(document)
    values["title"] = values["title"][:300]
    values["parent_title"] = values["parent_title"][:300]
    values["url"] = values["url"][:300]
    values["updated_at"] = document.updated_at or timezone.now()
    return values


def index_object(obj: models.Model, *, dependents: bool = True) -> None:
    """Write (or remove) the object's row and, unless told not to, those of the objects that repeat
    its facts (a reply edited in a long topic should not rewrite the whole topic)."""
    adapter = _adapter(type(obj))
    document = adapter.document(obj)
    if document is None:
        _unindex(type(obj), obj.pk)
    else:
        row, _created = SearchDocument.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            defaults=_row_values(document),
        )
        get_backend().refresh([row.pk])
        refresh_public(SearchDocument.objects.filter(pk=row.pk))
    if dependents and adapter.dependents is not None:
        for dependent in adapter.dependents(obj):
            index_object(dependent, dependents=False)


def _unindex(model: type[models.Model], pk: Any) -> None:
    rows = SearchDocument.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=pk)
    ids = list(rows.values_list("pk", flat=True))
    if ids:
        get_backend().remove(ids)
        SearchDocument.objects.filter(pk__in=ids).delete()


def unindex_object(obj: models.Model) -> None:
    _unindex(type(obj), obj.pk)


def schedule_index(*objects: models.Model, dependents: bool = True) -> None:
    """Index after the transaction commits; a failure is logged and never undoes the user's change."""

    def index_all() -> None:
        for obj in objects:
            index_object(obj, dependents=dependents)

    transaction.on_commit(index_all, robust=True)


def schedule_unindex(*objects: models.Model) -> None:
    """Remove the rows after commit. The keys are taken now: a deleted object loses its pk."""
    keys = [(type(obj), obj.pk) for obj in objects]

    def unindex_all() -> None:
        for model, pk in keys:
            _unindex(model, pk)

    transaction.on_commit(unindex_all, robust=True)


def _forget_deleted(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    schedule_unindex(instance)


def connect_deletions() -> None:
    """Remove the row of every indexed object that is deleted, however it is deleted (after commit)."""
    for model in _adapters:
        post_delete.connect(_forget_deleted, sender=model, dispatch_uid=f"search-unindex-{model._meta.label}")


def _hold_rule_inputs(rows: QuerySet[SearchDocument] | None) -> None:
    """Lock FOR SHARE, until the transaction ends, the networks and categories that the rule reads for
    these rows (for None: all of them). A network or category being changed is waited for; one changed
    afterwards waits for this transaction, and its trigger then turns off what was flagged here.

    Categories before networks, the order in which a delete takes them too (_lock_before_delete). FOR
    SHARE lets other refreshes and foreign keys to them (new topics, memberships) through. SQLite
    writes one transaction at a time and needs no lock."""
    from forums.models import Category
    from networks.models import Network

    if connection.vendor != "postgresql":
        return
    categories = Category.objects.all()
    networks = Network.objects.all()
    if rows is not None:
        categories = categories.filter(pk__in=rows.values("category_id"))
        networks = networks.filter(
            Q(pk__in=rows.values("network_id")) | Q(pk__in=categories.values("network_id"))
        )
    for locked in (categories, networks):
        sql, params = locked.order_by("pk").values_list("pk", flat=True).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} FOR SHARE", params)


@contextmanager
def _writing_flags() -> Iterator[None]:
    """The only way a `public` flag may become True (the triggers check for the FlagWriting row)."""
    if not connection.in_atomic_block:
        raise RuntimeError("flags are written inside a transaction, which must not keep the marker")
    marker = FlagWriting.objects.create()
    yield
    # Not in a `finally`: after a failed statement the transaction is rolled back, the row with it.
    FlagWriting.objects.filter(pk=marker.pk).delete()


def refresh_public(rows: QuerySet[SearchDocument] | None = None) -> None:
    """Work out the `public` flag of these rows (all by default): the visibility rule for a visitor who
    is not signed in (selectors.visibility_rule), as it stands now. The only code that sets a flag to
    True (visitors' searches read the flag alone, see selectors.visible_documents). The UPDATEs touch
    only the rows whose flag changes: rewriting a network's every row on each save would churn its
    indexes."""
    from django.contrib.auth.models import AnonymousUser

    from community.search.selectors import visibility_rule

    rule = visibility_rule(AnonymousUser())
    findable = Exists(SearchDocument.objects.filter(rule, pk=OuterRef("pk")))
    with transaction.atomic():
        _hold_rule_inputs(rows)
        rows = SearchDocument.objects.all() if rows is None else rows
        rows.filter(public=True).exclude(findable).update(public=False)
        with _writing_flags():
            # The rule on the updated row itself: if the row changes while this waits for it,
            # PostgreSQL checks these conditions again on its new version.
            rows.filter(rule, public=False).update(public=True)
        # A row may have moved meanwhile into a network or category that was not locked above: lock
        # those that the flagged rows now read, and turn off what they no longer allow.
        flagged = rows.filter(public=True)
        _hold_rule_inputs(flagged)
        flagged.exclude(findable).update(public=False)


def refresh_public_in_batches(batch: int = 5000) -> None:
    """refresh_public over every row, a batch of ids per transaction (for migration 0006: one
    transaction over a large index would hold visitors' searches waiting)."""
    last = SearchDocument.objects.aggregate(Max("pk"))["pk__max"]
    if last is None:
        return
    for start in range(0, last + 1, batch):
        refresh_public(SearchDocument.objects.filter(pk__gte=start, pk__lt=start + batch))


def _lock_before_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Lock a network or category about to be deleted before Django deletes its rows, in
    refresh_public's order (a network's categories, then the network): Django deletes the rows first,
    and a network before its categories, and either order against refresh_public's deadlocks."""
    from forums.models import Category
    from networks.models import Network

    if connection.vendor != "postgresql":
        return
    if sender is Network:
        categories = Category.objects.select_for_update().filter(network_id=instance.pk).order_by("pk")
        list(categories.values_list("pk", flat=True))
    list(sender._default_manager.select_for_update().filter(pk=instance.pk).values_list("pk", flat=True))


def _network_saved(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    from forums.models import Category

    in_categories = Category.objects.filter(network_id=instance.pk).values("pk")
    rows = SearchDocument.objects.filter(Q(network_id=instance.pk) | Q(category_id__in=in_categories))
    transaction.on_commit(lambda: refresh_public(rows), robust=True)


def _category_saved(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    rows = SearchDocument.objects.filter(category_id=instance.pk)
    transaction.on_commit(lambda: refresh_public(rows), robust=True)


def connect_flag_refresh() -> None:
    """Keep the `public` flags in step when a network or category is saved, however it is saved (the
    admin included): their visibility and access decide the flags of their rows. After commit."""
    from forums.models import Category
    from networks.models import Network

    post_save.connect(_network_saved, sender=Network, dispatch_uid="search-public-network")
    post_save.connect(_category_saved, sender=Category, dispatch_uid="search-public-category")
    pre_delete.connect(_lock_before_delete, sender=Network, dispatch_uid="search-lock-network")
    pre_delete.connect(_lock_before_delete, sender=Category, dispatch_uid="search-lock-category")


# Row columns an adapter decides, as model field names (for bulk_update).
_DOCUMENT_FIELDS = [
    "kind", "title", "url", "parent_title", "body", "keywords", "country", "sector",
    "network", "category", "moderators_only", "updated_at",
]  # fmt: skip


def _reindex_rows(model: type[models.Model], rows: list[SearchDocument]) -> None:
    """Rewrite these existing rows of `model` in a few queries: objects loaded through the adapter's
    queryset (its joins done once), rows updated in bulk, rows of gone or unfindable objects removed.
    Dependents are not followed: the caller passes every row it wants rewritten."""
    adapter = _adapters[model]
    by_object = {row.object_id: row for row in rows}
    changed: list[SearchDocument] = []
    for obj in adapter.queryset().filter(pk__in=list(by_object)):
        document = adapter.document(obj)
        if document is None:
            continue
        row = by_object.pop(obj.pk)
        for name, value in _row_values(document).items():
            setattr(row, name, value)
        changed.append(row)
    SearchDocument.objects.bulk_update(changed, _DOCUMENT_FIELDS)
    get_backend().refresh([row.pk for row in changed])
    refresh_public(SearchDocument.objects.filter(pk__in=[row.pk for row in changed]))
    gone = [row.pk for row in by_object.values()]
    if gone:
        get_backend().remove(gone)
        SearchDocument.objects.filter(pk__in=gone).delete()


def reindex_network_content(network_id: int) -> None:
    """Recompute every row that belongs to a network (after its visibility or name changes)."""
    rows = SearchDocument.objects.filter(network_id=network_id).only("pk", "content_type", "object_id")
    by_type: dict[int, list[SearchDocument]] = {}
    for row in rows:
        by_type.setdefault(row.content_type_id, []).append(row)
    for content_type_id, type_rows in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or model not in _adapters:
            continue
        for start in range(0, len(type_rows), BATCH_SIZE):
            _reindex_rows(model, type_rows[start : start + BATCH_SIZE])


def schedule_network_reindex(network_id: int) -> None:
    transaction.on_commit(lambda: reindex_network_content(network_id), robust=True)


def rebuild_index() -> int:
    """Throw the index away and write it again from every adapter; returns the number of rows."""
    with transaction.atomic():
        # Networks and categories first, before the rows: refresh_public would otherwise wait for them
        # while holding every row, and a network saved meanwhile would wait for a row (a deadlock).
        # Saving or deleting a network or category therefore waits for the rebuild to end.
        _hold_rule_inputs(None)
        SearchDocument.objects.all().delete()
        count = 0
        for model, adapter in _adapters.items():
            content_type = ContentType.objects.get_for_model(model)
            batch: list[SearchDocument] = []
            for obj in adapter.queryset().iterator(chunk_size=BATCH_SIZE):
                document = adapter.document(obj)
                if document is None:
                    continue
                values = _row_values(document)
                batch.append(SearchDocument(content_type=content_type, object_id=obj.pk, **values))
                if len(batch) >= BATCH_SIZE:
                    SearchDocument.objects.bulk_create(batch)
                    count += len(batch)
                    batch = []
            SearchDocument.objects.bulk_create(batch)
            count += len(batch)
        get_backend().refresh_all()
        refresh_public()
    logger.info("Search index rebuilt: %s documents", count)
    return count
