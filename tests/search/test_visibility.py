"""Nobody finds what they may not see: hidden networks and all inside them, private networks' content,
hidden topics and posts (moderators only), deleted posts (nobody)."""

import pytest
from django.utils import timezone

from community.search.indexing import rebuild_index
from forums.models import Access
from networks.models import NetworkInvitation, Visibility
from tests.factories import CategoryFactory, PostFactory, TopicFactory, UserFactory
from tests.networks.conftest import client_as, make_network, people_of
from tests.search.conftest import found, found_urls

# Every word of the hidden network's content, one per place it can hide: name, description, topic
# title, opening post, tag, category name, reply.
HIDDEN_WORDS = ["quetzal", "colibri", "orquidea", "vainilla", "guayacan", "cacao", "Quetzal colibrí"]


@pytest.fixture
def hidden_world(db):
    network = make_network(
        Visibility.HIDDEN, name="Red Quetzal", description="Productores de colibrí y miel", slug="quetzal"
    )
    people = people_of(network)
    category = CategoryFactory(network=network, name="Foro guayacán", read_access=Access.EVERYONE)
    topic = TopicFactory(
        category=category, title="Formación en orquídeas", opening_post="Cultivo de orquídea nativa"
    )
    topic.tags.set(["vainilla"])
    PostFactory(topic=topic, body="Exportamos **cacao** fino")
    rebuild_index()
    return network, people, topic


@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_outsider_never_finds_hidden_network_or_its_content_by_any_word(hidden_world, persona):
    _network, people, _topic = hidden_world
    for word in HIDDEN_WORDS:
        assert found(people[persona], word) == [], word


def test_hidden_network_search_answers_outsiders_nothing_on_the_page_and_api(hidden_world):
    network, people, topic = hidden_world
    for persona in ("outsider", "anonymous"):
        client = client_as(people[persona])
        for word in HIDDEN_WORDS:
            html = client.get("/search/", {"q": word}).content.decode()
            assert 'class="search-hit"' not in html
            assert network.get_absolute_url() not in html and topic.get_absolute_url() not in html
            assert "Cultivo" not in html and "Productores" not in html
            assert client.get("/api/v1/search", {"q": word}).json() == {"items": [], "count": 0}


@pytest.mark.parametrize("persona", ["owner", "member", "org_member", "staff"])
def test_members_of_a_hidden_network_find_it_and_its_content(hidden_world, persona):
    _network, people, topic = hidden_world
    user = people[persona]
    assert found(user, "quetzal") == ["Red Quetzal"]
    assert found(user, "orquidea") == [topic.title]
    assert found(user, "vainilla") == [topic.title]
    assert found(user, "cacao") == [topic.title]  # the reply, titled with its topic


def test_invitee_finds_the_hidden_network_but_none_of_its_content(hidden_world):
    network, people, _topic = hidden_world
    invitee = UserFactory()
    NetworkInvitation.objects.create(
        network=network,
        email=invitee.email,
        digest="x" * 64,
        invited_by=people["owner"],
        expires_at=timezone.now() + timezone.timedelta(days=3),
    )
    assert found(invitee, "quetzal") == ["Red Quetzal"]
    assert found(invitee, "orquidea") == []
    assert found(invitee, "cacao") == []


@pytest.mark.parametrize("case", ["unconfirmed address", "expired", "other case"])
def test_invitation_by_address_opens_the_hidden_network_only_when_it_should(hidden_world, case):
    """The searcher's address and the time are read by the database (the search SQL is shared)."""
    network, people, _topic = hidden_world
    invitee = UserFactory(email="ana.quispe@example.org", email_verified=case != "unconfirmed address")
    NetworkInvitation.objects.create(
        network=network,
        email="Ana.Quispe@Example.org" if case == "other case" else invitee.email,
        digest="y" * 64,
        invited_by=people["owner"],
        expires_at=timezone.now() + timezone.timedelta(days=-1 if case == "expired" else 3),
    )
    expected = ["Red Quetzal"] if case == "other case" else []
    assert found(invitee, "quetzal") == expected


@pytest.fixture
def private_world(db):
    network = make_network(Visibility.PRIVATE, name="Clúster Mindo", description="Turismo de aves")
    people = people_of(network)
    category = CategoryFactory(network=network, read_access=Access.EVERYONE)
    TopicFactory(category=category, title="Tarifas compartidas", opening_post="Precios para aviturismo")
    rebuild_index()
    return people


@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_private_network_is_known_to_all_but_its_content_only_to_members(private_world, persona):
    people = private_world
    assert found(people[persona], "mindo") == ["Clúster Mindo"]
    assert found(people[persona], "tarifas") == []
    assert found(people[persona], "aviturismo") == []
    assert found(people["member"], "tarifas") == ["Tarifas compartidas"]
    assert found(people["org_member"], "aviturismo") == ["Tarifas compartidas"]


@pytest.fixture
def moderated_world(db):
    network = make_network(Visibility.PUBLIC, name="Red abierta")
    people = people_of(network)
    category = CategoryFactory(network=network, read_access=Access.EVERYONE)
    site_moderator = UserFactory()
    category.moderators.add(site_moderator)
    people["category_moderator"] = site_moderator
    hidden_topic = TopicFactory(category=category, title="Oferta sospechosa", is_hidden=True)
    PostFactory(topic=hidden_topic, body="respuesta dentro del tema oculto zafiro")
    visible = TopicFactory(category=category, title="Ferias de artesanía")
    PostFactory(topic=visible, body="Mensaje ofensivo esmeralda", is_hidden=True)
    PostFactory(topic=visible, body="Mensaje borrado rubí", is_deleted=True)
    PostFactory(topic=visible, body="Respuesta normal de ámbar")
    rebuild_index()
    return people


@pytest.mark.parametrize("persona", ["outsider", "anonymous", "member", "org_member"])
def test_hidden_topics_and_posts_are_not_found_by_readers(moderated_world, persona):
    user = moderated_world[persona]
    assert found(user, "sospechosa") == []
    assert found(user, "zafiro") == []
    assert found(user, "esmeralda") == []
    assert found(user, "ambar") == ["Ferias de artesanía"]


@pytest.mark.parametrize("persona", ["owner", "moderator", "category_moderator", "staff"])
def test_moderators_find_hidden_topics_and_posts(moderated_world, persona):
    user = moderated_world[persona]
    assert found(user, "sospechosa") == ["Oferta sospechosa"]
    assert found(user, "zafiro") == ["Oferta sospechosa"]
    assert found(user, "esmeralda") == ["Ferias de artesanía"]


@pytest.mark.parametrize("persona", ["outsider", "member", "moderator", "staff"])
def test_deleted_posts_are_found_by_nobody(moderated_world, persona):
    assert found(moderated_world[persona], "rubi") == []


def test_members_only_category_of_a_public_network_is_for_its_members(db):
    network = make_network(Visibility.PUBLIC)
    people = people_of(network)
    category = CategoryFactory(network=network, read_access=Access.MEMBERS)
    topic = TopicFactory(category=category, title="Compras conjuntas de cacao")
    rebuild_index()
    assert found(people["outsider"], "cacao") == []
    assert found(people["member"], "cacao") == [topic.title]
    assert found_urls(people["member"], "cacao") == [topic.get_absolute_url()]
