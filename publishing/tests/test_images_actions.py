"""Adding, describing and deleting article images (publishing.images): what is stored, what is
refused, and that nothing is left half-stored."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from PIL import Image

from audit.models import AuditEntry
from operations.tests.factories import OperationFactory
from publishing import images, markdown
from publishing.image_processing import ImageRefused
from publishing.models import Article, ArticleImage
from publishing.tests.factories import ArticleFactory, published
from publishing.tests.image_factories import (
    GPS_IFD,
    add_image,
    image_storage,  # noqa: F401 (a fixture, used below)
    jpeg_bytes,
    open_stored,
    png_bytes,
    stored_files,
    upload,
)
from svoboda.errors import DomainError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("image_storage")]


@pytest.fixture
def article(editor):
    return ArticleFactory(author=editor)


def show(article, image):
    """Put the image in the article's text, as an editor would (the text is the lead's part)."""
    article.body = f"Текст.\n\n{image.markdown}\n"
    article.body_html = markdown.render_article(article)
    article.save()
    return article


def test_a_phone_photo_is_stored_without_its_exif_and_gps_position(editor, article):
    image = add_image(editor, article, upload=upload(jpeg_bytes(gps=True)))
    data, stored = open_stored(image.file)
    assert stored.format == "JPEG"
    assert not stored.getexif()
    assert not stored.getexif().get_ifd(GPS_IFD)
    assert "exif" not in stored.info
    assert b"PhoneMaker" not in data


def test_a_wide_photo_is_resized_to_1600_pixels_with_an_800_pixel_copy(editor, article):
    image = add_image(editor, article, upload=upload(jpeg_bytes(size=(2400, 1600))))
    _data, large = open_stored(image.file)
    _data, small = open_stored(image.small_file)
    assert (image.width, image.height) == large.size == (1600, 1067)
    assert image.small_width == small.size[0] == 800
    assert "exif" not in small.info


def test_a_small_photo_is_not_enlarged_and_has_one_file(editor, article):
    image = add_image(editor, article, upload=upload(jpeg_bytes(size=(640, 480))))
    assert (image.width, image.height) == (640, 480)
    assert not image.small_file


def test_the_cameras_orientation_is_applied_before_the_exif_goes(editor, article):
    # Orientation 6: the camera was turned; the picture is shown rotated by 90 degrees.
    image = add_image(editor, article, upload=upload(jpeg_bytes(size=(300, 200), orientation=6)))
    _data, stored = open_stored(image.file)
    assert stored.size == (200, 300)
    assert not stored.getexif()


def test_a_transparent_png_stays_a_png(editor, article):
    image = add_image(editor, article, upload=upload(png_bytes(), "logo.png", "image/png"))
    _data, stored = open_stored(image.file)
    assert stored.format == "PNG"
    assert image.url.endswith(".png")


def test_a_webp_photo_is_stored_as_jpeg(editor, article):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "navy").save(buffer, "WEBP")
    image = add_image(editor, article, upload=upload(buffer.getvalue(), "p.webp", "image/webp"))
    _data, stored = open_stored(image.file)
    assert stored.format == "JPEG"


def test_adding_an_image_is_audited_without_its_words(editor, article):
    image = add_image(editor, article, caption="Фабрика в Подольске")
    entry = AuditEntry.objects.get(verb="publishing.image_added")
    assert entry.changes["image"] == image.pk
    assert "Подольске" not in str(entry.changes)


def test_a_text_file_named_jpg_is_refused_and_nothing_is_stored(editor, article, image_storage):  # noqa: F811
    with pytest.raises(ImageRefused, match="not a JPEG, PNG or WebP image"):
        add_image(editor, article, upload=upload(b"#!/bin/sh\necho hello\n", "photo.jpg"))
    assert not ArticleImage.objects.exists()
    assert stored_files(image_storage) == []


def test_a_gif_is_refused(editor, article):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(buffer, "GIF")
    with pytest.raises(ImageRefused, match="not a JPEG, PNG or WebP image"):
        add_image(editor, article, upload=upload(buffer.getvalue(), "a.gif", "image/gif"))


def test_a_cut_off_jpeg_is_refused(editor, article):
    data = jpeg_bytes()
    with pytest.raises(ImageRefused, match="damaged"):
        add_image(editor, article, upload=upload(data[: len(data) // 2]))


def test_a_file_over_the_size_limit_is_refused(editor, article, settings):
    settings.ARTICLE_IMAGE_MAX_BYTES = 1000
    with pytest.raises(ImageRefused, match="too large"):
        add_image(editor, article)
    assert not ArticleImage.objects.exists()


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(editor, article, settings):
    settings.ARTICLE_IMAGE_MAX_PIXELS = 100_000
    with pytest.raises(ImageRefused, match="too many pixels"):
        add_image(editor, article, upload=upload(jpeg_bytes(size=(400, 300))))


def test_alt_text_is_required(editor, article):
    with pytest.raises(DomainError, match="alternative text"):
        add_image(editor, article, alt_text="   ")
    assert not ArticleImage.objects.exists()


def test_someone_who_may_not_change_articles_cannot_add_an_image(caseworker, article):
    with pytest.raises(PermissionDenied):
        add_image(caseworker, article)


def test_files_are_deleted_again_when_the_database_write_fails(
    editor,
    article,
    image_storage,  # noqa: F811
    monkeypatch,
):
    def audit_down(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("publishing.images.audit.record", audit_down)
    with pytest.raises(RuntimeError):
        add_image(editor, article)
    assert not ArticleImage.objects.exists()
    assert stored_files(image_storage) == []


def test_changing_the_alt_text_shows_the_new_words_in_the_text(editor, article):
    image = add_image(editor, article)
    show(article, image)
    images.update_article_image(
        actor=editor, image=image, alt_text="Ворота фабрики", caption="Подольск", credit=""
    )
    article.refresh_from_db()
    assert 'alt="Ворота фабрики"' in article.body_html
    assert "<figcaption>Подольск</figcaption>" in article.body_html
    entry = AuditEntry.objects.get(verb="publishing.image_changed")
    assert entry.changes == {"image": image.pk, "fields": ["alt_text", "caption"]}


def test_the_alt_text_cannot_be_emptied(editor, article):
    image = add_image(editor, article)
    with pytest.raises(DomainError):
        images.update_article_image(actor=editor, image=image, alt_text="")
    image.refresh_from_db()
    assert image.alt_text == "Рабочие у ворот фабрики"


def test_deleting_an_image_removes_its_files(
    editor,
    article,
    image_storage,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    image = add_image(editor, article)
    assert len(stored_files(image_storage)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        images.delete_article_image(actor=editor, image=image)
    assert not ArticleImage.objects.exists()
    assert stored_files(image_storage) == []
    assert AuditEntry.objects.filter(verb="publishing.image_deleted").exists()


def test_deleting_an_image_takes_it_out_of_the_text(editor, article):
    image = add_image(editor, article)
    show(article, image)
    assert "<figure" in Article.objects.get(pk=article.pk).body_html
    images.delete_article_image(actor=editor, image=image)
    assert "<img" not in Article.objects.get(pk=article.pk).body_html


def test_a_published_rescue_report_gets_no_new_image(editor):
    report = published(author=editor, kind=Article.Kind.RESCUE_REPORT, operation=OperationFactory())
    with pytest.raises(DomainError, match="published rescue report"):
        add_image(editor, report)
    assert not ArticleImage.objects.exists()
