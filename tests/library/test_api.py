"""The library API: the same workflow and permission checks as the pages."""

import pytest

from community.accounts import services as account_services
from community.library.models import Practice
from tests.library.conftest import client_as

pytestmark = pytest.mark.django_db

API = "/api/v1/library/practices"


def bearer(user) -> dict:
    _token, raw = account_services.api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


NEW = {
    "title": "Marketing estratégico para hoteles",
    "summary": "Curso virtual.",
    "country": "gt",
    "sector": "tourism_accommodation",
    "training_area": "digital_skills",
    "target_groups": ["business_owners"],
    "results": [{"value": "98.9", "unit": "% satisfied participants", "period": "2010"}],
    "tags": ["marketing"],
}


def test_create_submit_review_and_react_through_the_api(author, editor, reader, client):
    created = client.post(API, NEW, content_type="application/json", **bearer(author))
    assert created.status_code == 201, created.content
    slug = created.json()["slug"]
    assert created.json()["status"] == "draft" and created.json()["country"] == "GT"
    assert client.get(f"{API}/{slug}", **bearer(reader)).status_code == 404

    assert client.post(f"{API}/{slug}/submit", **bearer(author)).json()["status"] == "submitted"
    own = client.post(
        f"{API}/{slug}/review", {"decision": "publish"}, content_type="application/json", **bearer(author)
    )
    assert own.status_code == 403
    published = client.post(
        f"{API}/{slug}/review", {"decision": "publish"}, content_type="application/json", **bearer(editor)
    )
    assert published.json()["status"] == "published" and published.json()["version"] == 1

    assert client.post(f"{API}/{slug}/endorse", **bearer(reader)).json() == {
        "endorsed": True,
        "endorsements": 1,
    }
    adoption = client.post(
        f"{API}/{slug}/adoptions",
        {"context": "En Quetzaltenango."},
        content_type="application/json",
        **bearer(reader),
    )
    assert adoption.status_code == 201
    comment = client.post(
        f"{API}/{slug}/comments", {"body": "*Gracias*"}, content_type="application/json", **bearer(reader)
    )
    assert comment.json()["body_html"] == "<p><em>Gracias</em></p>"
    detail = client.get(f"{API}/{slug}").json()
    assert (detail["endorsements"], detail["adoptions"], detail["comments"]) == (1, 1, 1)
    assert detail["results"][0]["unit"] == "% satisfied participants"


def test_return_needs_a_comment_and_patch_of_published_makes_a_version(submitted, author, editor, client):
    empty = client.post(
        f"{API}/{submitted.slug}/review",
        {"decision": "return"},
        content_type="application/json",
        **bearer(editor),
    )
    assert empty.status_code == 422
    client.post(
        f"{API}/{submitted.slug}/review",
        {"decision": "publish"},
        content_type="application/json",
        **bearer(editor),
    )
    patched = client.patch(
        f"{API}/{submitted.slug}",
        {"lessons": "Nueva lección."},
        content_type="application/json",
        **bearer(author),
    )
    assert patched.status_code == 200 and patched.json()["version"] == 2
    assert patched.json()["lessons"] == "Nueva lección."


def test_reader_cannot_patch_and_anonymous_cannot_create(published, reader, client):
    denied = client.patch(
        f"{API}/{published.slug}", {"title": "Robado"}, content_type="application/json", **bearer(reader)
    )
    assert denied.status_code == 403
    assert client.post(API, NEW, content_type="application/json").status_code == 401
    assert Practice.objects.get(pk=published.pk).title != "Robado"


def test_list_filters_and_counts(published, client):
    assert client.get(f"{API}?country=GT").json()["count"] == 1
    assert client.get(f"{API}?country=EC").json()["count"] == 0
    assert client.get(f"{API}?target_group=employees").json()["items"][0]["slug"] == published.slug


def test_outsider_cannot_place_a_practice_in_a_hidden_network(outsider, hidden_network, client):
    response = client.post(
        API, {**NEW, "network": hidden_network.slug}, content_type="application/json", **bearer(outsider)
    )
    assert response.status_code == 422
    assert not Practice.objects.exists()


def test_csv_export_through_the_api(published, client):
    response = client.get("/api/v1/library/export?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert published.slug in response.content.decode()
    (record,) = client_as(None).get("/api/v1/library/export").json()["practices"]
    assert record["slug"] == published.slug
