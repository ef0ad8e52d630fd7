"""The networks API: same visibility (404 alike for hidden and missing), join policies, invitations,
moderation, the board and partnerships, through real requests."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.organisations.models import Role
from community.ratelimit import hit
from networks.models import (
    JoinPolicy,
    JoinRequest,
    NetworkBan,
    NetworkInvitation,
    NetworkMembership,
    Partnership,
    PartnershipInterest,
    Visibility,
)
from networks.views import INTEREST_RATE
from tests.factories import MembershipFactory, OrganisationFactory, PartnershipPostFactory, UserFactory
from tests.networks.conftest import MEMBERS, PERSONAS, client_as, make_network, people_of

API = "/api/v1"


def post(client, url, data=None):
    return client.post(API + url, json.dumps(data or {}), content_type="application/json")


def patch(client, url, data):
    return client.patch(API + url, json.dumps(data), content_type="application/json")


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", list(Visibility))
@pytest.mark.parametrize("persona", PERSONAS)
def test_api_network_visibility_by_persona(visibility, persona):
    network = make_network(visibility=visibility)
    client = client_as(people_of(network)[persona])
    knows = visibility != Visibility.HIDDEN or persona in MEMBERS
    sees = visibility == Visibility.PUBLIC or persona in MEMBERS

    assert client.get(f"{API}/networks/{network.slug}").status_code == (200 if knows else 404)
    members = client.get(f"{API}/networks/{network.slug}/members")
    assert members.status_code == (200 if sees else 404)
    if sees:
        assert members.json()["count"] == 3
    slugs = [n["slug"] for n in client.get(f"{API}/networks").json()["items"]]
    assert (network.slug in slugs) == knows


@pytest.mark.django_db
def test_api_hidden_and_missing_networks_answer_the_same():
    hidden = make_network(visibility=Visibility.HIDDEN)
    client = client_as(UserFactory())
    for slug in (hidden.slug, "no-such-network"):
        response = post(client, f"/networks/{slug}/join-requests", {"message": "hola"})
        assert response.status_code == 404
        assert response.json() == {"error": {"code": "not_found", "message": "Not found.", "fields": {}}}


@pytest.mark.django_db
@pytest.mark.parametrize("policy", list(JoinPolicy))
def test_api_join_and_request_follow_the_policy(policy):
    network = make_network(join_policy=policy)
    people_of(network)
    user = UserFactory()
    client = client_as(user)
    joined = post(client, f"/networks/{network.slug}/join")
    asked = post(client, f"/networks/{network.slug}/join-requests", {"message": "Somos artesanas"})
    assert joined.status_code == (201 if policy == JoinPolicy.OPEN else 403)
    if policy == JoinPolicy.OPEN:
        assert asked.status_code == 403
    else:
        assert asked.status_code == (201 if policy == JoinPolicy.REQUEST else 403)
    assert JoinRequest.objects.filter(user=user).exists() == (policy == JoinPolicy.REQUEST)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["owner", "moderator", "member", "outsider"])
def test_api_join_request_decisions_are_for_moderators(persona, network):
    people = people_of(network)
    applicant = UserFactory()
    join_request = JoinRequest.objects.create(network=network, user=applicant)
    client = client_as(people[persona])
    assert client.get(f"{API}/networks/{network.slug}/join-requests").status_code == (
        200 if persona in ("owner", "moderator") else 403
    )
    response = post(
        client, f"/networks/{network.slug}/join-requests/{join_request.pk}/approve", {"response": "ok"}
    )
    if persona in ("owner", "moderator"):
        assert response.status_code == 200 and response.json()["status"] == "approved"
        assert NetworkMembership.objects.filter(network=network, user=applicant).exists()
    else:
        assert response.status_code == 403
        assert not NetworkMembership.objects.filter(user=applicant).exists()


@pytest.mark.django_db(transaction=True)
def test_api_invitation_token_works_once_and_expires():
    network = make_network(visibility=Visibility.HIDDEN, join_policy=JoinPolicy.INVITATION)
    people = people_of(network)
    invitee, late = UserFactory(), UserFactory()
    owner = client_as(people["owner"])
    token = post(owner, f"/networks/{network.slug}/invitations", {"email": invitee.email}).json()["token"]
    late_token = post(owner, f"/networks/{network.slug}/invitations", {"email": late.email}).json()["token"]
    assert [i["token"] for i in owner.get(f"{API}/networks/{network.slug}/invitations").json()["items"]] == [
        None,
        None,
    ]

    assert post(client_as(invitee), f"/network-invitations/{token}/accept").status_code == 201
    assert post(client_as(invitee), f"/network-invitations/{token}/accept").status_code == 404
    NetworkInvitation.objects.filter(email=late.email).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert post(client_as(late), f"/network-invitations/{late_token}/accept").status_code == 404
    assert NetworkMembership.objects.filter(network=network, user=invitee).exists()
    assert not NetworkMembership.objects.filter(network=network, user=late).exists()


@pytest.mark.django_db
def test_api_ban_blocks_a_new_request(network):
    people = people_of(network)
    membership = NetworkMembership.objects.get(user=people["member"])
    response = client_as(people["owner"]).delete(
        f"{API}/networks/{network.slug}/members/{membership.pk}?ban=true"
    )
    assert response.status_code == 204
    assert NetworkBan.objects.filter(user=people["member"]).exists()
    again = post(client_as(people["member"]), f"/networks/{network.slug}/join-requests")
    assert again.status_code == 403
    assert "may not join it again" in again.json()["error"]["message"]


@pytest.mark.django_db
def test_api_role_change_by_moderator(network):
    people = people_of(network)
    membership = NetworkMembership.objects.get(user=people["member"])
    url = f"/networks/{network.slug}/members/{membership.pk}"
    assert patch(client_as(people["moderator"]), url, {"role": "moderator"}).json()["role"] == "moderator"
    assert patch(client_as(people["moderator"]), url, {"role": "owner"}).status_code == 422
    assert patch(client_as(people["org_member"]), url, {"role": "member"}).status_code == 403


@pytest.mark.django_db
def test_api_create_network_needs_sign_in_and_makes_an_owner():
    assert post(client_as(None), "/networks", {"name": "Red de Mujeres"}).status_code == 401
    user = UserFactory()
    response = post(
        client_as(user), "/networks", {"name": "Red de Mujeres Empresarias", "kind": "women_network"}
    )
    assert response.status_code == 201
    assert NetworkMembership.objects.get(user=user).role == "owner"


@pytest.mark.django_db
def test_api_board_to_partnership(network):
    people = people_of(network)
    instituto, hostal = OrganisationFactory(kind="vti"), OrganisationFactory()
    MembershipFactory(organisation=instituto, user=people["member"], role=Role.ADMIN)
    MembershipFactory(organisation=hostal, user=people["moderator"], role=Role.ADMIN)
    author = client_as(people["member"])
    created = post(
        author,
        "/partnership-posts",
        {
            "network": network.slug,
            "organisation": instituto.slug,
            "direction": "offer",
            "kind": "training",
            "title": "Curso de guianza",
            "description": "Para guías nativos",
            "tags": ["guianza"],
            "country": "ec",
        },
    )
    assert created.status_code == 201 and created.json()["tags"] == ["guianza"]
    post_id = created.json()["id"]
    need = PartnershipPostFactory(network=network, direction="need", kind="training")
    detail = client_as(None).get(f"{API}/partnership-posts/{post_id}").json()
    assert detail["matching_posts"][0]["post"] == need.pk
    assert any("same kind" in r for r in detail["matching_posts"][0]["reasons"])

    seeker = client_as(people["moderator"])
    interest = post(seeker, f"/partnership-posts/{post_id}/interests", {"organisation": hostal.slug})
    assert interest.status_code == 201
    assert seeker.get(f"{API}/partnership-posts/{post_id}/interests").status_code == 403
    assert author.get(f"{API}/partnership-posts/{post_id}/interests").json()["count"] == 1
    assert PartnershipInterest.objects.count() == 1

    made = post(
        author,
        "/partnerships",
        {"title": "Curso de guianza", "parties": [instituto.slug, hostal.slug], "origin_post": post_id},
    )
    assert made.status_code == 201 and made.json()["network"] == network.slug
    pk = made.json()["id"]
    # The other side's administrator confirms the proposal by moving it on.
    assert patch(seeker, f"/partnerships/{pk}", {"status": "active"}).json()["status"] == "active"
    assert patch(client_as(UserFactory()), f"/partnerships/{pk}", {"status": "ended"}).status_code == 403
    listed = client_as(None).get(f"{API}/partnerships?organisation={hostal.slug}").json()
    assert [p["id"] for p in listed["items"]] == [pk]
    assert Partnership.objects.get().status == "active"


@pytest.mark.django_db
def test_api_private_network_posts_and_partnerships_are_hidden_from_outsiders():
    network = make_network(visibility=Visibility.PRIVATE)
    people_of(network)
    post_ = PartnershipPostFactory(network=network, audience="network")
    partnership = Partnership.objects.create(network=network, title="Privada")
    outsider = client_as(UserFactory())
    assert outsider.get(f"{API}/partnership-posts/{post_.pk}").status_code == 404
    assert outsider.get(f"{API}/partnerships/{partnership.pk}").status_code == 404
    assert outsider.get(f"{API}/partnership-posts?network={network.slug}").status_code == 404
    assert outsider.get(f"{API}/partnership-posts").json()["count"] == 0


# Review fixes.


@pytest.mark.django_db
def test_api_invitation_to_a_member_returns_no_address(network):
    people = people_of(network)
    carmen = UserFactory(display_name="Carmen Cango", email="carmen.cango@example.org")
    owner = client_as(people["owner"])

    created = post(owner, f"/networks/{network.slug}/invitations", {"user": carmen.pk})
    listed = owner.get(f"{API}/networks/{network.slug}/invitations").json()["items"]

    assert created.status_code == 201
    assert created.json()["email"] is None and created.json()["display_name"] == "Carmen Cango"
    assert [(i["email"], i["user"]) for i in listed] == [(None, carmen.pk)]
    assert "carmen.cango@example.org" not in created.content.decode() + str(listed)
    by_address = post(owner, f"/networks/{network.slug}/invitations", {"email": "rosa@example.org"})
    assert by_address.json()["email"] == "rosa@example.org"  # an address the moderator typed


@pytest.mark.django_db
def test_api_accepting_a_used_invitation_is_not_found_in_spanish_too(network):
    people = people_of(network)
    invitee = UserFactory(preferred_language="es")
    owner = client_as(people["owner"])
    token = post(owner, f"/networks/{network.slug}/invitations", {"user": invitee.pk}).json()["token"]
    client = client_as(invitee)

    assert post(client, f"/network-invitations/{token}/accept").status_code == 201
    again = post(client, f"/network-invitations/{token}/accept")

    assert again.status_code == 404
    assert again.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_api_interests_share_the_pages_hourly_limit(network):
    people = people_of(network)
    user = people["member"]
    posts = PartnershipPostFactory.create_batch(2, network=network)
    for _ in range(20):
        hit(f"network-interest:u{user.pk}", INTEREST_RATE)

    page = client_as(user).post(reverse("networks:interest", args=[posts[0].pk]), {"message": "Hola"})
    api = post(client_as(user), f"/partnership-posts/{posts[1].pk}/interests", {"message": "Hola"})

    assert page.status_code == api.status_code == 429
    assert api.json()["error"]["code"] == "rate_limited"
    assert not PartnershipInterest.objects.exists()


@pytest.mark.django_db
def test_api_refuses_a_site_wide_post_in_a_hidden_network():
    network = make_network(visibility=Visibility.HIDDEN)
    people = people_of(network)
    offer = {
        "network": network.slug,
        "audience": "site",
        "direction": "offer",
        "kind": "training",
        "title": "Curso secreto",
        "description": "x",
    }

    response = post(client_as(people["member"]), "/partnership-posts", offer)

    assert response.status_code == 422
    assert "audience" in response.json()["error"]["fields"]
    assert (
        post(client_as(people["member"]), "/partnership-posts", offer | {"audience": "network"}).status_code
        == 201
    )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_api_never_names_a_hidden_network_to_those_who_may_not_know_it(persona):
    network = make_network(visibility=Visibility.HIDDEN)
    people = people_of(network)
    # Posted for the whole site before the network was hidden.
    site_post = PartnershipPostFactory(network=network, audience="site")
    knows = persona in MEMBERS
    client = client_as(people[persona])

    listed = client.get(f"{API}/partnership-posts").json()["items"]
    detail = client.get(f"{API}/partnership-posts/{site_post.pk}").json()

    assert [p["id"] for p in listed] == [site_post.pk]
    assert listed[0]["network"] == detail["network"] == (network.slug if knows else None)


@pytest.mark.django_db
def test_api_partnership_is_proposed_by_a_party_administrator_and_confirmed_by_the_other_side():
    proposer_org, partner_org = OrganisationFactory(), OrganisationFactory()
    proposer = MembershipFactory(organisation=proposer_org, role=Role.ADMIN).user
    colleague = MembershipFactory(organisation=proposer_org, role=Role.MEMBER).user
    partner_member = MembershipFactory(organisation=partner_org, role=Role.MEMBER).user
    partner_admin = MembershipFactory(organisation=partner_org, role=Role.ADMIN).user
    proposal = {"title": "Ruta del cacao", "parties": [proposer_org.slug, partner_org.slug]}

    assert post(client_as(colleague), "/partnerships", proposal).status_code == 403
    assert post(client_as(UserFactory()), "/partnerships", proposal).status_code == 403
    made = post(client_as(proposer), "/partnerships", proposal)
    assert made.status_code == 201 and made.json()["status"] == "proposed"
    url = f"/partnerships/{made.json()['id']}"
    figures = {"status": "active", "people_trained": 50, "sales": "10000"}
    for one_side in (proposer, colleague, partner_member):
        assert patch(client_as(one_side), url, figures).status_code == 403
    assert patch(client_as(proposer), url, {"objectives": "Exportar cacao"}).status_code == 200

    def seen_by(user) -> bool:
        return client_as(user).get(API + url).status_code == 200

    def listed_on_partner_page(user) -> bool:
        return "Ruta del cacao" in client_as(user).get(partner_org.get_absolute_url()).content.decode()

    assert [seen_by(u) for u in (None, UserFactory(), colleague, partner_member)] == [
        False,
        False,
        True,
        True,
    ]
    assert not listed_on_partner_page(None) and not listed_on_partner_page(partner_member)
    assert not client_as(None).get(f"{API}/partnerships?organisation={partner_org.slug}").json()["items"]

    assert patch(client_as(partner_admin), url, {"status": "agreed"}).json()["status"] == "agreed"

    assert seen_by(None) and listed_on_partner_page(None)
    assert patch(client_as(proposer), url, figures).json()["people_trained"] == 50


@pytest.mark.django_db
@pytest.mark.parametrize("proposer_in_partner", ["member", "admin"])
def test_api_who_confirms_when_the_proposer_also_belongs_to_the_partner(proposer_in_partner):
    proposer_org, partner_org = OrganisationFactory(), OrganisationFactory()
    proposer = MembershipFactory(organisation=proposer_org, role=Role.ADMIN).user
    MembershipFactory(organisation=partner_org, user=proposer, role=proposer_in_partner)
    partner_admin = MembershipFactory(organisation=partner_org, role=Role.ADMIN).user
    made = post(
        client_as(proposer),
        "/partnerships",
        {"title": "Feria", "parties": [proposer_org.slug, partner_org.slug]},
    )
    url = f"/partnerships/{made.json()['id']}"

    by_proposer = patch(client_as(proposer), url, {"status": "agreed"})

    if proposer_in_partner == "admin":  # they speak for both sides
        assert by_proposer.status_code == 200
    else:
        assert by_proposer.status_code == 403
        assert patch(client_as(partner_admin), url, {"status": "agreed"}).status_code == 200
    assert Partnership.objects.get().status == "agreed"
