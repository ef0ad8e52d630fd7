"""Forum views: reading and posting. Categories and topic lists, the topic page, starting topics,
replying (with quotes, mentions and an image), editing and deleting posts, reactions, accepted
answers, read markers and search. Every change is a POST; htmx swaps fragments where it helps."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.forms import form_error, safe_next
from community.http import AuthedRequest, refusal
from community.markdown import render_markdown
from community.ratelimit import RateLimited
from forums import selectors
from forums.forms import PostEditForm, ReplyForm, SearchForm, TopicFilterForm, TopicForm
from forums.models import Post, Topic
from forums.permissions import (
    check_can_delete_post,
    check_can_edit_post,
    check_can_reply,
    check_can_start_topic,
    get_category_for_user,
    get_post_for_user,
    is_moderator,
    visible_categories,
)
from forums.services import posting as services


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))  # set by django_htmx's middleware


def _read_mark(request: HttpRequest) -> Any:
    if not request.user.is_authenticated:
        return None
    return services.forum_read_mark_ensure(user=request.user)


def _post_url(user: Any, post: Post, *, moderator: bool) -> str:
    page = selectors.post_page_number(user, post, moderator=moderator)
    query = f"?page={page}" if page > 1 else ""
    return f"{reverse('forums:topic', args=[post.topic_id])}{query}#post-{post.pk}"


def _mark_editable(posts: list[Post], user: Any, topic: Topic, *, moderator: bool) -> None:
    """Whether to offer "Edit" (the edit page itself runs the full check, suspension included)."""
    for post in posts:
        own = user.is_authenticated and post.author_id == user.pk
        post.can_edit = not post.is_deleted and (moderator or (own and not topic.is_locked))  # type: ignore[attr-defined]


def _can_accept(user: Any, topic: Topic, *, moderator: bool) -> bool:
    # check_can_accept_answer's rule, decided without a query per post.
    return bool(topic.category.is_qa and user.is_authenticated and (moderator or topic.author_id == user.pk))


def _quote(topic: Topic, raw_pk: str | None) -> str:
    """The reply's opening text when quoting a post: its lines prefixed by "> ", and a link to it."""
    if not raw_pk or not raw_pk.isdigit():
        return ""
    post = (
        Post.objects.select_related("author")
        .filter(pk=int(raw_pk), topic=topic, is_deleted=False, is_hidden=False)
        .first()
    )
    if post is None:
        return ""
    name = post.author.display_name.replace("[", "(").replace("]", ")")
    wrote = _("%(name)s wrote:") % {"name": name}
    lines = [f"> [{wrote}]({reverse('forums:post', args=[post.pk])})", ">"]
    lines += [f"> {line}".rstrip() for line in post.body.splitlines()]
    return "\n".join(lines) + "\n\n"


def _topic_context(
    request: HttpRequest, topic: Topic, *, reply_form: ReplyForm | None = None, record_read: bool = False
) -> dict[str, Any]:
    user = request.user
    moderator = is_moderator(user, topic.category)
    page = selectors.topic_posts_page(user, topic, moderator=moderator, number=request.GET.get("page"))
    posts = selectors.with_reactions(page.object_list)
    _mark_editable(posts, user, topic, moderator=moderator)
    reply_refusal = refusal(check_can_reply, user, topic)
    if reply_form is None and reply_refusal is None:
        reply_form = ReplyForm(initial={"body": _quote(topic, request.GET.get("quote"))})
    if record_read and posts and user.is_authenticated:
        last_read = max(post.pk for post in posts)
        if not page.has_next():  # the last page: whatever is hidden from this reader counts as read too
            last_read = max(last_read, topic.last_post_id or 0)
        services.topic_mark_read(user=user, topic=topic, last_post_id=last_read)
    poll = getattr(topic, "poll", None)
    accepted = topic.accepted_answer
    if accepted is not None and (accepted.is_deleted or (accepted.is_hidden and not moderator)):
        accepted = None
    return {
        "topic": topic,
        "page": page,
        "posts": posts,
        "moderator": moderator,
        "poll": poll,
        # forums.permissions.can_manage_poll's rule: offer "Add a poll" without asking per page again.
        "can_add_poll": poll is None and user.is_authenticated and (moderator or topic.author_id == user.pk),
        "accepted": accepted,
        "can_accept": _can_accept(user, topic, moderator=moderator),
        "can_reply": reply_refusal is None,
        "reply_form": reply_form,
        "reply_refusal": reply_refusal,
    }


# Reading


def index(request: HttpRequest) -> HttpResponse:
    _read_mark(request)  # the first visit starts the member's unread markers from now
    return render(request, "forums/index.html", {"categories": selectors.category_list_for(request.user)})


def category(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_category_for_user(request.user, slug)
    form = TopicFilterForm(request.GET or None)
    form.is_valid()  # an invalid filter is shown with its error; the valid ones still apply
    filters = getattr(form, "cleaned_data", {})
    topics = selectors.topic_list_for(
        request.user,
        category,
        moderator=is_moderator(request.user, category),
        read_mark=_read_mark(request),
        sort=filters.get("sort") or "latest",
        tag=filters.get("tag", ""),
    )
    page = Paginator(topics, selectors.TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "category": category,
        "filter_form": form,
        "tag": filters.get("tag", ""),
        "page": page,
        "query": query.urlencode(),
        "start_refusal": refusal(check_can_start_topic, request.user, category),
    }
    return render(request, "forums/category.html", context)


def topic(request: HttpRequest, pk: int) -> HttpResponse:
    topic = selectors.topic_get_for_user(request.user, pk)
    return render(request, "forums/topic.html", _topic_context(request, topic, record_read=True))


def post_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    """A post's lasting address: the page of its topic it is on."""
    post = get_post_for_user(request.user, pk)
    return redirect(_post_url(request.user, post, moderator=is_moderator(request.user, post.topic.category)))


def post_revisions(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_user(request.user, pk)
    moderator = is_moderator(request.user, post.topic.category)
    if post.is_deleted and not moderator:
        raise Http404
    revisions = list(selectors.revisions_of(post))
    # A moderator who edited someone else's post may have taken out what must not be read (personal
    # data, say): its earlier versions are then for moderators only.
    withheld = not moderator and any(revision.editor_id != post.author_id for revision in revisions)
    shown = [] if withheld else [(revision, render_markdown(revision.body)) for revision in revisions]
    context = {"post": post, "withheld": withheld, "revisions": shown}
    return render(request, "forums/post_revisions.html", context)


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, categories=visible_categories(request.user))
    page = None
    if form.is_valid() and any(form.cleaned_data.values()):
        data = form.cleaned_data
        results = selectors.topic_search(
            request.user,
            words=data["q"],
            author=data["author"],
            tag=data["tag"],
            category_slug=data["category"],
            read_mark=_read_mark(request),
        )
        page = Paginator(results, selectors.TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "forums/search.html", {"form": form, "page": page, "query": query.urlencode()})


# Writing


@login_required
def topic_new(request: AuthedRequest, slug: str) -> HttpResponse:
    category = get_category_for_user(request.user, slug)
    check_can_start_topic(request.user, category)
    form = TopicForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            topic = services.topic_create(
                category=category,
                author=request.user,
                title=data["title"],
                body=data["body"],
                tags=data["tags"],
                client_id=data["client_id"],
                image=data["image"],
            )
        except RateLimited as error:
            # The form comes back with everything typed, so nothing is lost while waiting.
            form.add_error(None, str(error))
            response = render(
                request, "forums/topic_new.html", {"category": category, "form": form}, status=429
            )
            response["Retry-After"] = str(error.retry_after)
            return response
        except ValidationError as error:
            form_error(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            return redirect(topic)
    return render(request, "forums/topic_new.html", {"category": category, "form": form})


@login_required
def reply(request: AuthedRequest, pk: int) -> HttpResponse:
    topic = selectors.topic_get_for_user(request.user, pk)
    if request.method != "POST":  # e.g. "back" links made while answering an htmx reply
        return redirect(f"{topic.get_absolute_url()}#reply")
    form = ReplyForm(request.POST, request.FILES)
    status = 400
    retry_after = 0
    if form.is_valid():
        data = form.cleaned_data
        try:
            post = services.post_create(
                topic=topic,
                author=request.user,
                body=data["body"],
                client_id=data["client_id"],
                image=data["image"],
            )
        except RateLimited as error:
            form.add_error(None, str(error))
            status, retry_after = 429, error.retry_after
        except ValidationError as error:
            form_error(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
            status = 403
        else:
            moderator = is_moderator(request.user, topic.category)
            if not _is_htmx(request):
                return redirect(_post_url(request.user, post, moderator=moderator))
            # The new post and a blank form take the old form's place, at the end of the posts.
            new_post = selectors.post_for_display(request.user, topic, post.pk, moderator=moderator)
            _mark_editable([new_post], request.user, topic, moderator=moderator)
            context = {
                "topic": topic,
                "new_post": new_post,
                "moderator": moderator,
                "can_reply": True,
                "can_accept": _can_accept(request.user, topic, moderator=moderator),
                "reply_form": ReplyForm(),
            }
            return render(request, "forums/topic_reply_form.html", context)
    if _is_htmx(request):
        # htmx swaps only successful answers: the form comes back with its errors and the typed text.
        context = {"topic": topic, "reply_form": form, "can_reply": True}
        response = render(request, "forums/topic_reply_form.html", context)
    else:
        response = render(
            request, "forums/topic.html", _topic_context(request, topic, reply_form=form), status=status
        )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@login_required
def post_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    post = get_post_for_user(request.user, pk)
    check_can_edit_post(request.user, post)
    topic = post.topic
    is_opening = post.pk == selectors.opening_post_id(topic)
    form = PostEditForm(
        request.POST or None, with_title=is_opening, initial={"body": post.body, "title": topic.title}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(
                post=post,
                editor=request.user,
                body=form.cleaned_data["body"],
                title=form.cleaned_data.get("title"),
            )
        except ValidationError as error:
            form_error(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(
                _post_url(request.user, post, moderator=is_moderator(request.user, topic.category))
            )
    return render(request, "forums/post_edit.html", {"post": post, "topic": topic, "form": form})


@login_required
@require_POST
def post_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    post = get_post_for_user(request.user, pk)
    check_can_delete_post(request.user, post)
    category = post.topic.category
    remaining = services.post_delete(post=post, actor=request.user)
    if remaining is None:
        messages.success(request, _("The topic is deleted."))
        return redirect(category)
    messages.success(request, _("The post is deleted."))
    return redirect(_post_url(request.user, post, moderator=is_moderator(request.user, category)))


@login_required
@require_POST
def react(request: AuthedRequest, pk: int) -> HttpResponse:
    post = get_post_for_user(request.user, pk)
    try:
        services.reaction_toggle(post=post, user=request.user, kind=request.POST.get("kind", ""))
    except ValidationError as error:
        return HttpResponseBadRequest(error.messages[0])
    moderator = is_moderator(request.user, post.topic.category)
    if _is_htmx(request):
        shown = selectors.post_for_display(request.user, post.topic, post.pk, moderator=moderator)
        return render(request, "forums/topic_post_reactions.html", {"post": shown})
    return redirect(_post_url(request.user, post, moderator=moderator))


@login_required
@require_POST
def accept_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    topic = selectors.topic_get_for_user(request.user, pk)
    raw = request.POST.get("post", "")
    if not raw.isdigit():
        return HttpResponseBadRequest(_("Choose the reply to accept."))
    post = get_post_for_user(request.user, int(raw))
    already = topic.accepted_answer_id == post.pk
    try:
        services.topic_accept_answer(topic=topic, actor=request.user, post=None if already else post)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The accepted answer is removed.") if already else _("Answer accepted."))
    return redirect(_post_url(request.user, post, moderator=is_moderator(request.user, topic.category)))


@login_required
@require_POST
def mark_all_read(request: AuthedRequest) -> HttpResponse:
    services.forum_read_mark_update(user=request.user)
    messages.success(request, _("All topics are marked as read."))
    return redirect(safe_next(request, request.POST.get("next")) or "forums:index")


urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
    path("search/", search, name="search"),
    path("read-all/", mark_all_read, name="mark_all_read"),
    path("categories/<slug:slug>/", category, name="category"),
    path("categories/<slug:slug>/new/", topic_new, name="topic_new"),
    path("topics/<int:pk>/", topic, name="topic"),
    path("topics/<int:pk>/reply/", reply, name="reply"),
    path("topics/<int:pk>/accept/", accept_answer, name="accept_answer"),
    path("posts/<int:pk>/", post_permalink, name="post"),
    path("posts/<int:pk>/edit/", post_edit, name="post_edit"),
    path("posts/<int:pk>/delete/", post_delete, name="post_delete"),
    path("posts/<int:pk>/revisions/", post_revisions, name="post_revisions"),
    path("posts/<int:pk>/react/", react, name="react"),
]
