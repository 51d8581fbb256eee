"""Photos are stored without their metadata: a phone photo's EXIF holds the GPS position where it
was taken, and a survivor's or a reporter's location must not sit in storage (svoboda.uploads)."""

import io
import uuid

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, PngImagePlugin

from cases.models import CaseFile
from cases.tests.factories import AssignmentFactory, CaseFactory
from intake.models import Attachment, HelpRequest

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112
# 55°45' N: a position that must not survive the upload.
GPS = {1: "N", 2: (55.0, 45.0, 0.0), 3: "E", 4: (37.0, 37.0, 0.0)}


def jpeg_with_gps(name="IMG_0001.jpg", size=(40, 20), orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "Camera app 1.0"  # Software
    exif[GPS_IFD] = GPS
    if orientation:
        exif[ORIENTATION] = orientation
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(
        buffer, "JPEG", exif=exif, comment=b"taken at the brick factory"
    )
    data = buffer.getvalue()
    # The fixture must really carry the position, or the tests below prove nothing.
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def png_with_text(name="scan.png"):
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Ivanov street 5, flat 12")
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG", pnginfo=info)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).text == {"Comment": "Ivanov street 5, flat 12"}
    return SimpleUploadedFile(name, data, content_type="image/png")


def stored_image(field_file):
    with field_file.open("rb") as stored:
        data = stored.read()
    image = Image.open(io.BytesIO(data))
    image.load()  # still a complete, valid picture
    return image, data


def assert_no_metadata(image, data):
    assert not image.getexif()
    assert not image.getexif().get_ifd(GPS_IFD)
    assert b"Exif" not in data
    assert b"PhoneMaker" not in data
    assert b"brick factory" not in data
    assert "icc_profile" not in image.info
    assert "xmp" not in image.info


@pytest.fixture
def public_form():
    cache.clear()
    yield
    cache.clear()


def submit_help_form(client, files):
    data = {
        "submission_token": str(uuid.uuid4()),
        "website": "",
        "writer_kind": HelpRequest.WriterKind.RELATIVE,
        "danger": HelpRequest.Danger.NO,
        "situations": [HelpRequest.Situation.FORCED_LABOUR],
        "description": "My brother is held at a factory.",
        "files": files,
    }
    return client.post("/en/help/", {k: v for k, v in data.items() if v != ""})


def test_a_photo_sent_with_the_help_form_is_stored_without_its_location(client, public_form):
    response = submit_help_form(client, [jpeg_with_gps()])
    assert response.status_code == 200, response.context["form"].errors
    [attachment] = Attachment.objects.all()
    image, data = stored_image(attachment.file)
    assert image.format == "JPEG"
    assert image.size == (40, 20)
    assert_no_metadata(image, data)
    assert attachment.size == len(data)
    assert attachment.content_type == "image/jpeg"


def test_a_phone_jpeg_with_a_second_picture_inside_is_taken_as_a_jpeg(client, public_form):
    """Multi-Picture JPEGs (many phones; Pillow says MPO) are photos to the writer: stored as a
    plain JPEG of the first picture, without its location."""
    first, second = Image.new("RGB", (40, 20), "red"), Image.new("RGB", (10, 5), "blue")
    exif = Image.Exif()
    exif[GPS_IFD] = GPS
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[second], exif=exif)
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"
    upload = SimpleUploadedFile("IMG_0002.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = submit_help_form(client, [upload])
    assert response.status_code == 200, response.context["form"].errors
    [attachment] = Attachment.objects.all()
    image, data = stored_image(attachment.file)
    assert image.format == "JPEG"
    assert image.size == (40, 20)
    assert_no_metadata(image, data)
    assert attachment.content_type == "image/jpeg"


def test_a_png_sent_with_the_help_form_loses_its_text_chunks(client, public_form):
    submit_help_form(client, [png_with_text()])
    [attachment] = Attachment.objects.all()
    image, data = stored_image(attachment.file)
    assert image.format == "PNG"
    assert not getattr(image, "text", {})
    assert b"Ivanov" not in data


@pytest.fixture
def case(branch, coordinator, caseworker):
    case = CaseFactory(branch=branch, created_by=coordinator)
    AssignmentFactory(case=case, user=caseworker)
    return case


def upload_to_case(client, user, case, upload):
    client.force_login(user)
    return client.post(
        reverse("cases:file-add", args=[case.pk]), {"file": upload, "description": ""}
    )


def test_a_photo_added_to_a_case_is_stored_without_its_location(client, caseworker, case):
    response = upload_to_case(client, caseworker, case, jpeg_with_gps())
    assert response.status_code in (200, 302)
    [case_file] = CaseFile.objects.all()
    image, data = stored_image(case_file.file)
    assert image.format == "JPEG"
    assert_no_metadata(image, data)
    assert case_file.size == len(data)
    # The download gives the same clean bytes.
    download = client.get(reverse("cases:file-download", args=[case_file.pk]))
    assert b"".join(download.streaming_content) == data


def test_a_photo_taken_sideways_is_stored_upright(client, caseworker, case):
    # Orientation 6: the camera was turned; the pixels are 40x20, the picture is 20x40.
    upload_to_case(client, caseworker, case, jpeg_with_gps(orientation=6))
    image, data = stored_image(CaseFile.objects.get().file)
    assert image.size == (20, 40)
    assert_no_metadata(image, data)


def test_a_webp_added_to_a_case_loses_its_exif(client, caseworker, case):
    exif = Image.Exif()
    exif[GPS_IFD] = GPS
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "WEBP", exif=exif)
    upload_to_case(
        client, caseworker, case, SimpleUploadedFile("a.webp", buffer.getvalue(), "image/webp")
    )
    image, data = stored_image(CaseFile.objects.get().file)
    assert image.format == "WEBP"
    assert not image.getexif()
    assert b"Exif" not in data


def test_a_pdf_is_stored_as_sent(client, caseworker, case):
    # Known limit (SECURITY.md): PDFs keep their metadata.
    pdf = b"%PDF-1.4\n1 0 obj << /Author (someone) >> endobj\n%%EOF"
    upload_to_case(client, caseworker, case, SimpleUploadedFile("a.pdf", pdf, "application/pdf"))
    with CaseFile.objects.get().file.open("rb") as stored:
        assert stored.read() == pdf


def test_a_photo_that_verifies_but_is_cut_short_is_refused(client, caseworker, case):
    data = jpeg_with_gps(size=(400, 400)).read()
    cut = SimpleUploadedFile("cut.jpg", data[: len(data) // 2], "image/jpeg")
    upload_to_case(client, caseworker, case, cut)
    assert not CaseFile.objects.exists()


@pytest.mark.parametrize("folder", ["cases", "intake"])
def test_stored_files_are_not_served_under_media_url(client, caseworker, case, settings, folder):
    upload_to_case(client, caseworker, case, jpeg_with_gps())
    name = CaseFile.objects.get().file.name.split("/")[-1]
    client.logout()
    assert client.get(f"/{settings.MEDIA_URL}{folder}/{name}").status_code == 404
    client.force_login(caseworker)
    assert client.get(f"/{settings.MEDIA_URL}{folder}/{name}").status_code == 404
    assert client.get(f"/{settings.MEDIA_URL}{CaseFile.objects.get().file.name}").status_code == 404
