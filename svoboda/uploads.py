"""Checks for files that people upload: what the content really is, and how big it is.

The file name and the browser's content type are the sender's claims; only the bytes count.
Images must open and verify with Pillow, PDFs must start with the PDF signature. Anything else,
or anything that only pretends (a script renamed .jpg), is refused with a message the sender
understands.
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
PDF_SIGNATURE = b"%PDF-"


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int


def max_upload_size():
    return settings.UPLOAD_MAX_FILE_SIZE


def check_upload(upload) -> CheckedUpload:
    """Return the real content type of an uploaded file, or raise ValidationError."""
    limit = max_upload_size()
    if upload.size > limit:
        raise ValidationError(
            _("The file “%(name)s” is too large. Files may be up to %(limit)s."),
            code="too_large",
            params={"name": upload.name, "limit": filesizeformat(limit)},
        )
    if upload.size == 0:
        raise ValidationError(
            _("The file “%(name)s” is empty."), code="empty", params={"name": upload.name}
        )
    content_type = _sniff(upload)
    if content_type is None:
        raise ValidationError(
            _(
                "The file “%(name)s” is not a photo (JPEG, PNG, WebP) or a PDF document, or it "
                "is damaged. Please send photos or PDF files only."
            ),
            code="bad_type",
            params={"name": upload.name},
        )
    return CheckedUpload(content_type=content_type, size=upload.size)


def _sniff(upload):
    upload.seek(0)
    head = upload.read(len(PDF_SIGNATURE))
    upload.seek(0)
    if head == PDF_SIGNATURE:
        return "application/pdf"
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    return IMAGE_FORMATS.get(image_format)


@contextmanager
def stored_files_removed_on_error():
    """Files written to storage inside the block are deleted again if the block fails.

    Storage is not part of the database transaction: without this, a rolled-back action would
    leave a survivor's photo on disk with no row pointing at it. Append each stored FieldFile
    to the yielded list.
    """
    stored = []
    try:
        yield stored
    except BaseException:
        for field_file in stored:
            field_file.storage.delete(field_file.name)
        raise


EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
}


def protected_download(field_file, *, content_type, name_prefix, object_id):
    """A stored file as a download the browser will neither run nor show inline.

    The file name is neutral (`<prefix>-<short id>.<ext>`): the uploader's own name for the file
    may identify someone, and it must not end up in a downloads folder or a proxy log.
    """
    from django.http import FileResponse

    extension = EXTENSIONS.get(content_type, "bin")
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=f"{name_prefix}-{object_id.hex[:8]}.{extension}",
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
