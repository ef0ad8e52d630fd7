"""Every moderation write in the forums: flags and the automatic hiding they trigger, the topic and post
tools, suspensions. Each action is recorded in the audit log (ModerationAction) in the same transaction.

The reads of the moderation pages (queue and log) are in forums/selectors.py.
"""

from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community.search.indexing import schedule_index
from community.services import notify_members
from forums import events
from forums.models import Category, Flag, FlagReason, ModerationAction, Post, Suspension, Topic
from forums.permissions import check_can_flag, check_can_moderate, is_moderator
from forums.selectors import category_moderators
from forums.services.posting import topic_counters_update

# Post.hidden_reason of a post hidden by members' flags rather than by a moderator.
FLAGGED = "flagged"
REASON_MAX_LENGTH = 500
NOTE_MAX_LENGTH = 500

Kind = ModerationAction.Kind


def _clean_reason(reason: str, *, required: bool) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError({"reason": _("Give a reason: it is kept in the moderation log.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": _("Keep the reason to 500 characters or fewer.")})
    return reason


def _log(
    *,
    kind: str,
    actor: Any,
    category: Category,
    topic: Topic | None = None,
    post: Post | None = None,
    member: Any = None,
    reason: str = "",
) -> ModerationAction:
    return ModerationAction.objects.create(
        kind=kind, actor=actor, category=category, topic=topic, post=post, member=member, reason=reason
    )


# Flags


def post_flag(*, post: Post, reporter: Any, reason: str, note: str = "") -> Flag:
    """Flag a post for the moderators; enough flags from different members hide it until reviewed."""
    check_can_flag(reporter, post)  # the post must be one the reporter may read
    if post.is_deleted:
        raise PermissionDenied(_("This post was deleted."))
    note = (note or "").strip()
    if reason not in FlagReason.values:
        raise ValidationError({"reason": _("Choose why you are flagging this post.")})
    if reason == FlagReason.OTHER and not note:
        raise ValidationError({"note": _("Tell the moderators what is wrong with this post.")})
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": _("Keep the note to 500 characters or fewer.")})
    already = _("You have already flagged this post. The moderators will review it.")
    with transaction.atomic():
        # Locking the post makes concurrent flags count one after the other: it is hidden once.
        locked = Post.objects.select_for_update().select_related("topic", "topic__category").get(pk=post.pk)
        if Flag.objects.filter(post=locked, reporter=reporter).exists():
            raise ValidationError(already)
        try:
            with transaction.atomic():
                flag = Flag.objects.create(post=locked, reporter=reporter, reason=reason, note=note)
        except IntegrityError:
            raise ValidationError(already) from None
        # One flag per member and post (a constraint), so open flags are flags from distinct members.
        locked.flag_count = locked.flags.filter(resolved_at__isnull=True).count()
        fields = ["flag_count"]
        if locked.flag_count >= settings.FORUM_AUTO_HIDE_FLAGS and not locked.is_hidden:
            locked.is_hidden = True
            locked.hidden_reason = FLAGGED
            fields += ["is_hidden", "hidden_reason"]
            _log(
                kind=Kind.AUTO_HIDE_POST,
                actor=None,
                category=locked.topic.category,
                topic=locked.topic,
                post=locked,
            )
            transaction.on_commit(lambda: events.post_hidden(locked))
            schedule_index(locked)
            notify_members(
                recipients=category_moderators(locked.topic.category),
                actor=locked.topic,
                verb=gettext_noop("has a post hidden after members flagged it"),
                description=locked.body,
                url=reverse("forums:moderation_queue"),
                email_template="forums/email/moderation_post_hidden",
                email_context={"post": locked, "topic": locked.topic, "category": locked.topic.category},
            )
        locked.save(update_fields=fields)
        if "is_hidden" in fields:
            topic_counters_update(topic=locked.topic)
    post.flag_count, post.is_hidden, post.hidden_reason = (
        locked.flag_count,
        locked.is_hidden,
        locked.hidden_reason,
    )
    return flag


def _resolve_open_flags(post: Post, actor: Any) -> None:
    post.flags.filter(resolved_at__isnull=True).update(resolved_at=timezone.now(), resolved_by=actor)
    post.flag_count = 0


def flags_dismiss(*, post: Post, actor: Any, reason: str = "") -> Post:
    """The flags were wrong: resolve them, and show the post again if the flags had hidden it."""
    check_can_moderate(actor, post.topic.category)
    reason = _clean_reason(reason, required=False)
    if not post.flags.filter(resolved_at__isnull=True).exists():
        raise ValidationError(_("This post has no open flags."))
    with transaction.atomic():
        _resolve_open_flags(post, actor)
        fields = ["flag_count"]
        if post.is_hidden and post.hidden_reason == FLAGGED:
            post.is_hidden, post.hidden_reason = False, ""
            fields += ["is_hidden", "hidden_reason"]
            schedule_index(post)
        post.save(update_fields=fields)
        if "is_hidden" in fields:
            topic_counters_update(topic=post.topic)
        _log(
            kind=Kind.DISMISS_FLAGS,
            actor=actor,
            category=post.topic.category,
            topic=post.topic,
            post=post,
            reason=reason,
        )
    return post


# Posts


def post_hide(*, post: Post, actor: Any, reason: str) -> Post:
    """Hide a post from everyone but its author and the moderators; its open flags are resolved."""
    check_can_moderate(actor, post.topic.category)
    reason = _clean_reason(reason, required=True)
    # Hiding a post the flags hid (or one flagged since) confirms it; a moderator's hiding is not repeated.
    flagged = post.hidden_reason == FLAGGED or post.flags.filter(resolved_at__isnull=True).exists()
    if post.is_hidden and not flagged:
        raise ValidationError(_("This post is already hidden."))
    with transaction.atomic():
        _resolve_open_flags(post, actor)
        post.is_hidden = True
        post.hidden_reason = reason[: Post._meta.get_field("hidden_reason").max_length]  # type: ignore[index]
        post.save(update_fields=["is_hidden", "hidden_reason", "flag_count"])
        topic_counters_update(topic=post.topic)
        _log(
            kind=Kind.HIDE_POST,
            actor=actor,
            category=post.topic.category,
            topic=post.topic,
            post=post,
            reason=reason,
        )
        transaction.on_commit(partial(events.post_hidden, post))
        schedule_index(post)
    return post


def post_restore(*, post: Post, actor: Any, reason: str = "") -> Post:
    """Show a hidden post again; its open flags are resolved."""
    check_can_moderate(actor, post.topic.category)
    reason = _clean_reason(reason, required=False)
    if not post.is_hidden:
        raise ValidationError(_("This post is not hidden."))
    with transaction.atomic():
        _resolve_open_flags(post, actor)
        post.is_hidden, post.hidden_reason = False, ""
        post.save(update_fields=["is_hidden", "hidden_reason", "flag_count"])
        topic_counters_update(topic=post.topic)
        schedule_index(post)
        _log(
            kind=Kind.RESTORE_POST,
            actor=actor,
            category=post.topic.category,
            topic=post.topic,
            post=post,
            reason=reason,
        )
    return post


# Topics


def _topic_set(
    *, topic: Topic, actor: Any, field: str, value: bool, kind: str, reason: str, required: bool, same: str
) -> Topic:
    check_can_moderate(actor, topic.category)
    reason = _clean_reason(reason, required=required)
    if getattr(topic, field) == value:
        raise ValidationError(same)
    with transaction.atomic():
        setattr(topic, field, value)
        topic.save(update_fields=[field])
        _log(kind=kind, actor=actor, category=topic.category, topic=topic, reason=reason)
        if field == "is_hidden":
            schedule_index(topic)  # with its replies: a hidden topic hides them too
    return topic


def topic_pin(*, topic: Topic, actor: Any, reason: str = "") -> Topic:
    return _topic_set(
        topic=topic,
        actor=actor,
        field="is_pinned",
        value=True,
        kind=Kind.PIN,
        reason=reason,
        required=False,
        same=_("This topic is already pinned."),
    )


def topic_unpin(*, topic: Topic, actor: Any, reason: str = "") -> Topic:
    return _topic_set(
        topic=topic,
        actor=actor,
        field="is_pinned",
        value=False,
        kind=Kind.UNPIN,
        reason=reason,
        required=False,
        same=_("This topic is not pinned."),
    )


def topic_lock(*, topic: Topic, actor: Any, reason: str = "") -> Topic:
    return _topic_set(
        topic=topic,
        actor=actor,
        field="is_locked",
        value=True,
        kind=Kind.LOCK,
        reason=reason,
        required=False,
        same=_("This topic is already locked."),
    )


def topic_unlock(*, topic: Topic, actor: Any, reason: str = "") -> Topic:
    return _topic_set(
        topic=topic,
        actor=actor,
        field="is_locked",
        value=False,
        kind=Kind.UNLOCK,
        reason=reason,
        required=False,
        same=_("This topic is not locked."),
    )


def topic_hide(*, topic: Topic, actor: Any, reason: str) -> Topic:
    return _topic_set(
        topic=topic,
        actor=actor,
        field="is_hidden",
        value=True,
        kind=Kind.HIDE_TOPIC,
        reason=reason,
        required=True,
        same=_("This topic is already hidden."),
    )


def topic_restore(*, topic: Topic, actor: Any, reason: str = "") -> Topic:
    return _topic_set(
        topic=topic,
        actor=actor,
        field="is_hidden",
        value=False,
        kind=Kind.RESTORE_TOPIC,
        reason=reason,
        required=False,
        same=_("This topic is not hidden."),
    )


def topic_move(*, topic: Topic, actor: Any, category: Category, reason: str = "") -> Topic:
    """Move a topic to another category the moderator also moderates.

    The log entry stays with the category the topic left, so its moderators see where it went.
    """
    check_can_moderate(actor, topic.category)
    if not is_moderator(actor, category):
        raise PermissionDenied(_("You can only move topics to categories you moderate."))
    reason = _clean_reason(reason, required=False)
    if category.pk == topic.category_id:
        raise ValidationError({"category": _("The topic is already in this category.")})
    source = topic.category
    with transaction.atomic():
        topic.category = category
        topic.save(update_fields=["category"])
        _log(kind=Kind.MOVE, actor=actor, category=source, topic=topic, reason=reason)
        schedule_index(topic)  # its replies follow it into the new category's readership
    return topic


# Suspensions


def member_suspend(
    *, category: Category, member: Any, actor: Any, until: datetime, reason: str
) -> Suspension:
    """Stop a member posting in a category until a moment; a new suspension replaces the current one."""
    check_can_moderate(actor, category)
    reason = _clean_reason(reason, required=True)
    now = timezone.now()
    if until <= now:
        raise ValidationError({"until": _("Choose a date in the future.")})
    if member.pk == actor.pk:
        raise ValidationError(_("You cannot suspend yourself."))
    if is_moderator(member, category):
        raise ValidationError(_("The moderators of a category cannot be suspended in it."))
    with transaction.atomic():
        Suspension.objects.filter(user=member, category=category, until__gt=now).update(until=now)
        suspension = Suspension.objects.create(
            user=member, category=category, until=until, reason=reason, created_by=actor
        )
        _log(kind=Kind.SUSPEND, actor=actor, category=category, member=member, reason=reason)
        notify_members(
            recipients=[member],
            actor=actor,
            verb=gettext_noop("suspended you from posting in"),
            target=category,
            description=reason,
            url=category.get_absolute_url(),
        )
    return suspension


def suspension_lift(*, suspension: Suspension, actor: Any, reason: str = "") -> Suspension:
    check_can_moderate(actor, suspension.category)
    reason = _clean_reason(reason, required=False)
    now = timezone.now()
    if suspension.until <= now:
        raise ValidationError(_("This suspension has already ended."))
    with transaction.atomic():
        suspension.until = now
        suspension.save(update_fields=["until"])
        _log(
            kind=Kind.LIFT_SUSPENSION,
            actor=actor,
            category=suspension.category,
            member=suspension.user,
            reason=reason,
        )
        notify_members(
            recipients=[suspension.user],
            actor=actor,
            verb=gettext_noop("lifted your suspension in"),
            target=suspension.category,
            description=reason,
            url=suspension.category.get_absolute_url(),
        )
    return suspension
