"""An organisation's showcase page: its offerings, who sees hidden ones, who sees the contact details."""

import pytest

from community.organisations import services
from tests.factories import OfferingFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PHONE = "+593 7 257 0000"  # the factory's phone number


@pytest.fixture(autouse=True)
def _english(client):
    """Anonymous visitors get Spanish by default; read the pages in English, as the personas do."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def page_of(client, organisation) -> str:
    response = client.get(f"/organisations/{organisation.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def visitor(request, persona: str, login):
    """The client of a persona: anonymous, outsider, member, admin_member or owner."""
    if persona == "anonymous":
        return request.getfixturevalue("client")
    return login(request.getfixturevalue(persona))


def test_showcase_shows_the_organisation_and_its_offerings_to_anonymous(client, organisation):
    OfferingFactory(organisation=organisation, name="Caminata al Podocarpus", price_min=25, price_max=40)
    OfferingFactory(organisation=organisation, name="Desayuno típico", price_min=6, price_max=6)

    body = page_of(client, organisation)

    assert f"<h1>{organisation.name}</h1>" in body
    assert "Caminata al Podocarpus" in body
    assert "USD 25.00 to 40.00" in body
    assert "Desayuno típico" in body
    assert "USD 6.00" in body


def test_showcase_without_offerings_says_nothing_is_listed(client, organisation):
    assert "Nothing listed yet." in page_of(client, organisation)


@pytest.mark.parametrize(
    ("persona", "sees_hidden"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("member", False),
        ("admin_member", True),
        ("owner", True),
        ("staff", True),
    ],
)
def test_hidden_offering_is_shown_only_to_those_who_manage_the_organisation(
    request, login, organisation, persona, sees_hidden
):
    OfferingFactory(organisation=organisation, name="Tour abierto")
    OfferingFactory(organisation=organisation, name="Tour en preparación", is_active=False)

    body = page_of(visitor(request, persona, login), organisation)

    assert "Tour abierto" in body
    assert ("Tour en preparación" in body) is sees_hidden
    assert ("Hidden from visitors" in body) is sees_hidden


def test_hidden_offering_cannot_be_chosen_in_the_inquiry_form(client, organisation):
    shown = OfferingFactory(organisation=organisation, name="Tour abierto")
    hidden = OfferingFactory(organisation=organisation, name="Tour en preparación", is_active=False)

    body = page_of(client, organisation)

    assert f'<option value="{shown.pk}">Tour abierto</option>' in body
    assert f'<option value="{hidden.pk}"' not in body


@pytest.mark.parametrize(
    ("visibility", "persona", "sees_contact"),
    [
        ("public", "anonymous", True),
        ("public", "outsider", True),
        ("public", "member", True),
        ("members", "anonymous", False),
        ("members", "outsider", True),  # any signed-in member of Minga
        ("members", "member", True),
        ("form_only", "anonymous", False),
        ("form_only", "outsider", False),
        ("form_only", "member", True),  # the organisation's own members always see it
    ],
)
def test_contact_details_follow_the_organisations_choice(
    request, login, organisation, member, visibility, persona, sees_contact
):
    organisation.contact_visibility = visibility
    organisation.save()

    body = page_of(visitor(request, persona, login), organisation)

    assert (PHONE in body) is sees_contact
    assert (organisation.email in body) is sees_contact
    # Whoever cannot see the details can still write through the form.
    assert 'id="inquiry"' in body


def test_women_led_organisation_hides_its_contact_details_unless_it_chooses_otherwise(login, outsider):
    founder = UserFactory()
    organisation = services.organisation_create(
        creator=founder,
        kind="business",
        name="Tejidos Warmi",
        country="PE",
        sector="tourism_handicrafts",
        women_led=True,
        phone="+51 84 222 333",
        email="warmi@example.org",
    )

    assert organisation.contact_visibility == "form_only"
    assert "+51 84 222 333" not in page_of(login(outsider), organisation)
    assert "+51 84 222 333" in page_of(login(founder), organisation)


def test_other_organisations_show_their_contact_details_by_default(client):
    organisation = services.organisation_create(
        creator=UserFactory(),
        kind="business",
        name="Hostal del Río",
        country="CO",
        sector="tourism_accommodation",
        phone="+57 6 759 3000",
    )

    assert organisation.contact_visibility == "public"
    assert "+57 6 759 3000" in page_of(client, organisation)


def test_women_led_organisation_keeps_public_contact_when_it_chooses_so(client):
    organisation = services.organisation_create(
        creator=UserFactory(),
        kind="business",
        name="Café Mamá Rosa",
        country="EC",
        sector="tourism_restaurant",
        women_led=True,
        contact_visibility="public",
        phone="+593 2 222 3333",
    )

    assert "+593 2 222 3333" in page_of(client, organisation)


def test_women_led_showcase_explains_what_women_led_means(client):
    organisation = OrganisationFactory(women_led=True)

    assert "at least 51% owned by one or more women" in page_of(client, organisation)


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_unknown_organisation_answers_404(request, login, db, persona):
    response = visitor(request, persona, login).get("/organisations/no-such-organisation/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("persona", "sees_manage_links"),
    [("anonymous", False), ("outsider", False), ("member", False), ("admin_member", True), ("owner", True)],
)
def test_edit_link_is_shown_only_to_managers(request, login, organisation, persona, sees_manage_links):
    body = page_of(visitor(request, persona, login), organisation)

    assert (f'href="/organisations/{organisation.slug}/edit/"' in body) is sees_manage_links


def test_showcase_page_runs_a_fixed_number_of_queries(client, organisation, django_assert_num_queries):
    for offering in OfferingFactory.create_batch(5, organisation=organisation):
        offering.photos.create(image="offerings/example.jpg", caption=offering.name)

    # 1. SELECT the organisation by slug
    # 2. SELECT its active offerings
    # 3. SELECT the photos of those offerings (one prefetch)
    # 4. SELECT the active offerings again, for the inquiry form's "offering" choices
    # 5. SELECT the organisation's partnerships the visitor may see (their parties are prefetched
    #    only when there are some)
    with django_assert_num_queries(5):
        response = client.get(f"/organisations/{organisation.slug}/")

    assert response.content.decode().count('<li class="card"') == 5
