"""Who may see and do what in the forums: one module for pages and API alike.

Reads answer 404 alike for "missing" and "not yours to see" (get_*_for_user); actions raise
PermissionDenied with a message the member can act on.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from forums.models import Access, Category, Post, Suspension, Topic
from networks.models import NetworkMembership, NetworkRole, Visibility
from networks.permissions import can_see_network_content, is_network_member, is_network_moderator


def _active_member(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_moderator(user: Any, category: Category) -> bool:
    if not _active_member(user):
        return False
    if user.is_staff:
        return True
    if category.network_id is not None and is_network_moderator(user, category.network):  # type: ignore[arg-type]
        return True
    return category.moderators.filter(pk=user.pk).exists()


def _is_category_member(user: Any, category: Category) -> bool:
    if not _active_member(user):
        return False
    if category.network_id is None:
        return True
    return user.is_staff or is_network_member(user, category.network)  # type: ignore[arg-type]


def _has_access(user: Any, category: Category, level: str) -> bool:
    if level == Access.EVERYONE:
        return True
    if level == Access.MEMBERS:
        return _is_category_member(user, category) or is_moderator(user, category)
    return is_moderator(user, category)


def can_read(user: Any, category: Category) -> bool:
    if category.network_id is not None and not can_see_network_content(user, category.network):  # type: ignore[arg-type]
        return False
    return _has_access(user, category, category.read_access)


def visible_categories(user: Any) -> QuerySet[Category]:
    """Categories the user may read, as one queryset (no per-row checks)."""
    qs = Category.objects.select_related("network")
    if _active_member(user) and user.is_staff:
        return qs
    if not _active_member(user):
        return qs.filter(read_access=Access.EVERYONE).filter(
            Q(network__isnull=True) | Q(network__visibility=Visibility.PUBLIC)
        )
    network_member = NetworkMembership.objects.filter(network=OuterRef("network"), user=user)
    network_moderator = network_member.filter(role__in=[NetworkRole.OWNER, NetworkRole.MODERATOR])
    qs = qs.annotate(
        _member=Exists(network_member),
        _netmod=Exists(network_moderator),
        _catmod=Exists(Category.moderators.through.objects.filter(category=OuterRef("pk"), user_id=user.pk)),
    )
    sees_network = Q(network__isnull=True) | Q(network__visibility=Visibility.PUBLIC) | Q(_member=True)
    is_mod = Q(_catmod=True) | Q(_netmod=True)
    is_member = Q(network__isnull=True) | Q(_member=True)
    readable = (
        Q(read_access=Access.EVERYONE) | (Q(read_access=Access.MEMBERS) & (is_member | is_mod)) | is_mod
    )
    return qs.filter(sees_network & readable)


def get_category_for_user(user: Any, slug: str) -> Category:
    category = Category.objects.select_related("network").filter(slug=slug).first()
    if category is None or not can_read(user, category):
        raise Http404
    return category


def visible_topics(user: Any) -> QuerySet[Topic]:
    """Topics in readable categories; hidden topics only for the moderators of their category."""
    qs = Topic.objects.filter(category__in=visible_categories(user))
    if _active_member(user) and user.is_staff:
        return qs
    if not _active_member(user):
        return qs.filter(is_hidden=False)
    moderated = Q(category__moderators=user) | Q(
        category__network__memberships__user=user,
        category__network__memberships__role__in=[NetworkRole.OWNER, NetworkRole.MODERATOR],
    )
    return qs.filter(Q(is_hidden=False) | moderated).distinct()


def get_topic_for_user(user: Any, pk: int) -> Topic:
    topic = Topic.objects.select_related("category", "category__network").filter(pk=pk).first()
    if topic is None or not can_read(user, topic.category):
        raise Http404
    if topic.is_hidden and not is_moderator(user, topic.category):
        raise Http404
    return topic


def get_post_for_user(user: Any, pk: int) -> Post:
    post = (
        Post.objects.select_related("topic", "topic__category", "topic__category__network", "author")
        .filter(pk=pk)
        .first()
    )
    if post is None:
        raise Http404
    topic = get_topic_for_user(user, post.topic_id)
    if post.is_hidden and not (
        is_moderator(user, topic.category) or getattr(user, "pk", None) == post.author_id
    ):
        raise Http404
    return post


def can_see_hidden_posts(user: Any, category: Category) -> bool:
    return is_moderator(user, category)


def active_suspension(user: Any, category: Category) -> Suspension | None:
    if not _active_member(user):
        return None
    return (
        Suspension.objects.filter(user=user, category=category, until__gt=timezone.now())
        .order_by("-until")
        .first()
    )


def _check_not_suspended(user: Any, category: Category) -> None:
    suspension = active_suspension(user, category)
    if suspension is not None:
        raise PermissionDenied(
            _("You are suspended from posting in this category until %(date)s.")
            % {"date": timezone.localtime(suspension.until).strftime("%Y-%m-%d %H:%M")}
        )


def check_can_start_topic(user: Any, category: Category) -> None:
    if not _active_member(user):
        raise PermissionDenied(_("Sign in to start a topic."))
    if not can_read(user, category) or not _has_access(user, category, category.start_access):
        raise PermissionDenied(_("You cannot start topics in this category."))
    _check_not_suspended(user, category)


def check_can_reply(user: Any, topic: Topic) -> None:
    category = topic.category
    if not _active_member(user):
        raise PermissionDenied(_("Sign in to reply."))
    if not can_read(user, category) or not _has_access(user, category, category.reply_access):
        raise PermissionDenied(_("You cannot reply in this category."))
    if topic.is_locked and not is_moderator(user, category):
        raise PermissionDenied(_("This topic is locked: it takes no new replies."))
    _check_not_suspended(user, category)


def check_can_edit_post(user: Any, post: Post) -> None:
    if not _active_member(user):
        raise PermissionDenied(_("Sign in to edit."))
    if post.is_deleted:
        raise PermissionDenied(_("This post was deleted."))
    if is_moderator(user, post.topic.category):
        return
    if post.author_id != user.pk:
        raise PermissionDenied(_("You can only edit your own posts."))
    if post.topic.is_locked:
        raise PermissionDenied(_("This topic is locked: its posts can no longer be edited."))
    _check_not_suspended(user, post.topic.category)


def check_can_delete_post(user: Any, post: Post) -> None:
    check_can_edit_post(user, post)


def check_can_react(user: Any, post: Post) -> None:
    if not _active_member(user):
        raise PermissionDenied(_("Sign in to react."))
    if post.is_deleted or post.is_hidden:
        raise PermissionDenied(_("You cannot react to this post."))


def check_can_accept_answer(user: Any, topic: Topic) -> None:
    if not topic.category.is_qa:
        raise PermissionDenied(_("Only questions in Q&A categories have accepted answers."))
    if not _active_member(user) or (topic.author_id != user.pk and not is_moderator(user, topic.category)):
        raise PermissionDenied(_("Only the author of the question or a moderator can accept an answer."))


def check_can_moderate(user: Any, category: Category) -> None:
    if not is_moderator(user, category):
        raise PermissionDenied(_("Only the moderators of this category can do this."))


def check_can_flag(user: Any, post: Post) -> None:
    if not _active_member(user):
        raise PermissionDenied(_("Sign in to flag a post."))
    if post.author_id == user.pk:
        raise PermissionDenied(_("You cannot flag your own post."))


def moderated_categories(user: Any) -> QuerySet[Category]:
    """Categories whose moderation queue the user may work on."""
    if not _active_member(user):
        return Category.objects.none()
    if user.is_staff:
        return Category.objects.all()
    return Category.objects.filter(
        Q(moderators=user)
        | Q(
            network__memberships__user=user,
            network__memberships__role__in=[NetworkRole.OWNER, NetworkRole.MODERATOR],
        )
    ).distinct()
