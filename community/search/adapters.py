"""What each searchable model puts in the index and who may find it.

Organisations and active offerings: everyone. Networks: their row follows who may know the network
exists, their content who may see it. Forum topics and replies: the readers of the category; hidden
ones its moderators only; deleted replies never. A topic's row carries its opening post, so the
opening post has no row of its own. Events do not exist yet.
"""

import html
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import translation
from django.utils.html import strip_tags

from community.organisations.models import Offering, OfferingKind, Organisation, OrganisationKind, Sector
from community.search.indexing import Document, register
from community.search.models import DocumentKind
from forums.models import Post, Topic
from networks.models import Network

LANGUAGES = ("es", "en")


def plain_text(rendered_html: str) -> str:
    """Searchable text of rendered (safe) HTML: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(strip_tags(rendered_html)).split())


def labels(choices: Any, *values: str) -> str:
    """The labels of choice values in both languages, so "turismo" and "tourism" both find them."""
    found = dict(choices.choices)
    words = []
    for language in LANGUAGES:
        with translation.override(language):
            words += [str(found[value]) for value in values if value in found]
    return " ".join(dict.fromkeys(words))


# Organisations and their showcase.


def _offerings(organisation: Organisation) -> Iterable[Offering]:
    return organisation.offerings.select_related("organisation")


@register(Organisation, dependents=_offerings)
def organisation_document(organisation: Organisation) -> Document:
    return Document(
        kind=DocumentKind.ORGANISATION,
        title=organisation.name,
        body=organisation.description,
        keywords=" ".join(
            part
            for part in (
                organisation.city,
                organisation.region,
                labels(OrganisationKind, organisation.kind),
                labels(Sector, organisation.sector),
            )
            if part
        ),
        country=str(organisation.country.code or ""),
        sector=organisation.sector,
        url=organisation.get_absolute_url(),
        updated_at=organisation.updated_at,
    )


@register(Offering, queryset=lambda: Offering.objects.select_related("organisation"))
def offering_document(offering: Offering) -> Document | None:
    if not offering.is_active:
        return None
    organisation = offering.organisation
    return Document(
        kind=DocumentKind.OFFERING,
        title=offering.name,
        body=" ".join(part for part in (offering.description, offering.availability) if part),
        keywords=" ".join((organisation.name, labels(OfferingKind, offering.kind))),
        country=str(organisation.country.code or ""),
        sector=organisation.sector,
        url=organisation.get_absolute_url(),
        updated_at=offering.updated_at,
    )


# Networks.


@register(Network)
def network_document(network: Network) -> Document:
    countries = [str(country.code) for country in network.countries]
    return Document(
        kind=DocumentKind.NETWORK,
        title=network.name,
        body=network.description,
        keywords=labels(Sector, *network.sectors),
        country=countries[0] if countries else "",
        sector=network.sectors[0] if network.sectors else "",
        network_id=network.pk,
        url=network.get_absolute_url(),
        updated_at=network.created_at,
    )


# Forums.


def _opening_post(topic: Topic) -> Post | None:
    return Post.objects.filter(topic=topic).order_by("pk").first()


def _replies(topic: Topic) -> QuerySet[Post]:
    return _posts().filter(topic=topic)


def _topics() -> QuerySet[Topic]:
    # The opening post's facts as columns: a rebuild or a network's reindex loads no post per topic.
    opening = Post.objects.filter(topic=OuterRef("pk")).order_by("pk")
    return (
        Topic.objects.select_related("category")
        .prefetch_related("tags")  # type: ignore[misc]
        .annotate(
            opening_body_html=Subquery(opening.values("body_html")[:1]),
            opening_shown=Subquery(opening.filter(is_hidden=False, is_deleted=False).values("pk")[:1]),
            opening_pk=Subquery(opening.values("pk")[:1]),
        )
    )


def _opening_text(topic: Topic) -> str:
    """The opening post's words; a hidden or deleted opening post lends the topic none."""
    if hasattr(topic, "opening_body_html"):  # annotated by _topics()
        shown = getattr(topic, "opening_shown", None)
        return (
            plain_text(topic.opening_body_html)
            if shown and shown == getattr(topic, "opening_pk", None)
            else ""
        )
    opening = _opening_post(topic)
    return plain_text(opening.body_html) if opening and not (opening.is_hidden or opening.is_deleted) else ""


@register(Topic, queryset=_topics, dependents=_replies)
def topic_document(topic: Topic) -> Document:
    body = _opening_text(topic)
    category = topic.category
    return Document(
        kind=DocumentKind.TOPIC,
        title=topic.title,
        body=body,
        keywords=" ".join([*(tag.name for tag in topic.tags.all()), category.name]),
        network_id=category.network_id,
        category_id=category.pk,
        moderators_only=topic.is_hidden,
        url=topic.get_absolute_url(),
        updated_at=topic.last_activity_at,
    )


def _posts() -> QuerySet[Post]:
    first = Post.objects.filter(topic=OuterRef("topic")).order_by("pk").values("pk")[:1]
    return (
        Post.objects.filter(is_deleted=False)
        .select_related("topic", "topic__category")
        .annotate(opening_pk=Subquery(first))
    )


def _is_opening(post: Post) -> bool:
    opening_pk = getattr(post, "opening_pk", None)  # annotated by _posts() on a rebuild
    if opening_pk is None:
        opening = _opening_post(post.topic)
        opening_pk = opening.pk if opening else None
    return post.pk == opening_pk


def _topic_of_opening_post(post: Post) -> list[Topic]:
    """A change to the opening post (edit, hide, restore) is a change to its topic's row."""
    return [post.topic] if _is_opening(post) else []


@register(Post, queryset=_posts, dependents=_topic_of_opening_post)
def post_document(post: Post) -> Document | None:
    if post.is_deleted or _is_opening(post):
        return None
    topic = post.topic
    category = topic.category
    return Document(
        kind=DocumentKind.POST,
        title="",
        parent_title=topic.title,
        body=plain_text(post.body_html),
        network_id=category.network_id,
        category_id=category.pk,
        moderators_only=post.is_hidden or topic.is_hidden,
        url=post.get_absolute_url(),
        updated_at=post.edited_at or post.created_at,
    )


if apps.is_installed("community.library"):
    from community.search import library_adapters  # noqa: F401
