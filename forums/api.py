"""API endpoints for the forums: categories, topics, posts, reactions, polls and flags.

The same selectors, services and permission checks as the pages (forums/permissions.py)."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import Throttled
from ninja.pagination import paginate

from community.apibase import AUTH, Error, Pages, current_user, optional_user
from community.ratelimit import hit
from forums import permissions, selectors
from forums.models import FlagReason, Post, ReactionKind, Topic
from forums.selectors import SORTS
from forums.services import moderation, polls, posting

router = Router(tags=["forums"])


class CategoryOut(Schema):
    slug: str
    name: str
    description: str
    is_qa: bool
    network: str | None
    topic_count: int
    latest_activity_at: datetime | None

    @staticmethod
    def resolve_network(obj: Any) -> str | None:
        return obj.network.slug if obj.network_id else None


class TopicOut(Schema):
    id: int
    category: str
    title: str
    author: str
    created_at: datetime
    last_activity_at: datetime
    reply_count: int
    is_pinned: bool
    is_locked: bool
    is_hidden: bool
    accepted_answer: int | None
    tags: list[str]

    @staticmethod
    def resolve_category(obj: Topic) -> str:
        return obj.category.slug

    @staticmethod
    def resolve_author(obj: Topic) -> str:
        return obj.author.display_name

    @staticmethod
    def resolve_accepted_answer(obj: Topic) -> int | None:
        return obj.accepted_answer_id

    @staticmethod
    def resolve_tags(obj: Topic) -> list[str]:
        return sorted(tag.name for tag in obj.tags.all())


class PostOut(Schema):
    id: int
    topic: int
    author: str
    author_id: int
    body: str | None
    body_html: str | None
    created_at: datetime
    edited_at: datetime | None
    is_deleted: bool
    is_hidden: bool
    reactions: dict[str, int]

    @staticmethod
    def resolve_topic(obj: Post) -> int:
        return obj.topic_id

    @staticmethod
    def resolve_author(obj: Post) -> str:
        return obj.author.display_name

    @staticmethod
    def resolve_body(obj: Post) -> str | None:
        return None if obj.is_deleted else obj.body

    @staticmethod
    def resolve_body_html(obj: Post) -> str | None:
        return None if obj.is_deleted else obj.body_html

    @staticmethod
    def resolve_reactions(obj: Post) -> dict[str, int]:
        return {kind: getattr(obj, f"{kind}_count", 0) for kind in ReactionKind.values}


class PostPage(Schema):
    items: list[PostOut]
    count: int
    page: int
    pages: int


class TopicIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    body: str = Field(..., min_length=1, max_length=20000)
    tags: list[str] = Field(default_factory=list, max_length=10)
    client_id: UUID | None = None


class PostIn(Schema):
    body: str = Field(..., min_length=1, max_length=20000)
    client_id: UUID | None = None


class PostPatch(Schema):
    body: str = Field(..., min_length=1, max_length=20000)


class TopicFilter(Schema):
    sort: str = Field("latest", pattern="^(" + "|".join(SORTS) + ")$")
    tag: str = Field("", max_length=50)


class ReactionIn(Schema):
    kind: ReactionKind


class ReactionOut(Schema):
    kind: ReactionKind
    active: bool


class AcceptIn(Schema):
    post: int | None


class PollOptionOut(Schema):
    id: int
    label: str
    votes: int | None
    percentage: float | None


class PollOut(Schema):
    question: str
    multiple: bool
    closes_at: datetime | None
    is_closed: bool
    voters: int | None
    my_choices: list[int]
    options: list[PollOptionOut]


class VoteIn(Schema):
    options: list[int] = Field(..., min_length=1, max_length=20)


class FlagIn(Schema):
    reason: FlagReason
    note: str = Field("", max_length=500)


class FlagOut(Schema):
    id: int
    post: int
    reason: FlagReason


def _post_out(user: Any, topic: Topic, post_id: int) -> Post:
    return selectors.post_for_display(
        user, topic, post_id, moderator=permissions.is_moderator(user, topic.category)
    )


@router.get("/forums/categories", response=list[CategoryOut])
def category_list(request: HttpRequest) -> Any:
    return selectors.category_list_for(optional_user(request))


@router.get("/forums/categories/{slug}/topics", response={200: list[TopicOut], 404: Error})
@paginate(Pages)
def topic_list(request: HttpRequest, slug: str, filters: Query[TopicFilter]) -> Any:
    user = optional_user(request)
    category = permissions.get_category_for_user(user, slug)
    return (
        selectors.topic_list_for(
            user,
            category,
            moderator=permissions.is_moderator(user, category),
            read_mark=None,
            sort=filters.sort,
            tag=filters.tag,
        )
        .select_related("category", "author")
        .prefetch_related("tags")  # type: ignore[misc]
    )


@router.post(
    "/forums/categories/{slug}/topics",
    response={201: TopicOut, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error},
    auth=AUTH,
)
def topic_create(request: HttpRequest, slug: str, payload: TopicIn) -> Status:
    user = current_user(request)
    category = permissions.get_category_for_user(user, slug)
    topic = posting.topic_create(
        category=category,
        author=user,
        title=payload.title,
        body=payload.body,
        tags=payload.tags,
        client_id=payload.client_id,
    )
    return Status(201, topic)


@router.get("/forums/topics/{topic_id}", response={200: TopicOut, 404: Error})
def topic_detail(request: HttpRequest, topic_id: int) -> Topic:
    return selectors.topic_get_for_user(optional_user(request), topic_id)


@router.get("/forums/topics/{topic_id}/posts", response={200: PostPage, 404: Error})
def post_list(request: HttpRequest, topic_id: int, page: int = Query(1, ge=1)) -> dict[str, Any]:
    """The topic's posts in order, 50 a page, as the topic page shows them to this reader."""
    user = optional_user(request)
    topic = selectors.topic_get_for_user(user, topic_id)
    posts_page = selectors.topic_posts_page(
        user, topic, moderator=permissions.is_moderator(user, topic.category), number=page
    )
    # The posts themselves, not PostOut objects: the response schema reads them through its resolvers.
    return {
        "items": list(posts_page.object_list),
        "count": posts_page.paginator.count,
        "page": posts_page.number,
        "pages": posts_page.paginator.num_pages,
    }


@router.post(
    "/forums/topics/{topic_id}/posts",
    response={201: PostOut, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error},
    auth=AUTH,
)
def post_create(request: HttpRequest, topic_id: int, payload: PostIn) -> Status:
    user = current_user(request)
    topic = selectors.topic_get_for_user(user, topic_id)
    post = posting.post_create(topic=topic, author=user, body=payload.body, client_id=payload.client_id)
    return Status(201, _post_out(user, topic, post.pk))


@router.patch(
    "/forums/posts/{post_id}",
    response={200: PostOut, 401: Error, 403: Error, 404: Error, 422: Error},
    auth=AUTH,
)
def post_update(request: HttpRequest, post_id: int, payload: PostPatch) -> Post:
    user = current_user(request)
    post = permissions.get_post_for_user(user, post_id)
    posting.post_update(post=post, editor=user, body=payload.body)
    return _post_out(user, post.topic, post.pk)


@router.delete("/forums/posts/{post_id}", response={204: None, 401: Error, 403: Error, 404: Error}, auth=AUTH)
def post_delete(request: HttpRequest, post_id: int) -> Status:
    user = current_user(request)
    posting.post_delete(post=permissions.get_post_for_user(user, post_id), actor=user)
    return Status(204, None)


@router.put(
    "/forums/posts/{post_id}/reactions",
    response={200: ReactionOut, 401: Error, 403: Error, 404: Error, 422: Error},
    auth=AUTH,
)
def reaction_set(request: HttpRequest, post_id: int, payload: ReactionIn) -> ReactionOut:
    """Add the reaction (idempotent: a second PUT leaves it in place)."""
    user = current_user(request)
    post = permissions.get_post_for_user(user, post_id)
    active = posting.reaction_set(post=post, user=user, kind=payload.kind, active=True)
    return ReactionOut(kind=payload.kind, active=active)


@router.delete(
    "/forums/posts/{post_id}/reactions/{kind}",
    response={200: ReactionOut, 401: Error, 403: Error, 404: Error, 422: Error},
    auth=AUTH,
)
def reaction_remove(request: HttpRequest, post_id: int, kind: ReactionKind) -> ReactionOut:
    """Take the reaction back (idempotent: removing one that is not there changes nothing)."""
    user = current_user(request)
    post = permissions.get_post_for_user(user, post_id)
    active = posting.reaction_set(post=post, user=user, kind=kind, active=False)
    return ReactionOut(kind=kind, active=active)


@router.put(
    "/forums/topics/{topic_id}/accepted-answer",
    response={200: TopicOut, 401: Error, 403: Error, 404: Error, 422: Error},
    auth=AUTH,
)
def accepted_answer_set(request: HttpRequest, topic_id: int, payload: AcceptIn) -> Topic:
    user = current_user(request)
    topic = selectors.topic_get_for_user(user, topic_id)
    post = permissions.get_post_for_user(user, payload.post) if payload.post is not None else None
    posting.topic_accept_answer(topic=topic, actor=user, post=post)
    return selectors.topic_get_for_user(user, topic_id)


def _poll_out(user: Any, topic: Topic) -> PollOut:
    poll = getattr(topic, "poll", None)
    if poll is None:
        raise Http404
    state = selectors.poll_state_for(user, poll)
    return PollOut(
        question=poll.question,
        multiple=poll.multiple,
        closes_at=poll.closes_at,
        is_closed=state.is_closed,
        voters=state.voters if state.show_results else None,
        my_choices=sorted(state.my_option_ids),
        options=[
            PollOptionOut(
                id=result.option.pk,
                label=result.option.label,
                votes=result.votes if state.show_results else None,
                percentage=result.percentage if state.show_results else None,
            )
            for result in state.options
        ],
    )


@router.get("/forums/topics/{topic_id}/poll", response={200: PollOut, 404: Error})
def poll_detail(request: HttpRequest, topic_id: int) -> PollOut:
    """Results are null until the reader may see them (after voting or after closing)."""
    user = optional_user(request)
    return _poll_out(user, selectors.topic_get_for_user(user, topic_id))


@router.put(
    "/forums/topics/{topic_id}/poll/vote",
    response={200: PollOut, 401: Error, 403: Error, 404: Error, 422: Error},
    auth=AUTH,
)
def poll_vote(request: HttpRequest, topic_id: int, payload: VoteIn) -> PollOut:
    user = current_user(request)
    topic = selectors.topic_get_for_user(user, topic_id)
    if getattr(topic, "poll", None) is None:
        raise Http404
    polls.poll_vote(poll=topic.poll, user=user, option_ids=payload.options)
    return _poll_out(user, selectors.topic_get_for_user(user, topic_id))


@router.post(
    "/forums/posts/{post_id}/flags",
    response={201: FlagOut, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error},
    auth=AUTH,
)
def flag_create(request: HttpRequest, post_id: int, payload: FlagIn) -> Status:
    user = current_user(request)
    # The flag page's limit and bucket (forums/views/moderation.py): one allowance for pages and API.
    retry_after = hit(f"forum-flag:u{user.pk}", "30/h")
    if retry_after:
        raise Throttled(wait=retry_after)
    post = permissions.get_post_for_user(user, post_id)
    flag = moderation.post_flag(post=post, reporter=user, reason=payload.reason, note=payload.note)
    return Status(201, FlagOut(id=flag.pk, post=post.pk, reason=FlagReason(flag.reason)))
