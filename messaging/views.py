"""Messaging pages: the conversation list and message requests; a conversation (history, the plain-form
composer, edits, reactions, attachments, read position, mute); groups and their members; blocks and
settings. Each view checks permission through messaging.permissions (404 alike for missing and not
yours), calls one service and redirects; every change is a POST and every page works without JavaScript
(static/js/conversation.js only adds live updates on top)."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from community.forms import form_error, safe_next
from community.http import AuthedRequest, refusal
from messaging import permissions, presence, selectors, services
from messaging.forms import (
    PEOPLE_SHOWN,
    GroupForm,
    MembersAddForm,
    MessageEditForm,
    MessageForm,
    MessagingSettingsForm,
    ReactionForm,
    RenameForm,
    choosable_people,
)
from messaging.models import (
    Block,
    Conversation,
    ConversationKind,
    Message,
    MessageAttachment,
    ParticipantRole,
    Reaction,
    RequestState,
)
from messaging.payloads import REPLY_EXCERPT_CHARS

PRESENCE_LABELS = {
    "online": gettext_lazy("online"),
    "away": gettext_lazy("away"),
    "offline": gettext_lazy("offline"),
}


# Building the conversation page.


@dataclass
class Person:
    """Another member of a direct or group conversation, as the page shows them."""

    user: Any
    role: str
    state: str
    presence: str | None  # None: not shown (the viewer blocked them, so presence is not shared)

    @property
    def presence_label(self) -> str:
        return str(PRESENCE_LABELS.get(self.presence or "offline", ""))


@dataclass
class ReactionButton:
    value: str
    label: str
    count: int
    mine: bool


@dataclass
class MessageItem:
    message: Message
    can_change: bool
    reactions: list[ReactionButton] = field(default_factory=list)  # given, with their counts
    other_reactions: list[ReactionButton] = field(default_factory=list)  # not given yet
    receipts: list[tuple[int, str]] = field(default_factory=list)  # (user id, name) who read up to here


def _message_url(message: Message) -> str:
    return f"{reverse('messaging:conversation', args=[message.conversation_id])}#message-{message.pk}"


def _back(request: HttpRequest, default: str) -> str:
    return safe_next(request, request.POST.get("next")) or default


def _before(request: HttpRequest) -> int | None:
    value = request.GET.get("before", "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def _message_for(user: Any, pk: int) -> Message:
    """A message in a conversation the member sees, by someone they have not blocked; else 404."""
    message = (
        Message.objects.filter(pk=pk)
        .filter(selectors.visible_messages(user))
        .select_related("conversation__network", "author")
        .first()
    )
    if message is None or not permissions.can_see_conversation(user, message.conversation):
        raise Http404
    return message


def _reply_target(conversation: Conversation, user: Any, raw: Any) -> Message | None:
    if not str(raw or "").isdigit():
        return None
    return (
        Message.objects.filter(pk=int(raw), conversation=conversation)
        .filter(selectors.visible_messages(user))
        .select_related("author")
        .first()
    )


def _items(page: list[Message], user: Any) -> list[MessageItem]:
    items = []
    for message in page:
        item = MessageItem(
            message=message, can_change=permissions.message_change_refusal(user, message) is None
        )
        if message.deleted_at is None:
            given = Counter(r.reaction for r in message.reactions.all())
            mine = {r.reaction for r in message.reactions.all() if r.user_id == user.pk}
            for value, label in Reaction.choices:
                button = ReactionButton(value, str(label), given[value], value in mine)
                (item.reactions if button.count else item.other_reactions).append(button)
        items.append(item)
    return items


def _place_receipts(
    items: list[MessageItem], positions: dict[int, int], names: dict[int, str], *, newest_page: bool
) -> None:
    """Put "Seen by" under the last message of the page each person has read. On an older page only when
    that message is really their last one read (they have not read past the page)."""
    if not items:
        return
    page_last = items[-1].message.pk
    for user_id, last_read in sorted(positions.items(), key=lambda pair: names.get(pair[0], "")):
        read = [item for item in items if item.message.pk <= last_read]
        if user_id in names and read and (newest_page or last_read <= page_last):
            read[-1].receipts.append((user_id, names[user_id]))


def _conversation_page(
    request: AuthedRequest,
    conversation: Conversation,
    *,
    form: MessageForm | None = None,
    status: int = 200,
    record_read: bool = False,
) -> HttpResponse:
    user = request.user
    before = _before(request) if request.method == "GET" else None
    newest_page = before is None
    page, has_more = selectors.history(conversation, user, before=before)
    mine = selectors.participant_of(conversation, user)
    if record_read and newest_page and page and (mine is None or mine.last_read_id < page[-1].pk):
        services.read_mark(conversation=conversation, user=user, up_to=page[-1].pk)

    network = conversation.kind == ConversationKind.NETWORK
    members = [] if network else selectors.members_of(conversation)
    others = [p for p in members if p.user_id != user.pk]
    blocked = (
        set(
            selectors.blocks_of(user)
            .filter(blocked_id__in=[p.user_id for p in others])
            .values_list("blocked_id", flat=True)
        )
        if others
        else set()
    )
    shown = [p.user_id for p in others if p.user_id not in blocked]
    statuses = presence.statuses(shown) if shown else {}
    people = [Person(p.user, p.role, p.state, statuses.get(p.user_id)) for p in others]

    items = _items(page, user)
    positions = {} if network else selectors.read_positions(conversation, user)
    names = {p.user_id: p.user.display_name for p in others}
    _place_receipts(items, positions, names, newest_page=newest_page)

    other = others[0] if conversation.kind == ConversationKind.DIRECT and others else None
    named = other.user if other else None
    if conversation.kind == ConversationKind.DIRECT and other is None:  # they refused: still say who
        found = permissions.other_participant(conversation, user)
        named = found.user if found else None
    form = form or MessageForm()
    reply_raw = form["reply_to"].value() if form.is_bound else request.GET.get("reply_to")
    context = {
        "conversation": conversation,
        "title": selectors.conversation_title(conversation, named),
        "items": items,
        "has_more": has_more,
        "newest_page": newest_page,
        "last_id": page[-1].pk if page else 0,
        "people": people,
        "other": other,
        "blocked_other": other is not None and other.user_id in blocked,
        "muted": bool(mine and mine.muted),
        "is_admin": bool(mine and mine.role == ParticipantRole.ADMIN),
        "request_pending": bool(
            mine and mine.state == RequestState.PENDING and conversation.kind == ConversationKind.DIRECT
        ),
        "waiting_for_answer": other is not None and other.state == RequestState.PENDING,
        "shows_receipts": not network,
        "refusal": refusal(permissions.check_can_send, user, conversation),
        "form": form,
        "body_value": form["body"].value() if form.is_bound else "",
        # Fresh on every rendering: nothing was stored under the previous one if the form came back.
        "client_id": uuid4(),
        "reply_target": _reply_target(conversation, user, reply_raw),
        "reply_excerpt_chars": REPLY_EXCERPT_CHARS,
        "reaction_choices": Reaction.choices,
        "edit_window_minutes": max(1, settings.MESSAGING_EDIT_WINDOW_SECONDS // 60),
        "next": request.get_full_path() if not newest_page else "",
    }
    return render(request, "messaging/conversation.html", context, status=status)


# Lists.


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    context = {
        "rows": selectors.conversation_list_for(request.user),
        "request_count": selectors.request_count(request.user),
    }
    return render(request, "messaging/index.html", context)


@login_required
def requests(request: AuthedRequest) -> HttpResponse:
    rows = selectors.conversation_list_for(request.user, requests=True)
    return render(request, "messaging/requests.html", {"rows": rows})


@login_required
@require_POST
def request_accept(request: AuthedRequest, pk: int) -> HttpResponse:
    conversation = permissions.get_conversation_for_user(request.user, pk)
    try:
        services.request_accept(conversation=conversation, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Request accepted: you can now write to each other."))
    return redirect(conversation)


@login_required
@require_POST
def request_refuse(request: AuthedRequest, pk: int) -> HttpResponse:
    conversation = permissions.get_conversation_for_user(request.user, pk)
    try:
        services.request_refuse(conversation=conversation, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(conversation)
    messages.success(request, _("Request refused. This person cannot write to you again here."))
    return redirect("messaging:requests")


# A conversation.


@login_required
def conversation(request: AuthedRequest, pk: int) -> HttpResponse:
    conversation = permissions.get_conversation_for_user(request.user, pk)
    if request.method == "POST":  # the plain form may post to the page itself
        return _send(request, conversation)
    return _conversation_page(request, conversation, record_read=True)


@login_required
@require_POST
def send(request: AuthedRequest, pk: int) -> HttpResponse:
    return _send(request, permissions.get_conversation_for_user(request.user, pk))


def _send(request: AuthedRequest, conversation: Conversation) -> HttpResponse:
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        return _conversation_page(request, conversation, form=form, status=400)
    data = form.cleaned_data
    try:
        message, _created = services.message_send(
            conversation=conversation,
            author=request.user,
            body=data["body"],
            client_id=data["client_id"],
            reply_to_id=data["reply_to"],
            files=data["files"],
        )
    except services.RateLimited as error:
        # The page comes back with the text still in the box, so nothing typed on a slow phone is lost.
        form.add_error(None, str(error))
        response = _conversation_page(request, conversation, form=form, status=429)
        response["Retry-After"] = str(error.retry_after)
        return response
    except PermissionDenied as error:
        form.add_error(None, str(error))
        return _conversation_page(request, conversation, form=form, status=403)
    except ValidationError as error:
        form_error(form, error)
        return _conversation_page(request, conversation, form=form, status=400)
    # A second submit of the same form (same client_id) lands here too, on the one stored message.
    return redirect(_message_url(message))


@login_required
@require_POST
def read(request: AuthedRequest, pk: int) -> HttpResponse:
    """For clients without the socket: record the read position (JSON when asked for, else back)."""
    conversation = permissions.get_conversation_for_user(request.user, pk)
    up_to = request.POST.get("up_to", "")
    if not up_to.isdigit():
        return HttpResponseBadRequest(_("up_to must be a message id."))
    position = services.read_mark(conversation=conversation, user=request.user, up_to=int(up_to))
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"conversation": conversation.pk, "last_read": position})
    return redirect(_back(request, conversation.get_absolute_url()))


@login_required
@require_POST
def mute(request: AuthedRequest, pk: int) -> HttpResponse:
    conversation = permissions.get_conversation_for_user(request.user, pk)
    value = request.POST.get("muted")
    if value not in ("0", "1"):
        return HttpResponseBadRequest(_("muted must be 0 or 1."))
    services.conversation_mute(conversation=conversation, user=request.user, muted=value == "1")
    if value == "1":
        messages.success(request, _("Conversation muted: you will not be notified of new messages."))
    else:
        messages.success(request, _("Conversation unmuted."))
    return redirect(_back(request, conversation.get_absolute_url()))


@login_required
@require_POST
def leave(request: AuthedRequest, pk: int) -> HttpResponse:
    conversation = permissions.get_conversation_for_user(request.user, pk)
    try:
        services.group_leave(conversation=conversation, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(conversation)
    messages.success(request, _("You left the group."))
    return redirect("messaging:index")


@login_required
@require_POST
def direct(request: AuthedRequest, user_id: int) -> HttpResponse:
    other = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
    try:
        conversation = services.direct_open(user=request.user, other=other)
    except ValidationError as error:  # oneself
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:profile", other.pk)
    return redirect(conversation)


# Messages.


@login_required
def message_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    message = _message_for(request.user, pk)
    refusal = permissions.message_change_refusal(request.user, message)
    if refusal is not None:
        raise PermissionDenied(refusal)
    data = request.POST if request.method == "POST" else None
    form = MessageEditForm(data, initial={"body": message.body})
    if data is not None and form.is_valid():
        try:
            services.message_edit(message=message, actor=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            form_error(form, error)
        else:
            return redirect(_message_url(message))
    status = 400 if form.errors else 200
    return render(request, "messaging/message_edit.html", {"message": message, "form": form}, status=status)


@login_required
@require_POST
def message_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    message = _message_for(request.user, pk)
    try:
        services.message_delete(message=message, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_back(request, _message_url(message)))


@login_required
@require_POST
def message_react(request: AuthedRequest, pk: int) -> HttpResponse:
    message = _message_for(request.user, pk)
    form = ReactionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown reaction."))
    else:
        try:
            services.reaction_toggle(
                message=message, user=request.user, reaction=form.cleaned_data["reaction"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(_back(request, _message_url(message)))


@login_required
def attachment(request: AuthedRequest, pk: int) -> FileResponse:
    """A file of a message, only for people who see the conversation (and not from someone they block)."""
    blocked_author = Block.objects.filter(blocker=request.user, blocked=OuterRef("message__author"))
    found = (
        MessageAttachment.objects.filter(pk=pk, message__deleted_at__isnull=True)
        .exclude(Exists(blocked_author))
        .select_related("message__conversation__network")
        .first()
    )
    if found is None or not permissions.can_see_conversation(request.user, found.message.conversation):
        raise Http404
    response = FileResponse(
        found.file.open("rb"), as_attachment=True, filename=found.name, content_type=found.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Private: a shared cache must never hand one member's file to another.
    response["Cache-Control"] = "private, max-age=3600"
    return response


# Groups.


def _selected_ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()][: permissions.MAX_GROUP_SIZE + 1]


def _people_choices(
    user: Any, q: str, selected: list[int], exclude_conversation: Any = None
) -> dict[str, Any]:
    """The checkbox list: the chosen people first, then up to PEOPLE_SHOWN of those matching the filter."""
    people = choosable_people(user, q=q)
    chosen = choosable_people(user).filter(pk__in=selected) if selected else []
    if exclude_conversation is not None:
        people = people.exclude(conversation_participations__conversation=exclude_conversation)
    listed = [p for p in people.exclude(pk__in=selected)[: PEOPLE_SHOWN + 1]]
    return {
        "chosen": list(chosen),
        "listed": listed[:PEOPLE_SHOWN],
        "more_people": len(listed) > PEOPLE_SHOWN,
        "people_shown": PEOPLE_SHOWN,
        "q": q,
    }


@login_required
def group_new(request: AuthedRequest) -> HttpResponse:
    user = request.user
    source = request.POST if request.method == "POST" else request.GET
    # "Filter" posts the form back to narrow the list: nothing is saved, nothing typed is lost.
    data = request.POST if request.method == "POST" and "filter" not in request.POST else None
    form = GroupForm(data, user=user, initial={"title": source.get("title", "")})
    if data is not None and form.is_valid():
        try:
            conversation = services.group_create(
                creator=user, title=form.cleaned_data["title"], members=form.cleaned_data["members"]
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            return redirect(conversation)
    context = {
        "form": form,
        "max_group_size": permissions.MAX_GROUP_SIZE,
        **_people_choices(user, source.get("q", ""), _selected_ids(source.getlist("members"))),
    }
    return render(request, "messaging/group_new.html", context, status=400 if form.errors else 200)


def _group_for(user: Any, pk: int) -> Conversation:
    conversation = permissions.get_conversation_for_user(user, pk)
    if conversation.kind != ConversationKind.GROUP:
        raise Http404
    return conversation


def _members_page(
    request: AuthedRequest,
    conversation: Conversation,
    *,
    add_form: MembersAddForm | None = None,
    rename_form: RenameForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    members = selectors.members_of(conversation)
    is_admin = any(p.user_id == user.pk and p.role == ParticipantRole.ADMIN for p in members)
    context: dict[str, Any] = {
        "conversation": conversation,
        "members": members,
        "is_admin": is_admin,
        "max_group_size": permissions.MAX_GROUP_SIZE,
        "full": len(members) >= permissions.MAX_GROUP_SIZE,
    }
    if is_admin:
        source = request.POST if request.method == "POST" else request.GET
        context |= {
            "add_form": add_form or MembersAddForm(user=user, conversation=conversation),
            "rename_form": rename_form or RenameForm(initial={"title": conversation.title}),
            **_people_choices(
                user,
                source.get("q", ""),
                _selected_ids(source.getlist("members")) if add_form is not None else [],
                exclude_conversation=conversation,
            ),
        }
    return render(request, "messaging/members.html", context, status=status)


@login_required
def members(request: AuthedRequest, pk: int) -> HttpResponse:
    return _members_page(request, _group_for(request.user, pk))


@login_required
@require_POST
def members_add(request: AuthedRequest, pk: int) -> HttpResponse:
    conversation = _group_for(request.user, pk)
    permissions.check_can_manage_group(request.user, conversation)
    if "filter" in request.POST:  # narrowing the list of people: nothing to save yet
        blank = MembersAddForm(user=request.user, conversation=conversation)
        return _members_page(request, conversation, add_form=blank)
    form = MembersAddForm(request.POST, user=request.user, conversation=conversation)
    if not form.is_valid():
        return _members_page(request, conversation, add_form=form, status=400)
    added = []
    for person in form.cleaned_data["members"]:
        try:
            services.group_member_add(conversation=conversation, actor=request.user, user=person)
        except (ValidationError, PermissionDenied) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            messages.error(request, f"{person.display_name}: {reason}")
        else:
            added.append(person.display_name)
    if added:
        messages.success(request, _("Added to the group: %(names)s.") % {"names": ", ".join(added)})
    return redirect("messaging:members", conversation.pk)


@login_required
@require_POST
def member_remove(request: AuthedRequest, pk: int, user_id: int) -> HttpResponse:
    conversation = _group_for(request.user, pk)
    permissions.check_can_manage_group(request.user, conversation)
    person = get_object_or_404(get_user_model(), pk=user_id)
    try:
        services.group_member_remove(conversation=conversation, actor=request.user, user=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is no longer in the group.") % {"name": person.display_name})
    return redirect("messaging:members", conversation.pk)


@login_required
@require_POST
def rename(request: AuthedRequest, pk: int) -> HttpResponse:
    conversation = _group_for(request.user, pk)
    permissions.check_can_manage_group(request.user, conversation)
    form = RenameForm(request.POST)
    if form.is_valid():
        try:
            title = form.cleaned_data["title"]
            services.group_rename(conversation=conversation, actor=request.user, title=title)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The group is renamed."))
            return redirect("messaging:members", conversation.pk)
    return _members_page(request, conversation, rename_form=form, status=400)


# Blocks and settings.


@login_required
def blocks(request: AuthedRequest) -> HttpResponse:
    return render(request, "messaging/blocks.html", {"blocks": selectors.blocks_of(request.user)})


@login_required
@require_POST
def block(request: AuthedRequest, user_id: int) -> HttpResponse:
    person = get_object_or_404(get_user_model(), pk=user_id)
    try:
        services.block_create(blocker=request.user, blocked=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You blocked %(name)s: you will not receive their messages.") % {"name": person.display_name},
        )
    return redirect(_back(request, reverse("messaging:blocks")))


@login_required
@require_POST
def block_remove(request: AuthedRequest, user_id: int) -> HttpResponse:
    person = get_object_or_404(get_user_model(), pk=user_id)
    services.block_remove(blocker=request.user, blocked=person)
    messages.success(request, _("%(name)s is no longer blocked.") % {"name": person.display_name})
    return redirect(_back(request, reverse("messaging:blocks")))


@login_required
def settings_page(request: AuthedRequest) -> HttpResponse:
    current = selectors.settings_for(request.user)
    data = request.POST if request.method == "POST" else None
    form = MessagingSettingsForm(data, initial={"send_read_receipts": current.send_read_receipts})
    if data is not None and form.is_valid():
        services.messaging_settings_update(
            user=request.user, send_read_receipts=form.cleaned_data["send_read_receipts"]
        )
        messages.success(request, _("Your messaging settings are saved."))
        return redirect("messaging:settings")
    return render(request, "messaging/settings.html", {"form": form})
