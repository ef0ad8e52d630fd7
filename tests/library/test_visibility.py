"""An outsider never gets a hidden network's practice: not in the list, the page, JSON, CSV or the API."""

import json

import pytest

from tests.library.conftest import client_as

pytestmark = pytest.mark.django_db

# Its slug is in every output (links, "slug" and "url" fields), whatever escapes the title.
SECRET = "mentoria-secreta-para-artesanas"


def _everywhere(client) -> list[str]:
    return [
        client.get("/library/").content.decode(),
        client.get("/library/?tag=secreto").content.decode(),
        client.get("/library/export.json").content.decode(),
        client.get("/library/export.csv").content.decode(),
        client.get("/api/v1/library/practices").content.decode(),
        client.get("/api/v1/library/export?format=csv").content.decode(),
        client.get("/api/v1/library/export").content.decode(),
    ]


@pytest.mark.parametrize("who", ["outsider", "reader", "anonymous"])
def test_hidden_networks_practice_is_nowhere_for_people_outside_it(hidden_practice, published, who, request):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = client_as(user)
    for body in _everywhere(client):
        assert SECRET not in body and "secreta" not in body
    assert published.title in client.get("/library/").content.decode()
    assert client.get(f"/library/{hidden_practice.slug}/").status_code == 404
    assert client.get(f"/api/v1/library/practices/{hidden_practice.slug}").status_code == 404
    # The same 404 as a practice that does not exist: nothing to probe.
    assert client.get("/library/no-such-practice/").status_code == 404


def test_network_members_see_it_everywhere(hidden_practice, network_member):
    client = client_as(network_member)
    for body in _everywhere(client):
        assert SECRET in body
    assert client.get(f"/library/{hidden_practice.slug}/").status_code == 200


def test_json_export_has_the_structured_record_without_the_contact_email(published, reader):
    data = json.loads(client_as(reader).get("/library/export.json?country=GT").content)
    (record,) = data["practices"]
    assert record["title"] == published.title
    assert record["results"] == [{"value": "187", "unit": "people trained", "period": "18 months"}]
    assert record["url"].endswith(f"/library/{published.slug}/")
    assert record["authors"] == ["Ana Autora", "Carlos Coautor"]
    assert "contact_email" not in record


def test_export_applies_the_filters(published, reader):
    assert json.loads(client_as(reader).get("/library/export.json?country=CO").content)["practices"] == []
    csv_body = client_as(reader).get("/library/export.csv?language=es").content.decode()
    assert csv_body.splitlines()[0].startswith("url,slug,title")
    assert published.title in csv_body


def test_drafts_are_never_exported_even_to_their_author(draft, author):
    assert draft.title not in client_as(author).get("/library/export.json").content.decode()
