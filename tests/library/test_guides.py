"""Methodological guides: ordered chapters and practices, a table of contents, a printable page."""

import pytest

from community.library import services
from networks.models import NetworkMembership, NetworkRole
from tests.factories import UserFactory
from tests.library.conftest import client_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(editor, published, hidden_practice):
    guide = services.guide_create(
        author=editor, title="Estrategias de formación basadas en TIC", introduction="Una guía **práctica**."
    )
    services.guide_chapter_add(
        guide=guide, actor=editor, heading="Identificar el conglomerado", body="Paso 1."
    )
    services.guide_practice_add(guide=guide, actor=editor, practice=published)
    return guide


def test_editor_builds_orders_and_publishes_a_guide(editor, published, reader):
    client = client_as(editor)
    response = client.post(
        "/library/guides/new/", {"title": "Guía TIC", "introduction": "Intro", "language": "es"}
    )
    assert response.status_code == 302
    client.post("/library/guides/guia-tic/chapters/", {"heading": "Primer capítulo", "body": "Texto"})
    client.post("/library/guides/guia-tic/practices/", {"practice": published.slug})
    practice_item = published.guide_items.get()
    client.post(f"/library/guides/guia-tic/items/{practice_item.pk}/move/", {"direction": "up"})
    assert client_as(reader).get("/library/guides/guia-tic/").status_code == 404  # not published yet

    client.post(
        "/library/guides/guia-tic/edit/",
        {"title": "Guía TIC", "introduction": "Intro", "language": "es", "is_published": "on"},
    )

    page = client_as(reader).get("/library/guides/guia-tic/").content.decode()
    toc = page.split('id="toc-heading"')[1].split("</nav>")[0]
    assert toc.index(published.title) < toc.index("Primer capítulo")


def test_guide_page_has_a_table_of_contents_and_leaves_out_practices_the_reader_may_not_see(
    guide, editor, hidden_practice, hidden_network, reader, network_member
):
    from tests.factories import NetworkMembershipFactory

    services.guide_update(guide=guide, actor=editor, is_published=True)
    page = client_as(reader).get(f"/library/guides/{guide.slug}/").content.decode()
    assert (
        "Contents" in page and "Identificar el conglomerado" in page and "<strong>práctica</strong>" in page
    )
    assert "187" in page  # the practice's results are in the guide
    # An editor who belongs to a hidden network may add its practice; only its members read it in the guide.
    NetworkMembershipFactory(network=hidden_network, user=editor)
    services.guide_practice_add(guide=guide, actor=editor, practice=hidden_practice)
    assert "secreta" not in client_as(reader).get(f"/library/guides/{guide.slug}/").content.decode()
    assert "secreta" in client_as(network_member).get(f"/library/guides/{guide.slug}/").content.decode()


def test_printable_page_uses_the_print_stylesheet_and_no_site_navigation(guide, editor, client):
    services.guide_update(guide=guide, actor=editor, is_published=True)
    page = client.get(f"/library/guides/{guide.slug}/print/").content.decode()
    assert "css/print.css" in page
    assert "Identificar el conglomerado" in page
    assert 'class="site-header"' not in page


def test_members_who_are_not_editors_cannot_write_guides(reader):
    assert client_as(reader).get("/library/guides/new/").status_code == 403
    assert client_as(reader).post("/library/guides/new/", {"title": "X", "language": "es"}).status_code == 403


def test_every_library_page_renders_for_the_people_who_use_it(guide, editor, published, author, submitted):
    pages = [
        (author, "/library/new/"),
        (author, f"/library/{published.slug}/edit/"),
        (author, "/library/mine/"),
        (editor, "/library/review/"),
        (editor, "/library/guides/"),
        (editor, f"/library/guides/{guide.slug}/edit/"),
        (editor, "/library/guides/new/"),
    ]
    for user, url in pages:
        response = client_as(user).get(url)
        assert response.status_code == 200, url
    assert "Share a practice" in client_as(author).get("/library/mine/").content.decode()


def test_network_moderators_see_and_edit_the_networks_unpublished_guide(
    hidden_network, network_moderator, network_member, outsider
):
    """can_edit_guide lets a network's moderators change its guides; they must be able to open the draft
    to do so, while the network's members and outsiders still get 404 until it is published."""
    owner = UserFactory(display_name="Dueña de la red")
    NetworkMembership.objects.create(network=hidden_network, user=owner, role=NetworkRole.OWNER)
    draft = services.guide_create(author=owner, title="Guía de la red", network=hidden_network)

    moderator = client_as(network_moderator)
    assert moderator.get(f"/library/guides/{draft.slug}/").status_code == 200
    assert moderator.get(f"/library/guides/{draft.slug}/edit/").status_code == 200
    chapter = {"heading": "Inicio", "body": "Texto"}
    response = moderator.post(f"/library/guides/{draft.slug}/chapters/", chapter)
    assert response.status_code == 302
    assert draft.items.filter(heading="Inicio").exists()
    for person in (network_member, outsider):
        assert client_as(person).get(f"/library/guides/{draft.slug}/").status_code == 404
