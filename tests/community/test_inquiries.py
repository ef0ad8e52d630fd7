"""Inquiries sent from a showcase page: who is told, bad input, bots, the rate limit, the members' list."""

import pytest
from django.core import mail
from notifications.models import Notification

from community.organisations.models import Inquiry
from tests.factories import MembershipFactory, OfferingFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    """Anonymous visitors get Spanish by default; read the pages in English, as the personas do."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def inquiry_data(**overrides) -> dict:
    data = {
        "offering": "",
        "name": "Ana Traveller",
        "email": "ana@example.net",
        "phone": "+49 30 1234567",
        "date_from": "2026-07-10",
        "date_to": "2026-07-14",
        "party_size": "3",
        "message": "Do you have a family room for three in July?",
        "website": "",
    }
    data.update(overrides)
    return data


def inquire(client, organisation, **overrides):
    return client.post(f"/organisations/{organisation.slug}/inquire/", inquiry_data(**overrides))


@pytest.fixture
def team(organisation, owner, admin_member, member):
    """The organisation's three members; the plain member does not want e-mail."""
    member.email_notifications = False
    member.save()
    return [owner, admin_member, member]


def test_anonymous_inquiry_notifies_every_member_and_confirms_to_the_requester(
    client, organisation, team, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = inquire(client, organisation)

    assert response.status_code == 200
    assert "has received your message" in response.content.decode()
    inquiry = Inquiry.objects.get()
    assert inquiry.organisation == organisation
    assert inquiry.requester is None
    notified = Notification.objects.filter(verb="sent an inquiry to")
    assert sorted(n.recipient_id for n in notified) == sorted(user.pk for user in team)
    assert not Notification.objects.filter(recipient=outsider).exists()
    assert all(n.description == "Do you have a family room for three in July?" for n in notified)
    owner, admin_member, member = team
    received = [
        m for m in mail.outbox if organisation.name in m.subject and m.subject.startswith("New inquiry")
    ]
    assert sorted(m.to[0] for m in received) == sorted([owner.email, admin_member.email])
    assert f"/organisations/{organisation.slug}/inquiries/" in received[0].body
    confirmations = [m for m in mail.outbox if m.to == ["ana@example.net"]]
    assert len(confirmations) == 1
    assert "Do you have a family room for three in July?" in confirmations[0].body
    assert len(mail.outbox) == 3


def test_members_see_the_new_inquiry_in_their_unread_notifications(
    client, login, organisation, team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inquire(client, organisation)

    page = login(team[2]).get("/notifications/").content.decode()

    assert organisation.name in page
    assert 'id="unread-count" data-count="1"' in page


def test_inquiry_about_an_offering_is_shown_with_it_to_members(
    client, login, organisation, member, django_capture_on_commit_callbacks
):
    offering = OfferingFactory(organisation=organisation, name="Caminata al Podocarpus")

    with django_capture_on_commit_callbacks(execute=True):
        inquire(client, organisation, offering=str(offering.pk))

    assert Inquiry.objects.get().offering == offering
    page = login(member).get(f"/organisations/{organisation.slug}/inquiries/").content.decode()
    assert "Ana Traveller · Caminata al Podocarpus" in page


def test_inquiry_about_another_organisations_offering_is_refused(client, organisation, member):
    elsewhere = OfferingFactory(organisation=OrganisationFactory())

    response = inquire(client, organisation, offering=str(elsewhere.pk))

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Inquiry.objects.exists()


def test_signed_in_outsider_inquiry_is_linked_to_their_account(
    login, organisation, member, outsider, django_capture_on_commit_callbacks
):
    client = login(outsider)
    form = client.get(f"/organisations/{organisation.slug}/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        inquire(client, organisation, name=outsider.display_name, email=outsider.email)

    assert f'value="{outsider.email}"' in form  # the form is filled in for them
    assert Inquiry.objects.get().requester == outsider
    assert Notification.objects.filter(recipient=member).count() == 1


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"message": ""}, "This field is required."),
        (
            {"date_from": "2026-07-14", "date_to": "2026-07-10"},
            "The end date must not be before the start date.",
        ),
        ({"email": "ana-at-example"}, "Enter a valid email address."),
        ({"party_size": "0"}, "Ensure this value is greater than or equal to 1."),
    ],
)
def test_bad_inquiry_answers_400_with_the_reason_and_keeps_what_was_typed(
    client, organisation, member, overrides, error
):
    response = inquire(client, organisation, **overrides)

    body = response.content.decode()
    typed = inquiry_data(**overrides)
    assert response.status_code == 400
    assert error in body
    for field in ("name", "email", "phone", "date_from", "date_to", "party_size"):
        assert f'value="{typed[field]}"' in body
    assert typed["message"] in body
    assert not Inquiry.objects.exists()
    assert not Notification.objects.exists()


def test_inquiry_with_the_hidden_honeypot_field_filled_is_refused(
    client, organisation, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = inquire(client, organisation, website="http://spam.example")

    assert response.status_code == 400
    assert "Your message could not be sent." in response.content.decode()
    assert not Inquiry.objects.exists()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_eleventh_inquiry_in_an_hour_from_one_address_gets_429(
    client, organisation, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(10):
            assert inquire(client, organisation, message=f"Question {n}").status_code == 200

        response = inquire(client, organisation, message="Question 11")

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Too many attempts" in response.content.decode()
    assert Inquiry.objects.count() == 10


def test_rate_limit_counts_each_address_separately(client, organisation, member):
    for n in range(10):
        inquire(client, organisation, message=f"Question {n}")

    response = client.post(
        f"/organisations/{organisation.slug}/inquire/", inquiry_data(), REMOTE_ADDR="192.0.2.77"
    )

    assert response.status_code == 200
    assert Inquiry.objects.count() == 11


def test_inquiry_form_only_accepts_post(client, organisation):
    response = client.get(f"/organisations/{organisation.slug}/inquire/")

    assert response.status_code == 405


def test_inquiry_to_unknown_organisation_answers_404(client, db):
    response = client.post("/organisations/no-such-organisation/inquire/", inquiry_data())

    assert response.status_code == 404


# The members' list of inquiries


@pytest.fixture
def inquiry(organisation):
    return Inquiry.objects.create(
        organisation=organisation,
        name="Ana Traveller",
        email="ana@example.net",
        message="Do you have a family room for three in July?",
    )


@pytest.mark.parametrize("persona", ["member", "admin_member", "owner"])
def test_members_see_the_inquiries_received(request, login, organisation, inquiry, persona):
    response = login(request.getfixturevalue(persona)).get(f"/organisations/{organisation.slug}/inquiries/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Ana Traveller" in body
    assert "ana@example.net" in body
    assert "Do you have a family room for three in July?" in body


def test_outsider_gets_403_for_the_inquiries_list(login, organisation, owner, inquiry, outsider):
    response = login(outsider).get(f"/organisations/{organisation.slug}/inquiries/")

    assert response.status_code == 403
    assert "ana@example.net" not in response.content.decode()


def test_member_of_another_organisation_gets_403_for_the_inquiries_list(login, organisation, inquiry):
    other = MembershipFactory(organisation=OrganisationFactory()).user

    assert login(other).get(f"/organisations/{organisation.slug}/inquiries/").status_code == 403


def test_anonymous_is_sent_to_sign_in_for_the_inquiries_list(client, organisation, inquiry):
    response = client.get(f"/organisations/{organisation.slug}/inquiries/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_member_marks_an_inquiry_answered(login, organisation, member, inquiry):
    response = login(member).post(
        f"/organisations/{organisation.slug}/inquiries/{inquiry.pk}/status/",
        {"status": "answered"},
        follow=True,
    )

    inquiry.refresh_from_db()
    assert inquiry.status == "answered"
    assert '<option value="answered" selected>' in response.content.decode()


def test_status_change_by_get_changes_nothing(login, organisation, member, inquiry):
    response = login(member).get(
        f"/organisations/{organisation.slug}/inquiries/{inquiry.pk}/status/?status=closed"
    )

    inquiry.refresh_from_db()
    assert response.status_code == 405
    assert inquiry.status == "new"


def test_outsider_gets_403_changing_an_inquiry_status(login, organisation, owner, inquiry, outsider):
    response = login(outsider).post(
        f"/organisations/{organisation.slug}/inquiries/{inquiry.pk}/status/", {"status": "closed"}
    )

    inquiry.refresh_from_db()
    assert response.status_code == 403
    assert inquiry.status == "new"


def test_inquiry_of_another_organisation_cannot_be_changed_through_this_one(login, organisation, member):
    elsewhere = Inquiry.objects.create(
        organisation=OrganisationFactory(), name="Bob", email="bob@example.net", message="Hello"
    )

    response = login(member).post(
        f"/organisations/{organisation.slug}/inquiries/{elsewhere.pk}/status/", {"status": "closed"}
    )

    elsewhere.refresh_from_db()
    assert response.status_code == 404
    assert elsewhere.status == "new"


def test_inquiries_list_runs_a_fixed_number_of_queries(
    login, organisation, member, django_assert_num_queries
):
    offering = OfferingFactory(organisation=organisation)
    for n in range(20):
        Inquiry.objects.create(
            organisation=organisation,
            offering=offering if n % 2 else None,
            name=f"Traveller {n}",
            email=f"t{n}@example.net",
            message="Hello",
        )
    client = login(member)

    # 1. the session   2. the signed-in member
    # 3. the organisation by slug   4. the member's membership (permission check)
    # 5. COUNT of the inquiries   6. the page of inquiries with their offerings joined
    # 7. the unread-notification count in the header
    with django_assert_num_queries(7):
        response = client.get(f"/organisations/{organisation.slug}/inquiries/")

    assert response.content.decode().count("Traveller ") == 20
