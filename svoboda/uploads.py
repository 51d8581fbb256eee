"""Checks for files that people upload: what the content really is, and how big it is.

The file name and the browser's content type are the sender's claims; only the bytes count.
Images must open and verify with Pillow, PDFs must start with the PDF signature. Anything else,
or anything that only pretends (a script renamed .jpg), is refused with a message the sender
understands.

Photos are then stored without their metadata (without_metadata): a phone photo carries the GPS
position where it was taken, the time and the camera's serial number in its EXIF, and editors
add XMP, comments and PNG text chunks. The picture is decoded, turned upright as the camera meant
and encoded again from its pixels alone, in its own format. PDFs are stored as sent: see
SECURITY.md ("Known limits") for why.
"""

import io
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# Many phones save JPEGs with a second, smaller picture inside (Multi-Picture Format); Pillow calls
# them MPO. They are JPEGs to everyone else, and are stored as one (the first picture only).
JPEG_FORMATS = {"JPEG", "MPO"}
PDF_SIGNATURE = b"%PDF-"
# A small file can unpack into a huge picture (a decompression bomb); re-encoding decodes it
# in memory, so pictures with more pixels than this are refused before anything is decoded.
# 50 megapixels holds any phone photo at its default setting.
MAX_PIXELS = 50_000_000
# What Pillow may raise on a file that only pretends to be an image, is cut short, or is damaged.
BROKEN_IMAGE_ERRORS = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    Image.DecompressionBombError,
)


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
        raise _not_a_photo_or_pdf(upload)
    return CheckedUpload(content_type=content_type, size=upload.size)


def _not_a_photo_or_pdf(upload):
    return ValidationError(
        _(
            "The file “%(name)s” is not a photo (JPEG, PNG, WebP) or a PDF document, or it "
            "is damaged. Please send photos or PDF files only."
        ),
        code="bad_type",
        params={"name": upload.name},
    )


def _sniff(upload):
    upload.seek(0)
    head = upload.read(len(PDF_SIGNATURE))
    upload.seek(0)
    if head == PDF_SIGNATURE:
        return "application/pdf"
    try:
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except BROKEN_IMAGE_ERRORS:
        return None
    finally:
        upload.seek(0)
    if width * height > MAX_PIXELS:
        return None
    return IMAGE_FORMATS.get("JPEG" if image_format in JPEG_FORMATS else image_format)


class MetadataFreeFile(ContentFile):
    """A photo re-encoded by without_metadata(): storing it again needs no second pass."""


def clean_upload(upload):
    """check_upload(), then the file as it will be stored: (file, content type). A picture that
    verified but cannot be decoded (cut short, damaged) is refused like any broken file."""
    checked = check_upload(upload)
    try:
        return without_metadata(upload, checked.content_type), checked.content_type
    except BROKEN_IMAGE_ERRORS as error:
        raise _not_a_photo_or_pdf(upload) from error


def without_metadata(upload, content_type):
    """The upload as it may be stored: photos (JPEG, PNG, WebP) re-encoded from their pixels,
    upright, in their own format, with no EXIF, XMP, ICC profile, comment or text chunk; other
    files (PDF) unchanged. Actions call it on every file they store, so a caller that forgot
    cannot store a photo's location; forms call it first (clean_upload), outside the
    transaction, and the action then finds a MetadataFreeFile and keeps it as it is."""
    if isinstance(upload, MetadataFreeFile) or content_type not in IMAGE_FORMATS.values():
        return upload
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            if image.width * image.height > MAX_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            image.load()
            picture = image_without_metadata(image)
    finally:
        upload.seek(0)
    buffer = io.BytesIO()
    if image_format in JPEG_FORMATS:
        picture = picture if picture.mode in ("RGB", "L") else picture.convert("RGB")
        # High quality: this is evidence, not a web page; the re-encoding must not blur it.
        picture.save(buffer, "JPEG", quality=92, subsampling=0)
    elif image_format == "WEBP":
        picture.save(buffer, "WEBP", quality=92)
    else:
        picture.save(buffer, "PNG", optimize=True)
    return MetadataFreeFile(buffer.getvalue(), name=upload.name)


def image_without_metadata(image):
    """The first frame turned as the camera meant (EXIF orientation), in sRGB, in RGB or
    RGBA (L for greyscale): a new image that carries none of the file's metadata.

    Shared by uploads (without_metadata) and article images (publishing.image_processing)."""
    upright = ImageOps.exif_transpose(image)
    profile = image.info.get("icc_profile")
    if upright.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # 16-bit greyscale PNG: scale to 8 bits; a plain conversion would clip it to white.
        upright = upright.convert("I").point(lambda value: value / 256).convert("L")
    has_alpha = _uses_transparency(upright)
    mode = "RGBA" if has_alpha else ("L" if upright.mode in ("1", "L", "LA") else "RGB")
    converted = None
    if profile and upright.mode in ("RGB", "RGBA", "CMYK") and mode != "L":
        converted = _to_srgb(upright, profile, mode)
    if converted is None:
        converted = upright.convert(mode)
    converted.info = {}
    return converted


def _uses_transparency(image):
    if image.mode not in ("RGBA", "LA", "PA", "RGBa", "La") and "transparency" not in image.info:
        return False
    alpha = image.convert("RGBA").getchannel("A")
    lowest, _highest = alpha.getextrema()
    return lowest < 255


def _to_srgb(image, profile, mode):
    try:
        return ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(io.BytesIO(profile)),
            ImageCms.createProfile("sRGB"),
            outputMode=mode,
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        # A broken profile: the colours may be a little off, but the picture is fine.
        return None


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
