"""Sign-up, e-mail verification, sign-in with lockout, password reset, profile, deactivation, tokens."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from community.accounts.models import ApiToken, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _signup(client, **overrides):
    data = {
        "email": "Ana.Quizhpe@Example.org",
        "display_name": "Ana Quizhpe",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "preferred_language": "es",
    }
    data.update(overrides)
    return client.post(reverse("accounts:signup"), data)


def _link_in_last_mail() -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_signup_sends_a_verification_link_and_the_link_verifies_by_post(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _signup(client)
    assert response.status_code == 200
    assert "ana.quizhpe@example.org" in response.content.decode().lower()
    user = User.objects.get(email="ana.quizhpe@example.org")
    assert not user.email_verified
    assert len(mail.outbox) == 1
    assert "Minga" in mail.outbox[0].subject
    path = _link_in_last_mail()

    # Opening the link (a mail scanner, say) does not verify; the button does.
    assert client.get(path).status_code == 200
    user.refresh_from_db()
    assert not user.email_verified
    response = client.post(path)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_verified


def test_signup_mail_is_in_the_chosen_language(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _signup(client, email="en@example.org", preferred_language="en")
    assert "Confirm your e-mail address" in mail.outbox[0].subject


def test_signup_with_a_taken_address_says_so_and_keeps_what_was_typed(client):
    UserFactory(email="taken@example.org")
    response = _signup(client, email="TAKEN@example.org", display_name="Rosa Guamán")
    assert response.status_code == 200
    body = response.content.decode()
    with translation.override("es"):
        expected = translation.gettext("An account with this e-mail address already exists.")
    assert escape(expected) in body
    assert "Rosa Guamán" in body
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1


def test_signup_rejects_mismatched_and_weak_passwords(client):
    response = _signup(client, password2="something-else-entirely")
    assert User.objects.count() == 0
    assert response.context["form"].errors["password2"]
    response = _signup(client, password1="12345678", password2="12345678")
    assert User.objects.count() == 0
    assert response.context["form"].errors["password1"]


def test_bad_verification_link_answers_400_with_a_message(client):
    response = client.post(reverse("accounts:verify", args=["not-a-token"]))
    assert response.status_code == 400
    assert response.context["error"]


def test_unverified_member_cannot_sign_in_and_gets_a_new_link(client, django_capture_on_commit_callbacks):
    user = UserFactory(email_verified=False)
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]


def test_members_sign_in_and_unverified_ones_get_a_link_while_the_cache_does_not_answer(client, cache_down):
    verified, unverified = UserFactory(), UserFactory(email_verified=False)
    refused = client.post(reverse("accounts:login"), {"username": unverified.email, "password": PASSWORD})
    assert refused.status_code == 200
    assert [message.to for message in mail.outbox] == [[unverified.email]]
    signed_in = client.post(reverse("accounts:login"), {"username": verified.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert int(client.session["_auth_user_id"]) == verified.pk


def test_verified_member_signs_in_with_any_case_of_email(client):
    user = UserFactory(email="rosa@example.org")
    response = client.post(reverse("accounts:login"), {"username": "ROSA@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_five_failed_sign_ins_lock_the_account_even_with_the_right_password(client):
    user = UserFactory()
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": user.email, "password": "wrong-password"})
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    assert "30" in response.content.decode()


def test_password_reset_mail_leads_to_a_new_password(client):
    user = UserFactory()
    response = client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert response.status_code == 302
    path = _link_in_last_mail()
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "another-long-pass-77", "new_password2": "another-long-pass-77"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-pass-77")


def test_password_reset_for_unknown_address_reveals_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change_needs_the_old_password(login):
    user = UserFactory()
    client = login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "nope", "new_password1": "brand-new-pass-99", "new_password2": "brand-new-pass-99"},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "brand-new-pass-99",
            "new_password2": "brand-new-pass-99",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-pass-99")


def test_member_edits_profile_with_skills(login):
    user = UserFactory()
    client = login(user)
    response = client.post(
        reverse("accounts:profile_edit"),
        {
            "display_name": "Lucía Cango",
            "preferred_language": "es",
            "country": "EC",
            "city": "Saraguro",
            "bio": "Artesana textil.",
            "skills": "tejido, turismo comunitario",
            "email_notifications": "",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Lucía Cango"
    assert not user.email_notifications
    assert sorted(t.name for t in user.skills.all()) == ["tejido", "turismo comunitario"]
    page = client.get(reverse("accounts:profile", args=[user.pk])).content.decode()
    assert "Saraguro" in page and "tejido" in page


def test_profile_pages_need_sign_in_and_hide_deactivated_members(client, login):
    member = UserFactory()
    response = client.get(reverse("accounts:profile", args=[member.pk]))
    assert response.status_code == 302
    viewer = login(UserFactory())
    assert viewer.get(reverse("accounts:profile", args=[member.pk])).status_code == 200
    member.is_active = False
    member.save()
    assert viewer.get(reverse("accounts:profile", args=[member.pk])).status_code == 404


def test_deactivation_needs_password_then_signs_out_and_blocks_sign_in(login):
    user = UserFactory()
    client = login(user)
    response = client.post(reverse("accounts:deactivate"), {"password": "wrong"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.is_active
    response = client.post(reverse("accounts:deactivate"), {"password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_api_token_is_shown_once_stored_hashed_and_revocable(login, client):
    user = UserFactory()
    browser = login(user)
    response = browser.post(reverse("accounts:tokens"), {"name": "hoja de cálculo"})
    raw = response.context["new_token"]
    assert raw.startswith("mga_")
    token = ApiToken.objects.get(user=user)
    assert raw not in (token.digest, token.prefix)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["email"] == user.email
    # The list page never shows it again.
    assert raw not in browser.get(reverse("accounts:tokens")).content.decode()
    browser.post(reverse("accounts:token_revoke", args=[token.pk]))
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_outsider_cannot_revoke_someone_elses_token(login):
    owner = UserFactory()
    from community.accounts.services import api_token_create

    token, raw = api_token_create(user=owner, name="script")
    response = login(UserFactory()).post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None


def test_api_me_needs_authentication(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_signup_is_rate_limited_per_address(client):
    for i in range(10):
        _signup(client, email=f"x{i}@example.org", password2="mismatch-here")
    response = _signup(client, email="late@example.org")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert not User.objects.filter(email="late@example.org").exists()
