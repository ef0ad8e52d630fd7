"""A corpus of hostile files, made here, put through every upload form of the site by its real view:
each is refused with a message in the member's language and nothing is stored; a good photo with GPS
in its EXIF is stored re-encoded without it; attachments download with safe headers."""

import io
import struct
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from community.library.models import Attachment
from community.organisations.models import Role
from messaging import services as messaging_services
from messaging.models import MessageAttachment
from tests.conftest import client_for
from tests.factories import (
    CategoryFactory,
    MembershipFactory,
    OfferingFactory,
    OrganisationFactory,
    PracticeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

GPS_TAG = 0x8825  # GPSInfo, in the EXIF IFD0


def png(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(out, "PNG")
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif.get_ifd(GPS_TAG).update({1: "S", 2: (3.0, 59.0, 30.0), 3: "W", 4: (79.0, 12.0, 0.0)})
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 80, 40)).save(out, "JPEG", exif=exif)
    assert GPS_TAG in Image.open(io.BytesIO(out.getvalue())).getexif()
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb() -> bytes:
    """A valid PNG of 60,000 × 60,000 one-bit pixels (3.6 gigapixels) in a few hundred bytes."""
    width = height = 60_000
    row = b"\x00" + b"\x00" * (width // 8)
    stream = zlib.compressobj(9)
    data = b"".join(stream.compress(row) for _ in range(64)) + stream.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>fetch('/accounts/profile/')</script></body></html>"
POLYGLOT = (
    b"%PDF-1.4\n%<html><body><script>alert(document.domain)</script></body></html>\n"
    b"1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


@dataclass
class Bad:
    name: str
    content: bytes
    content_type: str


def corpus() -> dict[str, Bad]:
    return {
        "text named .png": Bad("photo.png", b"I am not an image, only text.\n" * 40, "image/png"),
        "pdf named .jpg": Bad("photo.jpg", b"%PDF-1.4\n%%EOF\n", "image/jpeg"),
        "oversized": Bad("big.png", png()[:64] + b"\x00" * (10 * 1024 * 1024 + 1), "image/png"),
        "decompression bomb": Bad("bomb.png", png_bomb(), "image/png"),
        "svg with script": Bad("logo.svg", SVG, "image/svg+xml"),
        "svg named .png": Bad("logo.png", SVG, "image/png"),
        "html named .pdf": Bad("guide.pdf", HTML, "application/pdf"),
        "pdf/html polyglot": Bad("guide.pdf", POLYGLOT, "application/pdf"),
        "zero bytes": Bad("empty.png", b"", "image/png"),
        "path parts and html": Bad("../../etc/passwd.png", HTML, "image/png"),
        "control characters, rtl override": Bad("cv\u202egnp.exe\x00\r\n.png", HTML, "image/png"),
    }


# The refusals a member may see (English source; each must have a Spanish translation).
REFUSALS = [
    "The file is empty.",
    "The submitted file is empty.",
    "The image is too large (%(size)s MB); the limit is 5 MB.",
    "The file is too large (%(size)s MB); the limit is 10 MB.",
    "Upload a JPEG, PNG, WebP or GIF image.",
    "The image has too many pixels.",
    "This file is not an image we can read.",
    "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
    "Attach a PDF, a JPEG, PNG, WebP or GIF image, or a .docx, .xlsx or .pptx document.",
    "This PDF also reads as a web page, so it cannot be attached.",
]


def spanish_refusals() -> list[str]:
    with translation.override("es"):
        found = [gettext(message) for message in REFUSALS]
    untranslated = [english for english, spanish in zip(REFUSALS, found, strict=True) if english == spanish]
    assert not untranslated
    # Only the part before a placeholder: the size is filled in.
    return [escape(message.split("%(")[0], quote=True) for message in found]


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@dataclass
class Target:
    """One upload form: how to post a file to it, and what it stored."""

    post: Callable[[Client, SimpleUploadedFile], object]
    stored: Callable[[], list[str]]  # storage names of what the target holds
    images_only: bool = True


@pytest.fixture
def person(db):
    return UserFactory(preferred_language="es", display_name="Rosa Quishpe")


@pytest.fixture
def targets(person) -> dict[str, Target]:
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation, user=person, role=Role.OWNER)
    offering = OfferingFactory(organisation=organisation)
    category = CategoryFactory()
    practice = PracticeFactory(author=person)
    colleague = MembershipFactory(organisation=organisation).user
    conversation = messaging_services.direct_open(user=person, other=colleague)

    def profile(client: Client, upload: SimpleUploadedFile) -> object:
        data = {"display_name": "Rosa Quishpe", "preferred_language": "es", "country": "EC", "city": "Loja"}
        return client.post(reverse("accounts:profile_edit"), {**data, "avatar": upload}, follow=True)

    def organisation_logo(client: Client, upload: SimpleUploadedFile) -> object:
        data = {
            "kind": "business",
            "name": "Tejidos Warmi",
            "country": "EC",
            "region": "Loja",
            "city": "Saraguro",
            "sector": "tourism_handicrafts",
            "size": "micro",
            "description": "Textiles tejidos a mano.",
            "email": "warmi@example.org",
            "contact_visibility": "members",
        }
        return client.post("/organisations/new/", {**data, "logo": upload}, follow=True)

    def offering_photo(client: Client, upload: SimpleUploadedFile) -> object:
        url = reverse("organisations:offering_photo_add", args=[organisation.slug, offering.pk])
        return client.post(url, {"image": upload, "caption": "Tejido"}, follow=True)

    def forum_image(client: Client, upload: SimpleUploadedFile) -> object:
        url = reverse("forums:topic_new", args=[category.slug])
        data = {
            "title": "Una pregunta",
            "body": "¿Alguien lo probó?",
            "tags": "",
            "client_id": str(uuid.uuid4()),
        }
        return client.post(url, {**data, "image": upload}, follow=True)

    def network_logo(client: Client, upload: SimpleUploadedFile) -> object:
        data = {
            "kind": "business_cluster",
            "name": "Clúster de Café de Loja",
            "description": "Productores de café de altura.",
            "sectors": ["agriculture"],
            "countries": ["EC"],
            "visibility": "public",
            "join_policy": "request",
            "women_led_target": "30",
        }
        return client.post(reverse("networks:create"), {**data, "logo": upload}, follow=True)

    def library_attachment(client: Client, upload: SimpleUploadedFile) -> object:
        return client.post(f"/library/{practice.slug}/files/", {"file": upload}, follow=True)

    def message_attachment(client: Client, upload: SimpleUploadedFile) -> object:
        url = reverse("messaging:send", args=[conversation.pk])
        return client.post(
            url, {"body": "Mira", "client_id": str(uuid.uuid4()), "files": [upload]}, follow=True
        )

    from community.accounts.models import User
    from community.organisations.models import OfferingPhoto, Organisation
    from forums.models import PostImage
    from networks.models import Network

    def names(values: object) -> list[str]:
        return [str(v) for v in values if v]  # type: ignore[attr-defined]

    return {
        "avatar": Target(profile, lambda: names(User.objects.values_list("avatar", flat=True))),
        "organisation logo": Target(
            organisation_logo, lambda: names(Organisation.objects.values_list("logo", flat=True))
        ),
        "offering photo": Target(
            offering_photo, lambda: names(OfferingPhoto.objects.values_list("image", flat=True))
        ),
        "forum image": Target(forum_image, lambda: names(PostImage.objects.values_list("image", flat=True))),
        "network logo": Target(network_logo, lambda: names(Network.objects.values_list("logo", flat=True))),
        "library attachment": Target(
            library_attachment, lambda: names(Attachment.objects.values_list("file", flat=True)), False
        ),
        "message attachment": Target(
            message_attachment, lambda: names(MessageAttachment.objects.values_list("file", flat=True)), False
        ),
    }


TARGETS = [
    "avatar",
    "organisation logo",
    "offering photo",
    "forum image",
    "network logo",
    "library attachment",
    "message attachment",
]


@pytest.mark.parametrize("target_name", TARGETS)
@pytest.mark.parametrize("bad_name", list(corpus()))
def test_bad_file_is_refused_with_a_translated_message_and_nothing_is_stored(
    person, targets, target_name, bad_name
):
    target, bad = targets[target_name], corpus()[bad_name]
    if bad_name == "pdf named .jpg" and not target.images_only:
        pytest.skip("a PDF is a valid attachment whatever its name says: the content decides")
    client = client_for(person)
    before_files, before_rows = media_files(), target.stored()
    response = target.post(client, SimpleUploadedFile(bad.name, bad.content, content_type=bad.content_type))
    page = response.content.decode()  # type: ignore[attr-defined]
    assert any(message in page for message in spanish_refusals()), page[:3000]
    assert target.stored() == before_rows
    assert media_files() == before_files


@pytest.mark.parametrize("target_name", TARGETS)
def test_photo_is_stored_re_encoded_without_its_gps_position(person, targets, target_name):
    target = targets[target_name]
    before = set(target.stored())
    response = target.post(
        client_for(person), SimpleUploadedFile("../../etc/cv\u202egnp.jpg", jpeg_with_gps(), "image/jpeg")
    )
    assert response.status_code == 200  # type: ignore[attr-defined]
    (name,) = set(target.stored()) - before
    assert ".." not in name and "etc" not in name.split("/") and "\u202e" not in name
    # Attachments live under MEDIA_ROOT/private (served only through a checking view).
    (path,) = Path(settings.MEDIA_ROOT).rglob(Path(name).name)
    stored = Image.open(path)
    assert stored.size == (80, 60)
    assert GPS_TAG not in stored.getexif()
    assert "CameraMaker" not in str(dict(stored.getexif()))


def test_library_download_has_disposition_type_and_nosniff(person, targets):
    targets["library attachment"].post(
        client_for(person), SimpleUploadedFile("Guía \u202e../x.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    )
    attachment = Attachment.objects.get()
    assert "\u202e" not in attachment.original_name and "/" not in attachment.original_name
    response = client_for(person).get(reverse("library:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_message_download_has_disposition_type_and_nosniff(person, targets):
    targets["message attachment"].post(
        client_for(person), SimpleUploadedFile("foto\r\n.png", png(), "image/png")
    )
    attachment = MessageAttachment.objects.get()
    response = client_for(person).get(reverse("messaging:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "\r" not in response["Content-Disposition"] and "\n" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
