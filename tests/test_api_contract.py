"""The API's schema says what the API does: the fast, fixed cases of what tests/test_api_fuzz.py found
with generated requests against a real daphne."""

import json
from typing import Any

import pytest
from django.test import Client
from ninja import Schema

from config.api import api
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def _schema_classes(annotation: Any, seen: set[type]) -> None:
    for arg in getattr(annotation, "__args__", ()) or ():
        _schema_classes(arg, seen)
    if isinstance(annotation, type) and issubclass(annotation, Schema) and annotation not in seen:
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _schema_classes(field.annotation, seen)


def test_no_two_response_schemas_share_a_component_name():
    # Two classes named ReactionOut (forums and messaging) made the forums operation point at the
    # messaging schema: every forum reaction answer then violated its own documented schema.
    seen: set[type] = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.response_models.values():
                    _schema_classes(model, seen)
    by_name: dict[str, set[str]] = {}
    for cls in seen:
        by_name.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    clashes = {name: places for name, places in by_name.items() if len(places) > 1}
    assert not clashes


def test_forum_reaction_answer_matches_the_documented_schema(member, login):
    post = PostFactory()
    response = login(member).delete(f"/api/v1/forums/posts/{post.pk}/reactions/like")
    assert response.status_code == 200
    documented = api.get_openapi_schema()["paths"]["/api/v1/forums/posts/{post_id}/reactions/{kind}"][
        "delete"
    ]
    reference = documented["responses"][200]["content"]["application/json"]["schema"]["$ref"]
    component = api.get_openapi_schema()["components"]["schemas"][reference.rsplit("/", 1)[-1]]
    assert set(response.json()) == set(component["required"]) == {"kind", "active"}


def test_a_page_number_past_any_database_offset_is_refused_with_422_not_a_500(client: Client):
    # Found by the fuzzer: page=10632336287870612104282112 reached SQLite as an offset it cannot hold.
    response = client.get("/api/v1/library/practices", {"page": 10632336287870612104282112})
    assert response.status_code == 422
    assert "page" in response.json()["error"]["fields"]
    assert client.get("/api/v1/library/practices", {"page": 1_000_000}).status_code == 200


def test_a_body_that_is_not_json_gets_400_in_the_members_language(member, login):
    member.preferred_language = "es"
    member.save(update_fields=["preferred_language"])
    response = login(member).post("/api/v1/messaging/blocks", data=b"|S", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "bad_json",
        "message": "El cuerpo de la petición no es JSON válido.",
        "fields": {},
    }


def test_every_operation_with_input_documents_400_and_422():
    schema = json.loads(json.dumps(api.get_openapi_schema(), default=str))
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = set(operation["responses"])
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in responses, f"{method} {path}"
            if operation.get("requestBody"):
                assert "400" in responses, f"{method} {path}"


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("get", "/api/v1/networks?q=%00he", None),
        ("get", "/api/v1/library/practices?q=a%00", None),
        ("post", "/api/v1/messaging/groups", {"title": "a\x00b", "members": []}),
    ],
)
def test_a_nul_character_is_refused_with_422_not_stored_or_a_500(member, login, method, path, payload):
    # Found by the fuzzer on PostgreSQL, which cannot hold NUL in text: GET /api/v1/networks?q=%00 was a 500.
    client = login(member)
    if payload is None:
        response = client.get(path)
    else:
        response = client.post(path, data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
    assert "Null characters are not allowed." in json.dumps(response.json()["error"]["fields"])
