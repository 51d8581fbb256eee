"""Pictures made in the test with Pillow, uploads of them, and a real folder to store them in."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from publishing import images

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


@pytest.fixture
def image_storage(settings, tmp_path):
    """Files go to a temporary MEDIA_ROOT on disk, as FileSystemStorage writes them."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def jpeg_bytes(size=(2400, 1600), colour="teal", *, gps=True, orientation=None):
    """A JPEG such as a phone writes: EXIF with the camera's make and, by default, where the
    photo was taken."""
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        position = exif.get_ifd(GPS_IFD)
        position[1] = "N"
        position[2] = (55.0, 45.0, 21.0)
        position[3] = "E"
        position[4] = (37.0, 37.0, 4.0)
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def png_bytes(size=(400, 300), colour=(200, 30, 30, 128)):
    buffer = io.BytesIO()
    Image.new("RGBA", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def upload(data=None, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, jpeg_bytes() if data is None else data, content_type)


def add_image(editor, article, **fields):
    """An image added through the action, with a plain JPEG unless told otherwise."""
    fields = {"upload": upload(), "alt_text": "Рабочие у ворот фабрики", **fields}
    return images.add_article_image(actor=editor, article=article, **fields)


def open_stored(field_file):
    with default_storage.open(field_file.name) as stored:
        data = stored.read()
    return data, Image.open(io.BytesIO(data))
