"""Getting in and out: join policies × visibility, requests, invitations (expiry, single use), roles,
removal and bans, organisations as members, and the network's own forum category."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from notifications.models import Notification

from community.organisations.models import Role
from community.ratelimit import hit
from forums.models import Category
from networks import services, urls
from networks.models import (
    JoinPolicy,
    JoinRequest,
    JoinRequestStatus,
    Network,
    NetworkBan,
    NetworkInvitation,
    NetworkMembership,
    NetworkOrganisation,
    NetworkRole,
    PartnershipPost,
    Visibility,
)
from networks.permissions import member_q, moderator_q
from networks.services import RESERVED_SLUGS
from networks.views import INVITE_RATE, JOIN_REQUEST_RATE
from tests.factories import (
    MembershipFactory,
    NetworkMembershipFactory,
    OrganisationFactory,
    PartnershipPostFactory,
    UserFactory,
)
from tests.networks.conftest import client_as, make_network, people_of


def is_member(network, user) -> bool:
    return NetworkMembership.objects.filter(network=network, user=user).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", list(Visibility))
@pytest.mark.parametrize("policy", list(JoinPolicy))
def test_outsider_joining_by_policy_and_visibility(visibility, policy):
    network = make_network(visibility=visibility, join_policy=policy)
    people = people_of(network)
    outsider = people["outsider"]
    client = client_as(outsider)

    joined = client.post(reverse("networks:join", args=[network.slug]))
    asked = client.post(
        reverse("networks:request_join", args=[network.slug]), {"message": "Somos guías en Loja"}
    )

    if visibility == Visibility.HIDDEN:  # nothing to find, nothing to join
        assert joined.status_code == asked.status_code == 404
        assert not is_member(network, outsider)
        return
    assert joined.status_code == asked.status_code == 302
    assert is_member(network, outsider) == (policy == JoinPolicy.OPEN)
    pending = JoinRequest.objects.filter(network=network, user=outsider, status=JoinRequestStatus.PENDING)
    assert pending.exists() == (policy == JoinPolicy.REQUEST)
    if policy == JoinPolicy.REQUEST:
        moderators = {people["owner"], people["moderator"]}
        notified = {n.recipient for n in Notification.objects.filter(verb="asked to join")}
        assert notified == moderators
    if policy == JoinPolicy.INVITATION:
        page = client.get(network.get_absolute_url()).content.decode()
        assert "invitation only" in page


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["owner", "moderator", "member", "org_member", "outsider", "staff"])
@pytest.mark.parametrize("decision", ["approve", "refuse"])
def test_only_owners_moderators_and_staff_answer_join_requests(persona, decision):
    network = make_network(visibility=Visibility.PRIVATE)
    people = people_of(network)
    applicant = UserFactory()
    join_request = JoinRequest.objects.create(network=network, user=applicant, message="Hola")
    url = reverse(f"networks:request_{decision}", args=[network.slug, join_request.pk])

    response = client_as(people[persona]).post(url, {"response": "Bienvenida al clúster"})

    join_request.refresh_from_db()
    if persona in ("owner", "moderator", "staff"):
        assert response.status_code == 302
        assert join_request.status == ("approved" if decision == "approve" else "refused")
        assert join_request.response == "Bienvenida al clúster"
        assert is_member(network, applicant) == (decision == "approve")
        assert Notification.objects.filter(recipient=applicant).exists()
    else:
        assert response.status_code == 403
        assert join_request.status == "pending" and not is_member(network, applicant)


@pytest.mark.django_db
def test_refused_applicant_sees_the_answer_and_may_ask_again(network):
    people = people_of(network)
    applicant = UserFactory()
    client = client_as(applicant)
    client.post(reverse("networks:request_join", args=[network.slug]))
    join_request = JoinRequest.objects.get(user=applicant)
    client_as(people["owner"]).post(
        reverse("networks:request_refuse", args=[network.slug, join_request.pk]),
        {"response": "Solo empresas de Loja"},
    )
    assert "Solo empresas de Loja" in client.get(network.get_absolute_url()).content.decode()
    client.post(reverse("networks:request_join", args=[network.slug]))
    assert JoinRequest.objects.filter(user=applicant, status="pending").count() == 1


def invite(network, moderator, **data):
    return client_as(moderator).post(reverse("networks:invite", args=[network.slug]), data)


def token_from_mail() -> str:
    body = mail.outbox[-1].body
    return body.split("/networks/invitations/")[1].split("/")[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("visibility", list(Visibility))
def test_invitation_by_email_lets_the_invitee_in_once(visibility):
    network = make_network(visibility=visibility, join_policy=JoinPolicy.INVITATION)
    people = people_of(network)
    invitee = UserFactory(email="rosa@example.org")

    response = invite(network, people["moderator"], email="Rosa@Example.org")
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["rosa@example.org"]
    token = token_from_mail()
    assert not NetworkInvitation.objects.filter(digest=token).exists()  # only the digest is kept

    url = reverse("networks:invitation_accept", args=[token])
    assert network.name in client_as(invitee).get(url).content.decode()
    assert client_as(invitee).post(url).status_code == 302
    assert is_member(network, invitee)

    reused = client_as(UserFactory(email="rosa@example.org".replace("rosa", "other"))).post(url)
    assert reused.status_code == 404
    assert "not valid any more" in reused.content.decode()


@pytest.mark.django_db(transaction=True)
def test_expired_invitation_does_not_let_anyone_in(network):
    people = people_of(network)
    invitee = UserFactory()
    invite(network, people["owner"], email=invitee.email)
    token = token_from_mail()
    NetworkInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    response = client_as(invitee).post(reverse("networks:invitation_accept", args=[token]))

    assert response.status_code == 404
    assert "not valid any more" in response.content.decode()
    assert not is_member(network, invitee)


@pytest.mark.django_db(transaction=True)
def test_an_invitation_ends_at_its_expiry_instant_for_accepting_as_for_seeing(network, monkeypatch):
    """At expires_at itself the invitation no longer shows a hidden network (permissions: __gt), so it
    no longer lets its invitee in either."""
    people = people_of(network)
    invitee = UserFactory()
    invite(network, people["owner"], email=invitee.email)
    token = token_from_mail()
    invitation = NetworkInvitation.objects.get()
    monkeypatch.setattr(timezone, "now", lambda: invitation.expires_at)
    with pytest.raises(ValidationError, match="not valid any more"):
        services.invitation_accept(token=token, user=invitee)
    assert not is_member(network, invitee)


@pytest.mark.django_db(transaction=True)
def test_invitation_for_someone_else_is_refused(network):
    people = people_of(network)
    invite(network, people["owner"], email="rosa@example.org")
    stranger = UserFactory()
    response = client_as(stranger).post(reverse("networks:invitation_accept", args=[token_from_mail()]))
    assert response.status_code == 400
    assert "rosa@example.org" in response.content.decode()
    assert not is_member(network, stranger)


@pytest.mark.django_db(transaction=True)
def test_invite_a_member_found_by_search(network):
    people = people_of(network)
    carmen = UserFactory(display_name="Carmen Cango")
    owner_client = client_as(people["owner"])
    search = owner_client.get(reverse("networks:invite", args=[network.slug]), {"q": "carmen"})
    assert "Carmen Cango" in search.content.decode()

    invite(network, people["owner"], member=carmen.pk)

    assert Notification.objects.filter(recipient=carmen, verb="invited you to join").exists()
    client_as(carmen).post(reverse("networks:invitation_accept", args=[token_from_mail()]))
    assert is_member(network, carmen)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member", "org_member", "outsider"])
def test_members_and_outsiders_cannot_invite(network, persona):
    people = people_of(network)
    response = invite(network, people[persona], email="x@example.org")
    assert response.status_code == 403
    assert not NetworkInvitation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_cancelled_invitation_cannot_be_used(network):
    people = people_of(network)
    invitee = UserFactory()
    invite(network, people["owner"], email=invitee.email)
    token = token_from_mail()
    invitation = NetworkInvitation.objects.get()
    client_as(people["owner"]).post(reverse("networks:invitation_cancel", args=[network.slug, invitation.pk]))
    assert client_as(invitee).post(reverse("networks:invitation_accept", args=[token])).status_code == 404
    assert not is_member(network, invitee)


@pytest.mark.django_db
@pytest.mark.parametrize("policy", [JoinPolicy.OPEN, JoinPolicy.REQUEST])
def test_banned_member_cannot_come_back(policy):
    network = make_network(join_policy=policy)
    people = people_of(network)
    member = people["member"]
    membership = NetworkMembership.objects.get(network=network, user=member)
    client_as(people["moderator"]).post(
        reverse("networks:member_remove", args=[network.slug, membership.pk]), {"ban": "1", "reason": "spam"}
    )
    assert not is_member(network, member)
    client = client_as(member)

    response = client.post(reverse("networks:request_join", args=[network.slug]), follow=True)
    client.post(reverse("networks:join", args=[network.slug]))

    assert "may not join it again" in response.content.decode()
    assert not JoinRequest.objects.filter(user=member).exists()
    assert not is_member(network, member)
    # Lifting the ban lets them ask again.
    ban = NetworkBan.objects.get(network=network, user=member)
    client_as(people["owner"]).post(reverse("networks:ban_lift", args=[network.slug, ban.pk]))
    client.post(reverse("networks:request_join", args=[network.slug]))
    client.post(reverse("networks:join", args=[network.slug]))
    assert is_member(network, member) or JoinRequest.objects.filter(user=member, status="pending").exists()


@pytest.mark.django_db(transaction=True)
def test_banned_member_cannot_use_an_invitation_either(network):
    people = people_of(network)
    member = people["member"]
    NetworkBan.objects.create(network=network, user=member)
    NetworkMembership.objects.filter(user=member).delete()
    invite(network, people["owner"], email=member.email)
    response = client_as(member).post(reverse("networks:invitation_accept", args=[token_from_mail()]))
    assert response.status_code == 400
    assert not is_member(network, member)


@pytest.mark.django_db
def test_removing_without_ban_allows_asking_again(network):
    people = people_of(network)
    member = people["member"]
    membership = NetworkMembership.objects.get(network=network, user=member)
    client_as(people["moderator"]).post(reverse("networks:member_remove", args=[network.slug, membership.pk]))
    client_as(member).post(reverse("networks:request_join", args=[network.slug]))
    assert JoinRequest.objects.filter(user=member, status="pending").exists()


@pytest.mark.django_db
def test_moderator_cannot_remove_the_owner_or_another_moderator(network):
    people = people_of(network)
    other_moderator = NetworkMembershipFactory(network=network, role=NetworkRole.MODERATOR)
    owner_membership = NetworkMembership.objects.get(user=people["owner"])
    client = client_as(people["moderator"])
    for membership in (owner_membership, other_moderator):
        response = client.post(
            reverse("networks:member_remove", args=[network.slug, membership.pk]), follow=True
        )
        assert "below your own role" in response.content.decode()
    assert NetworkMembership.objects.filter(pk__in=[owner_membership.pk, other_moderator.pk]).count() == 2


@pytest.mark.django_db
def test_appointing_moderators_and_owners(network):
    people = people_of(network)
    member = NetworkMembership.objects.get(user=people["member"])
    url = reverse("networks:member_role", args=[network.slug, member.pk])

    client_as(people["moderator"]).post(url, {"role": "moderator"})
    member.refresh_from_db()
    assert member.role == "moderator"

    response = client_as(people["moderator"]).post(url, {"role": "owner"}, follow=True)
    member.refresh_from_db()
    assert member.role == "moderator" and "Only an owner" in response.content.decode()

    client_as(people["owner"]).post(url, {"role": "owner"})
    member.refresh_from_db()
    assert member.role == "owner"

    assert client_as(people["org_member"]).post(url, {"role": "member"}).status_code == 403


@pytest.mark.django_db
def test_members_leave_but_the_last_owner_stays(network):
    people = people_of(network)
    client_as(people["member"]).post(reverse("networks:leave", args=[network.slug]))
    assert not is_member(network, people["member"])
    response = client_as(people["owner"]).post(reverse("networks:leave", args=[network.slug]), follow=True)
    assert "only owner" in response.content.decode()
    assert is_member(network, people["owner"])


@pytest.mark.django_db
def test_organisation_admin_enrols_the_organisation_and_its_members_see_the_private_network():
    network = make_network(visibility=Visibility.PRIVATE)
    people = people_of(network)
    organisation = OrganisationFactory(name="Café de Altura Vilcabamba")
    MembershipFactory(organisation=organisation, user=people["member"], role=Role.ADMIN)
    colleague = MembershipFactory(organisation=organisation, role=Role.MEMBER).user
    members_url = reverse("networks:members", args=[network.slug])
    assert client_as(colleague).get(members_url).status_code == 404

    client_as(people["member"]).post(
        reverse("networks:organisation_add", args=[network.slug]), {"organisation": organisation.pk}
    )

    assert NetworkOrganisation.objects.filter(network=network, organisation=organisation).exists()
    page = client_as(colleague).get(members_url)
    assert page.status_code == 200 and "Café de Altura Vilcabamba" in page.content.decode()
    assert (
        "member through your organisation"
        in client_as(colleague).get(network.get_absolute_url()).content.decode()
    )


@pytest.mark.django_db
def test_plain_organisation_member_cannot_enrol_it(network):
    people = people_of(network)
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation, user=people["member"], role=Role.MEMBER)
    response = client_as(people["member"]).post(
        reverse("networks:organisation_add", args=[network.slug]), {"organisation": organisation.pk}
    )
    assert response.status_code == 302  # the form refuses an organisation the member does not manage
    assert not NetworkOrganisation.objects.filter(organisation=organisation).exists()


@pytest.mark.django_db
def test_creating_a_network_makes_its_forum_category_and_shows_it():
    creator = UserFactory()
    response = client_as(creator).post(
        reverse("networks:create"),
        {
            "kind": "business_cluster",
            "name": "Clúster de Café de Loja",
            "description": "Productores de café de altura.",
            "sectors": ["agriculture"],
            "countries": ["EC"],
            "visibility": "private",
            "join_policy": "request",
            "women_led_target": "30",
        },
    )
    assert response.status_code == 302
    network = NetworkMembership.objects.get(user=creator).network
    assert network.sectors == ["agriculture"] and network.women_led_target == 30
    assert NetworkMembership.objects.get(user=creator).role == "owner"
    category = Category.objects.get(network=network)
    assert category.slug == f"net-{network.slug}" and category.read_access == "members"
    assert "Clúster de Café de Loja" in client_as(creator).get(network.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_unverified_member_cannot_create_a_network():
    response = client_as(UserFactory(email_verified=False)).post(reverse("networks:create"), {"name": "X"})
    assert response.status_code == 302
    assert not NetworkMembership.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["owner", "moderator", "member", "outsider"])
def test_only_moderators_edit_the_network(network, persona):
    people = people_of(network)
    response = client_as(people[persona]).get(reverse("networks:edit", args=[network.slug]))
    assert response.status_code == (200 if persona in ("owner", "moderator") else 403)


# Review fixes: addresses stay private, bans cover organisations, confirmed addresses, races, slugs.


@pytest.mark.django_db(transaction=True)
def test_inviting_a_member_by_account_shows_the_moderator_no_address(network):
    people = people_of(network)
    carmen = UserFactory(display_name="Carmen Cango", email="carmen.cango@example.org")

    response = invite(network, people["owner"], member=carmen.pk)

    assert response.status_code == 302
    assert mail.outbox[-1].to == ["carmen.cango@example.org"]  # the e-mail still reaches her
    assert NetworkInvitation.objects.get().email == ""
    page = client_as(people["owner"]).get(reverse("networks:invite", args=[network.slug])).content.decode()
    assert "Carmen Cango" in page
    assert "carmen.cango@example.org" not in page
    client_as(carmen).post(reverse("networks:invitation_accept", args=[token_from_mail()]))
    assert is_member(network, carmen)


@pytest.mark.django_db
def test_member_search_finds_names_not_addresses(network):
    people = people_of(network)
    UserFactory(display_name="Carmen Cango", email="carmen.cango@example.org")
    UserFactory(display_name="Carmen Inactiva", is_active=False)
    url = reverse("networks:invite", args=[network.slug])
    client = client_as(people["owner"])

    by_name = client.get(url, {"q": "carmen"}).content.decode()
    by_address = client.get(url, {"q": "carmen.cango@example.org"}).content.decode()

    assert "Carmen Cango" in by_name and "Carmen Inactiva" not in by_name
    assert "Carmen Cango" not in by_address and "Nobody found." in by_address


@pytest.mark.django_db
def test_member_search_keeps_its_answer_short(network):
    people = people_of(network)
    for n in range(15):
        UserFactory(display_name=f"Rosa Quispe {n:02}")
    page = client_as(people["owner"]).get(reverse("networks:invite", args=[network.slug]), {"q": "rosa"})
    assert page.content.decode().count("Rosa Quispe") == 10


@pytest.mark.django_db
def test_invitations_from_pages_and_api_share_one_hourly_limit(network):
    people = people_of(network)
    owner = people["owner"]
    for _ in range(29):
        hit(f"network-invite:u{owner.pk}", INVITE_RATE)

    last_allowed = invite(network, owner, email="uno@example.org")
    page = invite(network, owner, email="dos@example.org")
    api = client_as(owner).post(
        f"/api/v1/networks/{network.slug}/invitations",
        {"email": "tres@example.org"},
        content_type="application/json",
    )

    assert last_allowed.status_code == 302
    assert page.status_code == api.status_code == 429
    assert list(NetworkInvitation.objects.values_list("email", flat=True)) == ["uno@example.org"]


@pytest.mark.django_db
def test_join_requests_from_pages_and_api_share_one_hourly_limit():
    user = UserFactory()
    networks = [make_network(join_policy=JoinPolicy.REQUEST) for _ in range(2)]
    for _ in range(10):
        hit(f"network-join-request:u{user.pk}", JOIN_REQUEST_RATE)

    page = client_as(user).post(reverse("networks:request_join", args=[networks[0].slug]))
    api = client_as(user).post(
        f"/api/v1/networks/{networks[1].slug}/join-requests", {}, content_type="application/json"
    )

    assert page.status_code == api.status_code == 429
    assert not JoinRequest.objects.exists()


@pytest.mark.django_db
def test_ban_also_shuts_out_a_member_through_an_enrolled_organisation():
    network = make_network(visibility=Visibility.PRIVATE)
    people = people_of(network)
    member = people["member"]
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation, user=member, role=Role.ADMIN)
    colleague = MembershipFactory(organisation=organisation).user
    client_as(member).post(
        reverse("networks:organisation_add", args=[network.slug]), {"organisation": organisation.pk}
    )
    membership = NetworkMembership.objects.get(network=network, user=member)

    client_as(people["moderator"]).post(
        reverse("networks:member_remove", args=[network.slug, membership.pk]), {"ban": "1"}
    )

    for name in ("members", "network_board", "partnerships"):
        url = reverse(f"networks:{name}", args=[network.slug])
        assert client_as(member).get(url).status_code == 404
        assert client_as(colleague).get(url).status_code == 200
    assert client_as(member).get(f"/api/v1/networks/{network.slug}/members").status_code == 404


@pytest.mark.django_db
def test_enrolling_an_organisation_does_not_let_a_banned_person_back_in():
    network = make_network(visibility=Visibility.PRIVATE)
    people = people_of(network)
    banned = UserFactory()
    NetworkBan.objects.create(network=network, user=banned)
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation, user=people["member"], role=Role.ADMIN)
    MembershipFactory(organisation=organisation, user=banned, role=Role.MEMBER)

    client_as(people["member"]).post(
        reverse("networks:organisation_add", args=[network.slug]), {"organisation": organisation.pk}
    )

    assert NetworkOrganisation.objects.filter(network=network, organisation=organisation).exists()
    client = client_as(banned)
    assert client.get(reverse("networks:members", args=[network.slug])).status_code == 404
    assert "member through your organisation" not in client.get(network.get_absolute_url()).content.decode()
    board_post = {"direction": "need", "kind": "supply", "title": "Compramos café", "description": "x"}
    response = client.post(reverse("networks:post_create") + f"?network={network.slug}", board_post)
    assert response.status_code == 404 and not PartnershipPost.objects.exists()


@pytest.mark.django_db
def test_member_q_and_moderator_q_follow_the_prefix_and_the_ban():
    network = make_network(visibility=Visibility.PRIVATE)
    people = people_of(network)
    post = PartnershipPostFactory(network=network)
    PartnershipPostFactory()  # another network's
    posts_of = {
        persona: set(
            PartnershipPost.objects.filter(member_q(user, prefix="network__")).values_list("pk", flat=True)
        )
        for persona, user in people.items()
        if user is not None
    }
    assert posts_of == {
        "owner": {post.pk},
        "moderator": {post.pk},
        "member": {post.pk},
        "org_member": {post.pk},
        "outsider": set(),
        "staff": set(),  # staff get no exemption here
    }
    moderated = {
        persona
        for persona, user in people.items()
        if PartnershipPost.objects.filter(
            moderator_q(user or AnonymousUser(), prefix="network__"), pk=post.pk
        ).exists()
    }
    assert moderated == {"owner", "moderator"}
    assert not Network.objects.filter(member_q(AnonymousUser())).exists()
    for persona in ("moderator", "org_member"):
        NetworkBan.objects.create(network=network, user=people[persona])
    assert not PartnershipPost.objects.filter(member_q(people["org_member"], prefix="network__")).exists()
    assert not Network.objects.filter(moderator_q(people["moderator"])).exists()
    assert not Network.objects.filter(member_q(people["moderator"])).exists()


@pytest.mark.django_db
def test_an_unconfirmed_address_does_not_open_a_hidden_network_invitation():
    hidden = make_network(visibility=Visibility.HIDDEN, join_policy=JoinPolicy.INVITATION)
    people = people_of(hidden)
    invite(hidden, people["owner"], email="rosa@example.org")
    claimant = UserFactory(email="rosa@example.org", email_verified=False)
    client = client_as(claimant)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert hidden.name not in client.get(reverse("networks:index")).content.decode()

    claimant.email_verified = True
    claimant.save()
    assert client.get(hidden.get_absolute_url()).status_code == 200
    assert hidden.name in client.get(reverse("networks:index")).content.decode()


@pytest.mark.django_db
def test_an_invitation_to_an_address_is_matched_whatever_its_case():
    hidden = make_network(visibility=Visibility.HIDDEN, join_policy=JoinPolicy.INVITATION)
    people = people_of(hidden)
    invite(hidden, people["owner"], email="Rosa_Quispe@Example.org")
    client = client_as(UserFactory(email="rosa_quispe@example.org", email_verified=True))
    assert client.get(hidden.get_absolute_url()).status_code == 200
    # An address that only matches as a LIKE pattern ("_" for any character) is not invited.
    lookalike = client_as(UserFactory(email="rosa.quispe@example.org", email_verified=True))
    assert lookalike.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_signing_in_to_accept_an_invitation_goes_through_the_login_page(network, settings):
    settings.LOGIN_URL = "/entrar/"
    people = people_of(network)
    invite(network, people["owner"], email="rosa@example.org")
    url = reverse("networks:invitation_accept", args=[token_from_mail()])

    response = client_as(None).post(url)

    assert response.status_code == 302
    assert response["Location"] == f"/entrar/?next={quote(url)}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Board", "New", "Indicators", "Invitations", "Partnerships"])
def test_a_network_named_like_a_fixed_page_gets_an_address_of_its_own(name):
    response = client_as(UserFactory()).post(
        reverse("networks:create"),
        {
            "kind": "thematic",
            "name": name,
            "visibility": "public",
            "join_policy": "open",
            "women_led_target": 25,
        },
    )
    assert response.status_code == 302
    network = NetworkMembership.objects.get().network
    assert network.slug != name.lower()
    assert name in client_as(None).get(network.get_absolute_url()).content.decode()


def test_every_fixed_networks_address_is_reserved():
    fixed = {
        str(pattern.pattern).split("/")[0].split(".")[0]
        for pattern in urls.urlpatterns
        if not str(pattern.pattern).startswith("<")
    }
    assert fixed - {""} <= RESERVED_SLUGS


@pytest.mark.django_db
def test_a_double_submitted_join_request_is_recorded_once(network, monkeypatch):
    applicant = UserFactory()
    exists, raced = QuerySet.exists, []

    def the_other_submit_commits_after_this_check(queryset):
        # Two submits of the form both pass "already asked?"; the other one then inserts first.
        if queryset.model is JoinRequest and not raced:
            raced.append(JoinRequest.objects.create(network=network, user=applicant))
            return False
        return exists(queryset)

    monkeypatch.setattr(QuerySet, "exists", the_other_submit_commits_after_this_check)

    response = client_as(applicant).post(reverse("networks:request_join", args=[network.slug]))

    assert response.status_code == 302
    assert JoinRequest.objects.filter(network=network, user=applicant, status="pending").count() == 1


@pytest.mark.django_db
def test_a_network_is_hosted_only_by_an_organisation_its_editor_manages(network):
    people = people_of(network)
    managed, foreign = OrganisationFactory(), OrganisationFactory()
    MembershipFactory(organisation=managed, user=people["owner"], role=Role.ADMIN)
    MembershipFactory(organisation=foreign, user=people["owner"], role=Role.MEMBER)

    with pytest.raises(PermissionDenied):
        services.network_update(network=network, actor=people["owner"], host=foreign)
    with pytest.raises(PermissionDenied):
        services.network_create(creator=people["owner"], name="Red ajena", host=foreign)
    services.network_update(network=network, actor=people["owner"], host=managed)
    network.refresh_from_db()
    assert network.host == managed
    # A moderator who does not manage the host may still save the network with it.
    services.network_update(network=network, actor=people["moderator"], host=managed, name="Renombrada")
    network.refresh_from_db()
    assert network.name == "Renombrada" and network.host == managed
