"""Personas shared by every test: owner, admin, member, outsider, anonymous (the client), staff."""

import pytest
from django.core.cache import cache
from django.test import Client

from community.organisations.models import Role
from tests.factories import PASSWORD, MembershipFactory, OfferingFactory, OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def _isolate(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def owner(organisation):
    return MembershipFactory(organisation=organisation, role=Role.OWNER).user


@pytest.fixture
def admin_member(organisation, owner):
    return MembershipFactory(organisation=organisation, role=Role.ADMIN).user


@pytest.fixture
def member(organisation, owner):
    return MembershipFactory(organisation=organisation, role=Role.MEMBER).user


@pytest.fixture
def outsider(db):
    return UserFactory()


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def offering(organisation):
    return OfferingFactory(organisation=organisation)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def login():
    return client_for


@pytest.fixture
def daphne_server(transactional_db):
    """One real daphne process (tests/servers.py) on the test database, for end-to-end tests."""
    from tests.servers import Daphne, database_env

    with Daphne(env=database_env()) as server:
        yield server
