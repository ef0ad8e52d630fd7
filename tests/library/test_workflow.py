"""The review workflow by role: draft → submitted → published, or returned with comments."""

import pytest

from community.library.models import Status
from tests.library.conftest import client_as, make_draft

pytestmark = pytest.mark.django_db


def test_author_creates_a_draft_through_the_form_and_only_authors_see_it(author, reader, client):
    page = client_as(author).post(
        "/library/new/",
        {
            "title": "Comercio electrónico para operadoras de turismo",
            "summary": "Un curso de ventas en línea.",
            "country": "EC",
            "sector": "tourism_tour_operator",
            "training_area": "ecommerce",
            "target_groups": ["women_entrepreneurs"],
            "indicators": "47 | businesses online | 16 months\n187 | people trained | 18 months",
            "tags": "e-commerce, turismo",
            "language": "es",
            "licence": "cc-by-4.0",
        },
    )
    assert page.status_code == 302
    slug = page["Location"].strip("/").split("/")[-1]
    draft_page = client_as(author).get(f"/library/{slug}/")
    assert "187" in draft_page.content.decode() and "people trained" in draft_page.content.decode()
    assert "Submit for review" in draft_page.content.decode()
    assert client_as(reader).get(f"/library/{slug}/").status_code == 404
    assert client.get(f"/library/{slug}/").status_code == 404


def test_bad_indicator_line_rerenders_the_form_with_the_line_number_and_what_was_typed(author):
    page = client_as(author).post(
        "/library/new/",
        {
            "title": "Práctica con un error",
            "summary": "Resumen escrito con cuidado.",
            "country": "EC",
            "sector": "education",
            "training_area": "other",
            "indicators": "187 | people trained | 18 months\nmany | hotels",
            "language": "es",
            "licence": "cc-by-4.0",
        },
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Line 2: many is not a number." in body
    assert "Resumen escrito con cuidado." in body


def test_coauthor_submits_and_an_editor_publishes(draft, coauthor, editor, reader):
    assert client_as(coauthor).post(f"/library/{draft.slug}/submit/").status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.title in client_as(editor).get("/library/review/").content.decode()

    response = client_as(editor).post(
        f"/library/{draft.slug}/review/", {"decision": "publish", "comment": ""}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.version == 1
    assert draft.title in client_as(reader).get("/library/").content.decode()
    assert client_as(reader).get(f"/library/{draft.slug}/").status_code == 200


def test_editor_returns_with_comments_and_the_author_reads_them_and_resubmits(submitted, author, editor):
    missing = client_as(editor).post(
        f"/library/{submitted.slug}/review/", {"decision": "return", "comment": ""}
    )
    assert missing.status_code == 400
    assert "Tell the authors what to change." in missing.content.decode()

    client_as(editor).post(
        f"/library/{submitted.slug}/review/",
        {"decision": "return", "comment": "Añadan el costo por persona."},
    )

    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED
    page = client_as(author).get(f"/library/{submitted.slug}/").content.decode()
    assert "Añadan el costo por persona." in page
    assert client_as(author).post(f"/library/{submitted.slug}/submit/").status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


@pytest.mark.parametrize("who", ["author", "coauthor", "reader", "outsider"])
def test_only_reviewers_may_review(submitted, who, request):
    user = request.getfixturevalue(who)
    response = client_as(user).post(f"/library/{submitted.slug}/review/", {"decision": "publish"})
    # Authors see their practice but may not review it; others do not even see it.
    assert response.status_code == (403 if who in ("author", "coauthor") else 404)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_anonymous_visitor_is_sent_to_sign_in_and_nothing_changes(submitted, client):
    response = client.post(f"/library/{submitted.slug}/review/", {"decision": "publish"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_network_moderator_reviews_the_networks_practice_but_not_site_wide_ones(
    author, network_moderator, hidden_network, submitted
):
    from tests.factories import NetworkMembershipFactory

    NetworkMembershipFactory(network=hidden_network, user=author)
    in_network = make_draft(author, network=hidden_network, title="Práctica de la red")
    client_as(author).post(f"/library/{in_network.slug}/submit/")

    queue = client_as(network_moderator).get("/library/review/").content.decode()
    assert "Práctica de la red" in queue and submitted.title not in queue
    assert client_as(network_moderator).get(f"/library/{submitted.slug}/review/").status_code == 404

    client_as(network_moderator).post(f"/library/{in_network.slug}/review/", {"decision": "publish"})
    in_network.refresh_from_db()
    assert in_network.status == Status.PUBLISHED


def test_network_member_who_is_not_moderator_cannot_review(author, network_member, hidden_network):
    from tests.factories import NetworkMembershipFactory

    NetworkMembershipFactory(network=hidden_network, user=author)
    practice = make_draft(author, network=hidden_network)
    client_as(author).post(f"/library/{practice.slug}/submit/")
    response = client_as(network_member).post(f"/library/{practice.slug}/review/", {"decision": "publish"})
    assert response.status_code == 404
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED


def test_an_author_cannot_place_a_practice_in_a_network_they_do_not_belong_to(author, hidden_network):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        make_draft(author, network=hidden_network)


def test_reader_cannot_edit_or_submit_someone_elses_practice(published, reader):
    assert client_as(reader).get(f"/library/{published.slug}/edit/").status_code == 403
    assert client_as(reader).post(f"/library/{published.slug}/submit/").status_code == 403


def test_submitting_notifies_the_editors_and_publishing_notifies_the_authors(draft, author, coauthor, editor):
    from notifications.models import Notification

    client_as(author).post(f"/library/{draft.slug}/submit/")
    assert Notification.objects.filter(recipient=editor, verb="submitted a practice for review").exists()
    client_as(editor).post(f"/library/{draft.slug}/review/", {"decision": "publish"})
    assert set(
        Notification.objects.filter(verb="published your practice").values_list("recipient", flat=True)
    ) == {
        author.pk,
        coauthor.pk,
    }
