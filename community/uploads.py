"""Checking and re-encoding uploaded images: by content, size-limited, stored under generated names."""

import io
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "png"}
MAX_SIDE = 2000


def generated_upload_path(folder: str, filename: str) -> str:
    """A fresh random name; the extension comes from the re-encoded content, never the user's name."""
    extension = PurePath(filename).suffix.lower().lstrip(".")
    if extension not in {"jpg", "png", "webp"}:
        extension = "jpg"
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def clean_image(upload: UploadedFile) -> InMemoryUploadedFile:
    """Validate an uploaded image by content and return a re-encoded copy without metadata.

    Raises ValidationError with a message the user can act on.
    """
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > settings.MAX_IMAGE_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is too large (%(size)s MB); the limit is 5 MB.")
            % {"size": round(size / 1_048_576, 1)},
            code="too_large",
        )
    Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format or ""
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as opened:
            if image_format not in ALLOWED_FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG, WebP or GIF image."), code="format")
            if opened.width * opened.height > settings.MAX_IMAGE_PIXELS:
                raise ValidationError(_("The image has too many pixels."), code="pixels")
            opened.load()
            image: Image.Image = ImageOps.exif_transpose(opened)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            if image_format == "JPEG":
                image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
                extension, content_type = "jpg", "image/jpeg"
            elif image_format == "WEBP":
                image.save(out, "WEBP", quality=85)
                extension, content_type = "webp", "image/webp"
            else:
                image = image.convert("RGBA") if image.mode in ("P", "LA", "RGBA") else image.convert("RGB")
                image.save(out, "PNG", optimize=True)
                extension, content_type = "png", "image/png"
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError) as exc:
        if isinstance(exc, Image.DecompressionBombError):
            raise ValidationError(_("The image has too many pixels."), code="pixels") from exc
        raise ValidationError(_("This file is not an image we can read."), code="invalid") from exc
    out.seek(0)
    return InMemoryUploadedFile(
        out, None, f"{uuid.uuid4().hex}.{extension}", content_type, out.getbuffer().nbytes, None
    )
