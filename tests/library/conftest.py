"""Library personas: author, co-author, editor (the "library editors" group), network moderator,
network member, reader (a signed-in member), outsider, anonymous; and a practice ready for each step."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from community.library import services
from community.library.models import EDITORS_GROUP
from networks.models import NetworkRole, Visibility
from tests.conftest import client_for
from tests.factories import NetworkFactory, NetworkMembershipFactory, OrganisationFactory, UserFactory


def client_as(user) -> Client:
    client = client_for(user) if user is not None else Client()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def author(db):
    return UserFactory(display_name="Ana Autora")


@pytest.fixture
def coauthor(db):
    return UserFactory(display_name="Carlos Coautor")


@pytest.fixture
def editor(db):
    user = UserFactory(display_name="Elena Editora")
    user.groups.add(Group.objects.get_or_create(name=EDITORS_GROUP)[0])
    return user


@pytest.fixture
def reader(db):
    return UserFactory(display_name="Rosa Lectora")


@pytest.fixture
def outsider(db):
    return UserFactory(display_name="Otto Outsider")


@pytest.fixture
def hidden_network(db):
    return NetworkFactory(visibility=Visibility.HIDDEN, name="Red oculta de ITS", slug="red-oculta")


@pytest.fixture
def network_moderator(hidden_network):
    return NetworkMembershipFactory(network=hidden_network, role=NetworkRole.MODERATOR).user


@pytest.fixture
def network_member(hidden_network):
    return NetworkMembershipFactory(network=hidden_network, role=NetworkRole.MEMBER).user


PRACTICE_DATA = {
    "title": "Formación virtual para pequeños hoteles",
    "summary": "Cursos en línea de marketing estratégico para hoteles pequeños.",
    "country": "GT",
    "sector": "tourism_accommodation",
    "training_area": "digital_skills",
    "target_groups": ["business_owners", "employees"],
    "context": "Los hoteles pequeños no podían dejar la recepción para ir a clases.",
    "method": "Taller participativo.\nPlataforma virtual.\nCurso de marketing estratégico.",
    "lessons": "El compromiso del gremio es decisivo.",
    "language": "es",
    "licence": "cc-by-4.0",
}


def make_draft(author, *, coauthors=(), network=None, **overrides):
    data = {
        "organisations": [OrganisationFactory(name="Instituto Técnico de Formación")],
        "tags": ["e-learning", "turismo"],
        "indicators": [{"value": "187", "unit": "people trained", "period": "18 months"}],
        **PRACTICE_DATA,
        **overrides,
    }
    return services.practice_create(author=author, coauthors=list(coauthors), network=network, **data)


def make_published(author, reviewer, **kwargs):
    practice = make_draft(author, **kwargs)
    services.practice_submit(practice=practice, actor=author)
    services.practice_publish(practice=practice, reviewer=reviewer)
    return practice


@pytest.fixture
def draft(author, coauthor):
    return make_draft(author, coauthors=[coauthor])


@pytest.fixture
def submitted(draft, author):
    services.practice_submit(practice=draft, actor=author)
    return draft


@pytest.fixture
def published(submitted, editor):
    services.practice_publish(practice=submitted, reviewer=editor)
    return submitted


@pytest.fixture
def hidden_practice(author, network_moderator, hidden_network):
    """A published practice in a hidden network; its author is a member of the network."""
    NetworkMembershipFactory(network=hidden_network, user=author)
    return make_published(
        author,
        network_moderator,
        network=hidden_network,
        title="Mentoría secreta para artesanas",
        tags=["secreto"],
    )
