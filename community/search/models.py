"""The search index: one row per searchable object, with the facts that decide who may find it.

Rows are written only by community/search/indexing.py (called by the apps' services after commit).
The full-text part lives beside the row: `search_vector` on PostgreSQL, the `search_fts` FTS5 table
on SQLite (community/search/backends.py keeps both in step).
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    OFFERING = "offering", _("Offering")
    PRACTICE = "practice", _("Good practice")
    GUIDE = "guide", _("Guide")
    TOPIC = "topic", _("Forum topic")
    POST = "post", _("Forum post")
    NETWORK = "network", _("Network")


class SearchDocument(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    title = models.CharField(max_length=300, blank=True)
    # Shown, never searched: a reply's row shows its topic's title, which the topic's own row matches.
    parent_title = models.CharField(max_length=300, blank=True)
    keywords = models.TextField(blank=True)  # tags, names of the organisation or category
    body = models.TextField(blank=True)  # plain text: Markdown and HTML already stripped
    country = models.CharField(max_length=2, blank=True)
    sector = models.CharField(max_length=32, blank=True)
    url = models.CharField(max_length=300)
    # Who may find the row. A row of a network's content is for those who see the network's content;
    # the network's own row (kind=network) for those who know the network exists.
    network = models.ForeignKey(
        "networks.Network", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Forum content: readers of the category; hidden topics and posts: its moderators only.
    category = models.ForeignKey(
        "forums.Category", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    moderators_only = models.BooleanField(default=False)
    # Whether a visitor who is not signed in may find the row: the visibility rule for such a
    # visitor, worked out whenever the row or its network or category is written
    # (indexing.refresh_public, its only writer of True). Such visitors' searches read it alone;
    # database triggers (migration 0005) turn it off whenever a write changes what the rule reads.
    public = models.BooleanField(default=False, editable=False)
    updated_at = models.DateTimeField()
    # PostgreSQL only (null on SQLite); its GIN index is made by the migration on PostgreSQL.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_document_per_object")
        ]
        indexes = [
            models.Index(fields=["kind", "country", "sector"]),
            # Lets PostgreSQL walk the newest rows first when a word is common (see backends.py).
            models.Index(fields=["-updated_at", "-id"], name="search_doc_recent"),
            # The same walk over the rows anyone may find (a third of a network-heavy index is not).
            models.Index(
                fields=["-updated_at", "-id"], name="search_doc_recent_public", condition=Q(public=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.display_title}"

    @property
    def display_title(self) -> str:
        return self.title or self.parent_title


class FlagWriting(models.Model):
    """A row exists only inside a transaction of indexing.refresh_public, which deletes it before the
    transaction ends: the database's triggers (migration 0005) let a row's `public` flag become True
    only while one is there, that is, only when refresh_public writes it. Nothing else uses the table.
    On PostgreSQL a trigger fills `txid` with the writing transaction's id (the flag trigger looks for
    its own) and another refuses to commit a row."""

    txid = models.BigIntegerField(null=True, editable=False)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"flags being written ({self.pk})"
