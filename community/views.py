"""Community pages: home, dashboard, notifications centre, language switch, and the health check."""

import asyncio
import secrets

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from community import selectors, services
from community.accounts.services import user_update_profile
from community.forms import safe_next
from community.organisations import selectors as org_selectors
from community.organisations.models import Organisation


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "organisation_count": Organisation.objects.count(),
        "women_led_count": Organisation.objects.filter(women_led=True).count(),
        "recent": Organisation.objects.order_by("-created_at")[:6],
    }
    return render(request, "community/home.html", context)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    context = {
        "memberships": org_selectors.memberships_for(request.user),
        "inquiries": org_selectors.inquiries_for_member(request.user)[:10],
        "notifications": selectors.notifications_for(request.user)[:5],
    }
    return render(request, "community/dashboard.html", context)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "community/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    services.notification_mark_read(user=request.user, notification_id=pk)
    return _back(request, default="community:notifications")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return _back(request, default="community:notifications")


def _back(request: HttpRequest, *, default: str) -> HttpResponse:
    target = safe_next(request, request.POST.get("next"))
    return HttpResponseRedirect(target) if target else redirect(default)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language for this browser, and for the member's account when signed in."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if request.user.is_authenticated:
        user_update_profile(user=request.user, preferred_language=language)
    translation.activate(language)
    response = _back(request, default="community:home")
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def _check_channel_layer() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    channel = await layer.new_channel("healthz.")
    token = secrets.token_hex(8)
    await layer.send(channel, {"type": "healthz.ping", "token": token})
    message = await asyncio.wait_for(layer.receive(channel), timeout=3)
    if message.get("token") != token:
        raise RuntimeError("channel layer returned another message")


@never_cache
async def healthz(request: HttpRequest) -> JsonResponse:
    """Really check the database and a round trip through the channel layer."""
    result: dict[str, str] = {}
    try:
        await sync_to_async(_check_database)()
        result["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
        result["database"] = f"error: {type(exc).__name__}"
    try:
        await _check_channel_layer()
        result["channel_layer"] = "ok"
    except Exception as exc:  # noqa: BLE001
        result["channel_layer"] = f"error: {type(exc).__name__}"
    healthy = all(value == "ok" for value in result.values())
    return JsonResponse(result, status=200 if healthy else 503)
