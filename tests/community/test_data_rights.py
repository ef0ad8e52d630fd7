"""Data rights: a member downloads all their data, and deletes their account (anonymised, not destroyed)."""

import io
import json
import uuid
import zipfile

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import reverse
from PIL import Image

from community.accounts.models import ApiToken, User
from community.accounts.services import api_token_create
from community.organisations.models import Role
from messaging import services as messaging
from messaging.models import Message
from networks.models import NetworkMembership, NetworkRole
from tests.factories import (
    PASSWORD,
    BusinessPlanFactory,
    CashFlowProjectionFactory,
    MarketingPlanFactory,
    MembershipFactory,
    NetworkMembershipFactory,
    PostFactory,
    PracticeFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _png(name: str = "foto.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 60)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _send(conversation, author, body, **options):
    message, _created = messaging.message_send(
        conversation=conversation, author=author, body=body, client_id=uuid.uuid4(), **options
    )
    return message


@pytest.fixture(autouse=True)
def _no_send_limit(settings):
    settings.MESSAGING_SEND_RATE = "100000/10s"


@pytest.fixture
def colleague(organisation, member):
    """Someone in the member's organisation, so they write to each other without a message request."""
    return MembershipFactory(organisation=organisation, user__display_name="Beatriz Colega").user


@pytest.fixture
def authored(member, colleague, outsider):
    """The member's data: a forum reply, a direct conversation, a practice, a business plan, an avatar."""
    member.display_name = "Ana Quizhpe"
    member.bio = "Guía de turismo en Vilcabamba."
    member.save()
    member.avatar.save("ana.png", ContentFile(_png().read()), save=True)
    topic = TopicFactory(author=colleague, opening_post="¿Cómo formar guías?")
    post = PostFactory(topic=topic, author=member, body="Mi respuesta sobre guías de aviturismo.")
    conversation = messaging.direct_open(user=member, other=colleague)
    mine = _send(conversation, member, "Mensaje de Ana para Beatriz.", files=[_png("recibo.png")])
    theirs = _send(conversation, colleague, "Respuesta privada de Beatriz.")
    elsewhere = messaging.direct_open(user=colleague, other=outsider)
    _send(elsewhere, colleague, "Conversación ajena de Beatriz.")
    practice = PracticeFactory(author=member, title="Escuela de guías de Ana", contact_email=member.email)
    plan = BusinessPlanFactory(owner=member, summary="Plan confidencial del hostal de Ana.")
    return {
        "topic": topic,
        "post": post,
        "conversation": conversation,
        "mine": mine,
        "theirs": theirs,
        "practice": practice,
        "plan": plan,
    }


def _zip_of(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="minga-data-')
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _all_text(archive: zipfile.ZipFile) -> str:
    return "\n".join(archive.read(name).decode() for name in archive.namelist() if name.endswith(".json"))


# Export ------------------------------------------------------------------------------------------


def test_export_page_offers_a_post_button_and_the_deletion(login, member, django_assert_num_queries):
    client = login(member)
    # Session (1), the member (1), the header's unread notification count (1): the page reads nothing else.
    with django_assert_num_queries(3):
        response = client.get(reverse("accounts:data"))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'action="{reverse("accounts:data_export")}"' in body
    assert 'method="post"' in body
    assert reverse("accounts:delete") in body


def test_export_zip_holds_the_members_own_data_and_files(login, member, authored):
    archive = _zip_of(login(member).post(reverse("accounts:data_export")))
    names = archive.namelist()
    text = _all_text(archive)

    profile = json.loads(archive.read("profile.json"))
    assert profile["email"] == member.email
    assert profile["display_name"] == "Ana Quizhpe"
    forums = json.loads(archive.read("forums.json"))
    assert [p["body"] for p in forums["posts"]] == ["Mi respuesta sobre guías de aviturismo."]
    sent = json.loads(archive.read("messages.json"))["messages_sent"]
    assert [(m["body"], m["conversation"]) for m in sent] == [
        ("Mensaje de Ana para Beatriz.", authored["conversation"].pk)
    ]
    assert "Escuela de guías de Ana" in text
    assert "Plan confidencial del hostal de Ana." in text
    organisations = json.loads(archive.read("organisations.json"))
    slug = member.organisations.get().slug
    assert [(o["organisation"], o["role"]) for o in organisations] == [(slug, "member")]

    avatar = [n for n in names if n.startswith("files/avatar/")]
    assert len(avatar) == 1 and archive.read(avatar[0]) == member.avatar.open("rb").read()
    attached = [n for n in names if n.startswith("files/messages/")]
    assert len(attached) == 1 and attached[0].endswith("recibo.png")
    assert archive.read(attached[0])[:8] == b"\x89PNG\r\n\x1a\n"


def test_export_leaves_out_other_peoples_messages(login, member, authored):
    text = _all_text(_zip_of(login(member).post(reverse("accounts:data_export"))))
    assert "Respuesta privada de Beatriz." not in text
    assert "Conversación ajena de Beatriz." not in text
    assert "Beatriz Colega" not in text


def test_outsiders_export_has_nothing_of_the_member(login, outsider, authored):
    text = _all_text(_zip_of(login(outsider).post(reverse("accounts:data_export"))))
    assert "Ana" not in text
    assert "Conversación ajena de Beatriz." not in text  # a message sent *to* the outsider is not theirs


def test_anonymous_cannot_reach_the_export(client, authored):
    for response in (client.get(reverse("accounts:data")), client.post(reverse("accounts:data_export"))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    response = client.get("/api/v1/me/export")
    assert response.status_code == 401


def test_export_needs_a_post(login, member):
    assert login(member).get(reverse("accounts:data_export")).status_code == 405


def test_export_query_count_does_not_grow_with_the_data(login, member, authored, django_assert_num_queries):
    client = login(member)
    projection = CashFlowProjectionFactory(owner=member)
    line = projection.lines.create(kind="income", category="sales", name="Habitaciones")
    line.amounts.create(month=1, amount=900)
    MarketingPlanFactory(owner=member).actions.create(date="2026-03-01", action="Feria", channel="fairs")
    # Session and member (2); messaging settings (1); profile skills (1); organisations (1);
    # inquiries (1); forums: topics, posts, reactions, poll votes, flags (5); messages: conversations,
    # sent, their files, blocks (4); library: practices with indicators, tags, institutions (4),
    # comments, adoptions, endorsements, guides (4); toolbox: plans, projections with lines and
    # amounts, marketing plans with actions (6); networks: memberships, join requests, board posts,
    # interests (4); subscriptions (1); tokens (1); files: library attachments, messages with their
    # files, forum images (4).
    with django_assert_num_queries(39):
        response = client.post(reverse("accounts:data_export"))
        b"".join(response.streaming_content)
    for n in range(3):
        _send(authored["conversation"], member, f"Otro mensaje {n}", files=[_png(f"otro{n}.png")])
        PostFactory(topic=authored["topic"], author=member)
        PracticeFactory(author=member)
    with django_assert_num_queries(39):
        response = client.post(reverse("accounts:data_export"))
        b"".join(response.streaming_content)


def test_export_is_rate_limited(login, member):
    client = login(member)
    for _ in range(5):
        assert client.post(reverse("accounts:data_export")).status_code == 200
    response = client.post(reverse("accounts:data_export"))
    assert response.status_code == 429
    assert "Retry-After" in response


def test_api_export_with_a_token(client, member, authored):
    _token, raw = api_token_create(user=member, name="copia")
    response = client.get("/api/v1/me/export", headers={"Authorization": f"Bearer {raw}"})
    text = _all_text(_zip_of(response))
    assert "Mi respuesta sobre guías de aviturismo." in text
    assert "Respuesta privada de Beatriz." not in text


def test_page_and_api_share_one_export_budget(login, member):
    client = login(member)
    for _ in range(5):
        assert client.post(reverse("accounts:data_export")).status_code == 200
    response = client.get("/api/v1/me/export")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert int(response["Retry-After"]) > 0


# Deletion ----------------------------------------------------------------------------------------


def _delete(client, password=PASSWORD):
    return client.post(reverse("accounts:delete"), {"password": password})


def test_deleting_anonymises_the_member_and_keeps_what_they_wrote(
    login, member, colleague, authored, django_capture_on_commit_callbacks
):
    email, name = member.email, member.display_name
    avatar_storage, avatar_name = member.avatar.storage, member.avatar.name
    _token, raw = api_token_create(user=member, name="hoja de cálculo")
    assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    client, other_device = login(member), login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = _delete(client)
    assert response.status_code == 302
    # Checked before any other request: a stale session is also dropped when next used.
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(member.pk)]

    # Nothing of the person is left on their row, and the avatar file is gone.
    row = User.objects.get(pk=member.pk)
    for field in User._meta.concrete_fields:
        value = str(field.value_from_object(row) or "")
        assert email not in value and name not in value, field.name
    assert not row.is_active and not row.has_usable_password() and row.deleted_at is not None
    assert not avatar_storage.exists(avatar_name)
    assert not User.objects.filter(email__iexact=email).exists()
    assert not ApiToken.objects.filter(user=row).exists()
    assert not NetworkMembership.objects.filter(user=row).exists()
    assert not row.memberships.exists()

    # Nor anywhere else in the database: every text column of every table.
    for model in apps.get_models():
        fields = model._meta.concrete_fields
        for field in [f.name for f in fields if isinstance(f, models.CharField | models.TextField)]:
            found = model._default_manager.filter(**{f"{field}__icontains": email})
            assert not found.exists(), f"{model._meta.label}.{field} still holds the address"

    # Every browser of theirs is signed out and their sessions are gone; they cannot sign in again;
    # the token is dead.
    assert client.get(reverse("accounts:data")).status_code == 302
    assert other_device.get(reverse("accounts:data")).status_code == 302
    login_response = Client().post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert login_response.status_code == 200
    assert "_auth_user_id" not in login_response.wsgi_request.session
    assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401

    # Their forum reply is still on the topic page, by a former member, in the reader's language.
    topic_url = reverse("forums:topic", args=[authored["topic"].pk])
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es").get(topic_url).content.decode()
    assert "Mi respuesta sobre guías de aviturismo." in spanish
    assert "Antiguo miembro" in spanish and name not in spanish
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(topic_url).content.decode()
    assert "Former member" in english

    # The other person still reads the whole conversation, the deleted member's message included.
    page = login(colleague).get(reverse("messaging:conversation", args=[authored["conversation"].pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Mensaje de Ana para Beatriz." in body and "Respuesta privada de Beatriz." in body
    assert "Former member" in body and name not in body
    assert Message.objects.filter(pk=authored["mine"].pk, author=row).exists()
    authored["practice"].refresh_from_db()
    assert authored["practice"].author_id == row.pk and authored["practice"].contact_email == ""


def test_a_deleted_members_address_can_sign_up_again(login, member, client):
    email = member.email
    assert _delete(login(member)).status_code == 302
    response = client.post(
        reverse("accounts:signup"),
        {
            "email": email,
            "display_name": "Otra persona",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "preferred_language": "es",
        },
    )
    assert response.status_code == 200
    assert User.objects.filter(email=email, deleted_at__isnull=True).exists()


def test_wrong_password_refuses_and_deletes_nothing(login, member, authored):
    response = _delete(login(member), password="not-my-password")
    assert response.status_code == 200
    assert "The password is not right." in response.content.decode()
    member.refresh_from_db()
    assert member.is_active and member.deleted_at is None and member.display_name == "Ana Quizhpe"
    assert member.memberships.exists()


def test_the_delete_page_asks_for_the_password_and_get_changes_nothing(login, member):
    response = login(member).get(reverse("accounts:delete"))
    assert response.status_code == 200
    assert 'type="password"' in response.content.decode()
    member.refresh_from_db()
    assert member.is_active


def test_sole_owner_of_an_organisation_is_told_to_hand_it_over(login, owner, organisation):
    client = login(owner)
    page = client.get(reverse("accounts:delete")).content.decode()
    assert organisation.name in page
    response = _delete(client)
    assert response.status_code == 200
    body = response.content.decode()
    assert f"You are the only owner of {organisation.name}." in body
    owner.refresh_from_db()
    assert owner.is_active and owner.deleted_at is None
    assert owner.memberships.get().role == Role.OWNER


def test_sole_owner_of_a_network_is_told_to_hand_it_over(login, outsider):
    network = NetworkMembershipFactory(user=outsider, role=NetworkRole.OWNER).network
    response = _delete(login(outsider))
    assert response.status_code == 200
    assert f"You are the only owner of {network.name}." in response.content.decode()
    assert NetworkMembership.objects.filter(user=outsider, role=NetworkRole.OWNER).exists()


def test_one_of_two_owners_may_delete(login, owner, organisation):
    MembershipFactory(organisation=organisation, role=Role.OWNER)
    assert _delete(login(owner)).status_code == 302
    assert organisation.memberships.filter(role=Role.OWNER).count() == 1


def test_anonymous_cannot_delete(client):
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_group_keeps_going_without_the_deleted_member(login, member, colleague, outsider):
    group = messaging.group_create(creator=member, title="Guías del sur", members=[colleague, outsider])
    _send(group, member, "Bienvenidas al grupo.")
    assert _delete(login(member)).status_code == 302
    assert set(group.participants.values_list("user_id", flat=True)) == {colleague.pk, outsider.pk}
    assert group.participants.filter(role="admin").exists()
    page = login(colleague).get(reverse("messaging:conversation", args=[group.pk])).content.decode()
    assert "Bienvenidas al grupo." in page


def test_deleted_member_profile_is_gone(login, member, outsider):
    assert _delete(login(member)).status_code == 302
    assert login(outsider).get(reverse("accounts:profile", args=[member.pk])).status_code == 404


def test_someone_elses_account_is_untouched(login, member, outsider):
    other = UserFactory(display_name="Rosa Guamán")
    assert _delete(login(member)).status_code == 302
    other.refresh_from_db()
    assert other.is_active and other.display_name == "Rosa Guamán"
