"""Writing in the forums: starting topics, replying (quotes, mentions, an image, htmx), resends with the
same client id, locked topics, editing with revisions, deleting, reactions, accepted answers and the
limits on new accounts, for the author, a moderator, a member, an outsider, anonymous."""

import io
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from notifications.models import Notification
from PIL import Image

from forums import events
from forums.models import (
    Access,
    Post,
    PostImage,
    PostRevision,
    Reaction,
    Subscription,
    SubscriptionLevel,
    Suspension,
    Topic,
)
from forums.services.posting import post_create, post_delete, post_update, topic_create
from networks.models import Visibility
from tests.factories import (
    CategoryFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    PostFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LONG_AGO = timedelta(days=90)
HTMX = {"HTTP_HX_REQUEST": "true"}


def seasoned(**kwargs):
    """A member who joined long ago: the new-account limits do not apply."""
    return UserFactory(date_joined=timezone.now() - LONG_AGO, **kwargs)


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def category(db):
    return CategoryFactory(name="Formación a distancia", read_access=Access.EVERYONE)


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
def topic(category, author):
    return topic_create(
        category=category, author=author, title="¿Cómo capacitar a distancia?", body="Pregunta"
    )


@pytest.fixture
def private_topic(db):
    network = NetworkFactory(visibility=Visibility.PRIVATE)
    category = CategoryFactory(network=network, read_access=Access.MEMBERS)
    insider = NetworkMembershipFactory(network=network, user=seasoned()).user
    return topic_create(category=category, author=insider, title="Plan del clúster", body="Interno")


@pytest.fixture
def recorded(monkeypatch):
    """The live events published, in order, as (name, post id)."""
    seen: list[tuple[str, int]] = []
    for name in ("post_created", "post_edited"):
        monkeypatch.setattr(events, name, lambda post, name=name: seen.append((name, post.pk)))
    return seen


def png_upload(name="foto.png", size=(60, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 60)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def new_topic_url(category):
    return reverse("forums:topic_new", args=[category.slug])


def reply_url(topic):
    return reverse("forums:reply", args=[topic.pk])


def topic_url(topic):
    return reverse("forums:topic", args=[topic.pk])


def last_post(topic):
    return Post.objects.filter(topic=topic).order_by("pk").last()


# Starting a topic


def test_member_starts_a_topic_with_markdown_and_tags_and_watches_it(login, category, member):
    response = login(member).post(
        new_topic_url(category),
        {
            "title": "Ferias para artesanas",
            "body": "Busco **ferias** en Loja",
            "tags": "ferias, Loja, ferias",
        },
    )

    topic = Topic.objects.get(title="Ferias para artesanas")
    assert response.status_code == 302 and response["Location"] == topic_url(topic)
    post = topic.posts.get()
    assert post.body == "Busco **ferias** en Loja"
    assert post.body_html == "<p>Busco <strong>ferias</strong> en Loja</p>"
    assert sorted(topic.tags.names()) == ["Loja", "ferias"]
    assert topic.last_post == post and topic.reply_count == 0
    assert Subscription.objects.filter(user=member, topic=topic, level=SubscriptionLevel.WATCH).exists()


def test_topic_form_errors_keep_what_was_typed(login, category, member):
    client = login(member)
    too_many = ", ".join(f"etiqueta{n}" for n in range(11))

    no_title = client.post(new_topic_url(category), {"title": "", "body": "Mi texto largo", "tags": "a"})
    many_tags = client.post(new_topic_url(category), {"title": "Título", "body": "Texto", "tags": too_many})
    long_tag = client.post(new_topic_url(category), {"title": "Título", "body": "Texto", "tags": "x" * 51})

    assert "This field is required." in no_title.content.decode()
    assert "Mi texto largo" in no_title.content.decode()
    assert "Use at most 10 tags (you gave 11)." in many_tags.content.decode()
    assert "etiqueta10" in many_tags.content.decode()
    assert "Tags have at most 50 characters" in long_tag.content.decode()
    assert not Topic.objects.exists()


def test_anonymous_is_sent_to_sign_in_before_starting_a_topic(client, category):
    response = client.post(new_topic_url(category), {"title": "Hola", "body": "Texto"})

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Topic.objects.exists()


def test_member_is_told_why_they_cannot_start_topics_in_a_moderators_only_category(
    login, client, member, moderator
):
    announcements = CategoryFactory(start_access=Access.MODERATORS)
    announcements.moderators.add(moderator)

    shown = login(member).get(reverse("forums:category", args=[announcements.slug])).content.decode()
    refused = login(member).post(new_topic_url(announcements), {"title": "Hola", "body": "Texto"})
    allowed = login(moderator).post(new_topic_url(announcements), {"title": "Aviso", "body": "Texto"})

    assert "You cannot start topics in this category." in shown
    assert refused.status_code == 403
    assert "You cannot start topics in this category." in refused.content.decode()
    assert allowed.status_code == 302 and Topic.objects.filter(title="Aviso").exists()


def test_outsider_gets_404_for_starting_or_replying_in_a_private_network_category(login, private_topic):
    outsider = seasoned()
    client = login(outsider)

    assert client.get(new_topic_url(private_topic.category)).status_code == 404
    assert client.post(new_topic_url(private_topic.category), {"title": "x", "body": "y"}).status_code == 404
    assert client.post(reply_url(private_topic), {"body": "Hola"}).status_code == 404
    assert private_topic.posts.count() == 1


def test_starting_a_topic_twice_with_the_same_client_id_makes_one_topic(category, member):
    client_id = uuid.uuid4()

    first = topic_create(category=category, author=member, title="Uno", body="Texto", client_id=client_id)
    again = topic_create(
        category=category, author=member, title="Uno", body="Texto", client_id=str(client_id)
    )

    assert first == again
    assert Topic.objects.count() == 1


# Replying


def test_reply_updates_the_topic_and_leads_to_the_new_post(
    login, topic, member, recorded, django_capture_on_commit_callbacks
):
    before = topic.last_activity_at

    with django_capture_on_commit_callbacks(execute=True):
        response = login(member).post(reply_url(topic), {"body": "Usen videos cortos"})

    post = last_post(topic)
    topic.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"{topic_url(topic)}#post-{post.pk}"
    assert post.body_html == "<p>Usen videos cortos</p>" and post.author == member
    assert topic.reply_count == 1 and topic.last_post == post and topic.last_activity_at > before
    assert Subscription.objects.filter(user=member, topic=topic, level=SubscriptionLevel.WATCH).exists()
    assert ("post_created", post.pk) in recorded


def test_replying_to_a_muted_topic_keeps_it_muted(login, topic, member):
    client = login(member)
    client.post(reverse("forums:topic_mute", args=[topic.pk]))

    client.post(reply_url(topic), {"body": "Una última idea"})

    assert Subscription.objects.get(user=member, topic=topic).level == SubscriptionLevel.MUTE
    assert "Unmute" in client.get(topic_url(topic)).content.decode()


def test_a_resent_reply_with_the_same_client_id_is_posted_once(login, topic, member):
    data = {"body": "Mi respuesta", "client_id": str(uuid.uuid4())}
    client = login(member)

    first = client.post(reply_url(topic), data)
    second = client.post(reply_url(topic), data)

    assert Post.objects.filter(topic=topic, author=member).count() == 1
    assert first["Location"] == second["Location"]
    topic.refresh_from_db()
    assert topic.reply_count == 1


def test_post_create_returns_the_existing_post_for_a_repeated_client_id(topic, member):
    client_id = str(uuid.uuid4())

    first = post_create(topic=topic, author=member, body="Hola", client_id=client_id)
    again = post_create(topic=topic, author=member, body="Hola", client_id=client_id)
    other = post_create(topic=topic, author=member, body="Hola", client_id=str(uuid.uuid4()))

    assert first == again and other != first
    assert topic.posts.filter(author=member).count() == 2


def test_empty_reply_is_refused_and_nothing_is_posted(login, topic, member):
    response = login(member).post(reply_url(topic), {"body": "   "})

    assert response.status_code == 400
    assert "Write a message." in response.content.decode()
    assert topic.posts.count() == 1


def test_locked_topic_refuses_replies_with_a_clear_message_and_keeps_the_text(
    login, topic, member, moderator
):
    Topic.objects.filter(pk=topic.pk).update(is_locked=True)
    client = login(member)

    page = client.get(topic_url(topic)).content.decode()
    refused = client.post(reply_url(topic), {"body": "Llego tarde con mi idea"})

    assert "This topic is locked: it takes no new replies." in page
    assert 'action="/forums/topics/' not in page.split('id="reply"')[1]
    assert refused.status_code == 403
    assert "This topic is locked: it takes no new replies." in refused.content.decode()
    assert "Llego tarde con mi idea" in refused.content.decode()
    assert login(moderator).post(reply_url(topic), {"body": "Nota de moderación"}).status_code == 302
    assert topic.posts.count() == 2


def test_suspended_member_is_told_until_when(login, topic, member, moderator):
    Suspension.objects.create(
        user=member,
        category=topic.category,
        until=timezone.now() + timedelta(days=2),
        reason="spam",
        created_by=moderator,
    )

    response = login(member).post(reply_url(topic), {"body": "Hola"})

    assert response.status_code == 403
    assert "You are suspended from posting in this category until" in response.content.decode()


def test_anonymous_reply_is_sent_to_sign_in_and_page_invites_to_sign_in(client, topic):
    response = client.post(reply_url(topic), {"body": "Hola"})
    page = client.get(topic_url(topic)).content.decode()

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "Sign in to reply." in page
    assert topic.posts.count() == 1


def test_opening_the_reply_address_leads_back_to_the_reply_form(login, topic, member):
    response = login(member).get(reply_url(topic))

    assert response.status_code == 302 and response["Location"] == f"{topic_url(topic)}#reply"
    assert topic.posts.count() == 1


def test_reply_through_htmx_returns_the_new_post_and_a_fresh_form(login, topic, member):
    response = login(member).post(reply_url(topic), {"body": "Respuesta sin recargar"}, **HTMX)

    body = response.content.decode()
    post = last_post(topic)
    assert response.status_code == 200
    assert "<html" not in body
    assert f'id="post-{post.pk}"' in body and "Respuesta sin recargar" in body
    assert body.index(f'id="post-{post.pk}"') < body.index('id="reply"')
    assert 'hx-post="/forums/topics/' in body and "Respuesta sin recargar</textarea>" not in body


def test_htmx_reply_with_an_error_returns_the_form_with_the_message(login, topic, member):
    response = login(member).post(reply_url(topic), {"body": ""}, **HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'id="reply"' in body
    assert "This field is required." in body


def test_watchers_are_notified_after_commit_of_a_reply(
    login, topic, author, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        login(member).post(reply_url(topic), {"body": "Nueva idea"})

    notification = Notification.objects.get(recipient=author)
    assert notification.verb == "replied to"
    assert not Notification.objects.filter(recipient=member).exists()


# Quotes, mentions, images


def test_quote_link_prefills_the_reply_with_the_quoted_text_and_a_link(login, topic, author, member):
    quoted = post_create(topic=topic, author=author, body="Primera línea\nSegunda línea")
    client = login(member)

    page = client.get(topic_url(topic)).content.decode()
    quoting = client.get(topic_url(topic), {"quote": quoted.pk}).content.decode()

    assert f"?quote={quoted.pk}#reply" in page
    textarea = quoting[quoting.index("<textarea") : quoting.index("</textarea>")]
    assert f"&gt; [Rosa Quispe wrote:](/forums/posts/{quoted.pk}/)" in textarea
    assert "&gt; Primera línea\n&gt; Segunda línea" in textarea


def test_quoted_reply_renders_a_blockquote_linking_to_the_quoted_post(login, topic, author, member):
    quoted = post_create(topic=topic, author=author, body="Idea original")
    client = login(member)
    quoting = client.get(topic_url(topic), {"quote": quoted.pk}).content.decode()
    prefilled = quoting[quoting.index("<textarea") : quoting.index("</textarea>")].split(">", 1)[1]

    client.post(reply_url(topic), {"body": prefilled.replace("&gt;", ">") + "Estoy de acuerdo"})

    html = last_post(topic).body_html
    assert html.startswith("<blockquote>")
    assert f'href="/forums/posts/{quoted.pk}/"' in html and "Idea original" in html


def test_mention_links_to_the_profile_and_notifies_the_member(
    login, topic, member, django_capture_on_commit_callbacks
):
    ana = seasoned(display_name="Ana Pérez")

    with django_capture_on_commit_callbacks(execute=True):
        login(member).post(reply_url(topic), {"body": "Gracias @**ana pérez** por la idea"})

    html = last_post(topic).body_html
    assert f'href="{ana.get_absolute_url()}">@Ana Pérez</a>' in html
    assert Notification.objects.get(recipient=ana).verb == "mentioned you in"


def test_ambiguous_or_inactive_names_are_not_mentions(
    login, topic, member, django_capture_on_commit_callbacks
):
    seasoned(display_name="María López")
    seasoned(display_name="maría lópez")
    seasoned(display_name="Jorge Ruiz", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        login(member).post(reply_url(topic), {"body": "Hola @**María López** y @**Jorge Ruiz**"})

    html = last_post(topic).body_html
    assert 'class="mention"' not in html
    assert "María López" in html and "Jorge Ruiz" in html
    assert not Notification.objects.filter(verb="mentioned you in").exists()


def test_mentioning_someone_who_cannot_read_the_topic_notifies_nobody(
    private_topic, django_capture_on_commit_callbacks
):
    outsider = seasoned(display_name="Persona Externa")

    with django_capture_on_commit_callbacks(execute=True):
        post_create(topic=private_topic, author=private_topic.author, body="Ojo @**Persona Externa**")

    assert not Notification.objects.filter(recipient=outsider).exists()


def test_reply_with_an_image_shows_it_under_the_post(login, topic, member):
    client = login(member)

    client.post(reply_url(topic), {"body": "Mi taller", "image": png_upload()})

    post = last_post(topic)
    image = PostImage.objects.get(post=post)
    assert image.uploader == member
    assert image.image.name.startswith("forum/") and "foto" not in image.image.name
    page = client.get(topic_url(topic)).content.decode()
    article = page[page.index(f'id="post-{post.pk}"') :]
    assert image.image.url in article[: article.index("</article>")]


def test_an_image_given_straight_to_the_service_is_stored_under_a_generated_name(topic, member):
    post = post_create(topic=topic, author=member, body="Mi cédula", image=png_upload("cedula-carmen.png"))

    stored = PostImage.objects.get(post=post).image.name
    assert stored.startswith("forum/") and stored.endswith(".png") and "cedula" not in stored


def test_a_file_that_is_not_an_image_is_refused_and_the_text_kept(login, topic, member):
    fake = SimpleUploadedFile("foto.png", b"not an image at all" * 10, content_type="image/png")

    response = login(member).post(reply_url(topic), {"body": "Texto que no se pierde", "image": fake})

    body = response.content.decode()
    assert response.status_code == 400
    assert "Texto que no se pierde" in body
    assert "Upload a valid image" in body or "This file is not an image we can read." in body
    assert topic.posts.count() == 1 and not PostImage.objects.exists()


# Editing and deleting


def test_author_edits_a_post_keeping_the_old_text_as_a_revision(
    login, topic, member, recorded, django_capture_on_commit_callbacks
):
    post = post_create(topic=topic, author=member, body="Texto original")
    client = login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("forums:post_edit", args=[post.pk]), {"body": "Texto corregido"})

    post.refresh_from_db()
    assert response.status_code == 302
    assert post.body == "Texto corregido" and post.body_html == "<p>Texto corregido</p>"
    assert post.edited_at is not None
    assert list(PostRevision.objects.filter(post=post).values_list("body", flat=True)) == ["Texto original"]
    assert ("post_edited", post.pk) in recorded
    revisions = client.get(reverse("forums:post_revisions", args=[post.pk])).content.decode()
    assert "Texto original" in revisions and "Texto corregido" in revisions


def test_editing_the_opening_post_can_rename_the_topic(login, topic, author):
    opening = topic.posts.get()

    login(author).post(
        reverse("forums:post_edit", args=[opening.pk]), {"title": "Título nuevo", "body": "Pregunta"}
    )

    topic.refresh_from_db()
    assert topic.title == "Título nuevo"
    assert not PostRevision.objects.exists()  # the text did not change


def test_edit_form_errors_keep_the_typed_text(login, topic, author):
    opening = topic.posts.get()

    response = login(author).post(
        reverse("forums:post_edit", args=[opening.pk]), {"title": "", "body": "Nuevo"}
    )

    assert "This field is required." in response.content.decode()
    assert "Nuevo</textarea>" in response.content.decode()


def test_only_the_author_or_a_moderator_may_edit(login, client, topic, author, member, moderator):
    post = post_create(topic=topic, author=author, body="Texto de Rosa")
    url = reverse("forums:post_edit", args=[post.pk])

    other = login(member).post(url, {"body": "Cambiado por otra"})
    anonymous = client.post(url, {"body": "Cambiado"})
    moderated = login(moderator).post(url, {"body": "Corregido por moderación"})

    assert other.status_code == 403 and "You can only edit your own posts." in other.content.decode()
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    post.refresh_from_db()
    assert moderated.status_code == 302 and post.body == "Corregido por moderación"
    assert PostRevision.objects.get(post=post).editor == moderator


def test_author_cannot_edit_in_a_locked_topic(login, topic, member):
    post = post_create(topic=topic, author=member, body="Hola")
    Topic.objects.filter(pk=topic.pk).update(is_locked=True)

    response = login(member).get(reverse("forums:post_edit", args=[post.pk]))

    assert response.status_code == 403
    assert "This topic is locked: its posts can no longer be edited." in response.content.decode()


def test_deleting_a_reply_leaves_a_placeholder_and_lowers_the_reply_count(
    login, topic, member, recorded, django_capture_on_commit_callbacks
):
    post = post_create(topic=topic, author=member, body="Me equivoqué")
    client = login(member)

    assert client.get(reverse("forums:post_delete", args=[post.pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("forums:post_delete", args=[post.pk]), follow=True)

    post.refresh_from_db()
    topic.refresh_from_db()
    body = response.content.decode()
    assert post.is_deleted and post.deleted_at is not None
    assert topic.reply_count == 0
    assert "This post was deleted." in body and "Me equivoqué" not in body
    assert ("post_edited", post.pk) in recorded


def test_deleting_the_opening_post_keeps_a_topic_that_has_replies(topic, author, member):
    post_create(topic=topic, author=member, body="Respuesta")

    remaining = post_delete(post=topic.posts.order_by("pk").first(), actor=author)

    assert remaining == topic and Topic.objects.filter(pk=topic.pk).exists()
    assert topic.posts.order_by("pk").first().is_deleted


def test_deleting_the_opening_post_of_an_unanswered_topic_removes_it(login, topic, author):
    opening = topic.posts.get()

    response = login(author).post(reverse("forums:post_delete", args=[opening.pk]))

    assert response.status_code == 302 and response["Location"] == topic.category.get_absolute_url()
    assert not Topic.objects.filter(pk=topic.pk).exists()


def test_member_cannot_delete_someone_elses_post(login, topic, member):
    response = login(member).post(reverse("forums:post_delete", args=[topic.posts.get().pk]))

    assert response.status_code == 403
    assert "You can only delete your own posts." in response.content.decode()
    assert not topic.posts.get().is_deleted


def test_deleting_the_last_reply_names_the_previous_poster_in_the_topic_list(login, topic, member):
    post_create(topic=topic, author=seasoned(display_name="Ana Torres"), body="Usen videos cortos")
    mistake = post_create(topic=topic, author=member, body="Me equivoqué de tema")

    login(member).post(reverse("forums:post_delete", args=[mistake.pk]))

    listing = login(seasoned()).get(topic.category.get_absolute_url()).content.decode()
    assert "last post by Ana Torres" in listing and "last post by Carmen Díaz" not in listing
    assert "1 reply" in listing


def test_deleting_a_reply_twice_at_once_lowers_the_reply_count_once(topic, member):
    post_create(topic=topic, author=seasoned(), body="Primera respuesta")
    post = post_create(topic=topic, author=member, body="Un doble clic")
    # Two requests that both loaded the post before either deleted it.
    first, second = Post.objects.get(pk=post.pk), Post.objects.get(pk=post.pk)

    post_delete(post=first, actor=member)
    post_delete(post=second, actor=member)

    topic.refresh_from_db()
    assert topic.reply_count == 1


# Reactions


def test_reactions_toggle_one_of_each_kind_per_member_and_show_counts(login, topic, author, member):
    post = topic.posts.get()
    client = login(member)
    url = reverse("forums:react", args=[post.pk])

    client.post(url, {"kind": "like"})
    client.post(url, {"kind": "thanks"})
    login(seasoned()).post(url, {"kind": "like"})
    page = login(author).get(topic_url(topic)).content.decode()

    assert Reaction.objects.filter(post=post, user=member).count() == 2
    assert 'Like <span class="count">2</span>' in page and 'Thanks <span class="count">1</span>' in page

    response = client.post(url, {"kind": "like"})

    assert response.status_code == 302 and response["Location"].endswith(f"#post-{post.pk}")
    assert not Reaction.objects.filter(post=post, user=member, kind="like").exists()


def test_reacting_through_htmx_returns_the_reaction_buttons(login, topic, member):
    post = topic.posts.get()

    response = login(member).post(reverse("forums:react", args=[post.pk]), {"kind": "insightful"}, **HTMX)

    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert f'id="reactions-{post.pk}"' in body
    assert 'class="reaction mine" aria-pressed="true">Insightful <span class="count">1</span>' in body


def test_reactions_need_a_post_a_known_kind_and_a_visible_post(login, client, topic, member, private_topic):
    post = topic.posts.get()
    url = reverse("forums:react", args=[post.pk])

    assert login(member).get(url).status_code == 405
    assert login(member).post(url, {"kind": "love"}).status_code == 400
    assert client.post(url, {"kind": "like"}).status_code == 302  # to sign in
    hidden = PostFactory(topic=topic, author=seasoned(), is_hidden=True)
    assert login(member).post(reverse("forums:react", args=[hidden.pk]), {"kind": "like"}).status_code == 404
    secret = private_topic.posts.get()
    assert login(member).post(reverse("forums:react", args=[secret.pk]), {"kind": "like"}).status_code == 404
    assert not Reaction.objects.exists()


# Accepted answers


@pytest.fixture
def question(author):
    qa = CategoryFactory(is_qa=True)
    return topic_create(category=qa, author=author, title="¿Cómo me registro en el SRI?", body="Ayuda")


def accept(client, topic, post):
    return client.post(reverse("forums:accept_answer", args=[topic.pk]), {"post": post.pk})


def test_question_author_accepts_a_reply_and_can_take_it_back(login, question, author, member):
    answer = post_create(topic=question, author=member, body="En línea, con la cédula.")
    client = login(author)

    page = client.get(topic_url(question)).content.decode()
    accept(client, question, answer)

    question.refresh_from_db()
    assert "Accept as the answer" in page
    assert question.accepted_answer == answer
    shown = client.get(topic_url(question)).content.decode()
    assert "Accepted answer" in shown and "Remove as accepted answer" in shown

    accept(client, question, answer)

    question.refresh_from_db()
    assert question.accepted_answer is None


def test_a_moderator_may_accept_an_answer_but_another_member_may_not(login, question, member, moderator):
    question.category.moderators.add(moderator)
    answer = post_create(topic=question, author=member, body="Respuesta")

    refused = accept(login(member), question, answer)
    page = login(member).get(topic_url(question)).content.decode()
    accept(login(moderator), question, answer)

    assert refused.status_code == 403
    assert "Only the author of the question or a moderator can accept an answer." in refused.content.decode()
    assert "Accept as the answer" not in page
    question.refresh_from_db()
    assert question.accepted_answer == answer


def test_the_question_itself_or_a_post_of_another_topic_cannot_be_the_answer(login, question, author, topic):
    client = login(author)

    accept(client, question, question.posts.get())
    accept(client, question, topic.posts.get())

    question.refresh_from_db()
    assert question.accepted_answer is None


def test_accepting_answers_only_exists_in_q_and_a_categories(login, topic, author, member):
    reply = post_create(topic=topic, author=member, body="Hola")

    response = accept(login(author), topic, reply)

    assert response.status_code == 403
    assert "Only questions in Q&amp;A categories have accepted answers." in response.content.decode()


# New accounts


@pytest.fixture
def newcomer(db):
    return UserFactory(display_name="Recién llegada")  # joined just now


def test_new_account_may_start_three_topics_a_day(login, category, newcomer):
    client = login(newcomer)
    for n in range(3):
        assert client.post(new_topic_url(category), {"title": f"Tema {n}", "body": "Hola"}).status_code == 302

    refused = client.post(new_topic_url(category), {"title": "Cuarto tema", "body": "Mi texto guardado"})

    body = refused.content.decode()
    assert "New accounts may start 3 topics a day. You can start more tomorrow." in body
    assert "Mi texto guardado" in body and 'value="Cuarto tema"' in body
    assert Topic.objects.filter(author=newcomer).count() == 3


def test_new_account_may_post_ten_replies_a_day(topic, newcomer):
    for n in range(10):
        post_create(topic=topic, author=newcomer, body=f"Respuesta {n}")

    with pytest.raises(ValidationError, match="New accounts may post 10 replies a day."):
        post_create(topic=topic, author=newcomer, body="Una más")


def test_new_account_may_put_two_links_in_a_post(login, topic, newcomer):
    client = login(newcomer)
    three = "[a](https://a.example) [b](https://b.example) [c](https://c.example)"

    refused = client.post(reply_url(topic), {"body": three})
    allowed = client.post(reply_url(topic), {"body": "[a](https://a.example) [b](https://b.example)"})

    assert "New accounts may put at most 2 links in a post." in refused.content.decode()
    assert "https://c.example" in refused.content.decode()
    assert allowed.status_code == 302


def test_links_to_our_own_posts_do_not_count_against_the_link_limit(topic, newcomer):
    body = "[uno](/forums/posts/1/) [dos](/forums/posts/2/) [tres](/forums/posts/3/) [x](https://x.example)"

    post = post_create(topic=topic, author=newcomer, body=body)

    assert post.pk is not None


def test_the_limits_are_settings_and_end_after_the_first_day(settings, category, newcomer, member):
    settings.FORUM_NEW_ACCOUNT_TOPICS_PER_DAY = 1
    topic_create(category=category, author=newcomer, title="Uno", body="Hola")

    with pytest.raises(ValidationError, match="New accounts may start 1 topic a day."):
        topic_create(category=category, author=newcomer, title="Dos", body="Hola")
    for n in range(3):
        topic_create(category=category, author=member, title=f"Veterana {n}", body="Hola")
    newcomer.date_joined = timezone.now() - timedelta(hours=25)
    newcomer.save()
    assert topic_create(category=category, author=newcomer, title="Dos", body="Hola").pk


def test_service_checks_permissions_too(private_topic):
    with pytest.raises(PermissionDenied):
        post_create(topic=private_topic, author=seasoned(), body="Hola")
    with pytest.raises(PermissionDenied):
        post_update(post=private_topic.posts.get(), editor=seasoned(), body="Cambio")
