"""Who sees a network and its content: every persona × visibility, on pages (API in test_api.py)."""

import pytest
from django.urls import reverse

from networks.models import NetworkInvitation, Visibility
from tests.factories import NetworkMembershipFactory, UserFactory
from tests.networks.conftest import MEMBERS, PERSONAS, client_as, make_network, people_of

# What each persona gets: (about page, member list / board / partnerships).
EXPECTED = {
    Visibility.PUBLIC: lambda persona: (200, 200),
    Visibility.PRIVATE: lambda persona: (200, 200 if persona in MEMBERS else 404),
    Visibility.HIDDEN: lambda persona: (200, 200) if persona in MEMBERS else (404, 404),
}


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", list(Visibility))
@pytest.mark.parametrize("persona", PERSONAS)
def test_network_pages_by_persona_and_visibility(visibility, persona):
    network = make_network(visibility=visibility, description="Clúster de turismo de Loja")
    user = people_of(network)[persona]
    client = client_as(user)
    about, content = EXPECTED[visibility](persona)

    response = client.get(network.get_absolute_url())
    assert response.status_code == about
    if about == 200:
        assert network.name in response.content.decode()
    for name in ("members", "network_board", "partnerships"):
        assert client.get(reverse(f"networks:{name}", args=[network.slug])).status_code == content
    listed = network.name in client.get(reverse("networks:index")).content.decode()
    assert listed == (about == 200)


@pytest.mark.django_db
def test_hidden_network_answers_like_a_missing_one(client):
    hidden = make_network(visibility=Visibility.HIDDEN)
    outsider_client = client_as(UserFactory())
    for url in (
        reverse("networks:detail", args=[hidden.slug]),
        reverse("networks:members", args=[hidden.slug]),
        reverse("networks:detail", args=["no-such-network"]),
    ):
        response = outsider_client.get(url)
        assert response.status_code == 404
    missing = outsider_client.post(reverse("networks:request_join", args=["no-such-network"]))
    hidden_post = outsider_client.post(reverse("networks:request_join", args=[hidden.slug]))
    assert missing.status_code == hidden_post.status_code == 404


@pytest.mark.django_db
def test_invitee_sees_the_hidden_network_it_was_invited_to():
    hidden = make_network(visibility=Visibility.HIDDEN)
    invitee = UserFactory()
    owner = NetworkMembershipFactory(network=hidden, role="owner").user
    from networks.services import invitation_create

    invitation_create(network=hidden, actor=owner, email=invitee.email)
    assert client_as(invitee).get(hidden.get_absolute_url()).status_code == 200
    assert client_as(invitee).get(reverse("networks:members", args=[hidden.slug])).status_code == 404
    NetworkInvitation.objects.update(cancelled_at="2026-01-01T00:00:00Z")
    assert client_as(invitee).get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_private_network_shows_outsiders_that_it_exists_but_not_its_members():
    network = make_network(visibility=Visibility.PRIVATE)
    people = people_of(network)
    body = client_as(people["outsider"]).get(network.get_absolute_url()).content.decode()
    assert "Only members see this network" in body
    assert people["member"].display_name not in body


@pytest.mark.django_db
def test_member_list_filters_by_organisation_kind_sector_country_and_women_led(network):
    from tests.factories import MembershipFactory, NetworkOrganisationFactory, OrganisationFactory

    women = OrganisationFactory(name="Tejidos Mullu Warmi", women_led=True, sector="tourism_handicrafts")
    vti = OrganisationFactory(
        name="Instituto Tecnológico Sudamericano", kind="vti", sector="education", country="CO"
    )
    for org in (women, vti):
        NetworkOrganisationFactory(network=network, organisation=org)
    weaver = MembershipFactory(organisation=women).user
    NetworkMembershipFactory(network=network, user=weaver)
    client = client_as(UserFactory())
    url = reverse("networks:members", args=[network.slug])

    only_women = client.get(url, {"women_led": "on"}).content.decode()
    assert "Tejidos Mullu Warmi" in only_women and "Instituto Tecnológico" not in only_women
    assert weaver.display_name in only_women
    vtis = client.get(url, {"kind": "vti", "country": "CO"}).content.decode()
    assert "Instituto Tecnológico" in vtis and "Mullu Warmi" not in vtis
    assert "Mullu Warmi" not in client.get(url, {"sector": "education"}).content.decode()


@pytest.mark.django_db
def test_network_list_and_member_list_query_counts(django_assert_num_queries, network):
    people = people_of(network)
    for _ in range(5):
        make_network()
        NetworkMembershipFactory(network=network)
    client = client_as(people["member"])
    url = reverse("networks:members", args=[network.slug])
    client.get(url)  # warm the session and this month's visit counter
    # session, user, count, unread notifications, page of networks (with member counts), my networks
    with django_assert_num_queries(6):
        client.get(reverse("networks:index"))
    # session, user, network (public: no membership check), visit counter update, people count,
    # moderator check, managed organisations, unread notifications, organisations, people page
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_network_page_lists_its_published_practices_to_those_who_see_its_content():
    from community.library.models import Status
    from networks.models import Visibility
    from tests.factories import NetworkFactory, NetworkMembershipFactory, PracticeFactory, UserFactory

    network = NetworkFactory(visibility=Visibility.PRIVATE)
    member = NetworkMembershipFactory(network=network).user
    PracticeFactory(network=network, status=Status.PUBLISHED, title="Ferias virtuales de artesanía")
    PracticeFactory(network=network, status=Status.DRAFT, title="Borrador interno")
    url = f"/networks/{network.slug}/"
    page = client_as(member).get(url).content.decode()
    assert "Ferias virtuales de artesanía" in page
    assert "Borrador interno" not in page
    assert "Ferias virtuales de artesanía" not in client_as(UserFactory()).get(url).content.decode()
