"""Spanish by default, English on request; a member's choice follows them; the switcher is a POST."""

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from community.organisations.models import Inquiry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _directory_heading(language: str) -> str:
    with translation.override(language):
        return translation.gettext("Directory of organisations")


def test_anonymous_visitor_gets_spanish_by_default(client):
    page = client.get(reverse("organisations:directory")).content.decode()
    assert '<html lang="es">' in page
    assert _directory_heading("es") in page


def test_browser_language_english_is_honoured(client):
    page = client.get(reverse("organisations:directory"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in page
    assert "Directory of organisations" in page


def test_switcher_sets_cookie_for_visitors(client):
    response = client.post(reverse("community:set_language"), {"language": "en", "next": "/organisations/"})
    assert response.status_code == 302
    assert response["Location"] == "/organisations/"
    page = client.get(reverse("organisations:directory")).content.decode()
    assert '<html lang="en">' in page


def test_switcher_saves_the_members_preference_across_browsers(login):
    user = UserFactory(preferred_language="es")
    login(user).post(reverse("community:set_language"), {"language": "en"})
    user.refresh_from_db()
    assert user.preferred_language == "en"
    page = login(user).get(reverse("community:dashboard"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="en">' in page


def test_switcher_ignores_unknown_languages_and_foreign_redirects(client):
    response = client.post(
        reverse("community:set_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("community:home")
    assert client.cookies["django_language"].value == "es"


def test_switching_language_by_get_is_not_allowed(client):
    assert client.get(reverse("community:set_language")).status_code == 405


def test_dates_are_localised(login, organisation, member):
    inquiry = Inquiry.objects.create(
        organisation=organisation, name="Ana", email="ana@example.org", message="Hola"
    )
    moment = timezone.localtime(inquiry.created_at)
    url = reverse("organisations:inquiries", args=[organisation.slug])
    member.preferred_language = "es"
    member.save()
    page_es = login(member).get(url).content.decode()
    member.preferred_language = "en"
    member.save()
    page_en = login(member).get(url).content.decode()
    with translation.override("es"):
        spanish = formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    with translation.override("en"):
        english = formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    assert spanish != english
    assert spanish in page_es
    assert english in page_en
