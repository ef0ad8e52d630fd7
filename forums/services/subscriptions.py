"""Watching and muting topics, watching categories, and notifying members of new posts and mentions.

Notifications go through community.services.notify_members (in-app, live, and e-mail for members
who want it); recipients are chosen in one query whatever their number.
"""

from collections.abc import Collection
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.text import Truncator
from django.utils.translation import gettext_noop

from community.services import notify_members
from forums.models import Category, Post, Subscription, SubscriptionLevel, Topic
from forums.permissions import check_can_subscribe, topic_readers

EXCERPT_LENGTH = 300


def topic_watch(*, user: Any, topic: Topic) -> Subscription:
    """Be notified of every new post in the topic; idempotent, and turns a mute into a watch.

    Also called when a member starts a topic: authors watch their own topics.
    """
    check_can_subscribe(user, topic=topic)
    subscription, _created = Subscription.objects.update_or_create(
        user=user, topic=topic, defaults={"level": SubscriptionLevel.WATCH}
    )
    return subscription


def topic_watch_after_reply(*, user: Any, topic: Topic) -> Subscription:
    """Repliers watch the topic they answered, unless they already chose: a mute stays a mute."""
    check_can_subscribe(user, topic=topic)
    subscription, _created = Subscription.objects.get_or_create(
        user=user, topic=topic, defaults={"level": SubscriptionLevel.WATCH}
    )
    return subscription


def topic_mute(*, user: Any, topic: Topic) -> Subscription:
    """Hear nothing more of the topic, even when watching its category."""
    check_can_subscribe(user, topic=topic)
    subscription, _created = Subscription.objects.update_or_create(
        user=user, topic=topic, defaults={"level": SubscriptionLevel.MUTE}
    )
    return subscription


def topic_unsubscribe(*, user: Any, topic: Topic) -> None:
    """Back to the default: notified only through a watched category."""
    Subscription.objects.filter(user=user, topic=topic).delete()


def category_watch(*, user: Any, category: Category) -> Subscription:
    """Be notified of every new topic and reply in the category."""
    check_can_subscribe(user, category=category)
    subscription, _created = Subscription.objects.update_or_create(
        user=user, category=category, defaults={"level": SubscriptionLevel.WATCH}
    )
    return subscription


def category_unwatch(*, user: Any, category: Category) -> None:
    Subscription.objects.filter(user=user, category=category).delete()


# Notifications.


def _muted(topic: Topic) -> QuerySet[Subscription]:
    return Subscription.objects.filter(user_id=OuterRef("pk"), topic=topic, level=SubscriptionLevel.MUTE)


def new_post_recipients(post: Post, *, skip: Collection[Any] = ()) -> list[Any]:
    """Watchers of the topic or its category who may still read it, but not those who muted it,
    the author, or `skip`: one query."""
    topic = post.topic
    watching = Subscription.objects.filter(user_id=OuterRef("pk"), level=SubscriptionLevel.WATCH).filter(
        Q(topic=topic) | Q(category_id=topic.category_id)
    )
    users = (
        get_user_model()
        .objects.filter(Exists(watching))
        .exclude(Exists(_muted(topic)))
        .exclude(pk__in=[post.author_id, *(user.pk for user in skip)])
    )
    return list(topic_readers(topic, users).order_by("pk"))


def _is_opening_post(post: Post) -> bool:
    return not Post.objects.filter(topic_id=post.topic_id, pk__lt=post.pk).exists()


def notify_new_post(*, post: Post, mentioned: Collection[Any] = ()) -> None:
    """Tell the topic's and the category's watchers about a post that has just been committed.

    Members in `mentioned` are left out: notify_mentions tells them, and once is enough.
    """
    if post.is_hidden or post.is_deleted:
        return
    recipients = new_post_recipients(post, skip=mentioned)
    if not recipients:
        return
    topic = post.topic
    opening = _is_opening_post(post)
    notify_members(
        recipients=recipients,
        actor=post.author,
        verb=gettext_noop("started the topic") if opening else gettext_noop("replied to"),
        target=topic,
        description=Truncator(post.body).chars(EXCERPT_LENGTH),
        url=post.get_absolute_url(),
        email_template="forums/email/new_post",
        email_context={
            "post": post,
            "topic": topic,
            "category": topic.category,
            "author": post.author,
            "opening": opening,
            "excerpt": Truncator(post.body).chars(EXCERPT_LENGTH),
        },
    )


def notify_mentions(*, post: Post, mentioned: list[Any]) -> None:
    """Tell the members named in a post, if they may read the topic and have not muted it."""
    if post.is_hidden or post.is_deleted:
        return
    ids = {user.pk for user in mentioned} - {post.author_id}
    if not ids:
        return
    topic = post.topic
    users = get_user_model().objects.filter(pk__in=ids).exclude(Exists(_muted(topic)))
    recipients = list(topic_readers(topic, users).order_by("pk"))
    if not recipients:
        return
    notify_members(
        recipients=recipients,
        actor=post.author,
        verb=gettext_noop("mentioned you in"),
        target=topic,
        description=Truncator(post.body).chars(EXCERPT_LENGTH),
        url=post.get_absolute_url(),
        email_template="forums/email/mention",
        email_context={
            "post": post,
            "topic": topic,
            "author": post.author,
            "excerpt": Truncator(post.body).chars(EXCERPT_LENGTH),
        },
    )
