"""The services keep the index in step: what is created is found, what changes is found by its new
words only, what is hidden, deactivated or deleted is gone, and a network made hidden takes its
content out of outsiders' searches. Callbacks run after commit, as in production."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.organisations import services as organisation_services
from community.search.indexing import rebuild_index, reindex_network_content
from community.search.models import SearchDocument
from forums.models import Access
from forums.services import moderation, posting
from networks import services as network_services
from networks.models import NetworkRole, Visibility
from tests.conftest import client_for
from tests.factories import CategoryFactory, NetworkMembershipFactory, PostFactory, TopicFactory, UserFactory
from tests.search.conftest import found


def test_organisation_and_offering_follow_their_services(veteran, committed):
    with committed():
        organisation = organisation_services.organisation_create(
            creator=veteran,
            kind="business",
            name="Hostería Cóndor",
            country="EC",
            sector="tourism_accommodation",
        )
        offering = organisation_services.offering_create(
            organisation=organisation, actor=veteran, name="Caminata al páramo", description="Con guía local"
        )
    # The organisation's name is in its own row (title, first) and in its offerings' rows.
    assert found(None, "condor") == ["Hostería Cóndor", "Caminata al páramo"]
    assert found(None, "paramo") == ["Caminata al páramo"]

    with committed():
        organisation_services.organisation_update(
            organisation=organisation, actor=veteran, name="Hostería Colibrí"
        )
    assert found(None, "condor") == []
    assert found(None, "colibri") == ["Hostería Colibrí", "Caminata al páramo"]

    with committed():
        organisation_services.offering_update(offering=offering, actor=veteran, is_active=False)
    assert found(None, "paramo") == []
    with committed():
        organisation_services.offering_update(offering=offering, actor=veteran, is_active=True)
    assert found(None, "paramo") == ["Caminata al páramo"]

    with committed():
        organisation_services.offering_delete(offering=offering, actor=veteran)
    assert found(None, "paramo") == []
    assert not SearchDocument.objects.filter(kind="offering").exists()


@pytest.fixture
def forum(db):
    return CategoryFactory(
        read_access=Access.EVERYONE, start_access=Access.EVERYONE, reply_access=Access.EVERYONE
    )


def test_topic_and_replies_follow_posting(forum, veteran, committed):
    with committed():
        topic = posting.topic_create(
            category=forum,
            author=veteran,
            title="Bordado otavaleño",
            body="Técnicas de *tejido*",
            tags=["lana"],
        )
        reply = posting.post_create(topic=topic, author=veteran, body="Usamos tintes de cochinilla")
    assert found(None, "otavaleno") == ["Bordado otavaleño"]
    assert found(None, "tejido") == ["Bordado otavaleño"]
    assert found(None, "lana") == ["Bordado otavaleño"]
    assert found(None, "cochinilla", kind="post") == ["Bordado otavaleño"]

    with committed():
        posting.post_update(post=reply, editor=veteran, body="Usamos tintes de nogal")
    assert found(None, "cochinilla") == []
    assert found(None, "nogal", kind="post") == ["Bordado otavaleño"]

    opening = topic.posts.order_by("pk").first()
    with committed():
        posting.post_update(post=opening, editor=veteran, body="Técnicas de telar", title="Telar de cintura")
    assert found(None, "bordado") == [] and found(None, "tejido") == []
    assert found(None, "telar", kind="topic") == ["Telar de cintura"]
    assert found(None, "nogal") == ["Telar de cintura"]  # the reply's row shows the new title

    with committed():
        posting.post_delete(post=reply, actor=veteran)
    assert found(None, "nogal") == []


def test_deleting_the_only_post_removes_the_topic(forum, veteran, committed):
    with committed():
        topic = posting.topic_create(category=forum, author=veteran, title="Pregunta suelta", body="Nada más")
    with committed():
        posting.post_delete(post=topic.posts.get(), actor=veteran)
    assert found(None, "suelta") == []
    assert not SearchDocument.objects.exists()


def test_hidden_posts_and_topics_leave_readers_results_and_come_back(forum, veteran, staff, committed):
    reader = UserFactory()
    with committed():
        topic = posting.topic_create(category=forum, author=veteran, title="Ferias de cuero", body="Primera")
        reply = posting.post_create(topic=topic, author=veteran, body="Oferta de curtiembre")
    with committed():
        moderation.post_hide(post=reply, actor=staff, reason="spam")
    assert found(reader, "curtiembre") == []
    assert found(staff, "curtiembre") == ["Ferias de cuero"]
    with committed():
        moderation.post_restore(post=reply, actor=staff)
    assert found(reader, "curtiembre") == ["Ferias de cuero"]

    with committed():
        moderation.topic_hide(topic=topic, actor=staff, reason="fuera de tema")
    assert found(reader, "cuero") == [] and found(reader, "curtiembre") == []
    assert found(staff, "curtiembre") == ["Ferias de cuero"]
    with committed():
        moderation.topic_restore(topic=topic, actor=staff)
    assert found(reader, "curtiembre") == ["Ferias de cuero"]

    members_only = CategoryFactory(read_access=Access.MEMBERS)  # site-wide: signed-in members
    with committed():
        moderation.topic_move(topic=topic, actor=staff, category=members_only)
    assert found(None, "curtiembre") == []
    assert found(reader, "curtiembre") == ["Ferias de cuero"]


def test_network_made_hidden_takes_its_content_out_of_outsiders_results(veteran, committed):
    outsider = UserFactory()
    with committed():
        network = network_services.network_create(
            creator=veteran,
            name="Red de hilanderas",
            visibility=Visibility.PUBLIC,
            description="Lana de alpaca",
        )
    category = CategoryFactory(network=network, read_access=Access.EVERYONE, start_access=Access.MEMBERS)
    with committed():
        posting.topic_create(category=category, author=veteran, title="Tintes naturales", body="Cochinilla")
    assert found(outsider, "hilanderas") == ["Red de hilanderas"]
    assert found(outsider, "alpaca") == ["Red de hilanderas"]
    assert found(outsider, "tintes") == ["Tintes naturales"]

    with committed():
        network_services.network_update(network=network, actor=veteran, visibility=Visibility.HIDDEN)
    for word in ("hilanderas", "alpaca", "tintes", "cochinilla"):
        assert found(outsider, word) == [], word
        assert found(None, word) == [], word
    assert found(veteran, "tintes") == ["Tintes naturales"]

    with committed():
        network_services.network_update(network=network, actor=veteran, visibility=Visibility.PRIVATE)
    assert found(outsider, "hilanderas") == ["Red de hilanderas"]
    assert found(outsider, "tintes") == []
    member = NetworkMembershipFactory(network=network, role=NetworkRole.MEMBER).user
    assert found(member, "tintes") == ["Tintes naturales"]


def test_reindex_command_rebuilds_what_the_services_wrote(forum, veteran, committed):
    with committed():
        topic = posting.topic_create(category=forum, author=veteran, title="Ruta del café", body="Catación")
        posting.post_create(topic=topic, author=veteran, body="Tostado artesanal")
    before = sorted(SearchDocument.objects.values_list("kind", "title", "parent_title", "body"))
    SearchDocument.objects.all().delete()
    assert found(None, "cafe") == []
    call_command("search_reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(SearchDocument.objects.values_list("kind", "title", "parent_title", "body")) == before
    assert found(None, "cafe") == ["Ruta del café"]
    assert found(None, "tostado") == ["Ruta del café"]


def test_organisation_deleted_in_the_admin_takes_its_offerings_out_of_search(veteran, committed):
    """Deleting an organisation (the admin is the only way) cascades to its offerings without any
    service: neither may stay findable, linking to a page that is gone."""
    with committed():
        organisation = organisation_services.organisation_create(
            creator=veteran, kind="business", name="Hostería Cóndor", country="EC", sector="education"
        )
        organisation_services.offering_create(
            organisation=organisation, actor=veteran, name="Caminata al páramo", description="Con guía"
        )
    assert found(None, "condor") == ["Hostería Cóndor", "Caminata al páramo"]
    admin = UserFactory(is_staff=True, is_superuser=True)
    with committed():
        response = client_for(admin).post(
            f"/admin/organisations/organisation/{organisation.pk}/delete/", {"post": "yes"}
        )
    assert response.status_code == 302
    assert found(None, "condor") == [] and found(None, "paramo") == []
    assert not SearchDocument.objects.exists()


def test_topic_deleted_in_the_admin_leaves_search_with_its_replies(forum, veteran, committed):
    with committed():
        topic = posting.topic_create(category=forum, author=veteran, title="Ruta del café", body="Catación")
        posting.post_create(topic=topic, author=veteran, body="Tostado artesanal")
    admin = UserFactory(is_staff=True, is_superuser=True)
    with committed():
        response = client_for(admin).post(f"/admin/forums/topic/{topic.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert found(admin, "cafe") == [] and found(admin, "tostado") == []
    assert not SearchDocument.objects.exists()


def test_network_reindex_costs_the_same_for_few_rows_or_many(veteran, django_assert_num_queries):
    """A visibility change rewrites every row of the network after commit: its cost must not grow with
    topics and replies (it did: each reply was written twice, its topic, category and opening post
    loaded one by one)."""
    network = network_services.network_create(creator=veteran, name="Red de hilanderas")
    category = CategoryFactory(network=network, read_access=Access.EVERYONE)
    topic = TopicFactory(category=category, title="Tintes naturales", opening_post="Cochinilla")
    PostFactory(topic=topic, body="Nogal")
    rebuild_index()
    # 1 the network's rows; then for each kind of row (network, topic, post): its objects (topics: +1
    # their tags), 1 bulk update, the full-text refresh (1 query on PostgreSQL, 3 on SQLite).
    with CaptureQueriesContext(connection) as few:
        reindex_network_content(network.pk)
    for n in range(5):
        PostFactory(topic=TopicFactory(category=category, title=f"Hilos {n}"), body=f"Respuesta {n}")
        PostFactory(topic=topic, body=f"Respuesta {n}")
    rebuild_index()
    with django_assert_num_queries(len(few.captured_queries)):
        reindex_network_content(network.pk)
    assert len(found(None, "respuesta", kind="post")) == 10
    assert found(None, "cochinilla") == ["Tintes naturales"]
