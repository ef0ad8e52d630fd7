"""Readers comment, endorse ("useful", one per member, toggled) and record adoptions, counted on it."""

import pytest

from community.library.models import Adoption, Endorsement
from tests.factories import MembershipFactory
from tests.library.conftest import client_as

pytestmark = pytest.mark.django_db


def test_reader_endorses_and_takes_it_back(published, reader):
    client = client_as(reader)
    client.post(f"/library/{published.slug}/endorse/")
    published.refresh_from_db()
    assert published.endorsement_count == 1
    assert "Useful ✓ (take back)" in client.get(f"/library/{published.slug}/").content.decode()

    client.post(f"/library/{published.slug}/endorse/")
    published.refresh_from_db()
    assert published.endorsement_count == 0
    assert not Endorsement.objects.filter(practice=published).exists()


def test_author_cannot_endorse_their_own_practice(published, coauthor):
    page = client_as(coauthor).post(f"/library/{published.slug}/endorse/", follow=True)
    assert "You cannot endorse your own practice." in page.content.decode()
    published.refresh_from_db()
    assert published.endorsement_count == 0


def test_adoption_is_shown_under_the_practice_and_counted(published, reader):
    organisation = MembershipFactory(user=reader).organisation
    response = client_as(reader).post(
        f"/library/{published.slug}/adoptions/",
        {
            "organisation": organisation.pk,
            "context": "Lo aplicamos con 12 posadas de Antigua.",
            "results": "40 personas formadas en 3 meses.",
        },
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.adoption_count == 1
    page = client_as(reader).get(f"/library/{published.slug}/").content.decode()
    assert "Lo aplicamos con 12 posadas de Antigua." in page and organisation.name in page
    assert "applied 1 time" in page


def test_adoption_without_context_keeps_what_was_typed(published, reader):
    response = client_as(reader).post(
        f"/library/{published.slug}/adoptions/", {"context": "", "results": "Resultados anotados."}
    )
    assert response.status_code == 400
    assert "Resultados anotados." in response.content.decode()
    assert not Adoption.objects.exists()


def test_adoption_cannot_speak_for_someone_elses_organisation(published, reader):
    other = MembershipFactory().organisation
    response = client_as(reader).post(
        f"/library/{published.slug}/adoptions/", {"organisation": other.pk, "context": "Aplicado."}
    )
    assert response.status_code == 400
    assert not Adoption.objects.exists()


def test_comment_in_markdown_is_rendered_safely(published, reader):
    client_as(reader).post(
        f"/library/{published.slug}/comments/", {"body": "**Muy útil** <script>alert(1)</script>"}
    )
    page = client_as(reader).get(f"/library/{published.slug}/").content.decode()
    assert "<strong>Muy útil</strong>" in page
    assert "<script>alert(1)</script>" not in page


def test_drafts_take_no_comments_and_anonymous_visitors_are_sent_to_sign_in(published, author, client):
    from tests.library.conftest import make_draft

    draft = make_draft(author, title="Otro borrador")
    assert client_as(author).post(f"/library/{draft.slug}/comments/", {"body": "Hola"}).status_code == 403
    response = client.post(f"/library/{published.slug}/endorse/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_outsider_cannot_react_to_a_hidden_networks_practice(hidden_practice, outsider):
    client = client_as(outsider)
    assert client.post(f"/library/{hidden_practice.slug}/endorse/").status_code == 404
    assert client.post(f"/library/{hidden_practice.slug}/comments/", {"body": "x"}).status_code == 404
    assert client.post(f"/library/{hidden_practice.slug}/adoptions/", {"context": "x"}).status_code == 404
