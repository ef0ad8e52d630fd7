"""Checking practice attachments by content: PDF, images (re-encoded by clean_image) and Office Open XML
documents. The file's own name and declared type are never trusted; the limit is 10 MB."""

import re
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from community.uploads import clean_image

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
OOXML_TYPES = {
    "word/document.xml": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/workbook.xml": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ppt/presentation.xml": (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
}


# Browsers that sniff look at the first 512 bytes or so for markup: a PDF that also carries HTML there
# (a PDF/HTML polyglot) would run as a page wherever it is served without nosniff. Real PDFs keep their
# text in (compressed) streams, not as markup in their first kilobyte.
HTML_MARKERS = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|object|embed|svg|img|a\s)", re.IGNORECASE
)
SNIFFED_BYTES = 1024


@dataclass
class CheckedFile:
    file: Any  # the upload, or its re-encoded copy for images
    extension: str
    content_type: str
    size: int


def _is_image(head: bytes) -> bool:
    return head.startswith(IMAGE_SIGNATURES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def _ooxml_kind(upload: IO[bytes]) -> tuple[str, str] | None:
    """The kind of an Office Open XML file, from its parts list (the zip's central directory only)."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for part, kind in OOXML_TYPES.items():
        if part in names:
            return kind
    return None


def check_attachment(upload: UploadedFile) -> CheckedFile:
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is 10 MB.")
            % {"size": round(size / 1_048_576, 1)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(SNIFFED_BYTES)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        if HTML_MARKERS.search(head):
            raise ValidationError(
                _("This PDF also reads as a web page, so it cannot be attached."), code="polyglot"
            )
        return CheckedFile(upload, "pdf", "application/pdf", size)
    if _is_image(head):
        image = clean_image(upload)
        extension = (image.name or "image.png").rsplit(".", 1)[-1]
        return CheckedFile(image, extension, image.content_type or "image/png", image.size or 0)
    if head.startswith(b"PK\x03\x04"):
        kind = _ooxml_kind(upload)  # type: ignore[arg-type]
        upload.seek(0)
        if kind is not None:
            return CheckedFile(upload, kind[0], kind[1], size)
    raise ValidationError(
        _("Attach a PDF, a JPEG, PNG, WebP or GIF image, or a .docx, .xlsx or .pptx document."),
        code="format",
    )
