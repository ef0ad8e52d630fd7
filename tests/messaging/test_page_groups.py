"""Groups from the pages: starting one with people the member knows, the size limit, the filter that works
without JavaScript, and the members page (add, remove, rename, leave)."""

import pytest
from django.urls import reverse

from messaging import services
from messaging.models import Conversation, Participant
from messaging.permissions import MAX_GROUP_SIZE
from networks.models import NetworkBan, Visibility
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    NetworkOrganisationFactory,
    UserFactory,
)
from tests.messaging.html_tree import parse

pytestmark = pytest.mark.django_db

NEW = reverse("messaging:group_new")


def listed_people(response) -> set[str]:
    picker = parse(response.content).find("fieldset", cls="people-picker")
    return {label.text() for label in picker.find_all("label") if label.find("input", type="checkbox")}


def members_url(group) -> str:
    return reverse("messaging:members", args=[group.pk])


def people_in(group) -> set[str]:
    return set(Participant.objects.filter(conversation=group).values_list("user__display_name", flat=True))


@pytest.fixture
def network_peer(member):
    network = NetworkFactory(visibility=Visibility.HIDDEN)
    NetworkMembershipFactory(network=network, user=member)
    return NetworkMembershipFactory(network=network, user__display_name="Nora Red").user


# Starting a group.


def test_the_choice_is_only_people_the_member_knows(login, owner, member, colleague, network_peer, outsider):
    UserFactory(display_name="Zoila Desconocida")

    names = listed_people(login(member).get(NEW))

    # the organisation's owner and the colleague, and someone from the member's (hidden) network
    assert names == {owner.display_name, colleague.display_name, network_peer.display_name}


def test_network_members_through_an_organisation_count_and_banned_people_do_not(login, member):
    network = NetworkFactory(visibility=Visibility.PUBLIC)
    NetworkMembershipFactory(network=network, user=member)
    enrolled = NetworkOrganisationFactory(network=network).organisation
    through = MembershipFactory(organisation=enrolled, user__display_name="Olga Enrolada").user
    banned = MembershipFactory(organisation=enrolled, user__display_name="Bruno Vetado").user
    NetworkBan.objects.create(network=network, user=banned)

    names = listed_people(login(member).get(NEW, {"q": "o"}))

    assert through.display_name in names
    assert banned.display_name not in names


def test_people_already_written_to_can_be_chosen_too(login, member, outsider):
    services.direct_open(user=member, other=outsider)

    assert outsider.display_name in listed_people(login(member).get(NEW))


def test_the_filter_works_by_get_without_javascript(login, member, colleague, network_peer):
    names = listed_people(login(member).get(NEW, {"q": "nora"}))

    assert names == {network_peer.display_name}


def test_the_filter_button_keeps_the_name_and_the_people_already_ticked(
    login, member, colleague, network_peer
):
    response = login(member).post(
        NEW, {"title": "Feria", "members": [colleague.pk], "q": "nora", "filter": "1"}
    )

    page = parse(response.content)
    assert page.find("input", name="title").attrs["value"] == "Feria"
    ticked = page.find("input", type="checkbox", value=str(colleague.pk))
    assert "checked" in ticked.attrs
    assert listed_people(response) == {colleague.display_name, network_peer.display_name}
    assert not Conversation.objects.exists()


def test_starting_a_group_makes_the_creator_its_administrator(login, member, colleague, network_peer):
    response = login(member).post(NEW, {"title": "Feria de Loja", "members": [colleague.pk, network_peer.pk]})

    group = Conversation.objects.get()
    assert response["Location"] == group.get_absolute_url()
    assert group.title == "Feria de Loja"
    assert people_in(group) == {member.display_name, colleague.display_name, network_peer.display_name}
    assert Participant.objects.get(conversation=group, user=member).role == "admin"


def test_a_stranger_cannot_be_slipped_into_a_group(login, member, outsider):
    response = login(member).post(NEW, {"title": "Feria", "members": [outsider.pk]})

    assert response.status_code == 400
    assert not Conversation.objects.exists()


def test_a_group_needs_a_name_and_keeps_the_choice(login, member, colleague):
    response = login(member).post(NEW, {"title": " ", "members": [colleague.pk]})

    assert response.status_code == 400
    assert "This field is required." in parse(response.content).find("form", action=NEW).text()
    assert "checked" in parse(response.content).find("input", value=str(colleague.pk)).attrs


def test_a_group_has_at_most_50_people(login, member, organisation):
    people = [MembershipFactory(organisation=organisation).user for _ in range(MAX_GROUP_SIZE)]

    response = login(member).post(NEW, {"title": "Demasiados", "members": [p.pk for p in people]})

    assert response.status_code == 400
    assert "A group has at most 50 people, you included." in response.content.decode()
    assert not Conversation.objects.exists()

    response = login(member).post(NEW, {"title": "Justo", "members": [p.pk for p in people[:-1]]})
    assert Participant.objects.filter(conversation=Conversation.objects.get()).count() == MAX_GROUP_SIZE


def test_a_long_list_is_capped_and_asks_for_a_name(login, member, organisation):
    from messaging.forms import PEOPLE_SHOWN

    for _ in range(PEOPLE_SHOWN + 1):
        MembershipFactory(organisation=organisation)

    response = login(member).get(NEW)

    assert len(listed_people(response)) == PEOPLE_SHOWN
    assert "filter by name to find someone else" in response.content.decode()


# The members page.


@pytest.fixture
def group(member, colleague):
    return services.group_create(creator=member, title="Artesanas", members=[colleague])


def test_an_admin_adds_people(login, member, group, network_peer):
    client = login(member)
    assert network_peer.display_name in listed_people(client.get(members_url(group)))

    client.post(reverse("messaging:members_add", args=[group.pk]), {"members": [network_peer.pk]})

    assert network_peer.display_name in people_in(group)
    assert network_peer.display_name in parse(client.get(members_url(group)).content).by_id("members").text()


def test_a_full_group_takes_nobody_else(login, member, group, organisation, network_peer):
    for _ in range(MAX_GROUP_SIZE - 2):
        services.group_member_add(
            conversation=group, actor=member, user=MembershipFactory(organisation=organisation).user
        )

    response = login(member).post(
        reverse("messaging:members_add", args=[group.pk]), {"members": [network_peer.pk]}, follow=True
    )

    assert "A group has at most 50 people." in response.content.decode()
    assert network_peer.display_name not in people_in(group)


def test_an_admin_removes_someone(login, member, colleague, group):
    login(member).post(reverse("messaging:member_remove", args=[group.pk, colleague.pk]))

    assert people_in(group) == {member.display_name}


def test_an_admin_renames_the_group(login, member, group):
    client = login(member)

    client.post(reverse("messaging:rename", args=[group.pk]), {"title": "Artesanas de Saraguro"})

    assert parse(client.get(group.get_absolute_url()).content).find("h1").text() == "Artesanas de Saraguro"


def test_a_member_who_is_not_admin_cannot_manage_the_group(login, colleague, group, network_peer):
    client = login(colleague)

    page = parse(client.get(members_url(group)).content)
    assert page.find("form", action=reverse("messaging:members_add", args=[group.pk])) is None
    response = client.post(reverse("messaging:members_add", args=[group.pk]), {"members": [network_peer.pk]})
    assert response.status_code == 403
    assert "Only the group's administrators can do this." in parse(response.content).find("main").text()
    assert client.post(reverse("messaging:rename", args=[group.pk]), {"title": "Mía"}).status_code == 403
    assert Conversation.objects.get(pk=group.pk).title == "Artesanas"


def test_anyone_can_leave_and_the_group_disappears_for_them(login, colleague, group):
    client = login(colleague)

    response = client.post(reverse("messaging:leave", args=[group.pk]))

    assert response["Location"] == reverse("messaging:index")
    assert client.get(group.get_absolute_url()).status_code == 404
    assert colleague.display_name not in people_in(group)


def test_a_direct_conversation_cannot_be_left(login, member, direct):
    response = login(member).post(reverse("messaging:leave", args=[direct.pk]), follow=True)

    assert "Only group conversations can be left." in response.content.decode()
    assert Participant.objects.filter(conversation=direct).count() == 2


def test_outsider_gets_404_for_the_members_page_and_its_actions(login, outsider, group, colleague):
    client = login(outsider)

    assert client.get(members_url(group)).status_code == 404
    assert client.post(reverse("messaging:member_remove", args=[group.pk, colleague.pk])).status_code == 404
    assert client.post(reverse("messaging:leave", args=[group.pk])).status_code == 404
    assert len(people_in(group)) == 2


def test_only_groups_have_a_members_page(login, member, direct):
    assert login(member).get(members_url(direct)).status_code == 404
