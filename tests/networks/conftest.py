"""Network personas: owner, moderator, member, member through an organisation, outsider, anonymous, staff."""

import pytest
from django.test import Client

from community.organisations.models import Role
from networks.models import JoinPolicy, NetworkRole, Visibility
from tests.conftest import client_for
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    NetworkOrganisationFactory,
    OrganisationFactory,
    UserFactory,
)

PERSONAS = ["owner", "moderator", "member", "org_member", "outsider", "anonymous", "staff"]
MEMBERS = {"owner", "moderator", "member", "org_member", "staff"}


def make_network(visibility: str = Visibility.PUBLIC, join_policy: str = JoinPolicy.REQUEST, **kwargs):
    return NetworkFactory(visibility=visibility, join_policy=join_policy, **kwargs)


@pytest.fixture
def network(db):
    return make_network()


def people_of(network) -> dict:
    """One user per persona for this network (None for the anonymous visitor)."""
    org = OrganisationFactory()
    org_member = MembershipFactory(organisation=org, role=Role.MEMBER).user
    NetworkOrganisationFactory(network=network, organisation=org)
    return {
        "owner": NetworkMembershipFactory(network=network, role=NetworkRole.OWNER).user,
        "moderator": NetworkMembershipFactory(network=network, role=NetworkRole.MODERATOR).user,
        "member": NetworkMembershipFactory(network=network, role=NetworkRole.MEMBER).user,
        "org_member": org_member,
        "outsider": UserFactory(),
        "anonymous": None,
        "staff": UserFactory(is_staff=True),
    }


def client_as(user) -> Client:
    """A client for the persona, in English whoever it is (anonymous visitors get Spanish by default)."""
    client = client_for(user) if user is not None else Client()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def people(network):
    return people_of(network)
