"""Every write of reading and posting: topics, replies, edits and deletions, images, reactions,
accepted answers and read state. Polls, subscriptions and moderation have their own modules."""

import html
import re
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.accounts.models import User
from community.markdown import count_links, render_markdown
from community.ratelimit import check_rate
from community.search.indexing import schedule_index, schedule_unindex
from community.uploads import generated_upload_path
from forums import events
from forums.models import (
    Category,
    ForumReadMark,
    Post,
    PostImage,
    PostRevision,
    Reaction,
    ReactionKind,
    Topic,
    TopicReadState,
)
from forums.permissions import (
    check_can_accept_answer,
    check_can_delete_post,
    check_can_edit_post,
    check_can_react,
    check_can_reply,
    check_can_start_topic,
)
from forums.selectors import opening_post_id
from forums.services import subscriptions

MAX_TAGS = 10
MAX_TAG_LENGTH = 50
MAX_TITLE_LENGTH = 200
MAX_BODY_LENGTH = 20000
MAX_MENTIONS = 20

# `@**Display Name**` in the source (Zulip's syntax); Markdown turns the stars into <strong>.
MENTION_SOURCE = re.compile(r"@\*\*([^*\n]{1,80}?)\*\*")
MENTION_HTML = re.compile(r"@<strong>([^<]{1,400})</strong>")
MENTION_LINK = re.compile(r'<a class="mention" data-member="(\d+)"')
# Links to our own pages (quotes, mentions) are not what the new-account link limit is about.
INTERNAL_LINK = re.compile(r'<a\s[^>]*href="/(?!/)', re.IGNORECASE)


# Rendering


def _mentionable(body: str) -> dict[str, User]:
    """Active members named in `@**…**`, keyed by their case-folded name; ambiguous names are dropped."""
    names: list[str] = []
    for match in MENTION_SOURCE.finditer(body):
        name = match.group(1).strip()
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
        if len(names) >= MAX_MENTIONS:
            break
    if not names:
        return {}
    query = Q()
    for name in names:
        query |= Q(display_name__iexact=name)
    found: dict[str, list[User]] = {}
    for user in User.objects.filter(query, is_active=True):
        found.setdefault(user.display_name.strip().casefold(), []).append(user)
    return {name: users[0] for name, users in found.items() if len(users) == 1}


def render_post_body(body: str) -> tuple[str, list[User]]:
    """Safe HTML for a post, with unambiguous mentions turned into profile links, and who they name."""
    mentionable = _mentionable(body)
    linked: dict[int, User] = {}

    def link(match: re.Match[str]) -> str:
        user = mentionable.get(html.unescape(match.group(1)).strip().casefold())
        if user is None:
            return match.group(0)
        linked[user.pk] = user
        # Built after sanitising, from our own URL and an escaped name: nothing typed reaches the markup.
        return format_html(
            '<a class="mention" data-member="{}" href="{}">@{}</a>',
            user.pk,
            user.get_absolute_url(),
            user.display_name,
        )

    body_html = render_markdown(body)
    if mentionable:
        body_html = MENTION_HTML.sub(link, body_html)
    return body_html, list(linked.values())


def mentioned_ids(body_html: str) -> set[int]:
    return {int(pk) for pk in MENTION_LINK.findall(body_html)}


def external_link_count(body_html: str) -> int:
    return count_links(body_html) - len(INTERNAL_LINK.findall(body_html))


# Validation


def validate_tags(tags: Iterable[str]) -> list[str]:
    """Strip, drop empties and case-insensitive repeats; at most 10 tags of at most 50 characters."""
    cleaned: list[str] = []
    for tag in tags:
        tag = " ".join(str(tag).split())
        if tag and tag.casefold() not in {t.casefold() for t in cleaned}:
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise ValidationError(
            {
                "tags": _("Use at most %(max)s tags (you gave %(count)s).")
                % {"max": MAX_TAGS, "count": len(cleaned)}
            }
        )
    too_long = [t for t in cleaned if len(t) > MAX_TAG_LENGTH]
    if too_long:
        raise ValidationError(
            {
                "tags": _("Tags have at most %(max)s characters: “%(tag)s” is longer.")
                % {"max": MAX_TAG_LENGTH, "tag": too_long[0][:60]}
            }
        )
    return cleaned


def _validate_body(body: str) -> None:
    if not body.strip():
        raise ValidationError({"body": _("Write a message.")})
    if len(body) > MAX_BODY_LENGTH:
        raise ValidationError(
            {"body": _("A message has at most %(max)s characters.") % {"max": MAX_BODY_LENGTH}}
        )


def _validate_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Give the topic a title.")})
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError(
            {"title": _("A title has at most %(max)s characters.") % {"max": MAX_TITLE_LENGTH}}
        )
    return title


def _client_uuid(client_id: str | uuid.UUID | None) -> uuid.UUID | None:
    if client_id is None or client_id == "":
        return None
    try:
        return client_id if isinstance(client_id, uuid.UUID) else uuid.UUID(str(client_id))
    except ValueError as exc:
        raise ValidationError(_("The form was damaged in transit; reload the page and try again.")) from exc


def is_new_account(user: Any) -> bool:
    if user.is_staff:
        return False
    return bool(user.date_joined > timezone.now() - timedelta(hours=settings.FORUM_NEW_ACCOUNT_HOURS))


def _check_link_limit(author: Any, body_html: str) -> None:
    limit = settings.FORUM_NEW_ACCOUNT_MAX_LINKS
    if is_new_account(author) and external_link_count(body_html) > limit:
        raise ValidationError(
            {
                "body": ngettext(
                    "New accounts may put at most %(max)s link in a post. Remove some links or post them "
                    "tomorrow.",
                    "New accounts may put at most %(max)s links in a post. Remove some links or post them "
                    "tomorrow.",
                    limit,
                )
                % {"max": limit}
            }
        )


def _check_post_rate(author: Any) -> None:
    """Every member, old or new: a burst of posts is refused (RateLimited) until the window ends.
    Counted after validation, so a refused or invalid attempt costs nothing."""
    check_rate(
        f"forum-post:u{author.pk}",
        settings.FORUM_POST_RATE,
        _("You are posting too fast. Wait %(seconds)s seconds."),
    )


def _check_daily_limit(author: Any, *, starting_topic: bool) -> None:
    if not is_new_account(author):
        return
    since = timezone.now() - timedelta(days=1)
    topics_today = Topic.objects.filter(author=author, created_at__gte=since).count()
    if starting_topic:
        limit = settings.FORUM_NEW_ACCOUNT_TOPICS_PER_DAY
        if topics_today >= limit:
            raise ValidationError(
                ngettext(
                    "New accounts may start %(max)s topic a day. You can start more tomorrow.",
                    "New accounts may start %(max)s topics a day. You can start more tomorrow.",
                    limit,
                )
                % {"max": limit}
            )
        return
    limit = settings.FORUM_NEW_ACCOUNT_REPLIES_PER_DAY
    # Every topic started today has one opening post: what remains are replies.
    replies_today = Post.objects.filter(author=author, created_at__gte=since).count() - topics_today
    if replies_today >= limit:
        raise ValidationError(
            ngettext(
                "New accounts may post %(max)s reply a day. You can reply again tomorrow.",
                "New accounts may post %(max)s replies a day. You can reply again tomorrow.",
                limit,
            )
            % {"max": limit}
        )


def _existing_post(author: Any, client_id: uuid.UUID | None) -> Post | None:
    if client_id is None:
        return None
    return Post.objects.select_related("topic").filter(author=author, client_id=client_id).first()


def _after_commit_new_post(post: Post, mentioned: list[User]) -> None:
    transaction.on_commit(lambda: events.post_created(post))
    # The mentioned hear of the post once, through notify_mentions (which also checks they may read it).
    transaction.on_commit(lambda: subscriptions.notify_new_post(post=post, mentioned=mentioned))
    if mentioned:
        transaction.on_commit(lambda: subscriptions.notify_mentions(post=post, mentioned=mentioned))


def _attach_image(post: Post, uploader: Any, image: UploadedFile | None) -> None:
    if image is not None:
        # Stored under a generated name (in upload_to's dated folder), never the name the member gave it.
        image.name = PurePath(generated_upload_path("forum", image.name or "")).name
        PostImage.objects.create(post=post, uploader=uploader, image=image)


# Topics and posts


def topic_create(
    *,
    category: Category,
    author: Any,
    title: str,
    body: str,
    tags: Iterable[str] = (),
    client_id: str | uuid.UUID | None = None,
    image: UploadedFile | None = None,
) -> Topic:
    """Start a topic with its opening post; the author watches it. A resend (same client_id) is a no-op.

    `image` must already be checked (community.uploads.clean_image).
    """
    check_can_start_topic(author, category)
    client_uuid = _client_uuid(client_id)
    existing = _existing_post(author, client_uuid)
    if existing is not None:
        return existing.topic
    title = _validate_title(title)
    _validate_body(body)
    tag_names = validate_tags(tags)
    body_html, mentioned = render_post_body(body)
    _check_link_limit(author, body_html)
    _check_daily_limit(author, starting_topic=True)
    _check_post_rate(author)
    now = timezone.now()
    try:
        with transaction.atomic():
            topic = Topic.objects.create(category=category, author=author, title=title, last_activity_at=now)
            post = Post.objects.create(
                topic=topic, author=author, body=body, body_html=body_html, client_id=client_uuid
            )
            topic.last_post = post
            topic.save(update_fields=["last_post"])
            if tag_names:
                topic.tags.set(tag_names)
            _attach_image(post, author, image)
            topic_mark_read(user=author, topic=topic, last_post_id=post.pk)
            subscriptions.topic_watch(user=author, topic=topic)
            _after_commit_new_post(post, [u for u in mentioned if u.pk != author.pk])
            schedule_index(topic)
    except IntegrityError:
        existing = _existing_post(author, client_uuid)  # a concurrent resend got there first
        if existing is None:
            raise
        return existing.topic
    return topic


def post_create(
    *,
    topic: Topic,
    author: Any,
    body: str,
    client_id: str | uuid.UUID | None = None,
    image: UploadedFile | None = None,
) -> Post:
    """Reply to a topic. A resend with the same client_id returns the post it already made."""
    check_can_reply(author, topic)
    client_uuid = _client_uuid(client_id)
    existing = _existing_post(author, client_uuid)
    if existing is not None:
        return existing
    _validate_body(body)
    body_html, mentioned = render_post_body(body)
    _check_link_limit(author, body_html)
    _check_daily_limit(author, starting_topic=False)
    _check_post_rate(author)
    now = timezone.now()
    try:
        with transaction.atomic():
            post = Post.objects.create(
                topic=topic, author=author, body=body, body_html=body_html, client_id=client_uuid
            )
            Topic.objects.filter(pk=topic.pk).update(
                last_activity_at=now, last_post=post, reply_count=F("reply_count") + 1
            )
            topic.refresh_from_db(fields=["last_activity_at", "last_post", "reply_count"])
            _attach_image(post, author, image)
            topic_mark_read(user=author, topic=topic, last_post_id=post.pk)
            subscriptions.topic_watch_after_reply(user=author, topic=topic)
            _after_commit_new_post(post, [u for u in mentioned if u.pk != author.pk])
            schedule_index(post)
    except IntegrityError:
        existing = _existing_post(author, client_uuid)
        if existing is None:
            raise
        return existing
    return post


def post_update(*, post: Post, editor: Any, body: str, title: str | None = None) -> Post:
    """Edit a post, keeping the previous text as a revision; `title` renames the topic (opening post only)."""
    check_can_edit_post(editor, post)
    _validate_body(body)
    topic = post.topic
    is_opening = post.pk == opening_post_id(topic)
    new_title = _validate_title(title) if title is not None and is_opening else topic.title
    if body == post.body and new_title == topic.title:
        return post
    body_html, mentioned = render_post_body(body)
    _check_link_limit(editor, body_html)
    already_mentioned = mentioned_ids(post.body_html)
    with transaction.atomic():
        if body != post.body:
            PostRevision.objects.create(post=post, body=post.body, editor=editor)
            post.body, post.body_html, post.edited_at = body, body_html, timezone.now()
            post.save(update_fields=["body", "body_html", "edited_at"])
        retitled = new_title != topic.title
        if retitled:
            topic.title = new_title
            topic.save(update_fields=["title"])
        transaction.on_commit(lambda: events.post_edited(post))
        # The opening post's words live in the topic's row; a new title is repeated on every reply's row.
        if is_opening:
            schedule_index(topic, dependents=retitled)
        else:
            schedule_index(post)
        newly = [u for u in mentioned if u.pk not in already_mentioned and u.pk != post.author_id]
        if newly:
            transaction.on_commit(lambda: subscriptions.notify_mentions(post=post, mentioned=newly))
    return post


def post_delete(*, post: Post, actor: Any) -> Topic | None:
    """Soft-delete a post (a placeholder remains). Deleting the opening post of a topic nobody
    answered removes the topic; returns the topic, or None when it is gone."""
    check_can_delete_post(actor, post)
    topic = post.topic
    with transaction.atomic():
        is_opening = post.pk == opening_post_id(topic)
        if is_opening and not topic.posts.filter(is_deleted=False).exclude(pk=post.pk).exists():
            schedule_unindex(topic, *topic.posts.all())
            topic.delete()
            return None
        now = timezone.now()
        # Conditional, so two deletes at once (a double click) count once; the second changes nothing.
        if not Post.objects.filter(pk=post.pk, is_deleted=False).update(is_deleted=True, deleted_at=now):
            return topic
        post.is_deleted, post.deleted_at = True, now
        topic_counters_update(topic=topic)
        if topic.accepted_answer_id == post.pk:
            Topic.objects.filter(pk=topic.pk).update(accepted_answer=None)
        topic.refresh_from_db(fields=["reply_count", "last_post", "accepted_answer"])
        transaction.on_commit(lambda: events.post_edited(post))
        # A deleted reply leaves the index; a deleted opening post takes its words out of the topic's row.
        schedule_index(topic if is_opening else post, dependents=False)
    return topic


def topic_counters_update(*, topic: Topic) -> None:
    """Point the topic at its latest visible post and count its visible replies, after a post was
    hidden, shown again or deleted; call it inside that change's transaction. last_activity_at stays.
    """
    # The topic's row is locked first: a reply arriving meanwhile adds itself after this count.
    Topic.objects.select_for_update().filter(pk=topic.pk).values_list("pk").first()
    opening = opening_post_id(topic) or 0
    counts = Post.objects.filter(topic=topic, is_hidden=False, is_deleted=False).aggregate(
        last=Max("pk"), replies=Count("pk", filter=Q(pk__gt=opening))
    )
    Topic.objects.filter(pk=topic.pk).update(last_post_id=counts["last"], reply_count=counts["replies"])
    topic.last_post_id, topic.reply_count = counts["last"], counts["replies"]


# Reactions and answers


def reaction_set(*, post: Post, user: Any, kind: str, active: bool) -> bool:
    """Give (active=True) or take back the user's reaction of this kind; idempotent, and safe when two
    requests race. Returns whether the reaction is now there, i.e. `active`."""
    check_can_react(user, post)
    if kind not in ReactionKind.values:
        raise ValidationError(_("Unknown reaction."))
    if active:
        Reaction.objects.get_or_create(post=post, user=user, kind=kind)
    else:
        Reaction.objects.filter(post=post, user=user, kind=kind).delete()
    return active


def reaction_toggle(*, post: Post, user: Any, kind: str) -> bool:
    """Add the user's reaction of this kind, or take it back; True when it is now on."""
    check_can_react(user, post)
    if kind not in ReactionKind.values:
        raise ValidationError(_("Unknown reaction."))
    deleted, _detail = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, user=user, kind=kind)
    except IntegrityError:  # a double click raced us: it is on either way
        pass
    return True


def topic_accept_answer(*, topic: Topic, actor: Any, post: Post | None) -> Topic:
    """Mark a reply as the accepted answer of a question, or clear it with post=None."""
    check_can_accept_answer(actor, topic)
    if post is not None:
        if post.topic_id != topic.pk or post.pk == opening_post_id(topic):
            raise ValidationError(_("Only a reply to this question can be its answer."))
        if post.is_deleted or post.is_hidden:
            raise ValidationError(_("A deleted or hidden post cannot be the accepted answer."))
    topic.accepted_answer = post
    topic.save(update_fields=["accepted_answer"])
    return topic


# Read state


def topic_mark_read(*, user: Any, topic: Topic, last_post_id: int) -> None:
    """Remember how far the member has read: one row per member and topic, only ever moving forward."""
    if not user.is_authenticated:
        return
    updated = TopicReadState.objects.filter(user=user, topic=topic).update(
        last_read_post_id=Greatest(F("last_read_post_id"), Value(last_post_id))
    )
    if not updated:
        TopicReadState.objects.bulk_create(
            [TopicReadState(user=user, topic=topic, last_read_post_id=last_post_id)], ignore_conflicts=True
        )


def forum_read_mark_ensure(*, user: Any) -> datetime:
    """The member's "read everything before" time, set to now on their first visit to the forums."""
    mark = ForumReadMark.objects.filter(user=user).values_list("marked_at", flat=True).first()
    if mark is not None:
        return mark
    mark_obj, _created = ForumReadMark.objects.get_or_create(
        user=user, defaults={"marked_at": timezone.now()}
    )
    return mark_obj.marked_at


def forum_read_mark_update(*, user: Any) -> None:
    """Mark all read: everything posted until now counts as read."""
    ForumReadMark.objects.update_or_create(user=user, defaults={"marked_at": timezone.now()})
