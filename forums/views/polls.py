"""Forum views: polls (add one to a topic, vote, download the results)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.forms import form_error
from forums.forms import PollForm
from forums.models import Poll, Topic
from forums.permissions import check_can_create_poll, get_topic_for_user
from forums.services import polls as services


@login_required
def poll_create(request: HttpRequest, topic_pk: int) -> HttpResponse:
    topic = get_topic_for_user(request.user, topic_pk)
    check_can_create_poll(request.user, topic)
    if Poll.objects.filter(topic=topic).exists():
        messages.info(request, _("This topic already has a poll."))
        return redirect(topic)
    form = PollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.poll_create(topic=topic, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Poll added."))
            return redirect(f"{topic.get_absolute_url()}#poll")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "topic": topic, "timezone": timezone.get_current_timezone_name()}
    return render(request, "forums/polls_form.html", context, status=status)


def _poll_for_reader(request: HttpRequest, pk: int) -> tuple[Poll, Topic]:
    """The poll, 404 alike when missing or in a topic the user may not read."""
    poll = get_object_or_404(Poll, pk=pk)
    topic = get_topic_for_user(request.user, poll.topic_id)
    poll.topic = topic  # with its category loaded
    return poll, topic


@require_POST
def poll_vote(request: HttpRequest, pk: int) -> HttpResponse:
    poll, topic = _poll_for_reader(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(f"{topic.get_absolute_url()}#poll")
    option_ids: list[int] = []
    error: str | None = None
    try:
        option_ids = [int(value) for value in request.POST.getlist("option")]
    except ValueError:
        error = _("That option is not part of this poll.")
    if error is None:
        try:
            services.poll_vote(poll=poll, user=request.user, option_ids=option_ids)
        except ValidationError as invalid:
            error = invalid.messages[0]
    htmx = getattr(request, "htmx", None)
    if htmx:
        context: dict[str, Any] = {"topic": topic, "poll": poll, "poll_error": error}
        if error is None:
            context["poll_notice"] = _("Your vote is saved.")
        return render(request, "forums/polls_block.html", context)
    if error is None:
        messages.success(request, _("Your vote is saved."))
    else:
        messages.error(request, error)
    return redirect(f"{topic.get_absolute_url()}#poll")


def poll_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The results for a spreadsheet: 404 for those who cannot read the topic, 403 for other readers."""
    poll, _topic = _poll_for_reader(request, pk)
    text = services.poll_csv(poll=poll, user=request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # The byte-order mark tells Excel the file is UTF-8, so "¿Qué formación…?" keeps its accents.
    response.write("\ufeff" + text)
    filename = f"{slugify(poll.question)[:60] or 'poll'}-{poll.pk}.csv"
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    )
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("topics/<int:topic_pk>/poll/add/", poll_create, name="poll_create"),
    path("polls/<int:pk>/vote/", poll_vote, name="poll_vote"),
    path("polls/<int:pk>/results.csv", poll_csv, name="poll_csv"),
]
