"""Forum views: moderation (flags, the queue, topic and post tools, suspensions, the audit log).

Each action has one URL: GET shows a small form (the reason, and for a move the category), POST does
it. The tools on the topic page post straight to the same URLs; bad input comes back to the form here.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.forms import form_error, safe_next
from community.http import AuthedRequest
from community.ratelimit import ratelimit
from forums import permissions, selectors
from forums.forms import FlagForm, MoveForm, ReasonForm, SuspendForm
from forums.models import Category, Flag, Post, Suspension, Topic
from forums.services import moderation as services

QUEUE_PAGE_SIZE = 20
LOG_PAGE_SIZE = 50


# Helpers


def _posted(request: AuthedRequest) -> Any:
    """The submitted data, even when empty: an empty POST is a bound form that shows what is missing."""
    return request.POST if request.method == "POST" else None


def _next_url(request: AuthedRequest, default: str) -> str:
    """Where to go after an action: the page it came from when that is on this site."""
    return safe_next(request, request.POST.get("next") or request.GET.get("next")) or default


@dataclass(frozen=True)
class Action:
    service: Callable[..., Any]
    heading: Promise
    button: Promise
    done: Promise
    reason_required: bool = False


def _action_page(
    request: AuthedRequest,
    *,
    heading: Promise,
    button: Promise,
    subject: Topic | Post,
    form: forms.Form,
    default_next: str,
    notice: str = "",
) -> HttpResponse:
    context = {
        "notice": notice,
        "form": form,
        "heading": heading,
        "button": button,
        "subject": subject,
        "topic": subject if isinstance(subject, Topic) else subject.topic,
        "post": subject if isinstance(subject, Post) else None,
        "next": _next_url(request, default_next),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "forums/moderation_form.html", context, status=status)


def _topic_action(request: AuthedRequest, pk: int, action: Action) -> HttpResponse:
    topic = permissions.get_topic_for_user(request.user, pk)
    permissions.check_can_moderate(request.user, topic.category)
    form = ReasonForm(_posted(request), reason_required=action.reason_required)
    if request.method == "POST" and form.is_valid():
        try:
            action.service(topic=topic, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, str(action.done))
            return redirect(_next_url(request, topic.get_absolute_url()))
    return _action_page(
        request,
        heading=action.heading,
        button=action.button,
        subject=topic,
        form=form,
        default_next=topic.get_absolute_url(),
    )


def _post_action(request: AuthedRequest, pk: int, action: Action) -> HttpResponse:
    post = permissions.get_post_for_user(request.user, pk)
    permissions.check_can_moderate(request.user, post.topic.category)
    permalink = reverse("forums:post", args=[post.pk])
    form = ReasonForm(_posted(request), reason_required=action.reason_required)
    if request.method == "POST" and form.is_valid():
        try:
            action.service(post=post, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, str(action.done))
            return redirect(_next_url(request, permalink))
    return _action_page(
        request,
        heading=action.heading,
        button=action.button,
        subject=post,
        form=form,
        default_next=permalink,
    )


# Topic tools

PIN = Action(
    services.topic_pin,
    gettext_lazy("Pin this topic"),
    gettext_lazy("Pin"),
    gettext_lazy("Topic pinned: it now shows at the top of its category."),
)
UNPIN = Action(
    services.topic_unpin,
    gettext_lazy("Unpin this topic"),
    gettext_lazy("Unpin"),
    gettext_lazy("Topic unpinned."),
)
LOCK = Action(
    services.topic_lock,
    gettext_lazy("Lock this topic"),
    gettext_lazy("Lock"),
    gettext_lazy("Topic locked: it takes no new replies."),
)
UNLOCK = Action(
    services.topic_unlock,
    gettext_lazy("Unlock this topic"),
    gettext_lazy("Unlock"),
    gettext_lazy("Topic unlocked: members can reply again."),
)
HIDE_TOPIC = Action(
    services.topic_hide,
    gettext_lazy("Hide this topic"),
    gettext_lazy("Hide topic"),
    gettext_lazy("Topic hidden: only moderators can see it now."),
    reason_required=True,
)
RESTORE_TOPIC = Action(
    services.topic_restore,
    gettext_lazy("Restore this topic"),
    gettext_lazy("Restore topic"),
    gettext_lazy("Topic restored: everyone who can read the category sees it again."),
)
HIDE_POST = Action(
    services.post_hide,
    gettext_lazy("Hide this post"),
    gettext_lazy("Hide post"),
    gettext_lazy("Post hidden: only its author and the moderators can see it now."),
    reason_required=True,
)
RESTORE_POST = Action(
    services.post_restore,
    gettext_lazy("Restore this post"),
    gettext_lazy("Restore post"),
    gettext_lazy("Post restored: everyone who can read the topic sees it again."),
)
DISMISS_FLAGS = Action(
    services.flags_dismiss,
    gettext_lazy("Dismiss the flags on this post"),
    gettext_lazy("Dismiss flags"),
    gettext_lazy("Flags dismissed: the post stays visible."),
)


@login_required
def topic_pin(request: AuthedRequest, pk: int) -> HttpResponse:
    return _topic_action(request, pk, PIN)


@login_required
def topic_unpin(request: AuthedRequest, pk: int) -> HttpResponse:
    return _topic_action(request, pk, UNPIN)


@login_required
def topic_lock(request: AuthedRequest, pk: int) -> HttpResponse:
    return _topic_action(request, pk, LOCK)


@login_required
def topic_unlock(request: AuthedRequest, pk: int) -> HttpResponse:
    return _topic_action(request, pk, UNLOCK)


@login_required
def topic_hide(request: AuthedRequest, pk: int) -> HttpResponse:
    return _topic_action(request, pk, HIDE_TOPIC)


@login_required
def topic_restore(request: AuthedRequest, pk: int) -> HttpResponse:
    return _topic_action(request, pk, RESTORE_TOPIC)


@login_required
def topic_move(request: AuthedRequest, pk: int) -> HttpResponse:
    topic = permissions.get_topic_for_user(request.user, pk)
    permissions.check_can_moderate(request.user, topic.category)
    destinations = permissions.moderated_categories(request.user).exclude(pk=topic.category_id)
    form = MoveForm(_posted(request), categories=destinations)
    if request.method == "POST" and form.is_valid():
        try:
            services.topic_move(
                topic=topic,
                actor=request.user,
                category=form.cleaned_data["category"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Topic moved to %(category)s.") % {"category": form.cleaned_data["category"].name},
            )
            return redirect(_next_url(request, topic.get_absolute_url()))
    nowhere = not destinations.exists()
    return _action_page(
        request,
        heading=gettext_lazy("Move this topic"),
        button=gettext_lazy("Move"),
        subject=topic,
        form=form,
        default_next=topic.get_absolute_url(),
        notice=_("You moderate no other category: there is nowhere to move this topic.") if nowhere else "",
    )


# Post tools


@login_required
def post_hide(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post_action(request, pk, HIDE_POST)


@login_required
def post_restore(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post_action(request, pk, RESTORE_POST)


@login_required
def post_flags_dismiss(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post_action(request, pk, DISMISS_FLAGS)


@login_required
@ratelimit(key="forum-flag", rate="30/h", methods=["POST"])
def post_flag(request: AuthedRequest, pk: int) -> HttpResponse:
    post = permissions.get_post_for_user(request.user, pk)
    permissions.check_can_flag(request.user, post)
    already = Flag.objects.filter(post=post, reporter=request.user).exists()
    form = FlagForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.post_flag(
                post=post,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Thank you: the moderators will review this post."))
            # Not the post's own address: enough flags hide it, even from the member who flagged it.
            return redirect(_next_url(request, post.topic.get_absolute_url()))
    context = {
        "form": form,
        "post": post,
        "topic": post.topic,
        "already_flagged": already,
        "next": _next_url(request, ""),
    }
    return render(
        request, "forums/moderation_flag.html", context, status=400 if request.method == "POST" else 200
    )


# Suspensions


@login_required
def member_suspend(request: AuthedRequest, slug: str, user_pk: int) -> HttpResponse:
    category = permissions.get_category_for_user(request.user, slug)
    permissions.check_can_moderate(request.user, category)
    member = get_object_or_404(get_user_model(), pk=user_pk)
    form = SuspendForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            suspension = services.member_suspend(
                category=category,
                member=member,
                actor=request.user,
                until=form.ends_at(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s cannot post in %(category)s until %(date)s.")
                % {
                    "name": member,
                    "category": category.name,
                    "date": formats.date_format(
                        timezone.localtime(suspension.until), "SHORT_DATETIME_FORMAT"
                    ),
                },
            )
            return redirect(_next_url(request, request.path))
    context = {
        "form": form,
        "category": category,
        "member": member,
        "suspension": permissions.active_suspension(member, category),
        "next": _next_url(request, ""),
    }
    return render(
        request, "forums/moderation_suspend.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
def suspension_lift(request: AuthedRequest, pk: int) -> HttpResponse:
    suspension = get_object_or_404(
        Suspension.objects.select_related("category", "category__network", "user"), pk=pk
    )
    category = suspension.category
    if not permissions.can_read(request.user, category):
        raise Http404
    permissions.check_can_moderate(request.user, category)
    back = reverse("forums:member_suspend", args=[category.slug, suspension.user_id])
    form = ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.suspension_lift(
                suspension=suspension, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s can post in %(category)s again.")
                % {"name": suspension.user, "category": category.name},
            )
            return redirect(_next_url(request, back))
    context = {
        "form": form,
        "heading": _("Lift the suspension of %(name)s") % {"name": suspension.user},
        "button": _("Lift suspension"),
        "suspension": suspension,
        "next": _next_url(request, back),
    }
    return render(
        request, "forums/moderation_form.html", context, status=400 if request.method == "POST" else 200
    )


# Queue and log


def _moderated(request: AuthedRequest) -> list[Category]:
    categories = list(permissions.moderated_categories(request.user).only("pk", "name", "slug"))
    if not categories:
        raise PermissionDenied(_("Only moderators can see this page."))
    return categories


@login_required
def moderation_queue(request: AuthedRequest) -> HttpResponse:
    categories = _moderated(request)
    posts = selectors.flagged_posts(category_ids=[c.pk for c in categories])
    page = Paginator(posts, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "forums/moderation_queue.html", {"page": page})


@login_required
def moderation_log(request: AuthedRequest) -> HttpResponse:
    categories = _moderated(request)
    chosen = request.GET.get("category", "")
    ids = [c.pk for c in categories]
    if chosen:
        ids = [c.pk for c in categories if c.slug == chosen]
        if not ids:
            raise PermissionDenied(_("Only the moderators of this category can do this."))
    page = Paginator(selectors.moderation_log(category_ids=ids), LOG_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "categories": categories,
        "chosen": chosen,
        "query": f"category={chosen}" if chosen else "",
    }
    return render(request, "forums/moderation_log.html", context)


urlpatterns: list[URLPattern] = [
    path("moderation/", moderation_queue, name="moderation_queue"),
    path("moderation/log/", moderation_log, name="moderation_log"),
    path("moderation/topics/<int:pk>/pin/", topic_pin, name="topic_pin"),
    path("moderation/topics/<int:pk>/unpin/", topic_unpin, name="topic_unpin"),
    path("moderation/topics/<int:pk>/lock/", topic_lock, name="topic_lock"),
    path("moderation/topics/<int:pk>/unlock/", topic_unlock, name="topic_unlock"),
    path("moderation/topics/<int:pk>/move/", topic_move, name="topic_move"),
    path("moderation/topics/<int:pk>/hide/", topic_hide, name="topic_hide"),
    path("moderation/topics/<int:pk>/restore/", topic_restore, name="topic_restore"),
    path("moderation/posts/<int:pk>/hide/", post_hide, name="post_hide"),
    path("moderation/posts/<int:pk>/restore/", post_restore, name="post_restore"),
    path("moderation/posts/<int:pk>/dismiss-flags/", post_flags_dismiss, name="post_flags_dismiss"),
    path("posts/<int:pk>/flag/", post_flag, name="post_flag"),
    path(
        "moderation/categories/<slug:slug>/members/<int:user_pk>/suspend/",
        member_suspend,
        name="member_suspend",
    ),
    path("moderation/suspensions/<int:pk>/lift/", suspension_lift, name="suspension_lift"),
]
