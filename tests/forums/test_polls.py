"""Polls on topics: adding one, voting (single and multiple choice, changing, closed polls), who sees
the results when, and the CSV export, for the author, a moderator, a member, an outsider, anonymous."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from forums.models import Access, Poll, PollVote, ResultsVisibility
from forums.services.polls import poll_create, poll_vote
from networks.models import NetworkRole, Visibility
from tests.factories import (
    CategoryFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    PollFactory,
    PostFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    """Anonymous visitors get Spanish by default; read the pages in English, as the personas do."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def network(db):
    return NetworkFactory(visibility=Visibility.PRIVATE)


@pytest.fixture
def category(network):
    """A members-only category of a private cluster: outsiders must not learn what is in it."""
    return CategoryFactory(network=network, read_access=Access.MEMBERS)


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
    return TopicFactory(category=category, author=author, title="Necesidades de formación 2026")


@pytest.fixture
def poll(topic):
    return PollFactory(topic=topic, question="¿Qué formación necesita su equipo?")


@pytest.fixture
def public_topic(author):
    return TopicFactory(category=CategoryFactory(read_access=Access.EVERYONE), author=author)


def option_ids(poll, *labels):
    return [poll.options.get(label=label).pk for label in labels]


def vote(client, poll, *labels, **extra):
    return client.post(
        reverse("forums:poll_vote", args=[poll.pk]), {"option": option_ids(poll, *labels)}, **extra
    )


def page(client, topic) -> str:
    response = client.get(topic.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def add_poll_data(**overrides) -> dict:
    data = {
        "question": "¿Qué formación necesita su equipo?",
        "options": "Atención al cliente\n\nContabilidad básica\nMarketing digital\n",
        "multiple": "",
        "closes_at": "",
        "results_visibility": "after_vote",
    }
    data.update(overrides)
    return data


# Adding a poll


def test_author_adds_a_poll_to_their_topic_and_readers_see_it(login, topic, author, member):
    client = login(author)
    url = reverse("forums:poll_create", args=[topic.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert 'name="options"' in form.content.decode()

    response = client.post(url, add_poll_data(multiple="on"))

    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url() + "#poll"
    poll = Poll.objects.get(topic=topic)
    assert poll.multiple
    assert [o.label for o in poll.options.all()] == [
        "Atención al cliente",
        "Contabilidad básica",
        "Marketing digital",
    ]
    html = page(login(member), topic)
    assert "¿Qué formación necesita su equipo?" in html
    assert 'type="checkbox" name="option"' in html


def test_moderator_adds_a_poll_to_a_members_topic(login, topic, moderator):
    future = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    response = login(moderator).post(
        reverse("forums:poll_create", args=[topic.pk]),
        add_poll_data(closes_at=future, results_visibility="after_close"),
    )

    assert response.status_code == 302
    poll = Poll.objects.get(topic=topic)
    assert poll.results_visibility == ResultsVisibility.AFTER_CLOSE
    assert poll.closes_at is not None and poll.closes_at > timezone.now() + timedelta(days=6)


def test_member_who_did_not_start_the_topic_cannot_add_a_poll(login, topic, member):
    client = login(member)
    url = reverse("forums:poll_create", args=[topic.pk])

    assert client.get(url).status_code == 403
    response = client.post(url, add_poll_data())

    assert response.status_code == 403
    assert "Only the author of the topic or a moderator can add a poll." in response.content.decode()
    assert not Poll.objects.exists()


def test_outsider_gets_404_for_the_poll_form_of_a_members_only_topic(login, topic, outsider):
    client = login(outsider)
    url = reverse("forums:poll_create", args=[topic.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, add_poll_data()).status_code == 404
    assert not Poll.objects.exists()


def test_anonymous_is_sent_to_sign_in_before_adding_a_poll(client, public_topic):
    url = reverse("forums:poll_create", args=[public_topic.pk])

    response = client.post(url, add_poll_data())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Poll.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"options": "Solo una opción"}, "A poll needs between 2 and 20 options."),
        ({"options": "\n".join(f"Opción {n}" for n in range(21))}, "A poll needs between 2 and 20 options."),
        ({"options": "Contabilidad\ncontabilidad"}, "appears twice: each option must be different."),
        ({"options": "Sí\n" + "x" * 121}, "Each option can have at most 120 characters"),
        ({"closes_at": "2020-01-01T10:00"}, "The closing date must be in the future."),
        ({"question": "   "}, "This field is required."),
    ],
)
def test_bad_poll_input_is_shown_with_a_message_and_keeps_what_was_typed(
    login, topic, author, overrides, message
):
    data = add_poll_data(**overrides)
    response = login(author).post(reverse("forums:poll_create", args=[topic.pk]), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    typed_option = data["options"].strip().splitlines()[-1]
    assert escape(typed_option) in html
    assert escape(data["question"]) in html
    assert not Poll.objects.exists()


def test_service_refuses_empty_options_and_a_second_poll(topic, author):
    with pytest.raises(ValidationError) as empty:
        poll_create(topic=topic, actor=author, question="¿Cuándo?", options=["Mañana", "  "])
    assert empty.value.message_dict["options"] == ["Options cannot be empty."]

    poll_create(topic=topic, actor=author, question="¿Cuándo?", options=["Mañana", "Tarde"])
    with pytest.raises(ValidationError, match="already has a poll"):
        poll_create(topic=topic, actor=author, question="¿Dónde?", options=["Loja", "Quito"])
    assert Poll.objects.filter(topic=topic).count() == 1


def test_the_add_a_poll_link_is_for_the_author_and_moderators_only(login, topic, author, moderator, member):
    url = reverse("forums:poll_create", args=[topic.pk])

    assert url in page(login(author), topic)
    assert url in page(login(moderator), topic)
    assert url not in page(login(member), topic)


def test_a_topic_that_has_a_poll_sends_the_author_back_from_the_form(login, poll, author):
    response = login(author).get(reverse("forums:poll_create", args=[poll.topic_id]))

    assert response.status_code == 302
    assert response["Location"] == poll.topic.get_absolute_url()


# Voting


def test_member_votes_in_a_single_choice_poll_and_changing_the_vote_replaces_it(login, poll, member):
    client = login(member)

    response = vote(client, poll, "Contabilidad básica")
    assert response.status_code == 302
    assert response["Location"] == poll.topic.get_absolute_url() + "#poll"
    vote(client, poll, "Marketing digital")

    assert list(PollVote.objects.filter(user=member).values_list("option__label", flat=True)) == [
        "Marketing digital"
    ]
    html = page(client, poll.topic)
    assert 'type="radio" name="option"' in html
    assert "Change my vote" in html


def test_single_choice_poll_refuses_two_answers(login, poll, member):
    response = vote(login(member), poll, "Contabilidad básica", "Marketing digital", follow=True)

    assert "This poll takes one answer: choose only one option." in response.content.decode()
    assert not PollVote.objects.exists()


def test_multiple_choice_poll_takes_several_answers_and_a_new_vote_replaces_the_set(login, topic, member):
    poll = PollFactory(topic=topic, multiple=True)
    client = login(member)

    vote(client, poll, "Atención al cliente", "Contabilidad básica")
    assert sorted(PollVote.objects.filter(user=member).values_list("option__label", flat=True)) == [
        "Atención al cliente",
        "Contabilidad básica",
    ]
    vote(client, poll, "Contabilidad básica", "Marketing digital")

    assert sorted(PollVote.objects.filter(user=member).values_list("option__label", flat=True)) == [
        "Contabilidad básica",
        "Marketing digital",
    ]


def test_voting_after_the_poll_closed_is_refused_with_a_clear_message(login, topic, member):
    poll = PollFactory(topic=topic, closes_at=timezone.now() - timedelta(hours=1))

    response = vote(login(member), poll, "Contabilidad básica", follow=True)

    assert "This poll closed on" in response.content.decode()
    assert "votes are no longer accepted" in response.content.decode()
    assert not PollVote.objects.exists()


def test_a_closed_poll_keeps_the_earlier_vote_and_offers_no_form(login, topic, member):
    poll = PollFactory(topic=topic, closes_at=timezone.now() + timedelta(hours=1))
    client = login(member)
    vote(client, poll, "Contabilidad básica")
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(minutes=1))

    vote(client, poll, "Marketing digital")

    assert list(PollVote.objects.values_list("option__label", flat=True)) == ["Contabilidad básica"]
    html = page(client, topic)
    assert reverse("forums:poll_vote", args=[poll.pk]) not in html
    assert "Closed on" in html


def test_voting_without_choosing_or_for_another_polls_option_is_refused(login, poll, topic, member):
    other = PollFactory(topic=TopicFactory(category=topic.category))
    client = login(member)

    empty = client.post(reverse("forums:poll_vote", args=[poll.pk]), {}, follow=True)
    foreign = client.post(
        reverse("forums:poll_vote", args=[poll.pk]),
        {"option": option_ids(other, "Contabilidad básica")},
        follow=True,
    )
    garbage = client.post(reverse("forums:poll_vote", args=[poll.pk]), {"option": "abc"}, follow=True)

    assert "Choose an option before voting." in empty.content.decode()
    assert "That option is not part of this poll." in foreign.content.decode()
    assert "That option is not part of this poll." in garbage.content.decode()
    assert not PollVote.objects.exists()


def test_voting_needs_a_post(login, poll, member):
    response = login(member).get(
        reverse("forums:poll_vote", args=[poll.pk]), {"option": option_ids(poll, "Contabilidad básica")}
    )

    assert response.status_code == 405
    assert not PollVote.objects.exists()


def test_outsider_gets_404_when_voting_in_a_members_only_topic(login, poll, outsider):
    response = vote(login(outsider), poll, "Contabilidad básica")

    assert response.status_code == 404
    assert not PollVote.objects.exists()


def test_member_gets_404_when_voting_in_a_hidden_topic(login, poll, member):
    poll.topic.is_hidden = True
    poll.topic.save(update_fields=["is_hidden"])

    assert vote(login(member), poll, "Contabilidad básica").status_code == 404
    assert not PollVote.objects.exists()


def test_anonymous_is_sent_to_sign_in_to_vote(client, public_topic):
    poll = PollFactory(topic=public_topic)

    response = vote(client, poll, "Contabilidad básica")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not PollVote.objects.exists()
    assert "Sign in to vote" in page(client, public_topic)


def test_outsider_cannot_vote_through_the_service_either(poll, outsider):
    with pytest.raises(PermissionDenied):
        poll_vote(poll=poll, user=outsider, option_ids=option_ids(poll, "Contabilidad básica"))


def test_voting_with_htmx_swaps_the_block_with_the_results(login, poll, member, author):
    vote(login(author), poll, "Atención al cliente")

    response = vote(login(member), poll, "Contabilidad básica", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="poll" id="poll"')
    assert "Your vote is saved." in html
    assert "<meter" in html
    assert "2 members voted." in html


# Results


def test_results_are_hidden_from_a_member_until_they_vote(login, poll, member, author):
    for voter, label in [(UserFactory(), "Contabilidad básica"), (UserFactory(), "Contabilidad básica")]:
        PollVote.objects.create(poll=poll, option=poll.options.get(label=label), user=voter)
    vote(login(author), poll, "Marketing digital")
    client = login(member)

    before = page(client, poll.topic)
    assert "<meter" not in before
    assert "3 members voted." not in before
    assert "The results are shown once you have voted." in before

    vote(client, poll, "Contabilidad básica")
    after = page(client, poll.topic)
    assert "<meter" in after
    assert "4 members voted." in after
    assert "3 votes (75 %)" in after
    assert "1 vote (25 %)" in after


def test_author_and_moderator_always_see_the_results(login, poll, author, moderator):
    PollVote.objects.create(
        poll=poll, option=poll.options.get(label="Contabilidad básica"), user=UserFactory()
    )

    for user in (author, moderator):
        html = page(login(user), poll.topic)
        assert "1 member voted." in html
        assert "1 vote (100 %)" in html


def test_results_shown_after_closing_stay_hidden_after_voting_until_the_poll_closes(
    login, topic, member, client
):
    topic.category.read_access = Access.EVERYONE
    topic.category.save()
    topic.category.network.visibility = Visibility.PUBLIC
    topic.category.network.save()
    poll = PollFactory(
        topic=topic,
        results_visibility=ResultsVisibility.AFTER_CLOSE,
        closes_at=timezone.now() + timedelta(days=1),
    )
    member_client = login(member)
    vote(member_client, poll, "Contabilidad básica")

    html = page(member_client, topic)
    assert "<meter" not in html
    assert "The results will be shown when the poll closes." in html

    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert "1 vote (100 %)" in page(member_client, topic)
    assert "1 vote (100 %)" in page(client, topic)  # anonymous readers too, once closed


def test_results_never_show_who_voted(login, poll, author):
    voter = UserFactory(display_name="Rosa Quishpe")
    PollVote.objects.create(poll=poll, option=poll.options.get(label="Contabilidad básica"), user=voter)

    html = page(login(author), poll.topic)

    assert "1 vote (100 %)" in html
    assert "Rosa Quishpe" not in html


def test_the_poll_block_runs_a_fixed_number_of_queries(rf, poll, member, django_assert_num_queries):
    for _n in range(5):
        PollVote.objects.create(poll=poll, option=poll.options.first(), user=UserFactory())
    PollVote.objects.create(poll=poll, option=poll.options.first(), user=member)
    request = rf.get(poll.topic.get_absolute_url())
    request.user = member
    topic = poll.topic

    # 1. the member's own votes
    # 2. the member's role in the network (a network moderator?)
    # 3. the category's moderators (a category moderator?)
    # 4. the options with their vote counts
    # 5. the number of members who voted
    with django_assert_num_queries(5):
        html = render_to_string(
            "forums/polls_block.html", {"topic": topic, "poll": poll, "user": member}, request=request
        )

    assert "6 members voted." in html


# CSV export


def test_author_and_moderator_download_the_results_as_csv_excel_can_read(login, topic, author, moderator):
    poll = PollFactory(topic=topic, options=["Formación técnica", "Atención al cliente", "Niñez y juventud"])
    for label in ["Formación técnica", "Formación técnica", "Atención al cliente"]:
        PollVote.objects.create(poll=poll, option=poll.options.get(label=label), user=UserFactory())

    for user in (author, moderator):
        response = login(user).get(reverse("forums:poll_csv", args=[poll.pk]))

        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert response["Content-Disposition"].endswith(f'-{poll.pk}.csv"')
        assert response.content.startswith(b"\xef\xbb\xbf")
        assert response.content.decode("utf-8-sig").splitlines() == [
            "Option,Votes,Percentage",
            "Formación técnica,2,66.7",
            "Atención al cliente,1,33.3",
            "Niñez y juventud,0,0.0",
        ]


def test_csv_is_forbidden_to_readers_who_are_neither_author_nor_moderator(login, poll, member):
    response = login(member).get(reverse("forums:poll_csv", args=[poll.pk]))

    assert response.status_code == 403
    assert (
        "Only the author of the topic or a moderator can download the results." in response.content.decode()
    )


def test_csv_is_404_for_those_who_cannot_read_the_topic(login, client, poll, outsider):
    assert login(outsider).get(reverse("forums:poll_csv", args=[poll.pk])).status_code == 404
    assert client.get(reverse("forums:poll_csv", args=[poll.pk])).status_code == 404
    assert client.get(reverse("forums:poll_csv", args=[poll.pk + 1000])).status_code == 404


def test_csv_is_forbidden_to_anonymous_readers_of_a_public_topic(client, public_topic):
    poll = PollFactory(topic=public_topic)

    assert client.get(reverse("forums:poll_csv", args=[poll.pk])).status_code == 403


def test_only_the_author_and_moderators_see_the_csv_link(login, poll, author, member):
    url = reverse("forums:poll_csv", args=[poll.pk])

    assert url in page(login(author), poll.topic)
    assert url not in page(login(member), poll.topic)


def test_csv_cells_that_look_like_formulas_are_neutralised(login, topic, author):
    poll = PollFactory(topic=topic, options=['=HYPERLINK("http://evil.example")', "@SUM(A1)", "Normal"])

    body = login(author).get(reverse("forums:poll_csv", args=[poll.pk])).content.decode("utf-8-sig")

    assert '\n"\'=HYPERLINK(""http://evil.example"")",0,0.0' in body.replace("\r\n", "\n")
    assert "\n'@SUM(A1),0,0.0" in body.replace("\r\n", "\n")


def test_csv_download_runs_a_fixed_number_of_queries(login, poll, author, django_assert_num_queries):
    for _n in range(5):
        PollVote.objects.create(poll=poll, option=poll.options.first(), user=UserFactory())
    PostFactory(topic=poll.topic)
    client = login(author)

    # 1-2. session and member (the middleware)
    # 3. the poll
    # 4. the topic with its category and network
    # 5-6. the member's role in the private network, asked by get_topic_for_user (sees the network's
    #      content; reads a members-only category)
    # 7-8. the same two, asked again by the export service, which checks for every caller
    # 9. the options with their vote counts
    # 10. the number of members who voted
    with django_assert_num_queries(10):
        response = client.get(reverse("forums:poll_csv", args=[poll.pk]))

    assert response.content.decode("utf-8-sig").splitlines()[1] == "Atención al cliente,5,100.0"
