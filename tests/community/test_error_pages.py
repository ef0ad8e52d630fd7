"""Refusals say why, in the member's language; missing pages say so without leaking anything."""

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_forbidden_page_says_why_in_the_members_language(login, organisation, owner, member):
    member.preferred_language = "es"
    member.save()
    response = login(member).get(f"/organisations/{organisation.slug}/edit/")
    assert response.status_code == 403
    with translation.override("es"):
        reason = translation.gettext("Only the organisation's owners and administrators may do this.")
    assert reason != "Only the organisation's owners and administrators may do this."
    assert reason.replace("'", "&#x27;") in response.content.decode()


def test_api_forbidden_answer_carries_the_reason(login, organisation, owner, member):
    response = login(member).patch(
        f"/api/v1/organisations/{organisation.slug}",
        {"name": "Nuevo nombre"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert "owners and administrators" in response.json()["error"]["message"]


def test_unknown_page_is_404_with_the_site_layout(client):
    response = client.get("/organisations/no-such-organisation/")
    assert response.status_code == 404
    assert "<nav" in response.content.decode()
