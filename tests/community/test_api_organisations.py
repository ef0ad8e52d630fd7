"""The REST API for organisations, offerings and inquiries under /api/v1/: who may do what, and the errors."""

import json
import re

import pytest
from django.core import mail
from django.test import Client
from notifications.models import Notification

from community.accounts.services import api_token_create, api_token_revoke
from community.organisations.models import Inquiry, Membership, Offering, Organisation, Role
from tests.factories import OfferingFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
JSON = "application/json"


@pytest.fixture(autouse=True)
def _english(client):
    """Anonymous callers get Spanish by default; read the messages in English, as the personas do."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def bearer(user) -> dict[str, str]:
    _token, raw = api_token_create(user=user, name="Booking system")
    return {"Authorization": f"Bearer {raw}"}


def token_client(user) -> Client:
    """A program calling with a personal token: no session, and CSRF is enforced as in production."""
    return Client(enforce_csrf_checks=True, headers=bearer(user))


def session_client(user) -> Client:
    """A signed-in browser: CSRF is enforced as in production."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def csrf_token(client: Client) -> str:
    client.get("/organisations/")  # any page with a form sets the cookie
    return client.cookies["csrftoken"].value


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    assert isinstance(error["fields"], dict)
    return error


NEW_ORGANISATION = {
    "kind": "business",
    "name": "Tejidos Warmi",
    "country": "pe",
    "city": "Pisac",
    "sector": "tourism_handicrafts",
    "phone": "+51 84 222 333",
}


# Listing and reading


@pytest.fixture
def mixed_directory(db):
    return {
        "vti": OrganisationFactory(
            name="Instituto Técnico Loja", kind="vti", sector="education", country="EC"
        ),
        "chamber": OrganisationFactory(
            name="Cámara de Cuenca", kind="chamber", sector="services", country="EC"
        ),
        "women_led": OrganisationFactory(
            name="Tejidos Warmi",
            sector="tourism_handicrafts",
            country="PE",
            women_led=True,
            description="Textiles de alpaca.",
        ),
    }


def names(response) -> list[str]:
    return sorted(item["name"] for item in response.json()["items"])


def test_anyone_lists_organisations_with_a_count(client, mixed_directory):
    response = client.get(f"{API}/organisations")

    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert names(response) == sorted(o.name for o in mixed_directory.values())
    first = response.json()["items"][0]
    assert set(first) == {"slug", "name", "kind", "country", "city", "sector", "women_led", "verified"}
    assert "phone" not in response.content.decode()  # the list never carries contact details


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=chamber", ["chamber"]),
        ("sector=education", ["vti"]),
        ("country=ec", ["chamber", "vti"]),
        ("women_led=true", ["women_led"]),
        ("women_led=false", ["chamber", "vti"]),
        ("q=alpaca", ["women_led"]),
    ],
)
def test_organisation_list_filters(client, mixed_directory, query, expected):
    response = client.get(f"{API}/organisations?{query}")

    assert response.status_code == 200
    assert names(response) == sorted(mixed_directory[key].name for key in expected)
    assert response.json()["count"] == len(expected)


def test_organisation_list_refuses_an_unknown_kind_with_422(client, mixed_directory):
    error = assert_error(client.get(f"{API}/organisations?kind=spaceship"), 422, "invalid")

    assert "kind" in error["fields"]


def test_organisation_list_is_paginated_by_twenty(client, db):
    OrganisationFactory.create_batch(25)

    first = client.get(f"{API}/organisations").json()
    second = client.get(f"{API}/organisations?page=2").json()

    assert first["count"] == second["count"] == 25
    assert len(first["items"]) == 20
    assert len(second["items"]) == 5
    assert {o["slug"] for o in first["items"]}.isdisjoint(o["slug"] for o in second["items"])


def test_organisation_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, db):
    for organisation in OrganisationFactory.create_batch(25):
        OfferingFactory(organisation=organisation)

    # 1. COUNT of the filtered organisations   2. SELECT the 20 of the page
    with django_assert_num_queries(2):
        response = client.get(f"{API}/organisations")

    assert len(response.json()["items"]) == 20


def test_organisation_detail_answers_with_the_contact_when_public(client, organisation):
    response = client.get(f"{API}/organisations/{organisation.slug}")

    data = response.json()
    assert response.status_code == 200
    assert data["name"] == organisation.name
    assert data["url"] == f"http://testserver/organisations/{organisation.slug}/"
    assert data["contact"]["phone"] == "+593 7 257 0000"
    assert data["contact"]["email"] == organisation.email


@pytest.mark.parametrize(
    ("visibility", "persona", "sees_contact"),
    [
        ("members", "anonymous", False),
        ("members", "outsider", True),
        ("form_only", "anonymous", False),
        ("form_only", "outsider", False),
        ("form_only", "member", True),
    ],
)
def test_organisation_detail_hides_the_contact_per_visibility(
    request, login, organisation, visibility, persona, sees_contact
):
    organisation.contact_visibility = visibility
    organisation.save()
    client = (
        request.getfixturevalue("client")
        if persona == "anonymous"
        else login(request.getfixturevalue(persona))
    )

    data = client.get(f"{API}/organisations/{organisation.slug}").json()

    assert (data["contact"] is not None) is sees_contact
    assert ("+593 7 257 0000" in str(data)) is sees_contact


def test_member_calling_with_a_token_sees_the_contact_of_their_form_only_organisation(
    organisation, member, outsider
):
    organisation.contact_visibility = "form_only"
    organisation.save()

    as_member = token_client(member).get(f"{API}/organisations/{organisation.slug}").json()
    as_outsider = token_client(outsider).get(f"{API}/organisations/{organisation.slug}").json()

    assert as_member["contact"]["phone"] == "+593 7 257 0000"
    assert as_outsider["contact"] is None


def test_unknown_organisation_answers_404_in_the_error_format(client, db):
    assert_error(client.get(f"{API}/organisations/no-such-organisation"), 404, "not_found")


# Creating


def test_session_create_without_the_csrf_token_is_refused(outsider):
    client = session_client(outsider)

    response = client.post(f"{API}/organisations", NEW_ORGANISATION, content_type=JSON)

    assert_error(response, 403, "error")
    assert not Organisation.objects.exists()


def test_session_create_with_the_csrf_token_creates_the_organisation_owned_by_the_caller(outsider):
    client = session_client(outsider)

    response = client.post(
        f"{API}/organisations",
        NEW_ORGANISATION,
        content_type=JSON,
        headers={"X-CSRFToken": csrf_token(client)},
    )

    data = response.json()
    assert response.status_code == 201
    assert data["slug"] == "tejidos-warmi"
    assert data["country"] == "PE"
    assert Membership.objects.get(organisation__slug="tejidos-warmi").user == outsider
    assert Membership.objects.get(organisation__slug="tejidos-warmi").role == Role.OWNER


def test_token_create_needs_no_csrf_token(outsider):
    response = token_client(outsider).post(f"{API}/organisations", NEW_ORGANISATION, content_type=JSON)

    assert response.status_code == 201
    assert Organisation.objects.get().members.get() == outsider


def test_women_led_organisation_created_through_the_api_hides_its_contact_by_default(client, outsider):
    response = token_client(outsider).post(
        f"{API}/organisations", {**NEW_ORGANISATION, "women_led": True}, content_type=JSON
    )

    assert response.status_code == 201
    assert response.json()["contact"]["phone"] == "+51 84 222 333"  # the owner sees it
    assert Organisation.objects.get().contact_visibility == "form_only"
    assert client.get(f"{API}/organisations/tejidos-warmi").json()["contact"] is None


def test_revoked_token_gets_401_in_the_error_format(outsider):
    token, raw = api_token_create(user=outsider, name="Old script")
    api_token_revoke(user=outsider, token_id=token.pk)
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw}"})

    response = client.post(f"{API}/organisations", NEW_ORGANISATION, content_type=JSON)

    assert_error(response, 401, "unauthenticated")
    assert not Organisation.objects.exists()


def test_made_up_token_gets_401(db):
    client = Client(enforce_csrf_checks=True, headers={"Authorization": "Bearer mga_not-a-real-token"})

    assert_error(
        client.post(f"{API}/organisations", NEW_ORGANISATION, content_type=JSON), 401, "unauthenticated"
    )


def test_anonymous_create_gets_401(db):
    response = Client(enforce_csrf_checks=True).post(
        f"{API}/organisations", NEW_ORGANISATION, content_type=JSON
    )

    assert_error(response, 401, "unauthenticated")


def test_token_of_an_unverified_member_cannot_create(db):
    unverified = UserFactory(email_verified=False)

    response = token_client(unverified).post(f"{API}/organisations", NEW_ORGANISATION, content_type=JSON)

    assert_error(response, 403, "forbidden")
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "T"}, "name"),
        ({"kind": "spaceship"}, "kind"),
        ({"country": "XX"}, "country"),
        ({"phone": "call me"}, "phone"),
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_create_with_bad_input_answers_422_with_the_field(outsider, overrides, field):
    response = token_client(outsider).post(
        f"{API}/organisations", {**NEW_ORGANISATION, **overrides}, content_type=JSON
    )

    error = assert_error(response, 422, "invalid")
    assert field in error["fields"]
    assert error["fields"][field][0]
    assert not Organisation.objects.exists()


# Updating


@pytest.mark.parametrize("persona", ["owner", "admin_member"])
def test_owner_and_admin_patch_the_organisation(request, organisation, persona):
    client = token_client(request.getfixturevalue(persona))
    name, phone = organisation.name, organisation.phone

    response = client.patch(
        f"{API}/organisations/{organisation.slug}", {"city": "Vilcabamba", "size": None}, content_type=JSON
    )

    organisation.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["city"] == "Vilcabamba"
    assert organisation.city == "Vilcabamba"
    assert organisation.size == ""
    assert (organisation.name, organisation.phone) == (name, phone)  # fields not sent are left alone


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_member_and_outsider_get_403_patching_the_organisation(request, organisation, owner, persona):
    client = token_client(request.getfixturevalue(persona))

    response = client.patch(
        f"{API}/organisations/{organisation.slug}", {"name": "Taken over"}, content_type=JSON
    )

    organisation.refresh_from_db()
    assert_error(response, 403, "forbidden")
    assert organisation.name != "Taken over"


def test_anonymous_gets_401_patching_the_organisation(client, organisation):
    response = client.patch(
        f"{API}/organisations/{organisation.slug}", {"name": "Taken over"}, content_type=JSON
    )

    assert_error(response, 401, "unauthenticated")


def test_session_patch_without_csrf_token_is_refused(organisation, owner):
    response = session_client(owner).patch(
        f"{API}/organisations/{organisation.slug}", {"name": "Changed"}, content_type=JSON
    )

    organisation.refresh_from_db()
    assert response.status_code == 403
    assert organisation.name != "Changed"


def test_patch_with_bad_input_answers_422_and_changes_nothing(organisation, owner):
    response = token_client(owner).patch(
        f"{API}/organisations/{organisation.slug}",
        {"city": "Loja Nueva", "website": "not a url"},
        content_type=JSON,
    )

    organisation.refresh_from_db()
    error = assert_error(response, 422, "invalid")
    assert "website" in error["fields"]
    assert organisation.city == "Loja"


# Offerings


def test_offering_list_shows_only_offerings_on_the_showcase(client, organisation):
    shown = OfferingFactory(organisation=organisation, name="Caminata")
    OfferingFactory(organisation=organisation, name="Borrador", is_active=False)

    response = client.get(f"{API}/organisations/{organisation.slug}/offerings")

    assert response.status_code == 200
    assert [o["name"] for o in response.json()] == ["Caminata"]
    assert response.json()[0]["id"] == shown.pk
    assert response.json()[0]["price_min"] == "25.00"


@pytest.mark.parametrize("persona", ["owner", "admin_member"])
def test_owner_and_admin_create_an_offering(request, organisation, persona):
    client = token_client(request.getfixturevalue(persona))

    response = client.post(
        f"{API}/organisations/{organisation.slug}/offerings",
        {"name": "Caminata al Podocarpus", "kind": "service", "price_min": "25", "price_max": "40"},
        content_type=JSON,
    )

    assert response.status_code == 201
    assert response.json()["name"] == "Caminata al Podocarpus"
    assert Offering.objects.get(organisation=organisation).price_max == 40


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_member_and_outsider_get_403_creating_an_offering(request, organisation, owner, persona):
    client = token_client(request.getfixturevalue(persona))

    response = client.post(
        f"{API}/organisations/{organisation.slug}/offerings", {"name": "Spam"}, content_type=JSON
    )

    assert_error(response, 403, "forbidden")
    assert not Offering.objects.exists()


def test_anonymous_gets_401_creating_an_offering(client, organisation):
    response = client.post(
        f"{API}/organisations/{organisation.slug}/offerings", {"name": "Spam"}, content_type=JSON
    )

    assert_error(response, 401, "unauthenticated")


def test_offering_with_highest_price_below_the_lowest_answers_422(organisation, owner):
    response = token_client(owner).post(
        f"{API}/organisations/{organisation.slug}/offerings",
        {"name": "Caminata", "price_min": "40", "price_max": "25"},
        content_type=JSON,
    )

    error = assert_error(response, 422, "invalid")
    assert "price_max" in error["fields"]
    assert not Offering.objects.exists()


@pytest.mark.parametrize("persona", ["owner", "admin_member"])
def test_owner_and_admin_patch_an_offering(request, organisation, offering, persona):
    client = token_client(request.getfixturevalue(persona))

    response = client.patch(
        f"{API}/organisations/{organisation.slug}/offerings/{offering.pk}",
        {"name": "Caminata larga", "is_active": False},
        content_type=JSON,
    )

    offering.refresh_from_db()
    assert response.status_code == 200
    assert offering.name == "Caminata larga"
    assert not offering.is_active


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_member_and_outsider_get_403_patching_an_offering(request, organisation, owner, offering, persona):
    client = token_client(request.getfixturevalue(persona))

    response = client.patch(
        f"{API}/organisations/{organisation.slug}/offerings/{offering.pk}",
        {"name": "Spam"},
        content_type=JSON,
    )

    offering.refresh_from_db()
    assert_error(response, 403, "forbidden")
    assert offering.name != "Spam"


def test_offering_of_another_organisation_answers_404(organisation, owner):
    elsewhere = OfferingFactory(organisation=OrganisationFactory())

    response = token_client(owner).patch(
        f"{API}/organisations/{organisation.slug}/offerings/{elsewhere.pk}",
        {"name": "Mine"},
        content_type=JSON,
    )

    elsewhere.refresh_from_db()
    assert_error(response, 404, "not_found")
    assert elsewhere.name != "Mine"


@pytest.mark.parametrize("persona", ["owner", "admin_member"])
def test_owner_and_admin_delete_an_offering(request, organisation, offering, persona):
    response = token_client(request.getfixturevalue(persona)).delete(
        f"{API}/organisations/{organisation.slug}/offerings/{offering.pk}"
    )

    assert response.status_code == 204
    assert not Offering.objects.exists()


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_member_and_outsider_get_403_deleting_an_offering(request, organisation, owner, offering, persona):
    response = token_client(request.getfixturevalue(persona)).delete(
        f"{API}/organisations/{organisation.slug}/offerings/{offering.pk}"
    )

    assert_error(response, 403, "forbidden")
    assert Offering.objects.filter(pk=offering.pk).exists()


# Inquiries


INQUIRY = {"name": "Ana Traveller", "email": "ana@example.net", "message": "A family room for three in July?"}


def test_anonymous_sends_an_inquiry_and_every_member_is_notified(
    client, organisation, owner, member, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{API}/organisations/{organisation.slug}/inquiries", INQUIRY, content_type=JSON
        )

    assert response.status_code == 201
    assert response.json()["status"] == "new"
    assert response.json()["message"] == INQUIRY["message"]
    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted(
        [owner.pk, member.pk]
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([owner.email, member.email, "ana@example.net"])


def test_inquiry_sent_with_a_token_is_linked_to_the_caller(organisation, member, outsider):
    response = token_client(outsider).post(
        f"{API}/organisations/{organisation.slug}/inquiries", INQUIRY, content_type=JSON
    )

    assert response.status_code == 201
    assert Inquiry.objects.get().requester == outsider


def test_inquiry_about_an_offering_through_the_api(client, organisation, member, offering):
    response = client.post(
        f"{API}/organisations/{organisation.slug}/inquiries",
        {**INQUIRY, "offering": offering.pk},
        content_type=JSON,
    )

    assert response.status_code == 201
    assert response.json()["offering"] == offering.pk


def test_inquiry_about_a_hidden_offering_answers_404(client, organisation, member):
    hidden = OfferingFactory(organisation=organisation, is_active=False)

    response = client.post(
        f"{API}/organisations/{organisation.slug}/inquiries",
        {**INQUIRY, "offering": hidden.pk},
        content_type=JSON,
    )

    assert_error(response, 404, "not_found")
    assert not Inquiry.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"message": ""}, "message"),
        ({"email": "ana-at-example"}, "email"),
        ({"date_from": "2026-07-14", "date_to": "2026-07-10"}, "date_to"),
    ],
)
def test_inquiry_with_bad_input_answers_422_with_the_field(client, organisation, member, overrides, field):
    response = client.post(
        f"{API}/organisations/{organisation.slug}/inquiries", {**INQUIRY, **overrides}, content_type=JSON
    )

    error = assert_error(response, 422, "invalid")
    assert field in error["fields"]
    assert not Inquiry.objects.exists()


def test_eleventh_api_inquiry_in_an_hour_gets_429_with_retry_after(client, organisation, member):
    path = f"{API}/organisations/{organisation.slug}/inquiries"
    for _n in range(10):
        assert client.post(path, INQUIRY, content_type=JSON).status_code == 201

    response = client.post(path, INQUIRY, content_type=JSON)

    assert_error(response, 429, "rate_limited")
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Inquiry.objects.count() == 10


@pytest.fixture
def inquiry(organisation):
    return Inquiry.objects.create(organisation=organisation, **INQUIRY)


@pytest.mark.parametrize("persona", ["member", "owner"])
def test_members_list_the_inquiries(request, organisation, inquiry, persona):
    response = token_client(request.getfixturevalue(persona)).get(
        f"{API}/organisations/{organisation.slug}/inquiries"
    )

    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert response.json()["items"][0]["email"] == "ana@example.net"


def test_outsider_gets_403_listing_the_inquiries(organisation, owner, inquiry, outsider):
    response = token_client(outsider).get(f"{API}/organisations/{organisation.slug}/inquiries")

    assert_error(response, 403, "forbidden")
    assert "ana@example.net" not in response.content.decode()


def test_anonymous_gets_401_listing_the_inquiries(client, organisation, inquiry):
    response = client.get(f"{API}/organisations/{organisation.slug}/inquiries")

    assert_error(response, 401, "unauthenticated")
    assert "ana@example.net" not in response.content.decode()


# The API's own description


def test_openapi_schema_lists_the_organisation_paths(client, db):
    response = client.get(f"{API}/openapi.json")

    paths = response.json()["paths"]
    assert response.status_code == 200
    assert {
        f"{API}/organisations",
        f"{API}/organisations/{{slug}}",
        f"{API}/organisations/{{slug}}/offerings",
        f"{API}/organisations/{{slug}}/offerings/{{offering_id}}",
        f"{API}/organisations/{{slug}}/inquiries",
    } <= set(paths)
    assert {"get", "post"} <= set(paths[f"{API}/organisations"])
    assert {"patch", "delete"} <= set(paths[f"{API}/organisations/{{slug}}/offerings/{{offering_id}}"])


def test_api_docs_page_loads_everything_from_the_site_itself(client, db):
    response = client.get(f"{API}/docs")

    body = response.content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', body)
    assert response.status_code == 200
    assert f"{API}/openapi.json" in body
    assert sources  # the page does load its scripts and styles
    assert all(source.startswith("/static/") for source in sources), sources
    assert "cdn" not in body.lower()
    assert "http://" not in body
    assert "https://" not in body
    # Swagger UI would otherwise load its badge from validator.swagger.io, sending it our schema's address.
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', body, re.DOTALL).group(1))
    assert settings["validatorUrl"] == "none"
