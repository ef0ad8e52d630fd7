"""Forum views: subscriptions (watch or mute a topic, watch a category). POST only, back to the page."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.forms import safe_next
from forums.models import Category, Topic
from forums.permissions import get_category_for_user, get_topic_for_user
from forums.services import subscriptions as services


def _done(
    request: HttpRequest, message: str, *, topic: Topic | None = None, category: Category | None = None
) -> HttpResponse:
    """The new buttons for htmx, otherwise back to the page with a message."""
    page = topic.get_absolute_url() if topic is not None else category.get_absolute_url()  # type: ignore[union-attr]
    back = safe_next(request, request.POST.get("next")) or page  # the page the buttons were on
    if getattr(request, "htmx", None):
        context: dict[str, Any] = {
            "topic": topic,
            "category": category,
            "subscription_notice": message,
            "subscription_next": back,
        }
        return render(request, "forums/subscriptions_buttons.html", context)
    messages.success(request, message)
    return HttpResponseRedirect(back)


@require_POST
def topic_watch(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_topic_for_user(request.user, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(topic.get_absolute_url())
    services.topic_watch(user=request.user, topic=topic)
    return _done(
        request, _("You are watching this topic: you will be notified of every new post."), topic=topic
    )


@require_POST
def topic_mute(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_topic_for_user(request.user, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(topic.get_absolute_url())
    services.topic_mute(user=request.user, topic=topic)
    return _done(request, _("Topic muted: you will not be notified about it."), topic=topic)


@require_POST
def topic_unsubscribe(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_topic_for_user(request.user, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(topic.get_absolute_url())
    services.topic_unsubscribe(user=request.user, topic=topic)
    message = _("You will be notified about this topic only if you watch its category.")
    return _done(request, message, topic=topic)


@require_POST
def category_watch(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_category_for_user(request.user, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(category.get_absolute_url())
    services.category_watch(user=request.user, category=category)
    message = _("You are watching this category: you will be notified of every new topic and reply.")
    return _done(request, message, category=category)


@require_POST
def category_unwatch(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_category_for_user(request.user, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(category.get_absolute_url())
    services.category_unwatch(user=request.user, category=category)
    return _done(request, _("You are no longer watching this category."), category=category)


urlpatterns: list[URLPattern] = [
    path("topics/<int:pk>/watch/", topic_watch, name="topic_watch"),
    path("topics/<int:pk>/mute/", topic_mute, name="topic_mute"),
    path("topics/<int:pk>/unsubscribe/", topic_unsubscribe, name="topic_unsubscribe"),
    path("categories/<slug:slug>/watch/", category_watch, name="category_watch"),
    path("categories/<slug:slug>/unwatch/", category_unwatch, name="category_unwatch"),
]
