"""A network's categories: lists and pages agree on who may read them, organisation members included."""

import pytest
from django.urls import reverse

from community.organisations.models import Role
from forums.models import Access
from forums.permissions import can_read, visible_categories
from networks.models import NetworkBan, Visibility
from tests.factories import (
    CategoryFactory,
    MembershipFactory,
    NetworkFactory,
    NetworkOrganisationFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.HIDDEN])
def test_member_of_an_enrolled_organisation_sees_the_category_in_lists_and_pages(visibility, login):
    network = NetworkFactory(visibility=visibility)
    category = CategoryFactory(network=network, read_access=Access.MEMBERS)
    enrolment = NetworkOrganisationFactory(network=network)
    colleague = MembershipFactory(organisation=enrolment.organisation, role=Role.MEMBER).user
    outsider = UserFactory()

    assert can_read(colleague, category)
    assert category in visible_categories(colleague)
    assert login(colleague).get(reverse("forums:category", args=[category.slug])).status_code == 200
    assert login(colleague).get(reverse("forums:index")).content.decode().count(category.name) >= 1
    assert not can_read(outsider, category)
    assert category not in visible_categories(outsider)
    assert login(outsider).get(reverse("forums:category", args=[category.slug])).status_code == 404


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.HIDDEN])
def test_a_banned_member_of_an_enrolled_organisation_no_longer_reads_the_category(visibility, login):
    network = NetworkFactory(visibility=visibility)
    category = CategoryFactory(network=network, read_access=Access.MEMBERS, name="Mesa del clúster")
    topic = TopicFactory(category=category, title="Acta de la reunión de marzo")
    enrolment = NetworkOrganisationFactory(network=network)
    banned = MembershipFactory(organisation=enrolment.organisation, role=Role.MEMBER).user
    colleague = MembershipFactory(organisation=enrolment.organisation, role=Role.MEMBER).user
    NetworkBan.objects.create(network=network, user=banned, reason="Compartió actas fuera del clúster")
    client = login(banned)

    assert client.get(reverse("forums:category", args=[category.slug])).status_code == 404
    assert client.get(reverse("forums:topic", args=[topic.pk])).status_code == 404
    assert category.name not in client.get(reverse("forums:index")).content.decode()
    assert topic.title not in client.get(reverse("forums:search"), {"q": "reunión"}).content.decode()
    # Their colleagues, not banned, still read it all.
    assert login(colleague).get(reverse("forums:topic", args=[topic.pk])).status_code == 200
    assert category.name in login(colleague).get(reverse("forums:index")).content.decode()


def test_a_new_network_never_adopts_an_existing_category_with_its_slug():
    from forums.services.categories import category_create_for_network

    site_category = CategoryFactory(slug="net-turismo-loja", read_access=Access.EVERYONE)
    network = NetworkFactory(slug="turismo-loja", visibility=Visibility.PRIVATE)
    own = category_create_for_network(network=network, actor=None)
    assert own.pk != site_category.pk
    assert own.network == network
    site_category.refresh_from_db()
    assert site_category.network is None
    assert category_create_for_network(network=network, actor=None).pk == own.pk


def test_a_named_moderator_banned_from_the_network_no_longer_moderates_its_category(login):
    from forums.permissions import is_moderator, visible_topics
    from networks.models import NetworkBan
    from tests.factories import TopicFactory

    network = NetworkFactory(visibility=Visibility.PUBLIC)
    category = CategoryFactory(network=network)
    moderator = UserFactory()
    category.moderators.add(moderator)
    hidden = TopicFactory(category=category, is_hidden=True)
    assert is_moderator(moderator, category)
    assert hidden in visible_topics(moderator)

    NetworkBan.objects.create(network=network, user=moderator, banned_by=UserFactory(is_staff=True))
    assert not is_moderator(moderator, category)
    assert hidden not in visible_topics(moderator)
    assert login(moderator).get(reverse("forums:topic", args=[hidden.pk])).status_code == 404
