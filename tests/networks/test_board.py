"""The partnership board: posting, who sees what, matching with its reasons, "I'm interested", and
going from an offer to an active partnership shown on both organisations' pages."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import reverse
from notifications.models import Notification

from community.organisations.models import Role
from networks import services
from networks.models import NetworkMembership, Partnership, PartnershipInterest, PartnershipPost, Visibility
from tests.factories import MembershipFactory, OrganisationFactory, PartnershipPostFactory, UserFactory
from tests.networks.conftest import MEMBERS, PERSONAS, client_as, make_network, people_of


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", list(Visibility))
@pytest.mark.parametrize("audience", ["network", "site"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_a_board_post(visibility, audience, persona):
    network = make_network(visibility=visibility)
    people = people_of(network)
    post = PartnershipPostFactory(network=network, audience=audience, author=people["member"])
    sees = audience == "site" or visibility == Visibility.PUBLIC or persona in MEMBERS
    response = client_as(people[persona]).get(post.get_absolute_url())
    assert response.status_code == (200 if sees else 404)
    assert (post.title in client_as(people[persona]).get(reverse("networks:board")).content.decode()) == sees


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member", "org_member", "outsider"])
def test_only_members_post_on_a_network_board(persona):
    network = make_network(visibility=Visibility.PUBLIC)
    people = people_of(network)
    response = client_as(people[persona]).post(
        reverse("networks:post_create") + f"?network={network.slug}",
        {
            "direction": "need",
            "kind": "apprenticeship",
            "title": "Buscamos aprendices de cocina",
            "description": "Dos plazas en temporada alta.",
            "tags": "cocina, Gastronomía",
            "audience": "network",
            "country": "EC",
        },
    )
    created = PartnershipPost.objects.filter(title="Buscamos aprendices de cocina").first()
    if persona == "outsider":
        assert response.status_code == 403 and created is None
    else:
        assert response.status_code == 302 and created is not None
        assert created.network == network
        assert sorted(t.name for t in created.tags.all()) == ["cocina", "gastronomía"]


@pytest.mark.django_db
def test_site_wide_post_needs_no_network():
    author = UserFactory()
    client_as(author).post(
        reverse("networks:post_create"),
        {
            "direction": "offer",
            "kind": "mentoring",
            "title": "Mentoría en exportación",
            "description": "x",
            "audience": "network",
        },
    )
    post = PartnershipPost.objects.get()
    assert post.network is None and post.audience == "site"
    assert "Mentoría en exportación" in client_as(None).get(reverse("networks:board")).content.decode()


@pytest.mark.django_db
def test_matches_are_ranked_and_explained(network):
    offer = PartnershipPostFactory(
        network=network, direction="offer", kind="training", sector="tourism_tour_operator"
    )
    offer.tags.set(["guianza", "inglés"])
    best = PartnershipPostFactory(
        network=network,
        direction="need",
        kind="training",
        sector="tourism_tour_operator",
        title="Necesitamos guías",
    )
    best.tags.set(["guianza"])
    related = PartnershipPostFactory(
        network=network,
        direction="need",
        kind="apprenticeship",
        sector="agriculture",
        country="CO",
        title="Plazas de aprendizaje",
    )
    unrelated = PartnershipPostFactory(
        network=network,
        direction="need",
        kind="funding",
        sector="manufacturing",
        country="CO",
        title="Fondos para maquinaria",
    )
    other_offer = PartnershipPostFactory(
        network=network, direction="offer", kind="training", title="Otra oferta"
    )
    vti = OrganisationFactory(name="Instituto Superior Daniel Álvarez", kind="vti", sector="education")

    body = client_as(UserFactory()).get(offer.get_absolute_url()).content.decode()

    assert body.index("Necesitamos guías") < body.index("Plazas de aprendizaje")
    assert "same kind: Training programme (+40)" in body
    assert "shared tags: guianza (+10)" in body
    assert "related kinds: Training programme and Apprenticeship places (+20)" in body
    assert unrelated.title not in body and other_offer.title not in body
    assert vti.name in body and "suits" in body
    assert related.title in body and best.title in body


@pytest.mark.django_db(transaction=True)
def test_interest_notifies_and_emails_the_author_once(network):
    people = people_of(network)
    post = PartnershipPostFactory(network=network, author=people["member"])
    interested = people["org_member"]
    client = client_as(interested)

    client.post(reverse("networks:interest", args=[post.pk]), {"message": "Podemos recibir a 10 guías"})
    again = client.post(reverse("networks:interest", args=[post.pk]), {}, follow=True)

    assert PartnershipInterest.objects.filter(post=post, user=interested).count() == 1
    assert "already told them" in again.content.decode()
    assert Notification.objects.filter(recipient=people["member"], verb="is interested in").count() == 1
    assert mail.outbox[-1].to == [people["member"].email]
    assert "Podemos recibir a 10 guías" in mail.outbox[-1].body
    assert client_as(people["member"]).post(reverse("networks:interest", args=[post.pk])).status_code == 302
    assert PartnershipInterest.objects.filter(post=post).count() == 1  # the author cannot be interested


@pytest.mark.django_db
def test_from_offer_to_active_partnership_listed_on_both_organisations(network):
    people = people_of(network)
    hostal = OrganisationFactory(name="Hostal Cordillera")
    instituto = OrganisationFactory(name="Instituto Sudamericano", kind="vti")
    offerer = MembershipFactory(organisation=instituto, user=people["member"], role=Role.ADMIN).user
    seeker = MembershipFactory(organisation=hostal, user=people["moderator"], role=Role.ADMIN).user
    post = PartnershipPostFactory(
        network=network, author=offerer, organisation=instituto, title="Curso de cocina"
    )

    client_as(seeker).post(reverse("networks:interest", args=[post.pk]), {"organisation": hostal.pk})
    interest = PartnershipInterest.objects.get()
    detail = client_as(offerer).get(post.get_absolute_url()).content.decode()
    assert "Propose a partnership" in detail
    assert (
        client_as(seeker)
        .post(reverse("networks:partnership_propose", args=[post.pk, interest.pk]))
        .status_code
        == 403
    )  # only the author proposes
    client_as(offerer).post(reverse("networks:partnership_propose", args=[post.pk, interest.pk]))

    partnership = Partnership.objects.get()
    assert set(partnership.parties.all()) == {hostal, instituto}
    assert partnership.status == "proposed" and partnership.network == network
    assert Notification.objects.filter(recipient=seeker, verb="proposed a partnership").exists()

    form = {
        "title": "Curso de cocina",
        "status": "active",
        "objectives": "Formar 12 cocineros",
        "people_trained": "12",
        "sales": "0",
        "currency": "USD",
    }
    assert client_as(seeker).post(partnership.get_absolute_url(), form).status_code == 302
    partnership.refresh_from_db()
    assert partnership.status == "active" and partnership.start_date is not None
    assert partnership.people_trained == 12

    for organisation in (hostal, instituto):
        page = client_as(None).get(organisation.get_absolute_url()).content.decode()
        assert "Curso de cocina" in page and "Active" in page


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["owner", "moderator", "member", "org_member", "outsider", "anonymous"])
def test_who_edits_a_partnership(persona):
    network = make_network(visibility=Visibility.PRIVATE)
    people = people_of(network)
    party = OrganisationFactory()
    MembershipFactory(organisation=party, user=people["member"])
    partnership = Partnership.objects.create(network=network, title="Ruta del cacao", status="agreed")
    partnership.parties.set([party, OrganisationFactory()])
    response = client_as(people[persona]).post(
        partnership.get_absolute_url(),
        {"title": "Cambiado", "status": "ended", "people_trained": 0, "sales": 0, "currency": "USD"},
    )
    partnership.refresh_from_db()
    if persona in ("owner", "moderator", "member"):
        assert response.status_code == 302 and partnership.status == "ended"
    else:
        assert response.status_code == (403 if persona == "org_member" else 404)
        assert partnership.status == "agreed"


@pytest.mark.django_db
def test_private_partnership_is_hidden_from_outsiders_on_the_organisation_page():
    network = make_network(visibility=Visibility.PRIVATE)
    party = OrganisationFactory()
    partnership = Partnership.objects.create(
        network=network, title="Alianza secreta de cacao", status="active"
    )
    partnership.parties.set([party, OrganisationFactory()])
    assert "Alianza secreta" not in client_as(UserFactory()).get(party.get_absolute_url()).content.decode()
    insider = MembershipFactory(organisation=party).user
    assert "Alianza secreta" in client_as(insider).get(party.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_board_and_organisation_page_query_counts(django_assert_num_queries, network):
    people = people_of(network)
    organisation = OrganisationFactory()
    for i in range(4):
        post = PartnershipPostFactory(network=network, organisation=organisation)
        post.tags.set([f"tag{i}"])
        p = Partnership.objects.create(network=network, title=f"Alianza {i}", status="active")
        p.parties.set([organisation, OrganisationFactory()])
    client = client_as(people["member"])
    url = reverse("networks:network_board", args=[network.slug])
    client.get(url)
    # session, user, network, visit counter, is-member check for "post" button (membership),
    # unread notifications, count, page of posts, their tags
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
    client.get(reverse("networks:partnerships", args=[network.slug]))
    # session, user, network, unread notifications, count, page, parties
    with django_assert_num_queries(7):
        assert client.get(reverse("networks:partnerships", args=[network.slug])).status_code == 200


# Review fixes.


@pytest.mark.django_db
def test_a_hidden_networks_post_cannot_be_shown_to_the_whole_site():
    network = make_network(visibility=Visibility.HIDDEN)
    people = people_of(network)
    form = {"direction": "offer", "kind": "training", "title": "Curso reservado", "description": "x"}
    url = reverse("networks:post_create") + f"?network={network.slug}"

    refused = client_as(people["member"]).post(url, form | {"audience": "site"})

    assert refused.status_code == 200 and "for its members only" in refused.content.decode()
    assert not PartnershipPost.objects.exists()
    assert client_as(people["member"]).post(url, form | {"audience": "network"}).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_board_pages_never_name_a_hidden_network_to_those_who_may_not_know_it(persona):
    network = make_network(visibility=Visibility.HIDDEN, name="Red Confidencial del Cacao")
    people = people_of(network)
    # Posted for the whole site before the network was hidden.
    post = PartnershipPostFactory(network=network, audience="site", title="Compramos cacao fino")
    knows = persona in MEMBERS
    client = client_as(people[persona])

    board = client.get(reverse("networks:board")).content.decode()
    detail = client.get(post.get_absolute_url()).content.decode()

    assert "Compramos cacao fino" in board and "Compramos cacao fino" in detail
    assert ("Red Confidencial del Cacao" in board) == knows
    assert ("Red Confidencial del Cacao" in detail) == knows


@pytest.mark.django_db
def test_interest_in_a_post_the_member_cannot_see_is_refused_by_the_service():
    network = make_network(visibility=Visibility.PRIVATE)
    people = people_of(network)
    post = PartnershipPostFactory(network=network, audience="network")
    with pytest.raises(PermissionDenied):
        services.interest_create(post=post, user=people["outsider"], message="Hola")
    assert not PartnershipInterest.objects.exists()
    services.interest_create(post=post, user=people["org_member"], message="Hola")
    assert PartnershipInterest.objects.count() == 1


@pytest.mark.django_db
def test_a_double_submitted_interest_is_recorded_once(network, monkeypatch):
    people = people_of(network)
    post = PartnershipPostFactory(network=network, author=people["member"])
    interested = people["org_member"]
    exists, raced = QuerySet.exists, []

    def the_other_submit_commits_after_this_check(queryset):
        # Two submits of the form both pass "already interested?"; the other one then inserts first.
        if queryset.model is PartnershipInterest and not raced:
            raced.append(PartnershipInterest.objects.create(post=post, user=interested))
            return False
        return exists(queryset)

    monkeypatch.setattr(QuerySet, "exists", the_other_submit_commits_after_this_check)

    response = client_as(interested).post(reverse("networks:interest", args=[post.pk]), {"message": "Hola"})

    assert response.status_code == 302
    assert PartnershipInterest.objects.filter(post=post, user=interested).count() == 1


@pytest.mark.django_db
def test_a_partnership_from_a_post_its_author_no_longer_sees_is_refused():
    network = make_network(visibility=Visibility.PRIVATE)
    people = people_of(network)
    offerer, partner = OrganisationFactory(), OrganisationFactory()
    author = people["member"]
    MembershipFactory(organisation=offerer, user=author, role=Role.ADMIN)
    post = PartnershipPostFactory(network=network, author=author, organisation=offerer, audience="network")
    membership = NetworkMembership.objects.get(network=network, user=author)
    services.membership_remove(membership=membership, actor=people["owner"], ban=True)

    with pytest.raises(PermissionDenied):
        services.partnership_create(actor=author, title="Curso", parties=[offerer, partner], origin_post=post)
    assert not Partnership.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_a_proposed_partnership(persona):
    network = make_network(visibility=Visibility.PUBLIC)
    people = people_of(network)
    proposer_org, partner_org = OrganisationFactory(), OrganisationFactory()
    MembershipFactory(organisation=proposer_org, user=people["member"], role=Role.ADMIN)
    partnership = services.partnership_create(
        actor=people["member"], title="Ruta del cacao", parties=[proposer_org, partner_org], network=network
    )
    sees = persona in ("owner", "moderator", "member", "staff")  # the network's moderators and the parties
    client = client_as(people[persona])

    assert client.get(partnership.get_absolute_url()).status_code == (200 if sees else 404)
    listed = client.get(reverse("networks:partnerships", args=[network.slug])).content.decode()
    assert ("Ruta del cacao" in listed) == sees
    assert "Ruta del cacao" not in client.get(network.get_absolute_url()).content.decode()  # not news yet
    assert "Ruta del cacao" not in client.get(proposer_org.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_only_the_other_sides_administrator_confirms_a_proposal_on_its_page(network):
    people = people_of(network)
    proposer_org, partner_org = OrganisationFactory(), OrganisationFactory()
    proposer = MembershipFactory(organisation=proposer_org, user=people["member"], role=Role.ADMIN).user
    partner_admin = MembershipFactory(organisation=partner_org, role=Role.ADMIN).user
    partnership = services.partnership_create(
        actor=proposer, title="Ruta del cacao", parties=[proposer_org, partner_org], network=network
    )
    form = {"title": "Ruta del cacao", "status": "active", "people_trained": 9, "sales": 0, "currency": "USD"}

    for one_side in (proposer, people["moderator"]):
        refused = client_as(one_side).post(partnership.get_absolute_url(), form)
        assert refused.status_code == 200 and "must confirm" in refused.content.decode()
    partnership.refresh_from_db()
    assert partnership.status == "proposed" and partnership.people_trained == 0
    page = client_as(partner_admin).get(partnership.get_absolute_url()).content.decode()
    assert "Proposed to your organisation" in page

    assert client_as(partner_admin).post(partnership.get_absolute_url(), form).status_code == 302
    partnership.refresh_from_db()
    assert partnership.status == "active" and partnership.people_trained == 9
    assert "Ruta del cacao" in client_as(None).get(partner_org.get_absolute_url()).content.decode()
