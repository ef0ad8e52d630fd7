"""Registering and editing an organisation, its logo, the verified badge, invitations and members."""

import io
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, PngImagePlugin

from community.organisations.models import Invitation, Membership, Organisation, Role
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

CREATE = "/organisations/new/"


@pytest.fixture(autouse=True)
def _english(client):
    """Anonymous visitors get Spanish by default; read the pages in English, as the personas do."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def organisation_form_data(**overrides) -> dict:
    data = {
        "kind": "business",
        "name": "Tejidos Warmi",
        "country": "PE",
        "region": "Cusco",
        "city": "Pisac",
        "sector": "tourism_handicrafts",
        "size": "micro",
        "description": "Textiles de alpaca tejidos a mano por mujeres de Pisac.",
        "phone": "+51 84 222 333",
        "whatsapp": "",
        "email": "warmi@example.org",
        "website": "",
        "contact_visibility": "members",
    }
    data.update(overrides)
    return data


def png_upload(name: str = "my-logo.png", *, comment: str = "") -> SimpleUploadedFile:
    info = PngImagePlugin.PngInfo()
    if comment:
        info.add_text("Comment", comment)
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (180, 40, 60)).save(buffer, "PNG", pnginfo=info)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def huge_png_upload() -> SimpleUploadedFile:
    """A real PNG of about 6.5 MB: random pixels do not compress."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (1500, 1500), os.urandom(1500 * 1500 * 3)).save(buffer, "PNG", compress_level=0)
    assert buffer.tell() > settings.MAX_IMAGE_UPLOAD_BYTES
    return SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# Creating an organisation


def test_verified_member_registers_an_organisation_and_becomes_its_owner(login, outsider):
    response = login(outsider).post(CREATE, organisation_form_data())

    organisation = Organisation.objects.get(name="Tejidos Warmi")
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{organisation.slug}/"
    assert organisation.slug == "tejidos-warmi"
    assert organisation.city == "Pisac"
    assert Membership.objects.get(organisation=organisation).user == outsider
    assert Membership.objects.get(organisation=organisation).role == Role.OWNER


def test_second_organisation_with_the_same_name_gets_its_own_address(login, outsider):
    OrganisationFactory(name="Tejidos Warmi", slug="tejidos-warmi")

    login(outsider).post(CREATE, organisation_form_data())

    assert Organisation.objects.filter(name="Tejidos Warmi").order_by("pk").last().slug == "tejidos-warmi-2"


def test_unverified_member_is_refused_registering_an_organisation(login):
    unverified = UserFactory(email_verified=False)
    client = login(unverified)

    shown = client.get(CREATE, follow=True)
    posted = client.post(CREATE, organisation_form_data(), follow=True)

    assert shown.redirect_chain[0][0] == "/dashboard/"
    assert "Confirm your e-mail address before creating an organisation." in messages_of(shown)
    assert "Confirm your e-mail address before creating an organisation." in messages_of(posted)
    assert not Organisation.objects.exists()


def test_anonymous_is_sent_to_sign_in_before_registering_an_organisation(client, db):
    response = client.post(CREATE, organisation_form_data())

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/organisations/new/")
    assert not Organisation.objects.exists()


def test_missing_required_field_keeps_what_was_typed(login, outsider):
    response = login(outsider).post(CREATE, organisation_form_data(sector=""))

    body = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in body
    assert 'value="Tejidos Warmi"' in body
    assert "Textiles de alpaca tejidos a mano por mujeres de Pisac." in body
    assert not Organisation.objects.exists()


# Logo upload


def test_png_logo_is_accepted_and_stored_re_encoded_under_a_generated_name(login, outsider):
    response = login(outsider).post(
        CREATE, organisation_form_data(logo=png_upload("my-logo.png", comment="GPS -3.99,-79.20"))
    )

    organisation = Organisation.objects.get(name="Tejidos Warmi")
    assert response.status_code == 302
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", organisation.logo.name)
    assert "my-logo" not in organisation.logo.name
    stored = Path(settings.MEDIA_ROOT) / organisation.logo.name
    with Image.open(stored) as image:
        assert image.format == "PNG"
        assert image.size == (120, 80)
        assert "Comment" not in image.info  # metadata is dropped by the re-encoding
    assert (
        organisation.logo.url in login(outsider).get(f"/organisations/{organisation.slug}/").content.decode()
    )


def test_text_file_named_png_is_refused_and_nothing_typed_is_lost(login, outsider):
    fake = SimpleUploadedFile("logo.png", b"I am not an image, just text.\n" * 20, content_type="image/png")

    response = login(outsider).post(CREATE, organisation_form_data(logo=fake))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Upload a valid image" in body
    assert 'value="Tejidos Warmi"' in body
    assert 'value="Pisac"' in body
    assert 'value="+51 84 222 333"' in body
    assert "Textiles de alpaca tejidos a mano por mujeres de Pisac." in body
    assert '<option value="members" selected>' in body
    assert not Organisation.objects.exists()


def test_logo_over_five_megabytes_is_refused_with_the_limit(login, outsider):
    response = login(outsider).post(CREATE, organisation_form_data(logo=huge_png_upload()))

    body = response.content.decode()
    assert response.status_code == 200
    assert "the limit is 5 MB" in body
    assert 'value="Tejidos Warmi"' in body
    assert not Organisation.objects.exists()


def test_owner_replaces_the_logo_when_editing(login, organisation, owner):
    response = login(owner).post(
        f"/organisations/{organisation.slug}/edit/",
        organisation_form_data(name=organisation.name, logo=png_upload("nuevo.png")),
    )

    organisation.refresh_from_db()
    assert response.status_code == 302
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", organisation.logo.name)


def test_editing_without_a_new_file_keeps_the_logo_and_clear_removes_it(login, organisation, owner):
    client = login(owner)
    client.post(
        f"/organisations/{organisation.slug}/edit/",
        organisation_form_data(name=organisation.name, logo=png_upload()),
    )
    organisation.refresh_from_db()
    logo = organisation.logo.name

    client.post(f"/organisations/{organisation.slug}/edit/", organisation_form_data(name=organisation.name))
    organisation.refresh_from_db()
    assert organisation.logo.name == logo

    client.post(
        f"/organisations/{organisation.slug}/edit/",
        organisation_form_data(name=organisation.name, **{"logo-clear": "on"}),
    )
    organisation.refresh_from_db()
    assert not organisation.logo


# Editing


@pytest.mark.parametrize("persona", ["owner", "admin_member"])
def test_owner_and_admin_edit_the_organisation(request, login, organisation, persona):
    client = login(request.getfixturevalue(persona))
    slug, email = organisation.slug, organisation.email

    form = client.get(f"/organisations/{organisation.slug}/edit/")
    response = client.post(
        f"/organisations/{organisation.slug}/edit/",
        organisation_form_data(name="Hostal Andino Renovado", city="Vilcabamba"),
    )

    organisation.refresh_from_db()
    assert form.status_code == 200
    assert f'value="{email}"' in form.content.decode()
    assert response.status_code == 302
    assert organisation.name == "Hostal Andino Renovado"
    assert organisation.city == "Vilcabamba"
    assert organisation.slug == slug  # renaming keeps the address people already link to


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_member_and_outsider_get_403_editing_organisation(request, login, organisation, owner, persona):
    client = login(request.getfixturevalue(persona))

    shown = client.get(f"/organisations/{organisation.slug}/edit/")
    posted = client.post(
        f"/organisations/{organisation.slug}/edit/", organisation_form_data(name="Taken over")
    )

    organisation.refresh_from_db()
    assert shown.status_code == 403
    assert posted.status_code == 403
    assert organisation.name != "Taken over"


def test_anonymous_is_sent_to_sign_in_before_editing(client, organisation):
    response = client.post(
        f"/organisations/{organisation.slug}/edit/", organisation_form_data(name="Taken over")
    )

    organisation.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert organisation.name != "Taken over"


def test_invalid_phone_is_refused_and_the_organisation_is_unchanged(login, organisation, owner):
    response = login(owner).post(
        f"/organisations/{organisation.slug}/edit/", organisation_form_data(phone="call me maybe")
    )

    organisation.refresh_from_db()
    assert response.status_code == 200
    assert "Enter a phone number" in response.content.decode()
    assert 'value="call me maybe"' in response.content.decode()
    assert organisation.phone == "+593 7 257 0000"


# The verified badge


@pytest.fixture
def chamber_admin(db):
    chamber = OrganisationFactory(kind="chamber", sector="services", verified=True)
    return MembershipFactory(organisation=chamber, role=Role.ADMIN).user


def test_staff_gives_the_verified_badge(login, organisation, staff):
    response = login(staff).post(
        f"/organisations/{organisation.slug}/verify/", {"verified": "1"}, follow=True
    )

    organisation.refresh_from_db()
    assert organisation.verified
    assert organisation.verified_by == staff
    assert "Verified by site or chamber staff" in response.content.decode()


def test_admin_of_a_verified_chamber_gives_and_removes_the_verified_badge(login, organisation, chamber_admin):
    client = login(chamber_admin)

    client.post(f"/organisations/{organisation.slug}/verify/", {"verified": "1"})
    organisation.refresh_from_db()
    assert organisation.verified
    assert organisation.verified_by == chamber_admin

    response = client.post(f"/organisations/{organisation.slug}/verify/", {"verified": "0"}, follow=True)
    organisation.refresh_from_db()
    assert not organisation.verified
    assert "Verified badge removed." in messages_of(response)


def test_verify_button_is_shown_to_chamber_admin_and_not_to_the_owner(
    login, organisation, owner, chamber_admin
):
    button = "Give the verified badge"

    assert button in login(chamber_admin).get(f"/organisations/{organisation.slug}/").content.decode()
    assert button not in login(owner).get(f"/organisations/{organisation.slug}/").content.decode()


@pytest.fixture
def unverified_chamber_admin(db):
    chamber = OrganisationFactory(kind="chamber", sector="services", verified=False)
    return MembershipFactory(organisation=chamber, role=Role.ADMIN).user


@pytest.fixture
def verified_chamber_plain_member(db):
    chamber = OrganisationFactory(kind="chamber", sector="services", verified=True)
    return MembershipFactory(organisation=chamber, role=Role.MEMBER).user


@pytest.mark.parametrize(
    "persona", ["outsider", "member", "owner", "unverified_chamber_admin", "verified_chamber_plain_member"]
)
def test_others_get_403_giving_the_verified_badge(request, login, organisation, owner, persona):
    response = login(request.getfixturevalue(persona)).post(
        f"/organisations/{organisation.slug}/verify/", {"verified": "1"}
    )

    organisation.refresh_from_db()
    assert response.status_code == 403
    assert not organisation.verified


def test_verify_by_get_changes_nothing(login, organisation, staff):
    response = login(staff).get(f"/organisations/{organisation.slug}/verify/?verified=1")

    organisation.refresh_from_db()
    assert response.status_code == 405
    assert not organisation.verified


# Invitations


def invite(client, organisation, email: str, *, capture, role: str = "member"):
    """An administrator invites someone from the members page; the e-mail goes out after commit."""
    with capture(execute=True):
        return client.post(f"/organisations/{organisation.slug}/members/", {"email": email, "role": role})


def invitation_path(message) -> str:
    match = re.search(r"/organisations/invitations/[^/\s]+/", message.body)
    assert match, message.body
    return match.group(0)


def test_admin_invites_by_email_and_the_mail_has_the_link(
    login, organisation, admin_member, django_capture_on_commit_callbacks
):
    response = invite(
        login(admin_member), organisation, "Rosa@Example.org", capture=django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rosa@example.org"]
    assert organisation.name in mail.outbox[0].subject
    assert f"{settings.SITE_URL}/organisations/invitations/" in mail.outbox[0].body
    members_page = login(admin_member).get(f"/organisations/{organisation.slug}/members/").content.decode()
    assert "rosa@example.org" in members_page


def test_invited_person_accepts_by_post_and_becomes_a_member(
    login, organisation, admin_member, django_capture_on_commit_callbacks
):
    invite(
        login(admin_member),
        organisation,
        "rosa@example.org",
        role="admin",
        capture=django_capture_on_commit_callbacks,
    )
    rosa = UserFactory(email="rosa@example.org")
    client = login(rosa)
    path = invitation_path(mail.outbox[0])

    shown = client.get(path)
    assert shown.status_code == 200
    assert "Accept the invitation" in shown.content.decode()
    assert not Membership.objects.filter(user=rosa).exists()  # opening the link accepts nothing

    accepted = client.post(path)

    assert accepted.status_code == 302
    assert accepted["Location"] == f"/organisations/{organisation.slug}/"
    assert Membership.objects.get(user=rosa, organisation=organisation).role == Role.ADMIN
    assert client.post(path).status_code == 404  # the link works once


def test_invitation_opened_by_another_account_is_refused(
    login, organisation, admin_member, outsider, django_capture_on_commit_callbacks
):
    invite(login(admin_member), organisation, "rosa@example.org", capture=django_capture_on_commit_callbacks)

    response = login(outsider).post(invitation_path(mail.outbox[0]))

    assert "This invitation was sent to rosa@example.org" in response.content.decode()
    assert not Membership.objects.filter(user=outsider, organisation=organisation).exists()


def test_anonymous_opening_an_invitation_is_asked_to_sign_in(
    client, login, organisation, admin_member, django_capture_on_commit_callbacks
):
    invite(login(admin_member), organisation, "rosa@example.org", capture=django_capture_on_commit_callbacks)
    path = invitation_path(mail.outbox[0])

    shown = client.get(path)
    posted = client.post(path)

    assert "Sign in" in shown.content.decode()
    assert posted.status_code == 302
    assert "/accounts/login/" in posted["Location"]
    assert Invitation.objects.get().accepted_at is None


def test_cancelled_invitation_is_refused(
    login, organisation, admin_member, django_capture_on_commit_callbacks
):
    invite(login(admin_member), organisation, "rosa@example.org", capture=django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    rosa = UserFactory(email="rosa@example.org")

    login(admin_member).post(f"/organisations/{organisation.slug}/invitations/{invitation.pk}/cancel/")
    response = login(rosa).post(invitation_path(mail.outbox[0]))

    assert response.status_code == 404
    assert "This invitation is not valid any more." in response.content.decode()
    assert not Membership.objects.filter(user=rosa).exists()


def test_expired_invitation_is_refused(login, organisation, admin_member, django_capture_on_commit_callbacks):
    invite(login(admin_member), organisation, "rosa@example.org", capture=django_capture_on_commit_callbacks)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    rosa = UserFactory(email="rosa@example.org")

    response = login(rosa).post(invitation_path(mail.outbox[0]))

    assert response.status_code == 404
    assert "This invitation is not valid any more." in response.content.decode()
    assert not Membership.objects.filter(user=rosa).exists()


def test_expired_invitation_is_no_longer_listed_as_open(
    login, organisation, admin_member, django_capture_on_commit_callbacks
):
    invite(login(admin_member), organisation, "rosa@example.org", capture=django_capture_on_commit_callbacks)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    page = login(admin_member).get(f"/organisations/{organisation.slug}/members/").content.decode()

    assert "rosa@example.org" not in page
    assert "Open invitations" not in page


def test_made_up_invitation_link_answers_404(client, db):
    response = client.get("/organisations/invitations/not-a-real-token/")

    assert response.status_code == 404


def test_inviting_an_existing_member_says_so(login, organisation, admin_member, member):
    response = login(admin_member).post(
        f"/organisations/{organisation.slug}/members/", {"email": member.email, "role": "member"}
    )

    assert response.status_code == 200
    assert "This person is already a member." in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_member_and_outsider_get_403_inviting(request, login, organisation, owner, persona):
    response = login(request.getfixturevalue(persona)).post(
        f"/organisations/{organisation.slug}/members/", {"email": "rosa@example.org", "role": "admin"}
    )

    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_outsider_gets_403_for_the_members_page(login, organisation, owner, outsider):
    assert login(outsider).get(f"/organisations/{organisation.slug}/members/").status_code == 403


def test_member_sees_the_members_page_without_the_invitation_form(login, organisation, owner, member):
    response = login(member).get(f"/organisations/{organisation.slug}/members/")

    body = response.content.decode()
    assert response.status_code == 200
    assert owner.display_name in body
    assert member.display_name in body
    assert "Send invitation" not in body


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_member_and_outsider_get_403_cancelling_an_invitation(
    request, login, organisation, admin_member, persona
):
    invitation = Invitation.objects.create(
        organisation=organisation,
        email="rosa@example.org",
        digest="x" * 64,
        invited_by=admin_member,
        expires_at=timezone.now() + timedelta(days=14),
    )
    request.getfixturevalue("member")

    response = login(request.getfixturevalue(persona)).post(
        f"/organisations/{organisation.slug}/invitations/{invitation.pk}/cancel/"
    )

    invitation.refresh_from_db()
    assert response.status_code == 403
    assert invitation.cancelled_at is None


# Leaving, removing, roles


def test_member_leaves_the_organisation(login, organisation, member):
    response = login(member).post(f"/organisations/{organisation.slug}/leave/", follow=True)

    assert not Membership.objects.filter(user=member, organisation=organisation).exists()
    assert f"You have left {organisation.name}." in messages_of(response)


def test_last_owner_cannot_leave(login, organisation, owner, member):
    response = login(owner).post(f"/organisations/{organisation.slug}/leave/", follow=True)

    assert Membership.objects.get(user=owner, organisation=organisation).role == Role.OWNER
    assert "You are the only owner: make someone else an owner before you leave." in messages_of(response)


def test_one_of_two_owners_may_leave(login, organisation, owner):
    MembershipFactory(organisation=organisation, role=Role.OWNER)

    login(owner).post(f"/organisations/{organisation.slug}/leave/")

    assert not Membership.objects.filter(user=owner, organisation=organisation).exists()


def test_outsider_gets_403_leaving_an_organisation_they_are_not_in(login, organisation, owner, outsider):
    assert login(outsider).post(f"/organisations/{organisation.slug}/leave/").status_code == 403


def test_leave_by_get_is_refused(login, organisation, member):
    response = login(member).get(f"/organisations/{organisation.slug}/leave/")

    assert response.status_code == 405
    assert Membership.objects.filter(user=member, organisation=organisation).exists()


def membership(user, organisation) -> Membership:
    return Membership.objects.get(user=user, organisation=organisation)


def test_admin_removes_a_member(login, organisation, admin_member, member):
    target = membership(member, organisation)

    response = login(admin_member).post(
        f"/organisations/{organisation.slug}/members/{target.pk}/remove/", follow=True
    )

    assert not Membership.objects.filter(pk=target.pk).exists()
    assert "Member removed." in messages_of(response)


def test_admin_cannot_remove_an_owner(login, organisation, owner, admin_member):
    target = membership(owner, organisation)

    response = login(admin_member).post(
        f"/organisations/{organisation.slug}/members/{target.pk}/remove/", follow=True
    )

    assert Membership.objects.filter(pk=target.pk).exists()
    assert "Only an owner can remove another owner." in messages_of(response)


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_member_and_outsider_get_403_removing_a_member(request, login, organisation, admin_member, persona):
    target = membership(admin_member, organisation)
    request.getfixturevalue("member")

    response = login(request.getfixturevalue(persona)).post(
        f"/organisations/{organisation.slug}/members/{target.pk}/remove/"
    )

    assert response.status_code == 403
    assert Membership.objects.filter(pk=target.pk).exists()


def test_owner_makes_a_member_administrator(login, organisation, owner, member):
    target = membership(member, organisation)

    response = login(owner).post(
        f"/organisations/{organisation.slug}/members/{target.pk}/role/", {"role": "admin"}, follow=True
    )

    target.refresh_from_db()
    assert target.role == Role.ADMIN
    assert "Role changed." in messages_of(response)


def test_owner_makes_another_owner(login, organisation, owner, member):
    target = membership(member, organisation)

    login(owner).post(f"/organisations/{organisation.slug}/members/{target.pk}/role/", {"role": "owner"})

    target.refresh_from_db()
    assert target.role == Role.OWNER


def test_admin_cannot_make_an_owner(login, organisation, admin_member, member):
    target = membership(member, organisation)

    response = login(admin_member).post(
        f"/organisations/{organisation.slug}/members/{target.pk}/role/", {"role": "owner"}, follow=True
    )

    target.refresh_from_db()
    assert target.role == Role.MEMBER
    assert "Only an owner can appoint or change owners." in messages_of(response)


def test_admin_cannot_demote_an_owner(login, organisation, owner, admin_member):
    target = membership(owner, organisation)

    login(admin_member).post(
        f"/organisations/{organisation.slug}/members/{target.pk}/role/", {"role": "member"}
    )

    target.refresh_from_db()
    assert target.role == Role.OWNER


def test_last_owner_cannot_demote_themselves(login, organisation, owner):
    target = membership(owner, organisation)

    response = login(owner).post(
        f"/organisations/{organisation.slug}/members/{target.pk}/role/", {"role": "member"}, follow=True
    )

    target.refresh_from_db()
    assert target.role == Role.OWNER
    assert "An organisation keeps at least one owner." in messages_of(response)


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_member_and_outsider_get_403_changing_a_role(request, login, organisation, owner, member, persona):
    target = membership(member, organisation)

    response = login(request.getfixturevalue(persona)).post(
        f"/organisations/{organisation.slug}/members/{target.pk}/role/", {"role": "admin"}
    )

    target.refresh_from_db()
    assert response.status_code == 403
    assert target.role == Role.MEMBER


def test_members_page_runs_a_fixed_number_of_queries(
    login, organisation, owner, admin_member, django_assert_num_queries
):
    MembershipFactory.create_batch(10, organisation=organisation)
    for n in range(3):
        Invitation.objects.create(
            organisation=organisation,
            email=f"guest{n}@example.org",
            digest=f"{n}" * 64,
            invited_by=admin_member,
            expires_at=timezone.now() + timedelta(days=14),
        )
    client = login(admin_member)

    # 1. the session   2. the signed-in member   3. the organisation by slug
    # 4. the member's membership (may see the page)   5. again (may manage: invitations, roles)
    # 6. the memberships with their users   7. the open invitations
    # 8. the unread-notification count in the header
    with django_assert_num_queries(8):
        response = client.get(f"/organisations/{organisation.slug}/members/")

    assert response.content.decode().count("/role/") == 11  # everyone but the viewer
    assert "guest2@example.org" in response.content.decode()
