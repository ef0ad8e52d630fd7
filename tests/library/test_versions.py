"""Published versions: an edit of a published practice is a new version; history and a safe diff."""

import pytest

from community.library import services
from community.library.models import PracticeVersion
from tests.library.conftest import client_as

pytestmark = pytest.mark.django_db


def _edit(client, practice, **changes):
    data = {
        "title": practice.title,
        "summary": practice.summary,
        "country": "GT",
        "sector": practice.sector,
        "training_area": practice.training_area,
        "target_groups": practice.target_groups,
        "context": practice.context,
        "method": practice.method,
        "lessons": practice.lessons,
        "indicators": "187 | people trained | 18 months",
        "tags": "e-learning, turismo",
        "language": "es",
        "licence": "cc-by-4.0",
        **changes,
    }
    return client.post(f"/library/{practice.slug}/edit/", data)


def test_editing_a_published_practice_makes_a_new_version_readers_see(published, author, reader):
    response = _edit(
        client_as(author), published, lessons="El compromiso del gremio es decisivo.\nNuevo aprendizaje."
    )
    assert response.status_code == 302

    published.refresh_from_db()
    assert published.version == 2
    assert list(published.versions.values_list("number", flat=True)) == [2, 1]
    page = client_as(reader).get(f"/library/{published.slug}/").content.decode()
    assert "Nuevo aprendizaje." in page and "Version 2" in page
    first = published.versions.get(number=1).snapshot
    assert "Nuevo aprendizaje." not in first["lessons"]
    assert first["indicators"] == ["187 people trained | 18 months"]


def test_history_and_diff_show_what_changed_escaped(published, author, reader):
    _edit(
        client_as(author),
        published,
        method="Taller participativo.\n<script>alert(1)</script>\nCurso de marketing.",
    )

    history = client_as(reader).get(f"/library/{published.slug}/history/").content.decode()
    assert "Show the differences" in history
    diff = client_as(reader).get(f"/library/{published.slug}/diff/?from=1&to=2").content.decode()

    assert "What was done" in diff
    assert 'class="diff-added"' in diff and "&lt;script&gt;alert(1)&lt;/script&gt;" in diff
    assert "<script>alert(1)</script>" not in diff
    assert 'class="diff-removed"' in diff and "Plataforma virtual." in diff
    assert "Title" not in diff.split("<h1>")[-1].split("</h1>")[1]  # unchanged fields are not listed


def test_diff_of_unknown_versions_is_404(published, reader):
    assert client_as(reader).get(f"/library/{published.slug}/diff/?from=1&to=9").status_code == 404
    assert client_as(reader).get(f"/library/{published.slug}/diff/?from=a&to=1").status_code == 404


def test_drafts_have_no_versions_and_the_slug_stays_when_the_title_changes(draft, author):
    services.practice_update(practice=draft, actor=author, title="Un título completamente nuevo")
    assert not PracticeVersion.objects.filter(practice=draft).exists()
    draft.refresh_from_db()
    assert draft.slug == "formacion-virtual-para-pequenos-hoteles"


def test_outsider_cannot_read_the_history_of_a_hidden_networks_practice(hidden_practice, outsider):
    assert client_as(outsider).get(f"/library/{hidden_practice.slug}/history/").status_code == 404
    assert client_as(outsider).get(f"/library/{hidden_practice.slug}/diff/?from=1&to=1").status_code == 404
