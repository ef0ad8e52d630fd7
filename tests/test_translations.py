"""Spanish and English are complete: no message in the catalogues is left untranslated or fuzzy."""

from django.utils import translation

from config.translations import problems


def test_spanish_catalogue_has_every_message_translated():
    assert problems("es") == []


def test_pages_speak_the_active_language():
    with translation.override("es"):
        assert translation.gettext("Directory") != "Directory"
    with translation.override("en"):
        assert translation.gettext("Directory") == "Directory"
