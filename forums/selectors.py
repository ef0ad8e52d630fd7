"""Reads of the forums: categories with their activity, topic lists with unread markers, a topic's
posts with reaction counts, search, the moderation queue and log, subscription and poll state. Each
returns what the user may see, its joins done once."""

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from forums.models import (
    Category,
    Flag,
    ModerationAction,
    Poll,
    PollOption,
    PollVote,
    Post,
    PostRevision,
    ReactionKind,
    ResultsVisibility,
    Subscription,
    SubscriptionLevel,
    Topic,
    TopicReadState,
)
from forums.permissions import (
    can_manage_poll,
    can_read_topic,
    category_readers,
    visible_categories,
    visible_topics,
)
from networks.models import NetworkBan
from networks.permissions import MODERATOR_ROLES

TOPICS_PER_PAGE = 20
POSTS_PER_PAGE = 50
SORTS = {
    "latest": ["-is_pinned", "-last_activity_at", "-pk"],
    "newest": ["-is_pinned", "-created_at", "-pk"],
    "active": ["-is_pinned", "-reply_count", "-last_activity_at", "-pk"],
}
MAX_SEARCH_WORDS = 8


# Categories


def category_list_for(user: Any) -> QuerySet[Category]:
    """Readable categories with their number of topics and latest activity (hidden topics left out)."""
    shown = Q(topics__is_hidden=False)
    latest = Topic.objects.filter(category=OuterRef("pk"), is_hidden=False).order_by(
        "-last_activity_at", "-pk"
    )
    return visible_categories(user).annotate(
        topic_count=Count("topics", filter=shown),
        latest_activity_at=Max("topics__last_activity_at", filter=shown),
        latest_topic_id=Subquery(latest.values("pk")[:1]),
        latest_topic_title=Subquery(latest.values("title")[:1]),
    )


# Topic lists


def _with_list_data(qs: QuerySet[Topic], user: Any, read_mark: datetime | None) -> QuerySet[Topic]:
    """What a topic row shows: author, last poster, tags, and for a member whether it is unread.

    Unread: activity after the member's "read everything before" mark, and either never opened or
    with posts newer than the last one read there.
    """
    qs = qs.select_related("category", "author", "last_post__author")
    qs = qs.prefetch_related("tags")  # type: ignore[misc]  # taggit's manager is untyped
    if not user.is_authenticated or read_mark is None:
        return qs.annotate(is_unread=Value(False, output_field=BooleanField()))
    read_to = TopicReadState.objects.filter(user=user, topic=OuterRef("pk")).values("last_read_post_id")[:1]
    return qs.annotate(read_to=Subquery(read_to)).annotate(
        is_unread=Case(
            When(
                Q(last_activity_at__gt=read_mark)
                & (Q(read_to__isnull=True) | Q(last_post_id__gt=F("read_to"))),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def topic_list_for(
    user: Any,
    category: Category,
    *,
    moderator: bool,
    read_mark: datetime | None,
    sort: str = "latest",
    tag: str = "",
) -> QuerySet[Topic]:
    """A category's topics, pinned first; hidden ones only for its moderators."""
    qs = Topic.objects.filter(category=category)
    if not moderator:
        qs = qs.filter(is_hidden=False)
    if tag:
        qs = qs.filter(tags__name__iexact=tag)
    return _with_list_data(qs, user, read_mark).order_by(*SORTS.get(sort, SORTS["latest"]))


def topic_search(
    user: Any,
    *,
    words: str = "",
    author: str = "",
    tag: str = "",
    category_slug: str = "",
    read_mark: datetime | None = None,
) -> QuerySet[Topic]:
    """Topics the user may read whose title or a visible post has every word; by a visible post's
    author name, by tag, by category. Hidden and deleted posts never match."""
    qs = visible_topics(user)
    shown_posts = Post.objects.filter(topic=OuterRef("pk"), is_hidden=False, is_deleted=False)
    for word in words.split()[:MAX_SEARCH_WORDS]:
        qs = qs.filter(Q(title__icontains=word) | Q(Exists(shown_posts.filter(body__icontains=word))))
    if author.strip():
        qs = qs.filter(Exists(shown_posts.filter(author__display_name__icontains=author.strip())))
    if tag.strip():
        qs = qs.filter(tags__name__iexact=tag.strip())
    if category_slug:
        qs = qs.filter(category__slug=category_slug)
    return _with_list_data(qs, user, read_mark).order_by("-last_activity_at", "-pk")


# One topic and its posts


def topic_get_for_user(user: Any, pk: int) -> Topic:
    """The topic with what its page shows beside the posts (poll, accepted answer, which post opened
    it); 404 alike for missing and not readable, as get_topic_for_user."""
    opening = Post.objects.filter(topic=OuterRef("pk")).order_by("pk").values("pk")[:1]
    topic = (
        Topic.objects.select_related(
            "category", "category__network", "author", "poll", "accepted_answer__author"
        )
        .prefetch_related("tags")  # type: ignore[misc]
        .annotate(opening_post_pk=Subquery(opening))
        .filter(pk=pk)
        .first()
    )
    if topic is None or not can_read_topic(user, topic):
        raise Http404
    return topic


def _visible_posts(user: Any, topic: Topic, *, moderator: bool) -> QuerySet[Post]:
    """Hidden posts are for moderators, and for their own author (who sees them marked as hidden)."""
    qs = Post.objects.filter(topic=topic)
    if moderator:
        return qs
    if user.is_authenticated:
        return qs.filter(Q(is_hidden=False) | Q(author_id=user.pk))
    return qs.filter(is_hidden=False)


def _with_post_data(qs: QuerySet[Post], user: Any) -> QuerySet[Post]:
    """Author, images, and per kind of reaction its count and whether the user gave it: one query."""
    counts: dict[str, Any] = {
        f"{kind}_count": Count("reactions", filter=Q(reactions__kind=kind)) for kind in ReactionKind.values
    }
    if user.is_authenticated:
        counts |= {
            f"{kind}_mine": Count("reactions", filter=Q(reactions__kind=kind, reactions__user_id=user.pk))
            for kind in ReactionKind.values
        }
    return qs.select_related("author").prefetch_related("images").annotate(**counts).order_by("pk")


def topic_posts_page(user: Any, topic: Topic, *, moderator: bool, number: Any) -> Page:
    """One page of the topic's posts as `user` sees them, with reactions and images."""
    visible = _visible_posts(user, topic, moderator=moderator)
    paginator = Paginator(_with_post_data(visible, user), POSTS_PER_PAGE)
    # Counted without the reactions join and its grouping, which only the page itself needs.
    paginator.count = visible.count()
    return paginator.get_page(number)


def post_for_display(user: Any, topic: Topic, pk: int, *, moderator: bool) -> Post:
    """One post as the topic page shows it (for htmx fragments)."""
    post = _with_post_data(_visible_posts(user, topic, moderator=moderator).filter(pk=pk), user).first()
    if post is None:
        raise Http404
    post.topic = topic
    return with_reactions([post])[0]


@dataclass(frozen=True)
class ReactionSummary:
    kind: str
    label: str
    count: int
    mine: bool


def with_reactions(posts: Any) -> list[Post]:
    """Attach `post.reaction_summary` (one entry per kind, in a fixed order) from the annotations."""
    listed = list(posts)
    for post in listed:
        post.reaction_summary = [  # type: ignore[attr-defined]
            ReactionSummary(
                kind=kind,
                label=str(label),
                count=getattr(post, f"{kind}_count", 0),
                mine=bool(getattr(post, f"{kind}_mine", 0)),
            )
            for kind, label in ReactionKind.choices
        ]
    return listed


def post_page_number(user: Any, post: Post, *, moderator: bool) -> int:
    """The page of its topic on which the post is shown to this user."""
    position = _visible_posts(user, post.topic, moderator=moderator).filter(pk__lte=post.pk).count()
    return max(1, math.ceil(position / POSTS_PER_PAGE))


def opening_post_id(topic: Topic) -> int | None:
    return Post.objects.filter(topic=topic).order_by("pk").values_list("pk", flat=True).first()


def revisions_of(post: Post) -> QuerySet[PostRevision]:
    return post.revisions.select_related("editor").order_by("-created_at", "-pk")


# Moderation: the queue, the log, and who hears of a post the flags hid.


def flagged_posts(*, category_ids: list[int]) -> QuerySet[Post]:
    """Posts with open flags in these categories, most recently flagged first, with their open flags."""
    open_flags = Flag.objects.filter(resolved_at__isnull=True)
    latest = open_flags.filter(post=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]
    return (
        Post.objects.filter(topic__category_id__in=category_ids)
        .annotate(last_flagged_at=Subquery(latest))
        .filter(last_flagged_at__isnull=False)
        .select_related("author", "topic", "topic__category")
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=open_flags.select_related("reporter").order_by("created_at", "pk"),
                to_attr="open_flags",
            )
        )
        .order_by("-last_flagged_at", "-pk")
    )


def moderation_log(*, category_ids: list[int]) -> QuerySet[ModerationAction]:
    return (
        ModerationAction.objects.filter(category_id__in=category_ids)
        .select_related("actor", "category", "topic", "topic__category", "post", "member")
        .order_by("-created_at", "-pk")
    )


def category_moderators(category: Category) -> list[Any]:
    """Who moderates the category by name and may read it: its own moderators and its network's owners
    and moderators (a moderator who is not a member of a private network hears nothing of it).

    Site staff moderate everywhere but hear about a category only when nobody else looks after it.
    """
    user_model = get_user_model()
    named = Q(moderated_categories=category)
    if category.network_id is not None:
        banned = NetworkBan.objects.filter(network_id=category.network_id, user_id=OuterRef("pk"))
        named |= Q(
            network_memberships__network_id=category.network_id,
            network_memberships__role__in=MODERATOR_ROLES,
        ) & ~Q(Exists(banned))
    moderators = list(category_readers(category, user_model.objects.filter(named).distinct()))
    return moderators or list(user_model.objects.filter(is_staff=True, is_active=True))


# Subscriptions: the state of the watch and mute buttons.


@dataclass(frozen=True)
class SubscriptionState:
    topic_level: str | None  # "watch", "mute" or None
    category_watched: bool

    @property
    def watching(self) -> bool:
        return self.topic_level == SubscriptionLevel.WATCH

    @property
    def muted(self) -> bool:
        return self.topic_level == SubscriptionLevel.MUTE


def subscription_state(
    user: Any, *, topic: Topic | None = None, category: Category | None = None
) -> SubscriptionState:
    """The member's subscription to a topic (and to its category), or to a category: one query."""
    if not (user.is_authenticated and user.is_active) or (topic is None and category is None):
        return SubscriptionState(topic_level=None, category_watched=False)
    category_id = topic.category_id if topic is not None else category.pk  # type: ignore[union-attr]
    where = Q(category_id=category_id)
    if topic is not None:
        where |= Q(topic=topic)
    rows = list(Subscription.objects.filter(where, user=user).values_list("topic_id", "level"))
    return SubscriptionState(
        topic_level=next((level for topic_id, level in rows if topic_id is not None), None),
        category_watched=any(
            topic_id is None and level == SubscriptionLevel.WATCH for topic_id, level in rows
        ),
    )


# Polls: the block on the topic page and the CSV export.


def poll_is_closed(poll: Poll, *, now: datetime | None = None) -> bool:
    return poll.closes_at is not None and poll.closes_at <= (now or timezone.now())


@dataclass(frozen=True)
class OptionResult:
    option: PollOption
    votes: int
    percentage: float  # of the members who voted; several answers can add up to more than 100


@dataclass(frozen=True)
class PollState:
    """What one reader sees of a poll."""

    poll: Poll
    options: list[OptionResult]
    voters: int
    my_option_ids: frozenset[int]
    is_closed: bool
    can_vote: bool
    can_manage: bool
    show_results: bool

    @property
    def has_voted(self) -> bool:
        return bool(self.my_option_ids)


def poll_results(poll: Poll) -> tuple[list[OptionResult], int]:
    """Votes and percentages per option, and the number of members who voted (2 queries)."""
    options = list(PollOption.objects.filter(poll=poll).annotate(vote_count=Count("votes")))
    voters = PollVote.objects.filter(poll=poll).values("user_id").distinct().count()
    results = [
        OptionResult(
            option=option,
            votes=option.vote_count,  # type: ignore[attr-defined]
            percentage=round(100 * option.vote_count / voters, 1) if voters else 0.0,  # type: ignore[attr-defined]
        )
        for option in options
    ]
    return results, voters


def poll_state_for(user: Any, poll: Poll, *, moderator: bool | None = None) -> PollState:
    """The poll as `user` sees it on the topic page, the topic already known to be readable.

    `moderator` is is_moderator(user, category) when the page already knows it.
    """
    topic = poll.topic
    is_closed = poll_is_closed(poll)
    member = bool(user.is_authenticated and user.is_active)
    mine = (
        frozenset(PollVote.objects.filter(poll=poll, user=user).values_list("option_id", flat=True))
        if member
        else frozenset()
    )
    if moderator is None:
        manage = can_manage_poll(user, topic)
    else:
        manage = member and (moderator or topic.author_id == user.pk)
    if manage or is_closed:
        show = True
    else:
        show = poll.results_visibility == ResultsVisibility.AFTER_VOTE and bool(mine)
    options, voters = poll_results(poll)
    return PollState(
        poll=poll,
        options=options,
        voters=voters,
        my_option_ids=mine,
        is_closed=is_closed,
        can_vote=member and not is_closed,
        can_manage=manage,
        show_results=show,
    )
