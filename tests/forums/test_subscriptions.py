"""Watching and muting topics, watching categories, and who is notified (in-app and by e-mail) of new
posts and mentions, for the author, a moderator, a member, an outsider and anonymous visitors."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from notifications.models import Notification

from community.accounts.models import User
from forums.models import Access, Subscription, SubscriptionLevel
from forums.permissions import can_read_topic, topic_readers
from forums.services.subscriptions import (
    category_watch,
    new_post_recipients,
    notify_mentions,
    notify_new_post,
    topic_mute,
    topic_watch,
)
from networks.models import NetworkBan, NetworkMembership, NetworkOrganisation, NetworkRole, Visibility
from tests.factories import (
    CategoryFactory,
    MembershipFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganisationFactory,
    PostFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def network(db):
    return NetworkFactory(visibility=Visibility.PRIVATE)


@pytest.fixture
def category(network):
    """A members-only category of a private cluster."""
    return CategoryFactory(network=network, read_access=Access.MEMBERS, name="Formación dual")


@pytest.fixture
def author(network):
    return NetworkMembershipFactory(network=network).user


@pytest.fixture
def moderator(network):
    return NetworkMembershipFactory(network=network, role=NetworkRole.MODERATOR).user


@pytest.fixture
def member(network):
    return NetworkMembershipFactory(network=network).user


@pytest.fixture
def topic(category, author):
    topic = TopicFactory(category=category, author=author, title="Pasantías en hoteles")
    topic_watch(user=author, topic=topic)  # as topic_create does
    return topic


def reply(topic, author=None, body="Nosotros lo hacemos con el SECAP."):
    return PostFactory(topic=topic, author=author or UserFactory(), body=body)


def notified(verb="replied to"):
    return set(Notification.objects.filter(verb=verb).values_list("recipient_id", flat=True))


def post(client, name, *args, **data):
    return client.post(reverse(f"forums:{name}", args=args), data)


# Watching, muting, unsubscribing: the pages


def test_member_watches_a_topic_and_the_buttons_show_it(login, topic, member):
    client = login(member)

    response = post(client, "topic_watch", topic.pk)

    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    assert Subscription.objects.get(user=member, topic=topic).level == SubscriptionLevel.WATCH
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "You are watching this topic: you will be notified of every new post." in page  # the message
    assert "Stop watching" in page
    assert reverse("forums:topic_unsubscribe", args=[topic.pk]) in page


def test_member_mutes_a_topic_then_watches_it_again(login, topic, member):
    client = login(member)

    post(client, "topic_mute", topic.pk)
    assert Subscription.objects.get(user=member, topic=topic).level == SubscriptionLevel.MUTE
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "You muted this topic: you are not notified about it." in page
    assert "Unmute" in page

    post(client, "topic_watch", topic.pk)
    assert Subscription.objects.get(user=member, topic=topic).level == SubscriptionLevel.WATCH


def test_unsubscribing_goes_back_to_the_default(login, topic, author):
    client = login(author)

    response = client.post(reverse("forums:topic_unsubscribe", args=[topic.pk]), follow=True)

    assert not Subscription.objects.filter(user=author, topic=topic).exists()
    page = response.content.decode()
    assert "You will be notified about this topic only if you watch its category." in page
    assert "You are notified only when someone mentions you." in page


def test_topic_watch_is_idempotent_and_turns_a_mute_into_a_watch(topic, member):
    topic_watch(user=member, topic=topic)
    topic_watch(user=member, topic=topic)
    assert Subscription.objects.filter(user=member, topic=topic).count() == 1

    topic_mute(user=member, topic=topic)
    topic_watch(user=member, topic=topic)

    assert list(Subscription.objects.filter(user=member, topic=topic).values_list("level", flat=True)) == [
        SubscriptionLevel.WATCH
    ]


def test_moderator_watches_and_unwatches_a_category(login, category, moderator):
    client = login(moderator)

    response = post(client, "category_watch", category.slug)

    assert response["Location"] == category.get_absolute_url()
    assert Subscription.objects.filter(
        user=moderator, category=category, level=SubscriptionLevel.WATCH
    ).exists()
    page = client.get(category.get_absolute_url()).content.decode()
    assert "You are watching this category: you are notified of every new topic and reply." in page
    assert reverse("forums:category_unwatch", args=[category.slug]) in page

    post(client, "category_unwatch", category.slug)
    assert not Subscription.objects.filter(user=moderator, category=category).exists()


def test_a_topic_in_a_watched_category_says_why_the_member_is_notified(login, topic, member):
    category_watch(user=member, category=topic.category)

    page = login(member).get(topic.get_absolute_url()).content.decode()

    assert "You are notified of new posts because you watch this category." in page


def test_the_buttons_go_back_only_to_a_page_of_this_site(login, topic, member):
    client = login(member)
    listing = reverse("forums:category", args=[topic.category.slug]) + "?page=2"

    assert post(client, "topic_watch", topic.pk, next=listing)["Location"] == listing
    evil = post(client, "topic_mute", topic.pk, next="https://evil.example/phish")
    assert evil["Location"] == topic.get_absolute_url()


def test_buttons_with_htmx_return_the_new_buttons(login, topic, member):
    response = login(member).post(
        reverse("forums:topic_mute", args=[topic.pk]),
        {"next": topic.get_absolute_url()},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="subscription">')
    assert "Topic muted: you will not be notified about it." in html
    assert reverse("forums:topic_unsubscribe", args=[topic.pk]) in html
    assert f'name="next" value="{topic.get_absolute_url()}"' in html


def test_changes_need_a_post(login, topic, member):
    client = login(member)

    assert client.get(reverse("forums:topic_watch", args=[topic.pk])).status_code == 405
    assert client.get(reverse("forums:category_watch", args=[topic.category.slug])).status_code == 405
    assert not Subscription.objects.filter(user=member).exists()


def test_outsider_gets_404_for_watching_in_a_members_only_category(login, topic, outsider):
    client = login(outsider)

    assert post(client, "topic_watch", topic.pk).status_code == 404
    assert post(client, "topic_mute", topic.pk).status_code == 404
    assert post(client, "category_watch", topic.category.slug).status_code == 404
    assert not Subscription.objects.filter(user=outsider).exists()


def test_member_gets_404_for_watching_a_hidden_topic(login, topic, member):
    topic.is_hidden = True
    topic.save(update_fields=["is_hidden"])

    assert post(login(member), "topic_watch", topic.pk).status_code == 404
    assert not Subscription.objects.filter(user=member).exists()


def test_anonymous_is_sent_to_sign_in(client, author):
    public = TopicFactory(category=CategoryFactory(read_access=Access.EVERYONE), author=author)

    response = post(client, "topic_watch", public.pk)
    category_response = post(client, "category_watch", public.category.slug)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert category_response["Location"].startswith(reverse("accounts:login"))
    assert not Subscription.objects.exclude(user=author).exists()
    assert (
        reverse("forums:topic_watch", args=[public.pk])
        not in client.get(public.get_absolute_url()).content.decode()
    )


# Notifications of new posts


def test_category_watcher_is_notified_of_a_reply_in_any_topic_there(
    topic, category, member, django_capture_on_commit_callbacks
):
    category_watch(user=member, category=category)
    other_topic = TopicFactory(category=category)
    replier = NetworkMembershipFactory(network=category.network).user

    with django_capture_on_commit_callbacks(execute=True):
        new = reply(other_topic, author=replier, body="Nosotros pagamos el transporte.")
        notify_new_post(post=new)

    notification = Notification.objects.get(recipient=member)
    assert notification.verb == "replied to"
    assert notification.actor == replier
    assert notification.target == other_topic
    assert notification.data["url"] == new.get_absolute_url()
    assert notification.description == "Nosotros pagamos el transporte."
    [email] = mail.outbox
    assert email.to == [member.email]
    assert other_topic.title in email.subject
    assert "Nosotros pagamos el transporte." in email.body
    assert new.get_absolute_url() in email.body


def test_topic_watchers_are_notified_and_the_author_is_not_told_of_their_own_post(
    topic, author, member, django_capture_on_commit_callbacks
):
    topic_watch(user=member, topic=topic)

    with django_capture_on_commit_callbacks(execute=True):
        notify_new_post(post=reply(topic, author=member))
        notify_new_post(post=reply(topic, author=author))

    assert list(Notification.objects.filter(recipient=author).values_list("actor_object_id", flat=True)) == [
        str(member.pk)
    ]
    assert list(Notification.objects.filter(recipient=member).values_list("actor_object_id", flat=True)) == [
        str(author.pk)
    ]


def test_member_who_muted_the_topic_is_not_notified_even_when_watching_the_category(
    topic, category, member, moderator, django_capture_on_commit_callbacks
):
    category_watch(user=member, category=category)
    category_watch(user=moderator, category=category)
    topic_mute(user=member, topic=topic)

    with django_capture_on_commit_callbacks(execute=True):
        notify_new_post(post=reply(topic))

    assert notified() == {topic.author_id, moderator.pk}
    assert member.email not in [m.to[0] for m in mail.outbox]


def test_watcher_who_can_no_longer_read_the_category_is_not_notified(
    topic, category, member, django_capture_on_commit_callbacks
):
    category_watch(user=member, category=category)
    topic_watch(user=member, topic=topic)
    NetworkMembership.objects.filter(user=member).delete()  # left the cluster: now an outsider

    with django_capture_on_commit_callbacks(execute=True):
        notify_new_post(post=reply(topic))

    assert member.pk not in notified()
    assert notified() == {topic.author_id}
    assert member.email not in [m.to[0] for m in mail.outbox]


def test_only_moderators_hear_of_posts_in_a_hidden_topic(
    topic, category, member, moderator, django_capture_on_commit_callbacks
):
    for user in (member, moderator):
        category_watch(user=user, category=category)
    topic.is_hidden = True
    topic.save(update_fields=["is_hidden"])

    with django_capture_on_commit_callbacks(execute=True):
        notify_new_post(post=reply(topic))

    assert notified() == {moderator.pk}


def test_email_only_for_members_who_want_notifications_by_email(
    topic, category, member, moderator, django_capture_on_commit_callbacks
):
    member.email_notifications = False
    member.save(update_fields=["email_notifications"])
    for user in (member, moderator):
        category_watch(user=user, category=category)

    with django_capture_on_commit_callbacks(execute=True):
        notify_new_post(post=reply(topic))

    assert notified() == {topic.author_id, member.pk, moderator.pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([topic.author.email, moderator.email])


def test_deactivated_members_are_not_notified(topic, category, member, django_capture_on_commit_callbacks):
    category_watch(user=member, category=category)
    member.is_active = False
    member.save(update_fields=["is_active"])

    with django_capture_on_commit_callbacks(execute=True):
        notify_new_post(post=reply(topic))

    assert notified() == {topic.author_id}


def test_a_new_topic_tells_the_category_watchers_who_started_it(
    category, member, author, django_capture_on_commit_callbacks
):
    category_watch(user=member, category=category)

    with django_capture_on_commit_callbacks(execute=True):
        topic = TopicFactory(category=category, author=author, title="Ferias de empleo")
        notify_new_post(post=topic.posts.get())

    assert notified("started the topic") == {member.pk}
    [email] = mail.outbox
    assert email.subject == "New topic: Ferias de empleo"
    assert "started the topic “Ferias de empleo” in Formación dual" in email.body


def test_hidden_posts_notify_nobody(topic, category, member, django_capture_on_commit_callbacks):
    category_watch(user=member, category=category)
    hidden = reply(topic)
    hidden.is_hidden = True

    with django_capture_on_commit_callbacks(execute=True):
        notify_new_post(post=hidden)

    assert not Notification.objects.exists()


def test_choosing_recipients_is_one_query_however_many_watch(topic, category, django_assert_num_queries):
    for _n in range(3):
        category_watch(user=NetworkMembershipFactory(network=category.network).user, category=category)
    new = reply(topic)  # its topic, category and network already loaded, as the posting service has them

    # 1. members watching the topic or its category, not muting it, who may read it (one SELECT)
    with django_assert_num_queries(1):
        few = new_post_recipients(new)
    for _n in range(12):
        topic_watch(user=NetworkMembershipFactory(network=category.network).user, topic=topic)
    with django_assert_num_queries(1):
        many = new_post_recipients(new)

    assert len(few) == 4  # the three category watchers and the topic's author
    assert len(many) == 16


def test_notifying_many_watchers_costs_no_more_queries_than_notifying_a_few(topic, category):
    def queries_for(new):
        with CaptureQueriesContext(connection) as captured:
            notify_new_post(post=new)
        return len(captured)

    category_watch(user=NetworkMembershipFactory(network=category.network).user, category=category)
    few = queries_for(reply(topic))
    for _n in range(10):
        category_watch(user=NetworkMembershipFactory(network=category.network).user, category=category)

    assert queries_for(reply(topic)) == few
    assert Notification.objects.count() == 2 + 12


# Mentions


def test_mentioned_readers_are_notified_but_not_outsiders_nor_the_author(
    topic, author, member, outsider, django_capture_on_commit_callbacks
):
    new = reply(topic, author=author, body="@**Ana** ¿cómo lo hicieron?")

    with django_capture_on_commit_callbacks(execute=True):
        notify_mentions(post=new, mentioned=[member, outsider, author])

    notification = Notification.objects.get()
    assert notification.recipient == member
    assert notification.verb == "mentioned you in"
    assert notification.data["url"] == new.get_absolute_url()
    [email] = mail.outbox
    assert email.to == [member.email]
    assert email.subject == f"{author.display_name} mentioned you in “Pasantías en hoteles”"
    assert "¿cómo lo hicieron?" in email.body


def test_mentioned_watchers_are_told_once(topic, author, member, django_capture_on_commit_callbacks):
    topic_watch(user=member, topic=topic)
    new = reply(topic, body="@**Member** mira esto")

    with django_capture_on_commit_callbacks(execute=True):
        notify_new_post(post=new, mentioned=[member])
        notify_mentions(post=new, mentioned=[member])

    assert list(Notification.objects.filter(recipient=member).values_list("verb", flat=True)) == [
        "mentioned you in"
    ]
    assert notified() == {author.pk}


def test_mentions_respect_a_mute(topic, member, django_capture_on_commit_callbacks):
    topic_mute(user=member, topic=topic)

    with django_capture_on_commit_callbacks(execute=True):
        notify_mentions(post=reply(topic), mentioned=[member])

    assert not Notification.objects.exists()


# The SQL check agrees with the per-member one


def _people(network, category):
    people = {
        "staff": UserFactory(is_staff=True),
        "category moderator": UserFactory(),
        "plain member": UserFactory(),
        "inactive": UserFactory(is_active=False),
    }
    category.moderators.add(people["category moderator"])
    if network is not None:
        for role in NetworkRole:
            people[f"network {role}"] = NetworkMembershipFactory(network=network, role=role).user
        organisation = OrganisationFactory()
        people["member through an organisation"] = MembershipFactory(organisation=organisation).user
        NetworkOrganisation.objects.create(network=network, organisation=organisation)
        people["banned member through an organisation"] = MembershipFactory(organisation=organisation).user
        people["banned network moderator"] = NetworkMembershipFactory(
            network=network, role=NetworkRole.MODERATOR
        ).user
        for name in ("banned member through an organisation", "banned network moderator"):
            NetworkBan.objects.create(network=network, user=people[name])
    return people


@pytest.mark.parametrize("hidden", [False, True])
@pytest.mark.parametrize("read_access", list(Access))
@pytest.mark.parametrize("visibility", [None, *Visibility])
def test_topic_readers_agrees_with_can_read_topic(visibility, read_access, hidden):
    network = NetworkFactory(visibility=visibility) if visibility else None
    category = CategoryFactory(network=network, read_access=read_access)
    topic = TopicFactory(category=category, is_hidden=hidden)
    people = _people(network, category)

    readers = set(topic_readers(topic, User.objects.filter(pk__in=[u.pk for u in people.values()])))

    expected = {u for u in people.values() if u.is_active and can_read_topic(u, topic)}
    assert readers == expected, {name for name, u in people.items() if (u in readers) != (u in expected)}
    assert people["staff"] in readers  # the check is not vacuous: someone always reads
