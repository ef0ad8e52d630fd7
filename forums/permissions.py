"""Who may see and do what in the forums: one module for pages and API alike.

Reads answer 404 alike for "missing" and "not yours to see" (get_*_for_user); actions raise
PermissionDenied with a message the member can act on.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from forums.models import Access, Category, Post, Suspension, Topic
from networks.models import NetworkBan, NetworkMembership, NetworkOrganisation, Visibility
from networks.permissions import (
    MODERATOR_ROLES,
    can_see_network_content,
    is_banned,
    is_network_member,
    is_network_moderator,
    member_q,
    moderator_q,
)


def _active_member(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_moderator(user: Any, category: Category) -> bool:
    if not _active_member(user):
        return False
    if user.is_staff:
        return True
    if category.network_id is not None and is_network_moderator(user, category.network):  # type: ignore[arg-type]
        return True  # is_network_moderator already leaves banned people out
    if not category.moderators.filter(pk=user.pk).exists():
        return False
    # A ban from the category's network outranks being named its moderator.
    return category.network_id is None or not is_banned(user, category.network)  # type: ignore[arg-type]


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


def _category_moderator_q(user: Any, prefix: str) -> Q:
    """Rows whose category (the row itself, or reached through `prefix`) names the user a moderator."""
    category_ref = prefix.removesuffix("__") or "pk"
    named = Category.moderators.through.objects.filter(category=OuterRef(category_ref), user_id=user.pk)
    # A ban from the category's network outranks being named its moderator.
    banned = NetworkBan.objects.filter(network=OuterRef(f"{prefix}network"), user_id=user.pk)
    return Q(Exists(named)) & ~Q(Exists(banned))


def visible_categories(user: Any) -> QuerySet[Category]:
    """Categories the user may read, as one queryset (no per-row checks)."""
    qs = Category.objects.select_related("network")
    if _active_member(user) and user.is_staff:
        return qs
    if not _active_member(user):
        return qs.filter(read_access=Access.EVERYONE).filter(
            Q(network__isnull=True) | Q(network__visibility=Visibility.PUBLIC)
        )
    # Network members (personally or through an enrolled organisation) and moderators, never if banned.
    network_member = member_q(user, "network__")
    sees_network = Q(network__isnull=True) | Q(network__visibility=Visibility.PUBLIC) | network_member
    is_mod = _category_moderator_q(user, "") | moderator_q(user, "network__")
    is_member = Q(network__isnull=True) | network_member
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
    moderated = _category_moderator_q(user, "category__") | moderator_q(user, "category__network__")
    return qs.filter(Q(is_hidden=False) | moderated)


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
            % {"date": formats.date_format(timezone.localtime(suspension.until), "SHORT_DATETIME_FORMAT")}
        )


def check_can_start_topic(user: Any, category: Category) -> None:
    if not _active_member(user):
        raise PermissionDenied(_("Sign in to start a topic."))
    if not can_read(user, category) or not _has_access(user, category, category.start_access):
        raise PermissionDenied(_("You cannot start topics in this category."))
    _check_not_suspended(user, category)


def _check_can_read_topic(user: Any, topic: Topic) -> None:
    """Services refuse what the pages answer with 404: a private or hidden topic is not there to act on."""
    if not can_read_topic(user, topic):
        raise PermissionDenied(_("You cannot see this topic."))


def _check_can_see_post(user: Any, post: Post) -> None:
    """get_post_for_user's rule for services: a readable topic; a hidden post only for its author and
    the moderators."""
    _check_can_read_topic(user, post.topic)
    if post.is_hidden and post.author_id != user.pk and not is_moderator(user, post.topic.category):
        raise PermissionDenied(_("You cannot see this post."))


def check_can_reply(user: Any, topic: Topic) -> None:
    category = topic.category
    if not _active_member(user):
        raise PermissionDenied(_("Sign in to reply."))
    if not can_read(user, category) or not _has_access(user, category, category.reply_access):
        raise PermissionDenied(_("You cannot reply in this category."))
    if topic.is_hidden and not is_moderator(user, category):
        raise PermissionDenied(_("You cannot see this topic."))
    if topic.is_locked and not is_moderator(user, category):
        raise PermissionDenied(_("This topic is locked: it takes no new replies."))
    _check_not_suspended(user, category)


def _check_can_change_post(user: Any, post: Post, *, sign_in: str, not_yours: str, locked: str) -> None:
    if not _active_member(user):
        raise PermissionDenied(sign_in)
    _check_can_see_post(user, post)
    if post.is_deleted:
        raise PermissionDenied(_("This post was deleted."))
    if is_moderator(user, post.topic.category):
        return
    if post.author_id != user.pk:
        raise PermissionDenied(not_yours)
    if post.topic.is_locked:
        raise PermissionDenied(locked)
    _check_not_suspended(user, post.topic.category)


def check_can_edit_post(user: Any, post: Post) -> None:
    _check_can_change_post(
        user,
        post,
        sign_in=_("Sign in to edit."),
        not_yours=_("You can only edit your own posts."),
        locked=_("This topic is locked: its posts can no longer be edited."),
    )


def check_can_delete_post(user: Any, post: Post) -> None:
    _check_can_change_post(
        user,
        post,
        sign_in=_("Sign in to delete."),
        not_yours=_("You can only delete your own posts."),
        locked=_("This topic is locked: its posts can no longer be deleted."),
    )


def check_can_react(user: Any, post: Post) -> None:
    if not _active_member(user):
        raise PermissionDenied(_("Sign in to react."))
    _check_can_read_topic(user, post.topic)
    if post.is_deleted or post.is_hidden:
        raise PermissionDenied(_("You cannot react to this post."))


def check_can_accept_answer(user: Any, topic: Topic) -> None:
    if not topic.category.is_qa:
        raise PermissionDenied(_("Only questions in Q&A categories have accepted answers."))
    if not _active_member(user):
        raise PermissionDenied(_("Only the author of the question or a moderator can accept an answer."))
    _check_can_read_topic(user, topic)
    if topic.author_id != user.pk and not is_moderator(user, topic.category):
        raise PermissionDenied(_("Only the author of the question or a moderator can accept an answer."))


def check_can_moderate(user: Any, category: Category) -> None:
    if not is_moderator(user, category):
        raise PermissionDenied(_("Only the moderators of this category can do this."))


def check_can_flag(user: Any, post: Post) -> None:
    if not _active_member(user):
        raise PermissionDenied(_("Sign in to flag a post."))
    _check_can_see_post(user, post)
    if post.author_id == user.pk:
        raise PermissionDenied(_("You cannot flag your own post."))


def moderated_categories(user: Any) -> QuerySet[Category]:
    """Categories whose moderation queue the user may work on: those they moderate and may read (a
    moderator named on a private network's category who is not in the network sees nothing of it)."""
    if not _active_member(user):
        return Category.objects.none()
    if user.is_staff:
        return Category.objects.all()
    return Category.objects.filter(
        _category_moderator_q(user, "") | moderator_q(user, "network__"),
        pk__in=visible_categories(user).values("pk"),
    )


# Polls and subscriptions (appended by the polls/notifications part).


def can_read_topic(user: Any, topic: Topic) -> bool:
    """get_topic_for_user's rule as a yes/no: the category is readable, a hidden topic only by moderators."""
    if not can_read(user, topic.category):
        return False
    return not topic.is_hidden or is_moderator(user, topic.category)


def _readers_q(category: Category, *, hidden_topic: bool) -> Q:
    """Over users: who may read the category (a hidden topic in it: only its moderators)."""
    yes, no = Q(pk__isnull=False), Q(pk__in=[])
    staff = Q(is_staff=True)
    category_moderator = Q(
        Exists(Category.moderators.through.objects.filter(category_id=category.pk, user_id=OuterRef("pk")))
    )
    if category.network_id is None:
        member, network_moderator, sees_network = yes, no, yes
    else:
        network = category.network
        memberships = NetworkMembership.objects.filter(network_id=network.pk, user_id=OuterRef("pk"))  # type: ignore[union-attr]
        through_organisation = NetworkOrganisation.objects.filter(
            network_id=network.pk,  # type: ignore[union-attr]
            organisation__memberships__user_id=OuterRef("pk"),
        )
        # networks.permissions.member_q/moderator_q over users rather than networks: a ban outweighs both.
        not_banned = ~Q(Exists(NetworkBan.objects.filter(network_id=network.pk, user_id=OuterRef("pk"))))  # type: ignore[union-attr]
        network_member = (Q(Exists(memberships)) | Q(Exists(through_organisation))) & not_banned
        member = staff | network_member
        network_moderator = Q(Exists(memberships.filter(role__in=MODERATOR_ROLES))) & not_banned
        sees_network = yes if network.visibility == Visibility.PUBLIC else staff | network_member  # type: ignore[union-attr]
    moderator = staff | category_moderator | network_moderator
    if category.read_access == Access.EVERYONE:
        access = yes
    elif category.read_access == Access.MEMBERS:
        access = member | moderator
    else:
        access = moderator
    if hidden_topic:
        access &= moderator
    return sees_network & access


def topic_readers(topic: Topic, users: QuerySet[Any]) -> QuerySet[Any]:
    """Narrow `users` to the active members who may read `topic`, in the same single query.

    The SQL twin of can_read_topic, for notifying many members without one check per member;
    tests/forums/test_subscriptions.py holds the two to the same answers.
    """
    return users.filter(is_active=True).filter(_readers_q(topic.category, hidden_topic=topic.is_hidden))


def category_readers(category: Category, users: QuerySet[Any]) -> QuerySet[Any]:
    """Narrow `users` to the active members who may read `category` (the SQL twin of can_read)."""
    return users.filter(is_active=True).filter(_readers_q(category, hidden_topic=False))


def can_manage_poll(user: Any, topic: Topic) -> bool:
    """The topic's author and the category's moderators add polls, always see results and export them."""
    if not _active_member(user):
        return False
    return topic.author_id == user.pk or is_moderator(user, topic.category)


def check_can_create_poll(user: Any, topic: Topic) -> None:
    if not _active_member(user):
        raise PermissionDenied(_("Sign in to add a poll."))
    if not can_read_topic(user, topic) or not can_manage_poll(user, topic):
        raise PermissionDenied(_("Only the author of the topic or a moderator can add a poll."))


def check_can_vote(user: Any, topic: Topic) -> None:
    if not _active_member(user):
        raise PermissionDenied(_("Sign in to vote."))
    if not can_read_topic(user, topic):
        raise PermissionDenied(_("You cannot vote in this poll."))


def check_can_subscribe(user: Any, topic: Topic | None = None, category: Category | None = None) -> None:
    if not _active_member(user):
        raise PermissionDenied(_("Sign in to get notifications."))
    if topic is not None and not can_read_topic(user, topic):
        raise PermissionDenied(_("You cannot follow this topic."))
    if category is not None and not can_read(user, category):
        raise PermissionDenied(_("You cannot follow this category."))
