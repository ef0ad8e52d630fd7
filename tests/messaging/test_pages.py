"""The conversation page without JavaScript: reading history, the plain-form composer, replies, files,
edits, deletions, reactions, read receipts, refusals and the DOM the live client builds on."""

import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from messaging import selectors, services
from messaging.models import Message, MessageAttachment, MessageReaction, Participant
from networks.models import Visibility
from tests.factories import NetworkFactory, NetworkMembershipFactory, UserFactory
from tests.messaging.html_tree import parse

pytestmark = pytest.mark.django_db


def page_url(conversation) -> str:
    return reverse("messaging:conversation", args=[conversation.pk])


def send_url(conversation) -> str:
    return reverse("messaging:send", args=[conversation.pk])


def composer_client_id(response) -> str:
    field = parse(response.content).by_id("composer").find("input", name="client_id")
    return field.attrs["value"]


def message_item(response, message):
    return parse(response.content).by_id(f"message-{message.pk}")


def composer_text(response) -> str:
    return parse(response.content).by_id("composer").find("textarea", name="body").text()


def form_errors(response) -> str:
    errors = parse(response.content).by_id("composer").find("ul", cls="errorlist")
    return errors.text() if errors else ""


@pytest.fixture
def network_conversation(member):
    network = NetworkFactory(visibility=Visibility.HIDDEN, name="Red de artesanas")
    NetworkMembershipFactory(network=network, user=member)
    return services.network_conversation_ensure(network=network)


# Sending through the plain form.


def test_no_js_send_through_the_plain_form_shows_the_message(login, member, direct):
    client = login(member)
    page = client.get(page_url(direct))
    response = client.post(
        send_url(direct), {"body": "¿Nos vemos el **sábado**?", "client_id": composer_client_id(page)}
    )

    message = Message.objects.get(conversation=direct)
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(direct)}#message-{message.pk}"
    item = message_item(client.get(page_url(direct)), message)
    assert item.find(cls="message-body").find("strong").text() == "sábado"
    assert item.find(cls="message-author").text() == member.display_name


def test_the_form_may_also_post_to_the_conversation_page_itself(login, member, direct):
    response = login(member).post(page_url(direct), {"body": "Hola", "client_id": str(uuid.uuid4())})

    assert response.status_code == 302
    assert Message.objects.get(conversation=direct).body == "Hola"


def test_double_submit_with_the_same_client_id_creates_one_message(login, member, direct):
    client = login(member)
    form = {"body": "Una sola vez", "client_id": composer_client_id(client.get(page_url(direct)))}

    first = client.post(send_url(direct), form)
    second = client.post(send_url(direct), form)

    assert Message.objects.filter(conversation=direct).count() == 1
    assert first["Location"] == second["Location"]


def test_every_blank_composer_carries_a_new_client_id(login, member, direct):
    client = login(member)
    assert composer_client_id(client.get(page_url(direct))) != composer_client_id(
        client.get(page_url(direct))
    )


def test_an_empty_message_is_refused_with_a_reason(login, member, direct):
    response = login(member).post(send_url(direct), {"body": "   ", "client_id": str(uuid.uuid4())})

    assert response.status_code == 400
    assert "Write a message or attach a file." in form_errors(response)
    assert not Message.objects.exists()


def test_a_too_long_message_comes_back_with_the_typed_text(login, member, direct):
    typed = "Hola " + "a" * 10_000
    response = login(member).post(send_url(direct), {"body": typed, "client_id": str(uuid.uuid4())})

    assert response.status_code == 400
    assert "limited to 10,000 characters" in form_errors(response)
    assert composer_text(response) == typed
    assert not Message.objects.exists()


def test_a_program_renamed_png_is_refused_and_the_text_is_kept(login, member, direct):
    fake = SimpleUploadedFile("foto.png", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/png")
    response = login(member).post(
        send_url(direct), {"body": "Mira la foto", "client_id": str(uuid.uuid4()), "files": [fake]}
    )

    assert response.status_code == 400
    assert "foto.file: Attach a PDF, a JPEG, PNG, WebP or GIF image" in form_errors(response)
    assert composer_text(response) == "Mira la foto"
    assert not Message.objects.exists() and not MessageAttachment.objects.exists()


def test_a_png_is_accepted_and_shown_as_a_thumbnail(login, member, direct, png):
    client = login(member)
    client.post(
        send_url(direct), {"body": "", "client_id": str(uuid.uuid4()), "files": [png("Mi Tienda.png")]}
    )

    attachment = MessageAttachment.objects.get()
    item = message_item(client.get(page_url(direct)), attachment.message)
    image = item.find("img")
    assert image.attrs["src"] == reverse("messaging:attachment", args=[attachment.pk])
    assert image.attrs["alt"] == "mi-tienda.png"


def test_the_download_is_an_attachment_with_the_cleaned_name_and_stored_type(
    login, member, direct, send, png
):
    message = send(direct, member, "Foto", files=[png("Mi Tienda.png")])
    attachment = message.attachments.get()

    response = login(member).get(reverse("messaging:attachment", args=[attachment.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mi-tienda.png"'
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_attachments_are_stored_where_the_web_server_never_serves_files(member, direct, send, png, settings):
    attachment = send(direct, member, "Foto", files=[png()]).attachments.get()

    assert attachment.file.path.startswith(f"{settings.MEDIA_ROOT}/private/")


def test_an_outsider_gets_404_for_an_attachment_and_so_does_a_missing_one(
    login, member, outsider, direct, send, png
):
    attachment = send(direct, member, "Foto", files=[png()]).attachments.get()
    client = login(outsider)

    assert client.get(reverse("messaging:attachment", args=[attachment.pk])).status_code == 404
    assert client.get(reverse("messaging:attachment", args=[attachment.pk + 100])).status_code == 404


def test_a_deleted_message_takes_its_files_with_it(login, member, direct, send, png):
    message = send(direct, member, "Foto", files=[png()])
    attachment = message.attachments.get()
    services.message_delete(message=message, actor=member)

    assert login(member).get(reverse("messaging:attachment", args=[attachment.pk])).status_code == 404


# Who sees a conversation.


def test_the_page_opens_without_presence_while_the_cache_does_not_answer(login, member, direct, cache_down):
    response = login(member).get(page_url(direct))
    assert response.status_code == 200
    assert 'class="presence"' not in response.content.decode()  # unknown, so not shown


def test_outsider_gets_404_for_a_conversation_they_are_not_in(login, outsider, direct):
    client = login(outsider)

    assert client.get(page_url(direct)).status_code == 404
    assert client.post(send_url(direct), {"body": "Hola", "client_id": str(uuid.uuid4())}).status_code == 404
    assert not Message.objects.exists()


def test_outsider_gets_404_for_a_hidden_network_conversation_like_a_missing_one(
    login, outsider, network_conversation
):
    client = login(outsider)

    assert client.get(page_url(network_conversation)).status_code == 404
    assert (
        client.get(reverse("messaging:conversation", args=[network_conversation.pk + 100])).status_code == 404
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, direct):
    response = client.get(page_url(direct))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_network_member_reads_and_writes_in_the_network_conversation(login, member, network_conversation):
    client = login(member)
    response = client.get(page_url(network_conversation))
    assert response.status_code == 200
    assert parse(response.content).find("h1").text() == "Red de artesanas"

    client.post(send_url(network_conversation), {"body": "Hola red", "client_id": str(uuid.uuid4())})
    assert Message.objects.get(conversation=network_conversation).body == "Hola red"


# History and reading.


def test_history_shows_the_newest_page_and_links_to_older_messages(login, member, colleague, direct, send):
    sent = [send(direct, colleague, f"Mensaje {n}") for n in range(selectors.HISTORY_PAGE + 3)]
    client = login(member)

    newest = parse(client.get(page_url(direct)).content)
    shown = [int(li.attrs["data-id"]) for li in newest.by_id("messages").find_all("li", cls="message")]
    assert shown == [m.pk for m in sent[3:]]
    older = newest.find("a", rel="prev")
    assert older.attrs["href"] == f"{page_url(direct)}?before={sent[3].pk}"

    older_page = parse(client.get(older.attrs["href"]).content)
    shown = [int(li.attrs["data-id"]) for li in older_page.by_id("messages").find_all("li", cls="message")]
    assert shown == [m.pk for m in sent[:3]]
    assert older_page.find("a", rel="prev") is None


def test_viewing_the_newest_page_clears_the_unread_count(login, member, colleague, direct, send):
    send(direct, colleague, "Uno")
    send(direct, colleague, "Dos")
    client = login(member)
    assert selectors.conversation_list_for(member)[0].unread == 2

    client.get(page_url(direct))

    assert selectors.conversation_list_for(member)[0].unread == 0


def test_an_older_page_does_not_move_the_read_position(login, member, colleague, direct, send):
    sent = [send(direct, colleague, f"Mensaje {n}") for n in range(3)]

    login(member).get(f"{page_url(direct)}?before={sent[2].pk}")

    assert Participant.objects.get(conversation=direct, user=member).last_read_id == 0


def test_the_first_view_of_a_network_conversation_records_the_read_position(
    login, member, network_conversation, send
):
    other = UserFactory()
    NetworkMembershipFactory(network=network_conversation.network, user=other)
    message = send(network_conversation, other, "Bienvenidas")

    login(member).get(page_url(network_conversation))

    assert Participant.objects.get(conversation=network_conversation, user=member).last_read_id == message.pk


def test_read_receipts_show_under_the_last_message_each_person_read(login, member, colleague, direct, send):
    first = send(direct, member, "Uno")
    second = send(direct, member, "Dos")
    third = send(direct, member, "Tres")
    services.read_mark(conversation=direct, user=colleague, up_to=second.pk)
    response = login(member).get(page_url(direct))

    receipt = message_item(response, second).find("span", cls="receipt")
    assert receipt.attrs["data-read-by"] == str(colleague.pk)
    assert receipt.attrs["data-read-name"] == colleague.display_name
    assert "Seen by" in message_item(response, second).find(cls="message-receipts").text()
    assert message_item(response, first).find("span", cls="receipt") is None
    assert message_item(response, third).find("span", cls="receipt") is None


def test_no_receipts_from_someone_who_turned_them_off(login, member, colleague, direct, send):
    message = send(direct, member, "Uno")
    services.read_mark(conversation=direct, user=colleague, up_to=message.pk)
    services.messaging_settings_update(user=colleague, send_read_receipts=False)

    response = login(member).get(page_url(direct))

    assert parse(response.content).find("span", cls="receipt") is None


def test_read_endpoint_records_the_position_for_clients_without_the_socket(
    login, member, colleague, direct, send
):
    message = send(direct, colleague, "Uno")

    response = login(member).post(
        reverse("messaging:read", args=[direct.pk]), {"up_to": message.pk}, HTTP_ACCEPT="application/json"
    )

    assert response.json() == {"conversation": direct.pk, "last_read": message.pk}
    assert Participant.objects.get(conversation=direct, user=member).last_read_id == message.pk


# Replies, edits, deletions, reactions.


def test_a_reply_shows_what_it_answers(login, member, colleague, direct, send):
    question = send(direct, colleague, "¿Tienen habitaciones para 12 personas?")
    client = login(member)

    composer = parse(client.get(f"{page_url(direct)}?reply_to={question.pk}").content).by_id("composer")
    assert composer.find("input", name="reply_to").attrs["value"] == str(question.pk)
    assert "¿Tienen habitaciones" in composer.find(cls="replying").text()

    client.post(
        send_url(direct), {"body": "Sí, tenemos", "client_id": str(uuid.uuid4()), "reply_to": question.pk}
    )
    answer = Message.objects.get(body="Sí, tenemos")
    quote = message_item(client.get(page_url(direct)), answer).find("blockquote", cls="message-reply")
    assert quote.text() == f"{colleague.display_name} : ¿Tienen habitaciones para 12 personas?"


def test_a_reply_to_a_message_of_another_conversation_is_refused(login, member, colleague, direct, send):
    elsewhere = services.group_create(creator=colleague, title="Otro", members=[])
    foreign = send(elsewhere, colleague, "Secreto")

    response = login(member).post(
        send_url(direct), {"body": "Hola", "client_id": str(uuid.uuid4()), "reply_to": foreign.pk}
    )

    assert response.status_code == 400
    assert "not in this conversation" in form_errors(response)
    assert "Secreto" not in response.content.decode()


def test_the_author_edits_within_the_window_and_the_message_says_edited(login, member, direct, send):
    message = send(direct, member, "Hola a todos")
    client = login(member)
    edit_url = reverse("messaging:message_edit", args=[message.pk])
    assert message_item(client.get(page_url(direct)), message).find("a", href=edit_url) is not None

    response = client.post(edit_url, {"body": "Hola a todas"})

    assert response["Location"] == f"{page_url(direct)}#message-{message.pk}"
    item = message_item(client.get(page_url(direct)), message)
    assert item.find(cls="message-body").text() == "Hola a todas"
    assert item.find(cls="message-edited").text() == "edited"


def test_no_editing_after_the_window(login, member, direct, send, settings):
    message = send(direct, member, "Hola")
    Message.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(seconds=settings.MESSAGING_EDIT_WINDOW_SECONDS + 1)
    )
    client = login(member)
    edit_url = reverse("messaging:message_edit", args=[message.pk])

    assert message_item(client.get(page_url(direct)), message).find("a", href=edit_url) is None
    response = client.post(edit_url, {"body": "Cambiado"})
    assert response.status_code == 403
    assert "only within 15 minutes" in response.content.decode()
    assert Message.objects.get(pk=message.pk).body == "Hola"


def test_nobody_else_edits_or_deletes_a_message(login, member, colleague, direct, send):
    message = send(direct, colleague, "Mío")
    client = login(member)

    assert client.get(reverse("messaging:message_edit", args=[message.pk])).status_code == 403
    assert client.post(reverse("messaging:message_delete", args=[message.pk])).status_code == 403
    assert Message.objects.get(pk=message.pk).deleted_at is None


def test_a_deleted_message_leaves_a_tombstone(login, member, direct, send):
    message = send(direct, member, "Me equivoqué")
    client = login(member)

    client.post(reverse("messaging:message_delete", args=[message.pk]))

    item = message_item(client.get(page_url(direct)), message)
    assert item.find(cls="message-body").text() == "This message was deleted"
    assert "Me equivoqué" not in client.get(page_url(direct)).content.decode()


def test_reactions_are_counted_and_taken_back(login, member, colleague, direct, send):
    message = send(direct, colleague, "¡Vendimos todo!")
    react_url = reverse("messaging:message_react", args=[message.pk])
    client = login(member)

    client.post(react_url, {"reaction": "clap"})
    button = message_item(client.get(page_url(direct)), message).find("button", data_reaction="clap")
    assert button.text() == "👏 1" and button.attrs["aria-pressed"] == "true"

    client.post(react_url, {"reaction": "clap"})
    assert not MessageReaction.objects.exists()


def test_a_former_members_messages_stay_under_a_neutral_name(login, member, colleague, direct, send):
    message = send(direct, colleague, "Adiós")
    Message.objects.filter(pk=message.pk).update(author=None)

    item = message_item(login(member).get(page_url(direct)), message)

    assert item.find(cls="message-author").text() == "Former member"


# Refusals: blocks, requests, rate limit.


def test_a_blocked_person_cannot_send_and_is_told_why(login, member, colleague, direct):
    services.block_create(blocker=colleague, blocked=member)
    client = login(member)

    assert parse(client.get(page_url(direct)).content).by_id("composer") is None
    response = client.post(send_url(direct), {"body": "¿Hola?", "client_id": str(uuid.uuid4())})

    assert response.status_code == 403
    assert "You cannot send messages to this person." in response.content.decode()
    assert not Message.objects.exists()


def test_the_recipient_of_a_request_can_accept_it_from_the_banner(login, member, outsider, send):
    request = services.direct_open(user=outsider, other=member)
    send(request, outsider, "¿Vende artesanías?")
    client = login(member)

    banner = parse(client.get(page_url(request)).content).find(cls="request-banner")
    accept = reverse("messaging:request_accept", args=[request.pk])
    assert banner.find("form", action=accept) is not None

    client.post(accept)
    assert Participant.objects.get(conversation=request, user=member).state == "accepted"


def test_the_sender_of_a_request_waits_for_an_answer(login, member, outsider, send):
    request = services.direct_open(user=outsider, other=member)
    send(request, outsider, "¿Vende artesanías?")

    page = parse(login(outsider).get(page_url(request)).content)

    assert page.find(cls="request-banner").text() == "Your message request is waiting for an answer."
    assert page.by_id("composer") is None
    assert "waiting for an answer" in page.by_id("composer-refusal").text()


def test_sending_too_fast_answers_429_with_retry_after_and_keeps_the_text(login, member, direct, settings):
    settings.MESSAGING_SEND_RATE = "1/m"
    client = login(member)
    client.post(send_url(direct), {"body": "Uno", "client_id": str(uuid.uuid4())})

    response = client.post(send_url(direct), {"body": "Dos", "client_id": str(uuid.uuid4())})

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "You are sending messages too fast." in form_errors(response)
    assert composer_text(response) == "Dos"
    assert list(Message.objects.values_list("body", flat=True)) == ["Uno"]


# Mute, leave, block from the page.


def test_mute_and_unmute(login, member, direct):
    client = login(member)
    mute_url = reverse("messaging:mute", args=[direct.pk])

    client.post(mute_url, {"muted": "1"})
    assert Participant.objects.get(conversation=direct, user=member).muted
    page = parse(client.get(page_url(direct)).content)
    assert page.find("form", action=mute_url).find("button").text() == "Unmute"

    client.post(mute_url, {"muted": "0"})
    assert not Participant.objects.get(conversation=direct, user=member).muted


def test_blocking_from_a_direct_conversation(login, member, colleague, direct):
    client = login(member)
    page = parse(client.get(page_url(direct)).content)
    block_url = reverse("messaging:block", args=[colleague.pk])
    form = page.find("form", action=block_url)
    assert form is not None

    client.post(block_url, {"next": form.find("input", name="next").attrs["value"]})

    page = parse(client.get(page_url(direct)).content)
    assert page.find("form", action=reverse("messaging:block_remove", args=[colleague.pk])) is not None
    assert page.find("span", cls="presence") is None


# The page's DOM, which static/js/conversation.js and the browser tests build on.


def test_the_conversation_page_has_the_dom_the_live_client_uses(login, member, colleague, direct, send):
    edited = send(direct, member, "Uno")
    services.message_edit(message=edited, actor=member, body="Uno, corregido")
    last = send(direct, colleague, "Dos")
    page = parse(login(member).get(page_url(direct)).content)

    root = page.by_id("conversation")
    assert root.tag == "section"
    assert root.attrs["data-conversation-id"] == str(direct.pk)
    assert root.attrs["data-user-id"] == str(member.pk)
    assert root.attrs["data-kind"] == "direct"
    assert root.attrs["data-last-id"] == str(last.pk)
    assert root.attrs["data-read-receipts"] == "1"
    items = root.by_id("messages").find_all("li", cls="message")
    assert root.by_id("messages").tag == "ol"
    assert [(i.attrs["id"], i.attrs["data-id"], i.attrs["data-author-id"]) for i in items] == [
        (f"message-{edited.pk}", str(edited.pk), str(member.pk)),
        (f"message-{last.pk}", str(last.pk), str(colleague.pk)),
    ]
    for item in items:
        for part in ("message-author", "message-time", "message-body", "message-reactions"):
            assert item.find(cls=part) is not None, part
    assert items[0].find(cls="message-edited") is not None and items[1].find(cls="message-edited") is None
    composer = root.by_id("composer")
    assert composer.tag == "form" and composer.attrs["method"] == "post"
    assert composer.attrs["action"] == send_url(direct)
    assert composer.attrs["enctype"] == "multipart/form-data"
    assert composer.find("textarea", name="body") is not None
    assert composer.find("input", type="hidden", name="client_id") is not None
    assert composer.find("input", type="hidden", name="reply_to") is not None
    assert composer.find("input", type="file", name="files", multiple=True) is not None
    assert root.by_id("typing").attrs["aria-live"] == "polite"
    assert "hidden" in root.by_id("connection-state").attrs
    presence = root.find("span", cls="presence")
    assert presence.attrs["data-presence-user"] == str(colleague.pk) and presence.text() == "offline"
    assert page.find("script", src="/static/js/conversation.js", defer=True) is not None
    assert page.find("script", src="/static/js/live.js") is not None


def test_an_empty_network_conversation_says_last_id_0_and_no_receipts(login, member, network_conversation):
    root = parse(login(member).get(page_url(network_conversation)).content).by_id("conversation")

    assert root.attrs["data-last-id"] == "0"
    assert root.attrs["data-kind"] == "network"
    assert root.attrs["data-read-receipts"] == "0"


# Query counts.


def test_conversation_page_query_count_does_not_grow_with_messages(
    login, member, colleague, direct, send, png, django_assert_num_queries
):
    for n in range(20):
        message = send(
            direct, colleague if n % 2 else member, f"Mensaje {n}", files=[png()] if n % 5 == 0 else ()
        )
        services.reaction_toggle(message=message, user=colleague, reaction="heart")
    services.read_mark(conversation=direct, user=colleague, up_to=message.pk)
    client = login(member)
    client.get(page_url(direct))  # the read position is recorded on this first view; not again below
    # session, user, conversation, can see (participant), messages, attachments, reactions, my participant
    # row, members, my blocks among them, read positions, can send: the other person, blocks either way
    # (visibility was checked with the conversation); unread notifications (base layout)
    with django_assert_num_queries(14):
        assert client.get(page_url(direct)).status_code == 200
