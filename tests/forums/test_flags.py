"""Flagging posts, the automatic hiding that enough flags trigger, and the moderation queue where
moderators dismiss the flags, hide or restore the posts."""

from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse
from notifications.models import Notification

from forums.models import Access, Category, Flag, ModerationAction, Post
from forums.services import moderation as services
from forums.services.posting import post_create
from networks.models import Network, NetworkBan, NetworkRole, Visibility
from tests.factories import (
    CategoryFactory,
    FlagFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    PostFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Kind = ModerationAction.Kind


@pytest.fixture
def place(db, settings):
    """A members-only category of a private cluster, its moderators, and a reply worth flagging."""
    settings.FORUM_AUTO_HIDE_FLAGS = 3
    network = NetworkFactory(visibility=Visibility.PRIVATE)
    category = CategoryFactory(network=network, read_access=Access.MEMBERS, name="Artesanías")
    category_moderator = NetworkMembershipFactory(network=network).user
    category.moderators.add(category_moderator)
    author = NetworkMembershipFactory(network=network).user
    topic = TopicFactory(category=category, author=author, title="Ferias de artesanía 2025")
    spammer = NetworkMembershipFactory(network=network).user
    reply = PostFactory(topic=topic, author=spammer, body="Compre seguidores baratos en mi página")
    return SimpleNamespace(
        network=network,
        category=category,
        topic=topic,
        reply=reply,
        author=author,
        spammer=spammer,
        category_moderator=category_moderator,
        network_moderator=NetworkMembershipFactory(network=network, role=NetworkRole.MODERATOR).user,
        members=[NetworkMembershipFactory(network=network).user for _ in range(4)],
        outsider=UserFactory(),
        staff=UserFactory(is_staff=True),
    )


def flag_url(post) -> str:
    return reverse("forums:post_flag", args=[post.pk])


def reply_of(place) -> Post:
    return Post.objects.get(pk=place.reply.pk)


def flag_through_page(login, user, post, reason="spam", note=""):
    return login(user).post(flag_url(post), {"reason": reason, "note": note})


# Who may flag


def test_member_flags_a_post_and_is_thanked(place, login):
    response = login(place.members[0]).post(
        flag_url(place.reply), {"reason": "spam", "note": ""}, follow=True
    )

    assert "Thank you: the moderators will review this post." in response.content.decode()
    flag = Flag.objects.get()
    assert (flag.post, flag.reporter, flag.reason) == (place.reply, place.members[0], "spam")
    assert reply_of(place).flag_count == 1


def test_flag_page_shows_the_reasons_without_javascript(place, login):
    response = login(place.members[0]).get(flag_url(place.reply))

    body = response.content.decode()
    assert response.status_code == 200
    for label in ("Spam", "Abuse", "Off-topic", "Other"):
        assert label in body
    assert 'name="note"' in body


def test_author_cannot_flag_their_own_post(place, login):
    response = flag_through_page(login, place.spammer, place.reply)

    assert response.status_code == 403
    assert "You cannot flag your own post." in response.content.decode()
    assert not Flag.objects.exists()


def test_outsider_gets_404_for_a_post_in_a_private_cluster(place, login):
    response = flag_through_page(login, place.outsider, place.reply)

    assert response.status_code == 404
    assert not Flag.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in(place, client):
    response = client.post(flag_url(place.reply), {"reason": "spam"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Flag.objects.exists()


@pytest.mark.parametrize("persona", ["author", "category_moderator", "network_moderator", "staff"])
def test_other_signed_in_readers_may_flag(persona, place, login):
    response = flag_through_page(login, getattr(place, persona), place.reply)

    assert response.status_code == 302
    assert Flag.objects.filter(reporter=getattr(place, persona)).exists()


def test_topic_page_offers_flag_to_readers_but_not_to_the_author(place, login):
    topic_page = reverse("forums:topic", args=[place.topic.pk])

    as_member = login(place.members[0]).get(topic_page).content.decode()
    as_author = login(place.spammer).get(topic_page).content.decode()

    assert flag_url(place.reply) in as_member
    assert flag_url(place.topic.last_post) in as_member
    assert flag_url(place.reply) not in as_author
    assert flag_url(place.topic.last_post) in as_author  # someone else's post
    assert reverse("forums:post_hide", args=[place.reply.pk]) not in as_member


# Bad input


def test_other_reason_needs_a_note(place, login):
    response = flag_through_page(login, place.members[0], place.reply, reason="other", note="  ")

    assert response.status_code == 400
    assert "Tell the moderators what is wrong with this post." in response.content.decode()
    assert not Flag.objects.exists()


def test_a_note_over_500_characters_is_refused_and_kept(place, login):
    note = "Esto es publicidad engañosa. " * 20

    response = flag_through_page(login, place.members[0], place.reply, reason="other", note=note)

    body = response.content.decode()
    assert response.status_code == 400
    assert "Keep the note to 500 characters or fewer." in body
    assert "Esto es publicidad engañosa." in body
    assert not Flag.objects.exists()


def test_flag_without_a_reason_asks_for_one(place, login):
    response = flag_through_page(login, place.members[0], place.reply, reason="", note="Mire esto")

    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose why you are flagging this post." in body
    assert "Mire esto" in body


def test_other_with_a_note_is_accepted(place, login):
    flag_through_page(login, place.members[0], place.reply, reason="other", note="Vende datos de clientes")

    assert Flag.objects.get().note == "Vende datos de clientes"


# Counting flags and hiding


def test_flagging_twice_says_so_and_counts_once(place, login):
    flag_through_page(login, place.members[0], place.reply)

    again = flag_through_page(login, place.members[0], place.reply, reason="abuse")
    page = login(place.members[0]).get(flag_url(place.reply))

    assert again.status_code == 400
    assert "You have already flagged this post." in again.content.decode()
    assert "You have already flagged this post." in page.content.decode()
    assert Flag.objects.count() == 1
    assert reply_of(place).flag_count == 1


def test_two_flags_do_not_hide_the_post(place, login):
    for member in place.members[:2]:
        flag_through_page(login, member, place.reply)

    reply = reply_of(place)
    assert reply.flag_count == 2
    assert not reply.is_hidden
    assert not ModerationAction.objects.exists()


def test_the_same_member_flagging_three_times_does_not_hide_the_post(place, login):
    for _ in range(3):
        flag_through_page(login, place.members[0], place.reply)

    assert reply_of(place).flag_count == 1
    assert not reply_of(place).is_hidden


def test_three_flags_from_different_members_hide_the_post_until_reviewed(
    place, login, monkeypatch, django_capture_on_commit_callbacks
):
    hidden = []
    monkeypatch.setattr("forums.events.post_hidden", lambda post: hidden.append(post.pk))

    with django_capture_on_commit_callbacks(execute=True):
        for member in place.members[:3]:
            flag_through_page(login, member, place.reply)

    reply = reply_of(place)
    assert (reply.is_hidden, reply.hidden_reason, reply.flag_count) == (True, "flagged", 3)
    action = ModerationAction.objects.get()
    assert (action.kind, action.actor, action.post, action.category) == (
        Kind.AUTO_HIDE_POST,
        None,
        reply,
        place.category,
    )
    assert hidden == [reply.pk]
    topic_page = reverse("forums:topic", args=[place.topic.pk])
    assert "Compre seguidores" not in login(place.members[3]).get(topic_page).content.decode()
    assert "Compre seguidores" in login(place.category_moderator).get(topic_page).content.decode()


def test_a_post_hidden_by_flags_is_gone_for_a_fourth_flagger(place, login):
    for member in place.members[:3]:
        flag_through_page(login, member, place.reply)

    response = flag_through_page(login, place.members[3], place.reply)

    assert response.status_code == 404
    assert reply_of(place).flag_count == 3
    assert ModerationAction.objects.filter(kind=Kind.AUTO_HIDE_POST).count() == 1


def test_moderators_are_notified_when_flags_hide_a_post(place, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for member in place.members[:3]:
            flag_through_page(login, member, place.reply)

    notified = {
        n.recipient for n in Notification.objects.filter(verb="has a post hidden after members flagged it")
    }
    assert notified == {place.category_moderator, place.network_moderator}
    assert {m.to[0] for m in mail.outbox} == {place.category_moderator.email, place.network_moderator.email}
    assert reverse("forums:moderation_queue") in mail.outbox[0].body


def test_a_named_moderator_outside_the_private_cluster_is_not_told_about_its_posts(
    place, login, django_capture_on_commit_callbacks
):
    """Named on the category's moderators, but no member of its private cluster (they left it, say)."""
    former = UserFactory()
    place.category.moderators.add(former)

    with django_capture_on_commit_callbacks(execute=True):
        for member in place.members[:3]:
            flag_through_page(login, member, place.reply)

    notified = {
        n.recipient for n in Notification.objects.filter(verb="has a post hidden after members flagged it")
    }
    assert notified == {place.category_moderator, place.network_moderator}
    assert former.email not in {m.to[0] for m in mail.outbox}


def test_a_network_moderator_banned_from_an_open_cluster_is_not_told_about_its_posts(
    place, login, django_capture_on_commit_callbacks
):
    """Anyone may read this cluster's category, the banned moderator too; but they moderate it no more."""
    Network.objects.filter(pk=place.network.pk).update(visibility=Visibility.PUBLIC)
    Category.objects.filter(pk=place.category.pk).update(read_access=Access.EVERYONE)
    NetworkBan.objects.create(network=place.network, user=place.network_moderator)

    with django_capture_on_commit_callbacks(execute=True):
        for member in place.members[:3]:
            flag_through_page(login, member, place.reply)

    notified = {
        n.recipient for n in Notification.objects.filter(verb="has a post hidden after members flagged it")
    }
    assert notified == {place.category_moderator}


def test_a_named_moderator_outside_the_private_cluster_gets_no_queue_nor_log(place, login):
    former = UserFactory()
    place.category.moderators.add(former)
    FlagFactory(post=place.reply, reporter=place.members[0])
    services.post_hide(post=reply_of(place), actor=place.network_moderator, reason="Publicidad")
    client = login(former)

    queue = client.get(reverse("forums:moderation_queue"))
    log = client.get(reverse("forums:moderation_log"))

    for response in (queue, log):
        assert response.status_code == 403
        assert "Compre seguidores" not in response.content.decode()
        assert "Publicidad" not in response.content.decode()


def test_site_staff_hear_about_categories_nobody_else_moderates(login, django_capture_on_commit_callbacks):
    staff = UserFactory(is_staff=True)
    reply = PostFactory(topic=TopicFactory(category=CategoryFactory()))

    with django_capture_on_commit_callbacks(execute=True):
        for member in UserFactory.create_batch(3):
            flag_through_page(login, member, reply)

    assert Notification.objects.get().recipient == staff


def test_a_post_hidden_by_flags_is_no_longer_the_topics_last_post(place, login):
    flagged = place.members[3]
    post_create(topic=place.topic, author=flagged, body="Sigan mi cuenta para ganar premios")

    for member in place.members[:3]:
        flag_through_page(login, member, Post.objects.get(author=flagged))

    listing = (
        login(place.author).get(place.category.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert f"last post by {flagged.display_name})" not in listing
    assert f"last post by {place.spammer.display_name})" in listing and "1 reply" in listing


def test_moderators_read_in_their_language_that_flags_hid_a_post(place, login):
    for member in place.members[:3]:
        flag_through_page(login, member, place.reply)

    body = (
        login(place.category_moderator)
        .get(reverse("forums:topic", args=[place.topic.pk]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )

    assert "Hidden after members flagged it, until a moderator reviews it." in body
    assert "Hidden by moderators. flagged" not in body


def test_the_threshold_is_a_setting(place, login, settings):
    settings.FORUM_AUTO_HIDE_FLAGS = 2

    for member in place.members[:2]:
        flag_through_page(login, member, place.reply)

    assert reply_of(place).is_hidden


# The queue


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("category_moderator", 200),
        ("network_moderator", 200),
        ("staff", 200),
        ("author", 403),
        ("spammer", 403),
        ("outsider", 403),
    ],
)
def test_queue_is_for_moderators(persona, status, place, login):
    FlagFactory(post=place.reply, reporter=place.members[0])

    response = login(getattr(place, persona)).get(reverse("forums:moderation_queue"))

    assert response.status_code == status
    assert ("Compre seguidores" in response.content.decode()) == (status == 200)


def test_anonymous_visitor_is_sent_to_sign_in_for_the_queue(client):
    response = client.get(reverse("forums:moderation_queue"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_queue_lists_flagged_posts_with_reasons_notes_and_authors_newest_first(place, login):
    older = PostFactory(topic=place.topic, body="Un mensaje fuera de tema sobre fútbol")
    services.post_flag(post=older, reporter=place.members[0], reason="off_topic")
    services.post_flag(
        post=place.reply, reporter=place.members[1], reason="other", note="Vende seguidores falsos"
    )
    services.post_flag(post=place.reply, reporter=place.members[2], reason="spam")
    PostFactory(topic=place.topic, body="Una respuesta sin banderas")

    body = login(place.category_moderator).get(reverse("forums:moderation_queue")).content.decode()

    assert body.index("Compre seguidores") < body.index("fuera de tema sobre fútbol")
    assert "Una respuesta sin banderas" not in body
    for text in ("Off-topic", "Other", "Spam", "Vende seguidores falsos", place.spammer.display_name):
        assert text in body
    assert place.members[1].display_name in body
    assert "2 open flags" in body


def test_queue_leaves_out_other_categories_and_resolved_flags(place, login):
    foreign = PostFactory(topic=TopicFactory(category=CategoryFactory()), body="Mensaje de otra categoría")
    FlagFactory(post=foreign)
    dealt_with = PostFactory(topic=place.topic, body="Ya revisado")
    services.post_flag(post=dealt_with, reporter=place.members[0], reason="spam")
    services.flags_dismiss(post=dealt_with, actor=place.network_moderator)

    body = login(place.category_moderator).get(reverse("forums:moderation_queue")).content.decode()

    assert "Mensaje de otra categoría" not in body
    assert "Ya revisado" not in body
    assert "Nothing to review" in body


def test_moderator_clears_the_queue_step_by_step(place, login):
    off_topic = PostFactory(topic=place.topic, body="Hablemos de fútbol")
    rude = PostFactory(topic=place.topic, body="Eres un ignorante")
    for member in place.members[:3]:  # hidden by flags, wrongly: the moderator shows it again
        services.post_flag(post=place.reply, reporter=member, reason="abuse")
    services.post_flag(post=off_topic, reporter=place.members[0], reason="off_topic")
    services.post_flag(post=rude, reporter=place.members[1], reason="other", note="Insulta a otra socia")
    moderator = login(place.category_moderator)
    queue = reverse("forums:moderation_queue")
    assert moderator.get(queue).content.decode().count('id="flagged-') == 3

    # 1. The flags on the first post were wrong: dismiss them, which shows the post again.
    response = moderator.post(
        reverse("forums:post_flags_dismiss", args=[place.reply.pk]), {"next": queue}, follow=True
    )
    assert "Flags dismissed" in response.content.decode()
    assert response.content.decode().count('id="flagged-') == 2
    assert not reply_of(place).is_hidden

    # 2. Hiding the insult without a reason asks for one, keeping the way back to the queue.
    response = moderator.post(reverse("forums:post_hide", args=[rude.pk]), {"next": queue, "reason": ""})
    assert response.status_code == 400
    assert "Give a reason: it is kept in the moderation log." in response.content.decode()
    assert f'value="{queue}"' in response.content.decode()
    response = moderator.post(
        reverse("forums:post_hide", args=[rude.pk]), {"next": queue, "reason": "Insulto"}, follow=True
    )
    assert response.content.decode().count('id="flagged-') == 1

    # 3. The off-topic post is hidden, then restored on second thoughts from the topic page.
    moderator.post(
        reverse("forums:post_hide", args=[off_topic.pk]), {"next": queue, "reason": "Fuera de tema"}
    )
    moderator.post(reverse("forums:post_restore", args=[off_topic.pk]), {"reason": "Sí venía al caso"})

    response = moderator.get(queue)
    assert "Nothing to review: no post has open flags." in response.content.decode()
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()
    assert set(Flag.objects.values_list("resolved_by", flat=True)) == {place.category_moderator.pk}
    rude.refresh_from_db()
    off_topic.refresh_from_db()
    assert (rude.is_hidden, off_topic.is_hidden, rude.flag_count) == (True, False, 0)
    assert list(ModerationAction.objects.order_by("pk").values_list("kind", flat=True)) == [
        Kind.AUTO_HIDE_POST,
        Kind.DISMISS_FLAGS,
        Kind.HIDE_POST,
        Kind.HIDE_POST,
        Kind.RESTORE_POST,
    ]


def test_restoring_from_the_queue_resolves_the_flags(place, login):
    for member in place.members[:3]:
        services.post_flag(post=place.reply, reporter=member, reason="spam")

    login(place.network_moderator).post(
        reverse("forums:post_restore", args=[place.reply.pk]), {"reason": "No es spam"}
    )

    reply = reply_of(place)
    assert (reply.is_hidden, reply.flag_count) == (False, 0)
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()


def test_dismissing_a_post_without_open_flags_says_so(place, login):
    response = login(place.category_moderator).post(
        reverse("forums:post_flags_dismiss", args=[place.reply.pk])
    )

    assert response.status_code == 400
    assert "This post has no open flags." in response.content.decode()


def test_members_cannot_work_the_queue(place, login):
    for member in place.members[:3]:
        services.post_flag(post=place.reply, reporter=member, reason="spam")
    client = login(place.members[3])

    responses = [
        client.post(reverse("forums:post_flags_dismiss", args=[place.reply.pk])),
        client.post(reverse("forums:post_restore", args=[place.reply.pk])),
    ]

    # The post is hidden: to a member who is not its author it is not there at all.
    assert [r.status_code for r in responses] == [404, 404]
    assert reply_of(place).is_hidden


def test_queue_runs_a_fixed_number_of_queries(place, login, django_assert_num_queries):
    for n in range(25):
        post = PostFactory(topic=TopicFactory(category=place.category), body=f"Mensaje marcado {n}")
        for member in place.members[:2]:
            FlagFactory(post=post, reporter=member, reason="other", note="Revisar")
    client = login(place.category_moderator)

    # 1. the session   2. the signed-in member   3. the categories they moderate
    # 4. COUNT of the flagged posts   5. the page of posts with author, topic and category joined
    # 6. their open flags with the reporters   7. the unread-notification count in the header
    with django_assert_num_queries(7):
        response = client.get(reverse("forums:moderation_queue"))

    assert response.content.decode().count("Mensaje marcado ") == 20
