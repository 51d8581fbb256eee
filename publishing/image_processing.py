"""Pictures for articles, made safe to publish and light to load.

An upload is judged by its bytes, not its name or the browser's claim: Pillow must open and
verify it as JPEG, PNG or WebP. It is then decoded and drawn again from its pixels alone, so
nothing else in the file survives: no EXIF (a phone photo carries the GPS position where it was
taken, the time and the camera's serial number), no XMP, no comments, no colour profile (colours
are converted to sRGB first, so they look the same without one).

What is stored:
- JPEG for pictures without transparency: every browser, feed reader, mail client and link
  preview (og:image) shows it; WebP is smaller but still refused by some of those.
- PNG for pictures that really use transparency (logos, diagrams), where JPEG would paint the
  background black.
- A large copy at most MAX_WIDTH pixels wide, and for wider pictures a SMALL_WIDTH copy for
  phones (srcset). Nothing is ever enlarged.
"""

import io
import logging
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

from svoboda.errors import DomainError
from svoboda.uploads import BROKEN_IMAGE_ERRORS, image_without_metadata

logger = logging.getLogger(__name__)

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_WIDTH = 1600
SMALL_WIDTH = 800
# A very tall infographic would still be huge at full width: cap the height as well.
MAX_HEIGHT = 4 * MAX_WIDTH
JPEG_QUALITY = 82


class ImageRefused(DomainError):
    """The upload cannot become an article image; the message tells the editor why."""


@dataclass(frozen=True)
class Rendition:
    data: bytes
    width: int
    height: int
    extension: str


@dataclass(frozen=True)
class PreparedImage:
    large: Rendition
    small: Rendition | None


def max_bytes():
    return settings.ARTICLE_IMAGE_MAX_BYTES


def max_pixels():
    return settings.ARTICLE_IMAGE_MAX_PIXELS


def prepare(upload) -> PreparedImage:
    """The upload checked, stripped of its metadata and resized; ImageRefused if it cannot be."""
    _check_size(upload)
    _check_content(upload)
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            _check_pixels(image)
            # JPEG can decode straight at a fraction of its size: much less memory for a
            # 50-megapixel photo that is going to be 1600 pixels wide anyway.
            image.draft(image.mode, (MAX_WIDTH, MAX_WIDTH))
            image.load()
            picture = image_without_metadata(image)
    except ImageRefused:
        raise
    except BROKEN_IMAGE_ERRORS as error:
        logger.info("article image refused while decoding: %s", type(error).__name__)
        raise ImageRefused(_not_an_image()) from error
    finally:
        upload.seek(0)
    large = _fit(picture, MAX_WIDTH, MAX_HEIGHT)
    small = _fit(large, SMALL_WIDTH, MAX_HEIGHT) if large.width > SMALL_WIDTH else None
    return PreparedImage(large=_encode(large), small=_encode(small) if small else None)


def _not_an_image():
    return _(
        "This file is not a JPEG, PNG or WebP image, or it is damaged. Please choose a picture "
        "in one of these formats."
    )


def _check_size(upload):
    limit = max_bytes()
    if upload.size > limit:
        raise ImageRefused(
            _("The image is too large (%(size)s). Images may be up to %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    if upload.size == 0:
        raise ImageRefused(_("The file is empty."))


def _check_content(upload):
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except Image.DecompressionBombError as error:
        # Beyond even Pillow's own limit (ARTICLE_IMAGE_MAX_PIXELS was set above it).
        raise ImageRefused(_too_many_pixels()) from error
    except BROKEN_IMAGE_ERRORS as error:
        raise ImageRefused(_not_an_image()) from error
    finally:
        upload.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ImageRefused(_not_an_image())


def _check_pixels(image):
    """A small file can unpack into billions of pixels (a decompression bomb); the size in the
    header is checked before anything is decoded."""
    width, height = image.size
    if width * height > max_pixels():
        raise ImageRefused(_too_many_pixels())


def _too_many_pixels():
    return _(
        "The image has too many pixels. Please make it smaller than %(megapixels)s megapixels "
        "and upload it again."
    ) % {"megapixels": f"{max_pixels() / 1_000_000:g}"}


def _fit(image, max_width, max_height):
    scale = min(max_width / image.width, max_height / image.height, 1)
    if scale == 1:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    resized = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    resized.info = {}
    return resized


def _encode(image):
    buffer = io.BytesIO()
    if image.mode == "RGBA":
        image.save(buffer, "PNG", optimize=True)
        extension = "png"
    else:
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        extension = "jpg"
    return Rendition(
        data=buffer.getvalue(), width=image.width, height=image.height, extension=extension
    )
