"""The conversation list, message requests, opening a direct conversation, blocks and settings pages, and
the ways in from other pages (the navigation, a member's profile, a network's page)."""

import pytest
from django.urls import reverse

from messaging import services
from messaging.models import Block, Conversation, MessagingSettings, Participant
from networks.models import Visibility
from tests.factories import NetworkFactory, NetworkMembershipFactory, UserFactory
from tests.messaging.html_tree import parse

pytestmark = pytest.mark.django_db

INDEX = reverse("messaging:index")
REQUESTS = reverse("messaging:requests")


def rows(response) -> dict[int, object]:
    page = parse(response.content).by_id("conversations")
    return {int(li.attrs["data-conversation-id"]): li for li in page.find_all("li", cls="conversation")}


# The list.


def test_the_list_shows_title_last_message_unread_count_and_muted(login, member, colleague, direct, send):
    send(direct, colleague, "Primero")
    send(direct, colleague, "¿Llegó el **pedido**?")
    group = services.group_create(creator=member, title="Feria de Loja", members=[colleague])
    services.conversation_mute(conversation=group, user=member, muted=True)

    found = rows(login(member).get(INDEX))

    row = found[direct.pk]
    assert row.find("strong").text() == colleague.display_name
    assert row.find(cls="badge").text() == "2"
    assert row.find(cls="last-message").text().startswith("¿Llegó el **pedido**?")  # plain text, not HTML
    assert found[group.pk].find("strong").text() == "Feria de Loja"
    assert found[group.pk].find(cls="muted-marker").text() == "muted"
    assert row.find(cls="muted-marker") is None


def test_a_deleted_last_message_shows_as_deleted(login, member, colleague, direct, send):
    message = send(direct, member, "Borrado")
    services.message_delete(message=message, actor=member)

    row = rows(login(member).get(INDEX))[direct.pk]

    assert "This message was deleted" in row.find(cls="last-message").text()
    assert "Borrado" not in row.text()


def test_the_list_leaves_out_other_peoples_conversations_and_requests(
    login, member, colleague, outsider, direct, send
):
    services.group_create(creator=colleague, title="Sin mí", members=[])
    request = services.direct_open(user=outsider, other=member)
    send(request, outsider, "¿Vende artesanías?")

    response = login(member).get(INDEX)

    assert set(rows(response)) == {direct.pk}
    link = parse(response.content).by_id("requests-link")
    assert link.attrs["href"] == REQUESTS and link.find(cls="badge").text() == "1"


def test_anonymous_visitors_are_sent_to_sign_in_from_the_list(client):
    assert client.get(INDEX)["Location"].startswith(reverse("accounts:login"))


def test_the_navigation_links_to_messages_for_members_only(login, member, client):
    assert parse(login(member).get(reverse("community:home")).content).find("a", href=INDEX) is not None
    assert parse(client.get(reverse("community:home")).content).find("a", href=INDEX) is None


def test_list_query_count_does_not_grow_with_conversations(
    login, member, colleague, send, django_assert_num_queries
):
    for n in range(8):
        other = UserFactory()
        group = services.group_create(creator=member, title=f"Grupo {n}", members=[other, colleague])
        send(group, other, f"Hola {n}")
        send(services.direct_open(user=member, other=other), other, "Hola")
    client = login(member)
    # session, user, conversations with their unread counts and last ids, their last messages with
    # authors, the other person of each direct conversation, the request count, unread notifications
    with django_assert_num_queries(7):
        response = client.get(INDEX)
    assert len(rows(response)) == 16


# Message requests.


@pytest.fixture
def request_to_member(member, outsider, send):
    conversation = services.direct_open(user=outsider, other=member)
    send(conversation, outsider, "¿Vende artesanías?")
    return conversation


def test_requests_are_listed_with_accept_and_refuse(login, member, request_to_member):
    page = parse(login(member).get(REQUESTS).content)

    row = page.find("li", data_conversation_id=str(request_to_member.pk))
    assert "¿Vende artesanías?" in row.text()
    assert row.find("form", action=reverse("messaging:request_accept", args=[request_to_member.pk]))
    assert row.find("form", action=reverse("messaging:request_refuse", args=[request_to_member.pk]))


def test_accepting_a_request_moves_it_to_the_list(login, member, request_to_member):
    client = login(member)

    response = client.post(reverse("messaging:request_accept", args=[request_to_member.pk]))

    assert response["Location"] == reverse("messaging:conversation", args=[request_to_member.pk])
    assert request_to_member.pk in rows(client.get(INDEX))
    assert "¿Vende" not in client.get(REQUESTS).content.decode()


def test_refusing_a_request_hides_the_conversation_and_stops_the_sender(
    login, member, outsider, request_to_member
):
    client = login(member)

    client.post(reverse("messaging:request_refuse", args=[request_to_member.pk]))

    assert client.get(reverse("messaging:conversation", args=[request_to_member.pk])).status_code == 404
    response = login(outsider).post(
        reverse("messaging:send", args=[request_to_member.pk]), {"body": "¿Hola?"}
    )
    assert response.status_code == 403
    page = parse(response.content)
    assert "declined your message request" in page.by_id("composer-refusal").text()
    assert page.find("h1").text() == member.display_name


def test_an_outsider_cannot_answer_someone_elses_request(login, staff, request_to_member):
    response = login(staff).post(reverse("messaging:request_accept", args=[request_to_member.pk]))

    assert response.status_code == 404
    assert Participant.objects.filter(conversation=request_to_member, state="pending").exists()


# Opening a direct conversation.


def test_send_a_message_from_a_profile_opens_the_direct_conversation(login, member, colleague):
    client = login(member)
    profile = parse(client.get(reverse("accounts:profile", args=[colleague.pk])).content)
    direct_url = reverse("messaging:direct", args=[colleague.pk])
    assert profile.find("form", action=direct_url).find("button").text() == "Send a message"

    first = client.post(direct_url)
    second = client.post(direct_url)

    conversation = Conversation.objects.get()
    assert first["Location"] == second["Location"] == conversation.get_absolute_url()


def test_my_own_profile_has_no_send_a_message_button(login, member):
    profile = parse(login(member).get(reverse("accounts:profile", args=[member.pk])).content)

    assert profile.find("form", action=reverse("messaging:direct", args=[member.pk])) is None


def test_direct_is_404_for_missing_and_inactive_people(login, member):
    gone = UserFactory(is_active=False)
    client = login(member)

    assert client.post(reverse("messaging:direct", args=[gone.pk])).status_code == 404
    assert client.post(reverse("messaging:direct", args=[gone.pk + 100])).status_code == 404
    assert not Conversation.objects.exists()


def test_direct_needs_a_post(login, member, colleague):
    assert login(member).get(reverse("messaging:direct", args=[colleague.pk])).status_code == 405
    assert not Conversation.objects.exists()


def test_someone_who_blocked_me_cannot_be_written_to(login, member, colleague):
    services.block_create(blocker=colleague, blocked=member)

    response = login(member).post(reverse("messaging:direct", args=[colleague.pk]))

    assert response.status_code == 403
    assert "You cannot send messages to this person." in response.content.decode()


def test_the_network_page_links_members_to_its_conversation(login, member, outsider):
    network = NetworkFactory(visibility=Visibility.PUBLIC)
    NetworkMembershipFactory(network=network, user=member)
    conversation = services.network_conversation_ensure(network=network)
    link = reverse("messaging:conversation", args=[conversation.pk])

    assert parse(login(member).get(network.get_absolute_url()).content).find("a", href=link) is not None
    assert parse(login(outsider).get(network.get_absolute_url()).content).find("a", href=link) is None


# Blocks and settings.


def test_blocks_are_listed_and_can_be_lifted(login, member, colleague):
    client = login(member)

    client.post(reverse("messaging:block", args=[colleague.pk]))
    page = parse(client.get(reverse("messaging:blocks")).content)
    assert colleague.display_name in page.by_id("blocks").text()

    client.post(reverse("messaging:block_remove", args=[colleague.pk]))
    assert not Block.objects.exists()
    assert (
        colleague.display_name
        not in parse(client.get(reverse("messaging:blocks")).content).by_id("blocks").text()
    )


def test_blocking_oneself_is_refused(login, member):
    client = login(member)

    response = client.post(reverse("messaging:block", args=[member.pk]), follow=True)

    assert "You cannot block yourself." in response.content.decode()
    assert not Block.objects.exists()


def test_read_receipts_can_be_turned_off_and_on(login, member):
    client = login(member)
    url = reverse("messaging:settings")
    assert (
        parse(client.get(url).content).find("input", name="send_read_receipts").attrs.get("checked")
        is not None
    )

    client.post(url, {})  # the box unticked
    assert MessagingSettings.objects.get(user=member).send_read_receipts is False
    assert "checked" not in parse(client.get(url).content).find("input", name="send_read_receipts").attrs

    client.post(url, {"send_read_receipts": "on"})
    assert MessagingSettings.objects.get(user=member).send_read_receipts is True
