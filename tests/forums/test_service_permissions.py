"""The services check read access themselves, not only the pages: whoever calls them (a page, the API,
a management command), a member who cannot read a topic cannot react, flag, reply, edit, delete or
accept an answer there. The pages and the API still answer 404 first (tests/forums/test_api.py)."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from forums.models import Access, Post, Reaction, Topic
from forums.permissions import check_can_flag
from forums.services.posting import (
    post_create,
    post_delete,
    post_update,
    reaction_set,
    reaction_toggle,
    topic_accept_answer,
)
from networks.models import NetworkMembership, NetworkRole, Visibility
from tests.factories import (
    CategoryFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    PostFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def cluster(db):
    """A question in a members-only Q&A category of a private cluster.

    The asker and the answerer have since left the cluster: they wrote there but may no longer read it.
    """
    network = NetworkFactory(visibility=Visibility.PRIVATE)
    category = CategoryFactory(network=network, read_access=Access.MEMBERS, is_qa=True)
    asker = NetworkMembershipFactory(network=network).user
    answerer = NetworkMembershipFactory(network=network).user
    topic = TopicFactory(category=category, author=asker, title="¿Qué feria conviene en mayo?")
    answer = PostFactory(topic=topic, author=answerer, body="La de Otavalo.")
    place = SimpleNamespace(
        network=network,
        category=category,
        topic=topic,
        answer=answer,
        asker=asker,
        answerer=answerer,
        member=NetworkMembershipFactory(network=network).user,
        moderator=NetworkMembershipFactory(network=network, role=NetworkRole.MODERATOR).user,
        outsider=UserFactory(),
    )
    return place


def leave(place, *users) -> None:
    NetworkMembership.objects.filter(network=place.network, user__in=users).delete()


def test_outsider_cannot_react_to_a_private_clusters_post_through_the_service(cluster):
    for react in (
        lambda: reaction_toggle(post=cluster.answer, user=cluster.outsider, kind="like"),
        lambda: reaction_set(post=cluster.answer, user=cluster.outsider, kind="like", active=True),
    ):
        with pytest.raises(PermissionDenied):
            react()

    assert not Reaction.objects.exists()
    reaction_set(post=cluster.answer, user=cluster.member, kind="like", active=True)  # members may
    assert Reaction.objects.get().user == cluster.member


def test_outsider_cannot_flag_a_private_clusters_post(cluster):
    with pytest.raises(PermissionDenied, match="You cannot see this topic."):
        check_can_flag(cluster.outsider, cluster.answer)

    check_can_flag(cluster.member, cluster.answer)  # members may


def test_member_cannot_flag_someone_elses_hidden_post(cluster):
    Post.objects.filter(pk=cluster.answer.pk).update(is_hidden=True)
    cluster.answer.refresh_from_db()

    with pytest.raises(PermissionDenied, match="You cannot see this post."):
        check_can_flag(cluster.member, cluster.answer)


def test_member_who_left_cannot_edit_or_delete_their_post_in_the_private_cluster(cluster):
    leave(cluster, cluster.answerer)

    with pytest.raises(PermissionDenied):
        post_update(post=cluster.answer, editor=cluster.answerer, body="Mejor la de Cuenca.")
    with pytest.raises(PermissionDenied):
        post_delete(post=cluster.answer, actor=cluster.answerer)

    answer = Post.objects.get(pk=cluster.answer.pk)
    assert (answer.body, answer.is_deleted) == ("La de Otavalo.", False)


def test_asker_who_left_cannot_accept_an_answer_in_the_private_cluster(cluster):
    leave(cluster, cluster.asker)

    with pytest.raises(PermissionDenied):
        topic_accept_answer(topic=cluster.topic, actor=cluster.asker, post=cluster.answer)

    assert Topic.objects.get(pk=cluster.topic.pk).accepted_answer is None


def test_asker_still_in_the_cluster_accepts_an_answer(cluster):
    topic_accept_answer(topic=cluster.topic, actor=cluster.asker, post=cluster.answer)

    assert Topic.objects.get(pk=cluster.topic.pk).accepted_answer == cluster.answer


def test_member_cannot_reply_to_a_hidden_topic_through_the_service_but_a_moderator_can(cluster):
    Topic.objects.filter(pk=cluster.topic.pk).update(is_hidden=True)
    cluster.topic.refresh_from_db()

    with pytest.raises(PermissionDenied, match="You cannot see this topic."):
        post_create(topic=cluster.topic, author=cluster.member, body="¿Sigue abierta la inscripción?")

    post_create(topic=cluster.topic, author=cluster.moderator, body="Lo revisamos y lo reabrimos.")
    assert Post.objects.filter(topic=cluster.topic).count() == 3
