"""Locally (DEBUG) Django serves uploads, but never media/private/: those go through checked views."""

import importlib
from pathlib import Path

import pytest
from django.urls import clear_url_caches


@pytest.fixture
def debug_urls(settings):
    settings.DEBUG = True
    import config.urls

    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_debug_server_serves_public_media_but_not_private(client, settings, debug_urls):
    media = Path(settings.MEDIA_ROOT)
    (media / "logos").mkdir(parents=True, exist_ok=True)
    (media / "private").mkdir(parents=True, exist_ok=True)
    (media / "logos" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (media / "private" / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    assert client.get("/media/logos/a.png").status_code == 200
    assert client.get("/media/private/secret.pdf").status_code == 404
