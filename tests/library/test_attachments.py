"""Attachments: checked by content, size-limited, stored under random names, downloaded with the right
headers through a view that checks who may see the practice."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from community.library import services
from community.library.attachments import MAX_ATTACHMENT_BYTES
from community.library.models import Attachment
from tests.library.conftest import client_as

pytestmark = pytest.mark.django_db

GOOD_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "green").save(out, "PNG")
    return out.getvalue()


def _upload(client, practice, name, content, content_type="application/pdf"):
    return client.post(
        f"/library/{practice.slug}/files/",
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_author_attaches_a_pdf_and_a_reader_downloads_it_as_an_attachment(published, author, reader):
    response = _upload(client_as(author), published, "Guía de formación.pdf", GOOD_PDF)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "guia-de-formacion.pdf"
    assert attachment.file.name.startswith("library/") and "Gu" not in attachment.file.name

    download = client_as(reader).get(attachment.get_absolute_url())

    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert 'filename="guia-de-formacion.pdf"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == GOOD_PDF


def test_html_renamed_pdf_is_refused_with_a_clear_message(published, author):
    response = _upload(client_as(author), published, "informe.pdf", b"<html><script>alert(1)</script></html>")
    assert response.status_code == 400
    assert "Attach a PDF" in response.content.decode()
    assert not Attachment.objects.exists()


def test_oversized_file_is_refused(published, author):
    big = GOOD_PDF + b"0" * (MAX_ATTACHMENT_BYTES + 1 - len(GOOD_PDF))
    response = _upload(client_as(author), published, "grande.pdf", big)
    assert response.status_code == 400
    assert "the limit is 10 MB" in response.content.decode()
    assert not Attachment.objects.exists()


def test_word_document_and_image_are_accepted_with_their_real_types(published, author):
    _upload(client_as(author), published, "plan.docx", _docx(), "application/octet-stream")
    _upload(client_as(author), published, "foto.png", _png(), "image/png")
    types = set(Attachment.objects.values_list("content_type", flat=True))
    assert types == {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "image/png",
    }


def test_a_zip_that_is_not_an_office_document_is_refused(published, author):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("evil.html", "<script></script>")
    response = _upload(client_as(author), published, "plan.docx", out.getvalue())
    assert response.status_code == 400
    assert not Attachment.objects.exists()


def test_reader_cannot_attach_to_someone_elses_practice(published, reader):
    assert _upload(client_as(reader), published, "x.pdf", GOOD_PDF).status_code == 403
    assert not Attachment.objects.exists()


def test_files_of_drafts_and_hidden_networks_are_404_for_those_who_cannot_see_them(
    draft, hidden_practice, author, reader, outsider, client
):
    from django.core.files.uploadedfile import SimpleUploadedFile as Upload

    draft_file = services.attachment_add(practice=draft, actor=author, upload=Upload("a.pdf", GOOD_PDF))
    hidden_file = services.attachment_add(
        practice=hidden_practice, actor=author, upload=Upload("b.pdf", GOOD_PDF)
    )

    assert client_as(reader).get(draft_file.get_absolute_url()).status_code == 404
    assert client_as(outsider).get(hidden_file.get_absolute_url()).status_code == 404
    assert client.get(hidden_file.get_absolute_url()).status_code == 404
    assert client_as(author).get(draft_file.get_absolute_url()).status_code == 200
