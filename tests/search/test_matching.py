"""What a search matches and how it shows it: accents and case folded, filters, ranking, snippets."""

import pytest

from community.search.indexing import index_object, rebuild_index
from tests.factories import CategoryFactory, OfferingFactory, OrganisationFactory, PostFactory, TopicFactory
from tests.search.conftest import found


@pytest.fixture
def centre(db):
    organisation = OrganisationFactory(
        name="Centro de Formación Turística",
        kind="vti",
        sector="education",
        country="EC",
        description="Cursos de TURISMO comunitario y guianza en la Amazonía.",
    )
    index_object(organisation)
    return organisation


@pytest.mark.parametrize("query", ["formacion", "FORMACIÓN", "Formación", "fOrMaCiOn", "turistica"])
def test_accents_and_capitals_do_not_matter(centre, query):
    assert found(None, query) == ["Centro de Formación Turística"]


@pytest.mark.parametrize("query", ["turismo", "TURISMO", "amazonia", "Guianza Amazonía"])
def test_body_words_are_found_whatever_their_case(centre, query):
    assert found(None, query) == ["Centro de Formación Turística"]


def test_every_word_must_match(centre):
    assert found(None, "turismo comunitario") == ["Centro de Formación Turística"]
    assert found(None, "turismo ballenas") == []


def test_sector_labels_are_searchable_in_both_languages(centre):
    # The sector "education" is labelled "Educación" in Spanish and "Education" in English.
    assert found(None, "educacion") == ["Centro de Formación Turística"]
    assert found(None, "education") == ["Centro de Formación Turística"]


def test_query_without_words_finds_nothing(centre):
    assert found(None, "¡¿ … !?") == []
    assert found(None, "") == []


@pytest.fixture
def mixed(db):
    ecuador = OrganisationFactory(name="Cacao de Loja", country="EC", sector="agriculture", description="")
    colombia = OrganisationFactory(name="Cacao del Huila", country="CO", sector="agriculture", description="")
    guatemala_lodge = OrganisationFactory(
        name="Posada Atitlán", country="GT", sector="tourism_accommodation", description="Desayuno con cacao"
    )
    OfferingFactory(organisation=ecuador, name="Tour del cacao", description="Visita a la finca")
    TopicFactory(title="Precios del cacao", category=CategoryFactory())
    rebuild_index()
    return ecuador, colombia, guatemala_lodge


def test_filter_by_type(mixed):
    assert found(None, "cacao", kind="offering") == ["Tour del cacao"]
    assert found(None, "cacao", kind="topic") == ["Precios del cacao"]
    assert sorted(found(None, "cacao", kind="organisation")) == [
        "Cacao de Loja",
        "Cacao del Huila",
        "Posada Atitlán",
    ]


def test_filter_by_country_and_sector(mixed):
    assert sorted(found(None, "cacao", country="EC")) == ["Cacao de Loja", "Tour del cacao"]
    assert found(None, "cacao", country="GT") == ["Posada Atitlán"]
    assert found(None, "cacao", sector="tourism_accommodation") == ["Posada Atitlán"]
    assert found(None, "cacao", country="CO", sector="agriculture") == ["Cacao del Huila"]


def test_a_title_match_ranks_before_a_body_match(db):
    OrganisationFactory(name="Posada del Río", description="Ofrecemos artesanía local y comida típica.")
    OrganisationFactory(name="Artesanía Saraguro", description="Tejidos de lana.")
    TopicFactory(title="Ventas en ferias", opening_post="Llevamos artesanía a las ferias de Cuenca.")
    rebuild_index()
    results = found(None, "artesania")
    assert results[0] == "Artesanía Saraguro"
    assert set(results[1:]) == {"Posada del Río", "Ventas en ferias"}


def test_snippet_escapes_stored_text_and_marks_the_words(db, client):
    topic = TopicFactory(title="Seguridad del sitio", category=CategoryFactory())
    PostFactory(topic=topic, body="Cuidado: <script>alert('formación')</script> en el curso de formación")
    rebuild_index()
    html = client.get("/search/", {"q": "formacion"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html
    assert "<mark>formación</mark>" in html
    api = client.get("/api/v1/search", {"q": "formacion", "kind": "post"}).json()
    snippet = api["items"][0]["snippet_html"]
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet and "<mark>formación</mark>" in snippet


def test_title_is_highlighted_and_escaped(db, client):
    OrganisationFactory(name="Tienda <b>Turismo</b> & Co", description="")
    rebuild_index()
    html = client.get("/search/", {"q": "TURISMO"}).content.decode()
    assert "Tienda &lt;b&gt;<mark>Turismo</mark>&lt;/b&gt; &amp; Co" in html


def test_snippet_shows_the_match_after_a_long_run_without_spaces(db, client):
    # A pasted address has no space to cut at: the extract must still reach the searched word.
    link = "https://example.org/" + "ruta/" * 60
    OrganisationFactory(name="Hostal Central", description=f"Reservas en {link} con formación de guías")
    rebuild_index()
    hit = client.get("/search/", {"q": "formacion"}).context["hits"][0]
    assert "<mark>formación</mark>" in hit.snippet_html
    assert len(hit.snippet_html) < 400
