"""Moderating topics, posts and members: who may pin, lock, move, hide and restore, suspend and lift,
what readers notice afterwards, and the audit log that records every action with its reason."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import formats, timezone, translation
from notifications.models import Notification

from forums import permissions
from forums.models import Access, ModerationAction, Post, Suspension, Topic
from forums.services import moderation as services
from forums.services.posting import post_create, topic_create
from networks.models import NetworkRole, Visibility
from tests.factories import (
    CategoryFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    PostFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Kind = ModerationAction.Kind


@pytest.fixture
def place(db):
    """A members-only category of a private cluster, with one person of each persona.

    The category moderator belongs to the cluster as a plain member and moderates through
    Category.moderators; the network moderator moderates every category of the cluster.
    """
    network = NetworkFactory(visibility=Visibility.PRIVATE)
    category = CategoryFactory(network=network, read_access=Access.MEMBERS, name="Turismo comunitario")
    elsewhere = CategoryFactory(network=network, read_access=Access.MEMBERS, name="Ferias y eventos")
    author = NetworkMembershipFactory(network=network).user
    member = NetworkMembershipFactory(network=network).user
    troublemaker = NetworkMembershipFactory(network=network).user
    category_moderator = NetworkMembershipFactory(network=network).user
    category.moderators.add(category_moderator)
    elsewhere.moderators.add(category_moderator)
    network_moderator = NetworkMembershipFactory(network=network, role=NetworkRole.MODERATOR).user
    topic = TopicFactory(category=category, author=author, title="¿Cómo atraer turistas en temporada baja?")
    reply = PostFactory(topic=topic, author=author, body="Ofrezcan paquetes con descuento para grupos.")
    return SimpleNamespace(
        network=network,
        category=category,
        elsewhere=elsewhere,
        topic=topic,
        reply=reply,
        author=author,
        member=member,
        troublemaker=troublemaker,
        category_moderator=category_moderator,
        network_moderator=network_moderator,
        outsider=UserFactory(),
        staff=UserFactory(is_staff=True),
    )


def client_as(persona: str, place: SimpleNamespace, login, client):
    if persona == "anonymous":
        return client
    return login(getattr(place, persona))


def topic_of(place) -> Topic:
    return Topic.objects.get(pk=place.topic.pk)


def reply_of(place) -> Post:
    return Post.objects.get(pk=place.reply.pk)


def active_suspension_of(place) -> Suspension | None:
    return permissions.active_suspension(place.troublemaker, place.category)


def _suspend(place) -> None:
    Suspension.objects.create(
        user=place.troublemaker,
        category=place.category,
        until=timezone.now() + timedelta(days=3),
        reason="Publicidad repetida",
        created_by=place.network_moderator,
    )


@dataclass
class Case:
    url: Callable[[Any], str]
    done: Callable[[Any], bool]
    kind: str
    data: Callable[[Any], dict] = lambda place: {"reason": "Revisado por el equipo"}
    prepare: Callable[[Any], None] = lambda place: None
    # What a persona who may not moderate gets, where it differs from author/member 403, outsider 404.
    refusals: dict[str, int] = field(default_factory=dict)


def _topic_url(name):
    return lambda place: reverse(f"forums:{name}", args=[place.topic.pk])


def _post_url(name):
    return lambda place: reverse(f"forums:{name}", args=[place.reply.pk])


def _set_topic(**values):
    return lambda place: Topic.objects.filter(pk=place.topic.pk).update(**values)


def _hide_reply(place):
    Post.objects.filter(pk=place.reply.pk).update(is_hidden=True, hidden_reason="Spam")


CASES = {
    "topic_pin": Case(_topic_url("topic_pin"), lambda p: topic_of(p).is_pinned, Kind.PIN),
    "topic_unpin": Case(
        _topic_url("topic_unpin"),
        lambda p: not topic_of(p).is_pinned,
        Kind.UNPIN,
        prepare=_set_topic(is_pinned=True),
    ),
    "topic_lock": Case(_topic_url("topic_lock"), lambda p: topic_of(p).is_locked, Kind.LOCK),
    "topic_unlock": Case(
        _topic_url("topic_unlock"),
        lambda p: not topic_of(p).is_locked,
        Kind.UNLOCK,
        prepare=_set_topic(is_locked=True),
    ),
    "topic_move": Case(
        _topic_url("topic_move"),
        lambda p: topic_of(p).category_id == p.elsewhere.pk,
        Kind.MOVE,
        data=lambda p: {"category": p.elsewhere.pk, "reason": "Trata de ferias"},
    ),
    "topic_hide": Case(_topic_url("topic_hide"), lambda p: topic_of(p).is_hidden, Kind.HIDE_TOPIC),
    "topic_restore": Case(
        _topic_url("topic_restore"),
        lambda p: not topic_of(p).is_hidden,
        Kind.RESTORE_TOPIC,
        prepare=_set_topic(is_hidden=True),
        refusals={"author": 404, "member": 404},  # a hidden topic is not there for them
    ),
    "post_hide": Case(_post_url("post_hide"), lambda p: reply_of(p).is_hidden, Kind.HIDE_POST),
    "post_restore": Case(
        _post_url("post_restore"),
        lambda p: not reply_of(p).is_hidden,
        Kind.RESTORE_POST,
        prepare=_hide_reply,
        refusals={"member": 404},  # its author still sees a hidden post; other members do not
    ),
    "member_suspend": Case(
        lambda p: reverse("forums:member_suspend", args=[p.category.slug, p.troublemaker.pk]),
        lambda p: active_suspension_of(p) is not None,
        Kind.SUSPEND,
        data=lambda p: {"period": "7", "reason": "Publicidad repetida"},
    ),
    "suspension_lift": Case(
        lambda p: reverse("forums:suspension_lift", args=[Suspension.objects.get(user=p.troublemaker).pk]),
        lambda p: active_suspension_of(p) is None,
        Kind.LIFT_SUSPENSION,
        prepare=_suspend,
    ),
}
MODERATORS = ["category_moderator", "network_moderator", "staff"]
OTHERS = ["author", "member", "outsider", "anonymous"]


@pytest.mark.parametrize("persona", MODERATORS)
@pytest.mark.parametrize("action", CASES)
def test_category_and_network_moderators_and_site_staff_take_every_action_and_it_is_logged(
    action, persona, place, login, client
):
    case = CASES[action]
    case.prepare(place)
    user = getattr(place, persona)

    response = client_as(persona, place, login, client).post(case.url(place), case.data(place))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert case.done(place)
    logged = ModerationAction.objects.get(kind=case.kind)
    assert logged.actor == user
    assert logged.reason == case.data(place)["reason"]


@pytest.mark.parametrize("persona", OTHERS)
@pytest.mark.parametrize("action", CASES)
def test_topic_author_member_outsider_and_anonymous_cannot_moderate(action, persona, place, login, client):
    case = CASES[action]
    case.prepare(place)
    expected = {"author": 403, "member": 403, "outsider": 404, "anonymous": 302, **case.refusals}[persona]

    response = client_as(persona, place, login, client).post(case.url(place), case.data(place))

    assert response.status_code == expected
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    if expected == 403:
        assert "Only the moderators of this category can do this." in response.content.decode()
    assert not case.done(place)
    assert not ModerationAction.objects.exists()


def test_moderator_returns_to_the_page_the_tools_were_on(place, login):
    back = reverse("forums:topic", args=[place.topic.pk]) + "?page=2"

    response = login(place.category_moderator).post(
        reverse("forums:topic_lock", args=[place.topic.pk]), {"next": back}
    )

    assert response["Location"] == back


def test_tools_never_redirect_to_another_site(place, login):
    response = login(place.category_moderator).post(
        reverse("forums:topic_pin", args=[place.topic.pk]), {"next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("forums:topic", args=[place.topic.pk])


# Bad input comes back with a message and what was typed


def test_hiding_a_topic_without_a_reason_asks_for_one_and_changes_nothing(place, login):
    response = login(place.category_moderator).post(reverse("forums:topic_hide", args=[place.topic.pk]), {})

    assert response.status_code == 400
    assert "Give a reason: it is kept in the moderation log." in response.content.decode()
    assert not topic_of(place).is_hidden
    assert not ModerationAction.objects.exists()


def test_hiding_a_post_with_a_blank_reason_asks_for_one(place, login):
    response = login(place.category_moderator).post(
        reverse("forums:post_hide", args=[place.reply.pk]), {"reason": "   "}
    )

    assert response.status_code == 400
    assert "Give a reason: it is kept in the moderation log." in response.content.decode()
    assert not reply_of(place).is_hidden


def test_a_too_long_reason_is_refused_and_kept_in_the_form(place, login):
    reason = "Publicidad " * 60

    response = login(place.category_moderator).post(
        reverse("forums:topic_hide", args=[place.topic.pk]), {"reason": reason}
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "Keep the reason to 500 characters or fewer." in body
    assert reason.strip() in body
    assert not topic_of(place).is_hidden


def test_pinning_a_pinned_topic_says_so(place, login):
    Topic.objects.filter(pk=place.topic.pk).update(is_pinned=True)

    response = login(place.category_moderator).post(
        reverse("forums:topic_pin", args=[place.topic.pk]), {"reason": "Importante"}
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "This topic is already pinned." in body
    assert "Importante" in body


def test_action_pages_show_the_form_without_javascript(place, login):
    response = login(place.category_moderator).get(reverse("forums:topic_hide", args=[place.topic.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="reason"' in body
    assert "¿Cómo atraer turistas en temporada baja?" in body


def test_suspending_without_a_period_or_reason_re_renders_with_messages(place, login):
    url = reverse("forums:member_suspend", args=[place.category.slug, place.troublemaker.pk])

    response = login(place.category_moderator).post(url, {"period": "", "reason": ""})

    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose how long the suspension lasts." in body
    assert "Give a reason: it is kept in the moderation log." in body
    assert not Suspension.objects.exists()


def test_suspending_until_a_past_date_is_refused_and_keeps_the_reason(place, login):
    url = reverse("forums:member_suspend", args=[place.category.slug, place.troublemaker.pk])
    yesterday = timezone.localdate() - timedelta(days=1)

    response = login(place.category_moderator).post(
        url, {"period": "date", "until": yesterday.isoformat(), "reason": "Insultos a otra socia"}
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose a date in the future." in body
    assert "Insultos a otra socia" in body
    assert not Suspension.objects.exists()


def test_moving_needs_a_destination(place, login):
    response = login(place.category_moderator).post(reverse("forums:topic_move", args=[place.topic.pk]), {})

    assert response.status_code == 400
    assert "Choose the category to move the topic to." in response.content.decode()


# What readers notice


def test_hidden_topic_disappears_for_members_and_stays_for_moderators(place, login):
    login(place.category_moderator).post(
        reverse("forums:topic_hide", args=[place.topic.pk]), {"reason": "Datos personales publicados"}
    )
    topic_page = reverse("forums:topic", args=[place.topic.pk])

    assert login(place.member).get(topic_page).status_code == 404
    assert login(place.author).get(topic_page).status_code == 404
    assert login(place.network_moderator).get(topic_page).status_code == 200

    login(place.network_moderator).post(reverse("forums:topic_restore", args=[place.topic.pk]))

    assert login(place.member).get(topic_page).status_code == 200


def test_hidden_post_is_not_shown_to_members_but_is_to_moderators(place, login):
    login(place.category_moderator).post(
        reverse("forums:post_hide", args=[place.reply.pk]), {"reason": "Publicidad"}
    )
    topic_page = reverse("forums:topic", args=[place.topic.pk])

    assert "paquetes con descuento" not in login(place.member).get(topic_page).content.decode()
    assert "paquetes con descuento" in login(place.network_moderator).get(topic_page).content.decode()

    login(place.category_moderator).post(reverse("forums:post_restore", args=[place.reply.pk]))

    assert "paquetes con descuento" in login(place.member).get(topic_page).content.decode()


def test_hiding_the_latest_reply_takes_it_out_of_the_topic_list_until_it_is_restored(place, login):
    topic = topic_create(
        category=place.category, author=place.author, title="Ferias de verano", body="¿Cuál?"
    )
    post_create(topic=topic, author=place.member, body="La de Otavalo")
    spam = post_create(topic=topic, author=place.troublemaker, body="Visiten mi tienda en línea")
    moderator, reader = login(place.category_moderator), login(place.author)

    def listing() -> str:
        return reader.get(place.category.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f"last post by {place.troublemaker.display_name})" in listing() and "2 replies" in listing()

    moderator.post(reverse("forums:post_hide", args=[spam.pk]), {"reason": "Publicidad"})

    shown = listing()
    assert f"last post by {place.member.display_name})" in shown and "1 reply" in shown
    assert place.troublemaker.display_name not in shown

    moderator.post(reverse("forums:post_restore", args=[spam.pk]))

    assert f"last post by {place.troublemaker.display_name})" in listing() and "2 replies" in listing()


def test_topic_page_gives_moderators_the_tools_and_members_none(place, login):
    topic_page = reverse("forums:topic", args=[place.topic.pk])
    tools = [
        reverse("forums:topic_pin", args=[place.topic.pk]),
        reverse("forums:topic_lock", args=[place.topic.pk]),
        reverse("forums:topic_move", args=[place.topic.pk]),
        reverse("forums:topic_hide", args=[place.topic.pk]),
        reverse("forums:post_hide", args=[place.reply.pk]),
        reverse("forums:member_suspend", args=[place.category.slug, place.author.pk]),
    ]

    as_moderator = login(place.category_moderator).get(topic_page).content.decode()
    as_member = login(place.member).get(topic_page).content.decode()

    assert [tool in as_moderator for tool in tools] == [True] * len(tools)
    assert [tool in as_member for tool in tools] == [False] * len(tools)


def test_hiding_from_the_post_tools_returns_to_the_topic_with_the_post_hidden(place, login):
    topic_page = reverse("forums:topic", args=[place.topic.pk])
    moderator = login(place.category_moderator)

    response = moderator.post(
        reverse("forums:post_hide", args=[place.reply.pk]),
        {"reason": "Publicidad", "next": f"{topic_page}#post-{place.reply.pk}"},
        follow=True,
    )

    body = response.content.decode()
    assert response.redirect_chain[-1][0] == f"{topic_page}#post-{place.reply.pk}"
    assert "Post hidden: only its author and the moderators can see it now." in body
    assert reverse("forums:post_restore", args=[place.reply.pk]) in body


def test_post_hide_publishes_the_hidden_event_after_commit(
    place, monkeypatch, django_capture_on_commit_callbacks
):
    hidden = []
    monkeypatch.setattr("forums.events.post_hidden", lambda post: hidden.append(post.pk))

    with django_capture_on_commit_callbacks(execute=True):
        services.post_hide(post=place.reply, actor=place.category_moderator, reason="Publicidad")

    assert hidden == [place.reply.pk]


def test_locked_topic_takes_no_replies_until_unlocked(place, login):
    login(place.category_moderator).post(
        reverse("forums:topic_lock", args=[place.topic.pk]), {"reason": "Discusión cerrada"}
    )

    with pytest.raises(PermissionDenied, match="locked"):
        permissions.check_can_reply(place.member, topic_of(place))

    login(place.category_moderator).post(reverse("forums:topic_unlock", args=[place.topic.pk]))

    permissions.check_can_reply(place.member, topic_of(place))


def test_pinned_topic_comes_first_in_its_category(place, login):
    newer = TopicFactory(category=place.category, title="Un tema más reciente")
    login(place.category_moderator).post(reverse("forums:topic_pin", args=[place.topic.pk]))

    titles = [t.title for t in Topic.objects.filter(category=place.category)]

    assert titles == [place.topic.title, newer.title]


def test_moved_topic_reads_under_its_new_category(place, login):
    login(place.network_moderator).post(
        reverse("forums:topic_move", args=[place.topic.pk]), {"category": place.elsewhere.pk, "reason": ""}
    )

    response = login(place.member).get(reverse("forums:topic", args=[place.topic.pk]))

    assert response.status_code == 200
    assert "Ferias y eventos" in response.content.decode()


def test_move_offers_only_categories_the_moderator_moderates(place, login):
    foreign = CategoryFactory(name="Categoría ajena")

    response = login(place.category_moderator).get(reverse("forums:topic_move", args=[place.topic.pk]))

    body = response.content.decode()
    assert "Ferias y eventos" in body
    assert "Categoría ajena" not in body
    refused = login(place.category_moderator).post(
        reverse("forums:topic_move", args=[place.topic.pk]), {"category": foreign.pk}
    )
    assert refused.status_code == 400
    assert topic_of(place).category_id == place.category.pk


def test_move_says_so_when_the_moderator_has_nowhere_to_move_the_topic(login):
    category = CategoryFactory()
    moderator = UserFactory()
    category.moderators.add(moderator)
    topic = TopicFactory(category=category)

    response = login(moderator).get(reverse("forums:topic_move", args=[topic.pk]))

    assert "You moderate no other category: there is nowhere to move this topic." in response.content.decode()


def test_move_service_refuses_a_destination_the_moderator_does_not_moderate(place):
    foreign = CategoryFactory()

    with pytest.raises(PermissionDenied, match="categories you moderate"):
        services.topic_move(topic=place.topic, actor=place.category_moderator, category=foreign)


# Suspensions


def test_suspended_member_cannot_post_until_the_suspension_is_lifted(place, login):
    moderator = login(place.category_moderator)
    moderator.post(
        reverse("forums:member_suspend", args=[place.category.slug, place.troublemaker.pk]),
        {"period": "7", "reason": "Publicidad repetida"},
    )
    suspension = Suspension.objects.get(user=place.troublemaker)
    # In the reader's language's format (Spanish by default: day/month/year), not a fixed ISO form.
    end = formats.date_format(timezone.localtime(suspension.until), "SHORT_DATETIME_FORMAT")

    with pytest.raises(PermissionDenied) as refused:
        permissions.check_can_reply(place.troublemaker, place.topic)
    assert end in str(refused.value)
    assert suspension.until - timezone.now() > timedelta(days=6, hours=23)
    permissions.check_can_reply(place.troublemaker, TopicFactory(category=place.elsewhere))  # elsewhere: fine

    moderator.post(reverse("forums:suspension_lift", args=[suspension.pk]), {"reason": "Pidió disculpas"})

    permissions.check_can_reply(place.troublemaker, place.topic)


@pytest.mark.parametrize(("period", "days"), [("1", 1), ("30", 30)])
def test_suspension_periods_last_the_chosen_number_of_days(period, days, place, login):
    login(place.category_moderator).post(
        reverse("forums:member_suspend", args=[place.category.slug, place.troublemaker.pk]),
        {"period": period, "reason": "Spam"},
    )

    left = active_suspension_of(place).until - timezone.now()
    assert timedelta(days=days) - timedelta(minutes=1) < left <= timedelta(days=days)


def test_suspension_until_a_date_ends_as_that_day_begins(place, login):
    day = timezone.localdate() + timedelta(days=10)

    login(place.category_moderator).post(
        reverse("forums:member_suspend", args=[place.category.slug, place.troublemaker.pk]),
        {"period": "date", "until": day.isoformat(), "reason": "Spam"},
    )

    until = timezone.localtime(active_suspension_of(place).until)
    assert (until.date(), until.hour, until.minute) == (day, 0, 0)


def test_moderator_is_told_until_when_in_their_own_language(place, login):
    response = login(place.category_moderator).post(
        reverse("forums:member_suspend", args=[place.category.slug, place.troublemaker.pk]),
        {"period": "7", "reason": "Publicidad repetida"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    until = timezone.localtime(Suspension.objects.get(user=place.troublemaker).until)
    with translation.override("en"):
        expected = formats.date_format(until, "SHORT_DATETIME_FORMAT")  # e.g. 05/30/2025 3:04 p.m.
    assert f"until {expected}." in response.content.decode()


def test_suspended_member_is_told_why(place, login):
    login(place.category_moderator).post(
        reverse("forums:member_suspend", args=[place.category.slug, place.troublemaker.pk]),
        {"period": "7", "reason": "Publicidad repetida"},
    )

    notice = Notification.objects.get(recipient=place.troublemaker)
    assert notice.verb == "suspended you from posting in"
    assert notice.description == "Publicidad repetida"


def test_a_new_suspension_replaces_the_current_one(place, login):
    moderator = login(place.category_moderator)
    url = reverse("forums:member_suspend", args=[place.category.slug, place.troublemaker.pk])
    moderator.post(url, {"period": "30", "reason": "Spam"})

    moderator.post(url, {"period": "1", "reason": "Lo reducimos a un día"})

    assert active_suspension_of(place).until - timezone.now() <= timedelta(days=1)


def test_suspend_page_shows_the_current_suspension_with_a_lift_button(place, login):
    _suspend(place)

    response = login(place.category_moderator).get(
        reverse("forums:member_suspend", args=[place.category.slug, place.troublemaker.pk])
    )

    body = response.content.decode()
    assert "Publicidad repetida" in body
    assert reverse("forums:suspension_lift", args=[Suspension.objects.get().pk]) in body


def test_moderators_of_a_category_cannot_be_suspended_in_it(place, login):
    response = login(place.network_moderator).post(
        reverse("forums:member_suspend", args=[place.category.slug, place.category_moderator.pk]),
        {"period": "7", "reason": "Prueba"},
    )

    assert response.status_code == 400
    assert "The moderators of a category cannot be suspended in it." in response.content.decode()
    assert not Suspension.objects.exists()


def test_lifting_an_ended_suspension_says_so(place, login):
    _suspend(place)
    suspension = Suspension.objects.get()
    Suspension.objects.filter(pk=suspension.pk).update(until=timezone.now() - timedelta(minutes=1))

    response = login(place.category_moderator).post(reverse("forums:suspension_lift", args=[suspension.pk]))

    assert response.status_code == 400
    assert "This suspension has already ended." in response.content.decode()


# One category's moderator in another category


def test_moderator_of_category_a_cannot_moderate_category_b(place, login):
    other = CategoryFactory(name="Contabilidad")  # site-wide: every member can read it
    topic_b = TopicFactory(category=other)
    reply_b = PostFactory(topic=topic_b)
    client = login(place.category_moderator)

    responses = [
        client.post(reverse("forums:topic_pin", args=[topic_b.pk])),
        client.post(reverse("forums:topic_hide", args=[topic_b.pk]), {"reason": "No"}),
        client.post(reverse("forums:post_hide", args=[reply_b.pk]), {"reason": "No"}),
        client.post(
            reverse("forums:member_suspend", args=[other.slug, reply_b.author.pk]),
            {"period": "1", "reason": "No"},
        ),
        client.get(reverse("forums:moderation_log") + f"?category={other.slug}"),
    ]

    assert [r.status_code for r in responses] == [403] * 5
    topic_b.refresh_from_db()
    assert not topic_b.is_pinned and not topic_b.is_hidden
    assert not ModerationAction.objects.exists()


def test_category_moderator_of_a_site_wide_category_moderates_it_and_members_cannot(login):
    category = CategoryFactory()
    moderator = UserFactory()
    category.moderators.add(moderator)
    topic = TopicFactory(category=category)
    member = UserFactory()

    refused = login(member).post(reverse("forums:topic_lock", args=[topic.pk]))
    done = login(moderator).post(reverse("forums:topic_lock", args=[topic.pk]))

    assert (refused.status_code, done.status_code) == (403, 302)
    topic.refresh_from_db()
    assert topic.is_locked


# The audit log


def test_audit_log_shows_every_action_with_its_reason(place, login):
    moderator = login(place.category_moderator)
    topic_url = lambda name: reverse(f"forums:{name}", args=[place.topic.pk])  # noqa: E731
    moderator.post(topic_url("topic_pin"), {"reason": "Tema del mes"})
    moderator.post(topic_url("topic_lock"), {"reason": "Ya se resolvió"})
    moderator.post(reverse("forums:post_hide", args=[place.reply.pk]), {"reason": "Enlace sospechoso"})
    moderator.post(
        reverse("forums:member_suspend", args=[place.category.slug, place.troublemaker.pk]),
        {"period": "1", "reason": "Mensajes repetidos"},
    )

    response = login(place.network_moderator).get(reverse("forums:moderation_log"))

    body = response.content.decode()
    assert response.status_code == 200
    for label, reason in [
        ("pinned", "Tema del mes"),
        ("locked", "Ya se resolvió"),
        ("hid a post", "Enlace sospechoso"),
        ("suspended a member", "Mensajes repetidos"),
    ]:
        assert label in body
        assert reason in body
    assert place.category_moderator.display_name in body
    assert place.troublemaker.display_name in body
    assert reverse("forums:topic", args=[place.topic.pk]) in body
    assert body.index("Mensajes repetidos") < body.index("Tema del mes")  # newest first


def test_audit_log_filters_by_category(place, login):
    services.topic_pin(topic=place.topic, actor=place.category_moderator, reason="En turismo")
    services.topic_pin(
        topic=TopicFactory(category=place.elsewhere), actor=place.category_moderator, reason="En ferias"
    )

    response = login(place.category_moderator).get(
        reverse("forums:moderation_log") + f"?category={place.elsewhere.slug}"
    )

    body = response.content.decode()
    assert "En ferias" in body
    assert "En turismo" not in body


def test_audit_log_shows_only_categories_the_moderator_moderates(place, login):
    other = CategoryFactory()
    services.topic_lock(topic=TopicFactory(category=other), actor=UserFactory(is_staff=True), reason="Ajeno")
    services.topic_lock(topic=place.topic, actor=place.network_moderator, reason="Propio")

    body = login(place.category_moderator).get(reverse("forums:moderation_log")).content.decode()

    assert "Propio" in body
    assert "Ajeno" not in body


def test_audit_log_is_paginated(place, login):
    for n in range(55):
        ModerationAction.objects.create(
            kind=Kind.PIN, actor=place.category_moderator, category=place.category, reason=f"Motivo {n:02d}"
        )

    first = login(place.category_moderator).get(reverse("forums:moderation_log")).content.decode()
    second = (
        login(place.category_moderator).get(reverse("forums:moderation_log") + "?page=2").content.decode()
    )

    assert first.count("Motivo ") == 50
    assert "Page 1 of 2" in first
    assert second.count("Motivo ") == 5


@pytest.mark.parametrize(
    ("persona", "status"),
    [("author", 403), ("member", 403), ("outsider", 403), ("anonymous", 302), ("staff", 200)],
)
def test_audit_log_is_for_moderators_only(persona, status, place, login, client):
    response = client_as(persona, place, login, client).get(reverse("forums:moderation_log"))

    assert response.status_code == status
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


def test_audit_log_runs_a_fixed_number_of_queries(place, login, django_assert_num_queries):
    for n in range(30):
        topic = TopicFactory(category=place.category)
        services.topic_pin(topic=topic, actor=place.category_moderator, reason=f"Motivo {n}")
        services.post_hide(post=topic.last_post, actor=place.network_moderator, reason=f"Oculto {n}")
    services.member_suspend(
        category=place.category,
        member=place.troublemaker,
        actor=place.category_moderator,
        until=timezone.now() + timedelta(days=1),
        reason="Spam",
    )
    client = login(place.category_moderator)

    # 1. the session   2. the signed-in member   3. the categories they moderate (and the filter)
    # 4. COUNT of the actions   5. the page of actions with actor, category, topic (and its
    # category), post and member joined   6. the unread-notification count in the header
    with django_assert_num_queries(6):
        response = client.get(reverse("forums:moderation_log"))

    assert response.content.decode().count("Motivo ") + response.content.decode().count("Oculto ") == 49
