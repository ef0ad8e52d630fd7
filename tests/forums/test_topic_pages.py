"""Reading the forums: the category index, a category's topic list (sorting, tags, pagination, pinned
first, unread markers), the topic page (hidden posts and topics, accepted answers, read state),
revisions, permalinks and search, for the author, a moderator, a member, an outsider, anonymous;
and the query counts of the list and detail pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Access, ForumReadMark, PostRevision, Reaction, TopicReadState
from forums.selectors import POSTS_PER_PAGE
from forums.services.posting import post_create, post_update, topic_create
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

LONG_AGO = timedelta(days=90)


def seasoned(**kwargs):
    """A member who joined long ago: the new-account limits do not apply."""
    return UserFactory(date_joined=timezone.now() - LONG_AGO, **kwargs)


@pytest.fixture(autouse=True)
def _english(client):
    """Anonymous visitors get Spanish by default; read the pages in English, as the personas do."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def category(db):
    return CategoryFactory(name="Formación a distancia", slug="formacion", read_access=Access.EVERYONE)


@pytest.fixture
def author(db):
    return seasoned(display_name="Rosa Quispe")


@pytest.fixture
def moderator(category):
    user = seasoned(display_name="Moderadora Lucía")
    category.moderators.add(user)
    return user


@pytest.fixture
def member(db):
    return seasoned(display_name="Carmen Díaz")


@pytest.fixture
def outsider(db):
    return seasoned(display_name="Persona de fuera")


@pytest.fixture
def topic(category, author):
    return TopicFactory(category=category, author=author, title="¿Cómo capacitar a distancia?")


@pytest.fixture
def network(db):
    return NetworkFactory(visibility=Visibility.PRIVATE)


@pytest.fixture
def network_category(network):
    return CategoryFactory(network=network, read_access=Access.MEMBERS, name="Clúster privado")


@pytest.fixture
def network_member(network):
    return NetworkMembershipFactory(network=network, user=seasoned()).user


@pytest.fixture
def network_topic(network_category, network_member):
    return TopicFactory(category=network_category, author=network_member, title="Plan secreto del clúster")


def page(client, url, **params):
    response = client.get(url, params)
    return response, response.content.decode()


def topic_url(topic):
    return reverse("forums:topic", args=[topic.pk])


def category_url(category):
    return reverse("forums:category", args=[category.slug])


def reply_to(topic, author, body="Una respuesta útil.", **kwargs):
    return post_create(topic=topic, author=author, body=body, **kwargs)


# The index


def test_index_lists_categories_with_topic_counts_and_latest_activity(client, category, author):
    TopicFactory(category=category, author=author, title="Primer tema")
    TopicFactory(category=category, author=author, title="Tema más reciente")
    TopicFactory(category=category, author=author, title="Tema oculto", is_hidden=True)
    CategoryFactory(name="Sala vacía")

    response, body = page(client, reverse("forums:index"))

    assert response.status_code == 200
    row = body[body.index("Formación a distancia") :]
    assert "<td>2</td>" in row  # the hidden topic is not counted
    assert "Tema más reciente" in row
    assert "Tema oculto" not in body
    assert "Sala vacía" in body and "No topics yet" in body


def test_index_shows_members_only_category_to_members_but_not_to_anonymous(client, login, member):
    CategoryFactory(name="Solo para socias", read_access=Access.MEMBERS)

    assert "Solo para socias" not in page(client, reverse("forums:index"))[1]
    assert "Solo para socias" in page(login(member), reverse("forums:index"))[1]


def test_index_hides_private_network_category_from_outsider_and_shows_it_to_its_members(
    client, login, outsider, network_member, network_category
):
    assert network_category.name not in page(login(outsider), reverse("forums:index"))[1]
    assert network_category.name not in page(client, reverse("forums:index"))[1]
    assert network_category.name in page(login(network_member), reverse("forums:index"))[1]


# Access to categories and topics


def test_outsider_gets_404_for_private_network_category_its_topics_and_posts(
    client, login, outsider, network_topic
):
    post = network_topic.posts.get()
    for who in (login(outsider), client):
        assert who.get(category_url(network_topic.category)).status_code == 404
        assert who.get(topic_url(network_topic)).status_code == 404
        assert who.get(reverse("forums:post", args=[post.pk])).status_code == 404
        assert who.get(reverse("forums:post_revisions", args=[post.pk])).status_code == 404


def test_network_member_reads_the_private_category_and_its_topic(login, network_member, network_topic):
    client = login(network_member)

    assert "Plan secreto del clúster" in page(client, category_url(network_topic.category))[1]
    assert "Plan secreto del clúster" in page(client, topic_url(network_topic))[1]


def test_anonymous_gets_404_for_members_only_category_which_members_read(client, login, member, author):
    members_only = CategoryFactory(read_access=Access.MEMBERS)
    topic = TopicFactory(category=members_only, author=author, title="Solo socias")

    assert client.get(category_url(members_only)).status_code == 404
    assert client.get(topic_url(topic)).status_code == 404
    assert login(member).get(topic_url(topic)).status_code == 200


def test_hidden_topic_is_404_for_members_and_shown_to_its_moderator(
    client, login, category, author, member, moderator
):
    hidden = TopicFactory(category=category, author=author, title="Tema retirado", is_hidden=True)

    assert client.get(topic_url(hidden)).status_code == 404
    assert login(member).get(topic_url(hidden)).status_code == 404
    assert "Tema retirado" not in page(login(member), category_url(category))[1]
    response, body = page(login(moderator), topic_url(hidden))
    assert response.status_code == 200
    assert "Hidden by moderators" in body
    assert "Tema retirado" in page(login(moderator), category_url(category))[1]


def test_hidden_post_is_invisible_to_members_noted_for_its_author_and_shown_to_moderators(
    client, login, topic, member, moderator
):
    writer = seasoned()
    hidden = PostFactory(topic=topic, author=writer, body="Compren mi curso milagroso", is_hidden=True)
    PostFactory(topic=topic, author=member, body="Respuesta normal")

    for who in (client, login(member)):
        body = page(who, topic_url(topic))[1]
        assert "Respuesta normal" in body
        assert "Compren mi curso milagroso" not in body
        assert f'id="post-{hidden.pk}"' not in body
    own = page(login(writer), topic_url(topic))[1]
    assert "Compren mi curso milagroso" in own
    assert "The moderators hid this post of yours" in own
    moderated = page(login(moderator), topic_url(topic))[1]
    assert "Compren mi curso milagroso" in moderated
    assert "Hidden by moderators." in moderated


def test_deleted_post_leaves_a_placeholder_without_its_text(client, topic, member):
    PostFactory(topic=topic, author=member, body="Texto que me arrepiento", is_deleted=True)

    body = page(client, topic_url(topic))[1]

    assert "This post was deleted." in body
    assert "Texto que me arrepiento" not in body


# The topic list


def test_topic_list_shows_pinned_first_then_latest_activity(client, category, author):
    now = timezone.now()
    TopicFactory(
        category=category, author=author, title="Tema antiguo", last_activity_at=now - timedelta(days=3)
    )
    TopicFactory(
        category=category, author=author, title="Tema activo", last_activity_at=now - timedelta(hours=1)
    )
    TopicFactory(
        category=category,
        author=author,
        title="Normas del foro",
        is_pinned=True,
        last_activity_at=now - timedelta(days=30),
    )

    body = page(client, category_url(category))[1]

    assert body.index("Normas del foro") < body.index("Tema activo") < body.index("Tema antiguo")
    assert "Pinned" in body


def test_topic_list_sorts_by_newest_and_by_most_replies(client, category, author):
    now = timezone.now()
    older = TopicFactory(category=category, author=author, title="Tema con muchas respuestas", reply_count=9)
    older.created_at = now - timedelta(days=5)
    older.save(update_fields=["created_at"])
    TopicFactory(category=category, author=author, title="Tema recién creado", reply_count=1)

    newest = page(client, category_url(category), sort="newest")[1]
    active = page(client, category_url(category), sort="active")[1]

    assert newest.index("Tema recién creado") < newest.index("Tema con muchas respuestas")
    assert active.index("Tema con muchas respuestas") < active.index("Tema recién creado")


def test_topic_list_filters_by_tag(client, category, author):
    tagged = TopicFactory(category=category, author=author, title="Cursos de contabilidad")
    tagged.tags.set(["contabilidad", "pymes"])
    TopicFactory(category=category, author=author, title="Otro asunto")

    body = page(client, category_url(category), tag="Contabilidad")[1]

    assert "Cursos de contabilidad" in body
    assert "Otro asunto" not in body
    assert "Topics tagged" in body


def test_topic_list_has_twenty_topics_a_page(client, category, author):
    now = timezone.now()
    for n in range(25):
        TopicFactory(
            category=category,
            author=author,
            title=f"Tema {n:02d}",
            last_activity_at=now - timedelta(minutes=n),
        )

    first = page(client, category_url(category))[1]
    second = page(client, category_url(category), page=2)[1]

    assert "Tema 00" in first and "Tema 19" in first and "Tema 20" not in first
    assert "Tema 20" in second and "Tema 24" in second and "Page 2 of 2" in second


def test_answered_question_is_marked_in_the_list(client, author, member):
    qa = CategoryFactory(is_qa=True)
    question = TopicFactory(category=qa, author=author, title="¿Dónde registro mi marca?")
    answer = PostFactory(topic=question, author=member)
    question.accepted_answer = answer
    question.save()
    TopicFactory(category=qa, author=author, title="Pregunta sin respuesta")

    body = page(client, category_url(qa))[1]

    question_row = body[body.index("¿Dónde registro mi marca?") :]
    assert "answered" in question_row[: question_row.index("</li>")]
    open_row = body[body.index("Pregunta sin respuesta") :]
    assert "answered" not in open_row[: open_row.index("</li>")]


# Unread markers


def unread_titles(client, category):
    body = page(client, category_url(category))[1]
    rows = body.split('<li class="topic')[1:]
    return {row.split("</a></h3>")[0].rsplit(">", 1)[1] for row in rows if "unread-marker" in row}


def test_first_visit_counts_old_topics_as_read_and_later_activity_as_unread(login, category, author, member):
    TopicFactory(category=category, author=author, title="Tema de antes")
    client = login(member)

    assert unread_titles(client, category) == set()
    assert ForumReadMark.objects.filter(user=member).count() == 1

    newer = topic_create(category=category, author=author, title="Tema nuevo", body="Hola")
    assert unread_titles(client, category) == {"Tema nuevo"}

    client.get(topic_url(newer))
    assert unread_titles(client, category) == set()

    reply_to(newer, author, "Otra respuesta")
    assert unread_titles(client, category) == {"Tema nuevo"}


def test_own_reply_does_not_make_a_topic_unread(login, category, author, member):
    client = login(member)
    client.get(reverse("forums:index"))
    topic = topic_create(category=category, author=author, title="Tema", body="Hola")
    client.get(topic_url(topic))

    client.post(reverse("forums:reply", args=[topic.pk]), {"body": "Mi respuesta"})

    assert unread_titles(client, category) == set()


def test_mark_all_read_clears_every_unread_marker(login, category, author, member):
    client = login(member)
    client.get(reverse("forums:index"))
    topic_create(category=category, author=author, title="Uno", body="Hola")
    topic_create(category=category, author=author, title="Dos", body="Hola")
    assert unread_titles(client, category) == {"Uno", "Dos"}

    assert client.get(reverse("forums:mark_all_read")).status_code == 405
    response = client.post(reverse("forums:mark_all_read"), {"next": category_url(category)})

    assert response.status_code == 302 and response["Location"] == category_url(category)
    assert unread_titles(client, category) == set()


def test_anonymous_sees_no_unread_markers_and_leaves_no_read_state(client, category, author):
    TopicFactory(category=category, author=author)

    body = page(client, category_url(category))[1]
    client.get(reverse("forums:index"))

    assert "unread-marker" not in body
    assert not ForumReadMark.objects.exists() and not TopicReadState.objects.exists()


def test_reading_a_topic_keeps_one_read_state_row_at_the_last_post(login, topic, member):
    for n in range(5):
        PostFactory(topic=topic, author=member, body=f"Respuesta {n}")
    last = topic.posts.order_by("pk").last()
    client = login(member)

    client.get(topic_url(topic))
    client.get(topic_url(topic))

    state = TopicReadState.objects.get(user=member, topic=topic)
    assert state.last_read_post_id == last.pk
    assert TopicReadState.objects.filter(user=member).count() == 1


def test_reading_an_earlier_page_does_not_move_the_read_state_back(login, topic, member):
    for n in range(POSTS_PER_PAGE + 5):
        PostFactory(topic=topic, author=member, body=f"Respuesta {n}")
    client = login(member)
    client.get(topic_url(topic), {"page": 2})
    last_pk = topic.posts.order_by("pk").last().pk

    client.get(topic_url(topic), {"page": 1})

    assert TopicReadState.objects.get(user=member, topic=topic).last_read_post_id == last_pk


# The topic page


def test_topic_page_shows_posts_reactions_tags_and_images(client, topic, member):
    topic.tags.set(["capacitación"])
    answer = PostFactory(topic=topic, author=member, body="**Usen** videos cortos")
    Reaction.objects.create(post=answer, user=member, kind="thanks")

    body = page(client, topic_url(topic))[1]

    assert "<strong>Usen</strong> videos cortos" in body
    assert "capacitación" in body
    assert 'Thanks <span class="count">1</span>' in body
    assert "Carmen Díaz" in body


def test_topic_page_is_paginated_and_the_permalink_finds_the_page_of_a_post(client, topic, member):
    posts = [
        PostFactory(topic=topic, author=member, body=f"Respuesta número {n}") for n in range(POSTS_PER_PAGE)
    ]
    late = posts[-1]  # the 51st post, counting the opening one

    first = page(client, topic_url(topic))[1]
    response = client.get(reverse("forums:post", args=[late.pk]))

    assert f"Respuesta número {POSTS_PER_PAGE - 1}" not in first
    assert response.status_code == 302
    assert response["Location"] == f"{topic_url(topic)}?page=2#post-{late.pk}"
    assert f"Respuesta número {POSTS_PER_PAGE - 1}" in page(client, topic_url(topic), page=2)[1]


def test_accepted_answer_is_summarised_under_the_question(client, author, member):
    question = TopicFactory(category=CategoryFactory(is_qa=True), author=author, title="¿Cómo facturo?")
    answer = PostFactory(topic=question, author=member, body="Con el sistema del SRI.")
    question.accepted_answer = answer
    question.save()

    body = page(client, topic_url(question))[1]

    summary = body[body.index('class="accepted-answer"') :]
    assert "Con el sistema del SRI." in summary[: summary.index("</aside>")]
    assert reverse("forums:post", args=[answer.pk]) in summary[: summary.index("</aside>")]
    assert body.index('class="accepted-answer"') < body.index(f'id="post-{answer.pk}"')


def test_hidden_accepted_answer_is_not_summarised_for_members(login, author, member):
    question = TopicFactory(category=CategoryFactory(is_qa=True), author=author)
    answer = PostFactory(topic=question, author=seasoned(), body="Respuesta retirada", is_hidden=True)
    question.accepted_answer = answer
    question.save()

    assert "Respuesta retirada" not in page(login(member), topic_url(question))[1]


def test_revisions_page_lists_earlier_versions_rendered(client, topic, member):
    post = PostFactory(topic=topic, author=member, body="Versión **final**", edited_at=timezone.now())
    PostRevision.objects.create(post=post, body="Primera *versión*", editor=member)

    topic_body = page(client, topic_url(topic))[1]
    revisions = page(client, reverse("forums:post_revisions", args=[post.pk]))[1]

    assert reverse("forums:post_revisions", args=[post.pk]) in topic_body and ">edited<" in topic_body
    assert "Versión <strong>final</strong>" in revisions
    assert "Primera <em>versión</em>" in revisions


def test_after_a_moderator_edits_a_post_its_earlier_versions_are_for_moderators_only(
    login, client, topic, author, member, moderator
):
    post = post_create(topic=topic, author=member, body="Escríbanme al 099 123 4567")
    post_update(post=post, editor=member, body="Escríbanme al 099 123 4567, de 9 a 17 h")
    post_update(post=post, editor=moderator, body="Escríbanme por mensaje privado")
    url = reverse("forums:post_revisions", args=[post.pk])

    for reader in (client, login(author), login(member)):
        response, body = page(reader, url)
        assert response.status_code == 200 and "099 123 4567" not in body
        assert "Escríbanme por mensaje privado" in body
        assert "A moderator changed this post: its earlier versions are shown only to moderators." in body
    assert "099 123 4567" in page(login(moderator), url)[1]


def test_revisions_of_a_deleted_post_are_404_for_members_but_not_for_moderators(
    login, topic, member, moderator
):
    post = PostFactory(topic=topic, author=member, is_deleted=True)
    PostRevision.objects.create(post=post, body="Lo que dije antes", editor=member)
    url = reverse("forums:post_revisions", args=[post.pk])

    assert login(member).get(url).status_code == 404
    assert "Lo que dije antes" in page(login(moderator), url)[1]


# Search


def search(client, **params):
    return page(client, reverse("forums:search"), **params)[1]


def test_search_finds_every_word_in_titles_and_post_bodies(client, category, author, member):
    by_title = TopicFactory(category=category, author=author, title="Turismo comunitario en Loja")
    by_body = TopicFactory(category=category, author=author, title="Ideas")
    PostFactory(topic=by_body, author=member, body="Un proyecto de turismo rural en Loja")
    TopicFactory(category=category, author=author, title="Turismo en Cuenca")

    body = search(client, q="turismo loja")

    assert by_title.title in body and by_body.title in body
    assert "Turismo en Cuenca" not in body
    assert "2 topics found" in body


def test_search_by_author_tag_and_category(client, category, author, member):
    other = CategoryFactory(name="Otra sala")
    tagged = TopicFactory(category=category, author=author, title="Tema etiquetado")
    tagged.tags.set(["ferias"])
    answered = TopicFactory(category=other, author=author, title="Tema con respuesta de Carmen")
    PostFactory(topic=answered, author=member)

    assert "Tema con respuesta de Carmen" in search(client, author="carmen")
    assert "Tema etiquetado" not in search(client, author="carmen")
    assert "Tema etiquetado" in search(client, tag="Ferias")
    in_other = search(client, category=other.slug)
    assert "Tema con respuesta de Carmen" in in_other and "Tema etiquetado" not in in_other


def test_search_never_shows_hidden_posts_hidden_topics_or_private_places_to_readers(
    client, login, category, author, member, moderator, outsider, network_topic
):
    topic = TopicFactory(category=category, author=author, title="Tema público")
    PostFactory(topic=topic, author=member, body="palabraoculta en un post oculto", is_hidden=True)
    TopicFactory(category=category, author=author, title="palabraoculta tema oculto", is_hidden=True)

    for who in (client, login(member), login(outsider)):
        body = search(who, q="palabraoculta")
        assert "Tema público" not in body and "tema oculto" not in body
        assert "Plan secreto" not in search(who, q="secreto")
    assert "tema oculto" in search(login(moderator), q="palabraoculta")


# Query counts


def test_topic_page_with_fifty_posts_runs_a_fixed_number_of_queries_for_a_member(
    login, topic, member, django_assert_num_queries
):
    others = [seasoned() for _ in range(5)]
    for n in range(49):
        post = PostFactory(topic=topic, author=others[n % 5], body=f"Respuesta {n} con **negrita**")
        Reaction.objects.create(post=post, user=others[(n + 1) % 5], kind="like")
        Reaction.objects.create(post=post, user=member, kind="thanks")
    client = login(member)
    client.get(topic_url(topic))  # the first visit creates the read state

    # 1 session, 2 user, 3 topic with category, network, author, poll, accepted answer and opening post,
    # 4 its tags, 5 is the member a moderator, 6 count of posts, 7 the page of posts with reaction
    # counts and the member's own reactions, 8 their images, 9 suspension (may the member reply),
    # 10 read state update, 11 subscription state (watch buttons), 12 unread notification count.
    with django_assert_num_queries(12):
        response = client.get(topic_url(topic))
    assert response.content.decode().count('<article class="post') == 50


def test_topic_page_with_fifty_posts_runs_a_fixed_number_of_queries_for_anonymous(
    client, topic, django_assert_num_queries
):
    for n in range(49):
        PostFactory(topic=topic, author=seasoned(), body=f"Respuesta {n}")

    # 1 topic with its joins, 2 its tags, 3 count of posts, 4 posts with reaction counts, 5 images.
    with django_assert_num_queries(5):
        response = client.get(topic_url(topic))
    assert response.content.decode().count('<article class="post') == 50


def test_topic_list_runs_a_fixed_number_of_queries(login, category, member, django_assert_num_queries):
    for n in range(20):
        topic = TopicFactory(category=category, author=seasoned(), title=f"Tema {n}")
        topic.tags.set([f"etiqueta-{n}", "común"])
        PostFactory(topic=topic, author=seasoned())
    client = login(member)
    client.get(category_url(category))  # the first visit sets the read mark

    # 1 session, 2 user, 3 category, 4 read mark, 5 is the member a moderator, 6 count, 7 topics with
    # authors, last posters and unread flags, 8 their tags, 9 suspension (may the member start a
    # topic), 10 subscription state, 11 unread notification count.
    with django_assert_num_queries(11):
        response = client.get(category_url(category))
    assert response.content.decode().count('<li class="topic') == 20


def test_index_runs_a_fixed_number_of_queries(login, member, author, django_assert_num_queries):
    for _ in range(5):
        category = CategoryFactory()
        for _ in range(3):
            TopicFactory(category=category, author=author)
    client = login(member)
    client.get(reverse("forums:index"))

    # 1 session, 2 user, 3 read mark, 4 categories with counts and latest topic, 5 notification count.
    with django_assert_num_queries(5):
        client.get(reverse("forums:index"))


def test_search_runs_a_fixed_number_of_queries(login, category, member, django_assert_num_queries):
    for n in range(10):
        topic = TopicFactory(category=category, author=seasoned(), title=f"Feria artesanal {n}")
        topic.tags.set(["ferias"])
    client = login(member)
    client.get(reverse("forums:index"))

    # 1 session, 2 user, 3 categories for the filter, 4 read mark, 5 count, 6 topics, 7 tags,
    # 8 notification count.
    with django_assert_num_queries(8):
        body = client.get(reverse("forums:search"), {"q": "feria"}).content.decode()
    assert "10 topics found" in body


def test_moderator_sees_network_moderator_hidden_topic_in_list(login, network, network_category):
    """Network moderators moderate their network's category without being listed as its moderators."""
    network_moderator = NetworkMembershipFactory(network=network, role=NetworkRole.MODERATOR).user
    TopicFactory(category=network_category, author=network_moderator, title="Tema retirado", is_hidden=True)

    assert "Tema retirado" in page(login(network_moderator), category_url(network_category))[1]
