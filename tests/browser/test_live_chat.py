"""Two members chat live in two Chromium windows over a real daphne: presence, typing, the message,
read receipts, and a message typed while the server is down that goes out, once, when it is back."""

import pytest

from messaging import services
from messaging.models import Message
from tests.browser.conftest import LIVE_OPEN
from tests.factories import MembershipFactory
from tests.messaging.socket_helpers import session_cookie_sync

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in_page(new_page, server, user, language):
    page = new_page(language)
    name, _sep, value = session_cookie_sync(user).decode().partition("=")
    page.context.add_cookies([{"name": name, "value": value, "url": server.url}])
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    return page


@pytest.mark.parametrize("language", ["es", "en"])
def test_two_members_chat_live_with_presence_typing_and_read_receipts(
    daphne_server, new_page, organisation, member, language
):
    rosa = MembershipFactory(organisation=organisation, user__display_name="Rosa Quishpe").user
    conversation = services.direct_open(user=member, other=rosa)
    url = f"{daphne_server.url}/messages/{conversation.pk}/"

    reader = _signed_in_page(new_page, daphne_server, rosa, language)
    reader.goto(url)
    writer = _signed_in_page(new_page, daphne_server, member, language)
    writer.goto(url)

    # Presence: the reader sees the writer come online without reloading.
    reader.wait_for_selector(f'[data-presence-user="{member.pk}"][data-presence="online"]')

    # Typing.
    writer.fill("#composer-body", "Hola Rosa, ¿vamos a la feria de Saraguro?")
    writer.locator("#composer-body").press("Space")
    reader.wait_for_selector(f"#typing:has-text('{member.display_name}')")
    assert writer.errors == [] and reader.errors == []

    # The message: sent over the socket, shown to both, stored once.
    writer.click("#composer button[type=submit]")
    reader.wait_for_selector("#messages li.message:has-text('feria de Saraguro')")
    writer.wait_for_selector("#messages li.message[data-id]:has-text('feria de Saraguro')")
    stored = Message.objects.get(conversation=conversation)
    assert writer.locator(f"#message-{stored.pk}").count() == 1
    assert writer.errors == [] and reader.errors == []
    assert reader.locator(f"#message-{stored.pk} .message-author").inner_text() == member.display_name
    assert writer.input_value("#composer-body") == ""

    # Read receipt: the reader's page is open on the newest message, so the writer sees it read.
    writer.wait_for_selector(f'#message-{stored.pk} .receipt[data-read-by="{rosa.pk}"]')

    # Markup in a message is shown as text: nothing runs.
    writer.fill("#composer-body", '<img src=x onerror="alert(1)"> **negrita**')
    writer.click("#composer button[type=submit]")
    reader.wait_for_selector("#messages li.message strong:has-text('negrita')")
    assert reader.locator("#messages img[onerror]").count() == 0
    assert reader.dialogs == [] and writer.dialogs == []


def test_message_typed_while_the_server_is_down_goes_out_once_when_it_is_back(
    daphne_server, new_page, organisation, member
):
    rosa = MembershipFactory(organisation=organisation, user__display_name="Rosa Quishpe").user
    conversation = services.direct_open(user=member, other=rosa)
    url = f"{daphne_server.url}/messages/{conversation.pk}/"
    reader = _signed_in_page(new_page, daphne_server, rosa, "es")
    reader.goto(url)
    writer = _signed_in_page(new_page, daphne_server, member, "es")
    writer.goto(url)
    writer.wait_for_function(LIVE_OPEN)

    daphne_server.stop()
    writer.wait_for_selector("#connection-state[data-state=offline]")
    writer.fill("#composer-body", "Escrito sin conexión")
    writer.click("#composer button[type=submit]")
    # Kept on screen and in the browser until the server acknowledges it.
    writer.wait_for_selector("#messages li.message-pending:has-text('Escrito sin conexión')")
    assert "Escrito sin conexión" in writer.evaluate(
        f"localStorage.getItem('minga:pending:{conversation.pk}')"
    )
    assert not Message.objects.filter(conversation=conversation).exists()

    daphne_server.start()  # same port: both pages reconnect by themselves (backoff with jitter)
    reader.wait_for_selector("#messages li.message:has-text('Escrito sin conexión')", timeout=40_000)
    writer.wait_for_selector("#messages li.message[data-id]:has-text('Escrito sin conexión')", timeout=40_000)
    assert Message.objects.filter(conversation=conversation, body="Escrito sin conexión").count() == 1
    assert writer.locator("#messages li.message-pending").count() == 0
    writer.wait_for_function(
        "key => localStorage.getItem(key) === '[]'", arg=f"minga:pending:{conversation.pk}"
    )
    assert reader.locator("#messages li.message:has-text('Escrito sin conexión')").count() == 1


def test_reader_of_a_forum_topic_is_told_of_a_new_reply_live(daphne_server, new_page):
    from tests.factories import CategoryFactory, TopicFactory, UserFactory

    topic = TopicFactory(category=CategoryFactory(), title="Ferias de artesanía en Otavalo")
    reader_user = UserFactory(date_joined="2020-01-01T00:00:00Z")
    writer_user = UserFactory(date_joined="2020-01-01T00:00:00Z")
    reader = _signed_in_page(new_page, daphne_server, reader_user, "es")
    reader.goto(f"{daphne_server.url}/forums/topics/{topic.pk}/")
    reader.wait_for_function(LIVE_OPEN)
    assert reader.locator("#topic-live-notice").is_hidden()

    writer = _signed_in_page(new_page, daphne_server, writer_user, "es")
    writer.goto(f"{daphne_server.url}/forums/topics/{topic.pk}/")
    writer.fill("#reply textarea[name=body]", "Nosotras vamos cada sábado.")
    writer.click("#reply button[type=submit]")

    reader.wait_for_selector("#topic-live-notice:visible")
    reply = topic.posts.order_by("-pk").first()
    assert reader.get_attribute("#topic-live-notice a", "href") == f"/forums/posts/{reply.pk}/"
    assert reader.errors == [] and writer.errors == []
