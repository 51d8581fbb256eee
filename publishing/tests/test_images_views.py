"""Article images through the editors' pages and the file address: who may upload, edit and
delete, what the form says about bad files, and who gets a picture's file."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from publishing import markdown
from publishing.models import Article, ArticleImage
from publishing.tests.factories import ArticleFactory, published
from publishing.tests.image_factories import (
    add_image,
    image_storage,  # noqa: F401 (a fixture, used below)
    jpeg_bytes,
    stored_files,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("image_storage")]


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def draft(editor):
    return ArticleFactory(author=editor)


def upload_url(article):
    return reverse("article_images:upload", args=[article.pk])


def form_data(**fields):
    return {"upload": upload(), "alt_text": "Ворота фабрики", "caption": "", "credit": "", **fields}


def shown(article, image):
    """The article's text shows the image (as update_article will render it)."""
    article.body = f"Текст.\n\n{image.markdown}\n"
    article.body_html = markdown.render_article(article)
    article.save()
    return article


# Uploading.


def test_the_article_page_offers_the_upload_form_and_lists_images(editor_client, editor, draft):
    image = add_image(editor, draft)
    html = editor_client.get(draft.get_edit_url()).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert f'action="{upload_url(draft)}"' in html
    assert f"<code>{image.markdown}</code>" in html
    assert reverse("article_images:edit", args=[draft.pk, image.pk]) in html
    assert f'src="{image.small_url}"' in html


def test_an_editor_uploads_an_image(editor_client, draft):
    response = editor_client.post(upload_url(draft), form_data())
    assert response.status_code == 302
    assert response["Location"] == draft.get_edit_url() + "#images"
    image = ArticleImage.objects.get()
    assert image.article == draft
    assert image.alt_text == "Ворота фабрики"
    assert AuditEntry.objects.filter(verb="publishing.image_added").exists()


def test_a_text_file_named_jpg_comes_back_with_a_message(editor_client, draft, image_storage):  # noqa: F811
    data = form_data(upload=upload(b"not a picture at all", "photo.jpg"))
    response = editor_client.post(upload_url(draft), data)
    assert response.status_code == 400
    assert "not a JPEG, PNG or WebP image" in response.content.decode()
    assert 'value="Ворота фабрики"' in response.content.decode()
    assert not ArticleImage.objects.exists()
    assert stored_files(image_storage) == []


def test_a_file_over_the_limit_comes_back_with_a_message(editor_client, draft, settings):
    settings.ARTICLE_IMAGE_MAX_BYTES = 2048
    response = editor_client.post(upload_url(draft), form_data())
    assert response.status_code == 400
    assert "The image is too large" in response.content.decode()
    assert not ArticleImage.objects.exists()


def test_an_upload_without_alt_text_is_refused(editor_client, draft, image_storage):  # noqa: F811
    response = editor_client.post(upload_url(draft), form_data(alt_text="  "))
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ArticleImage.objects.exists()
    assert stored_files(image_storage) == []


def test_an_upload_without_a_file_is_refused(editor_client, draft):
    data = form_data()
    del data["upload"]
    response = editor_client.post(upload_url(draft), data)
    assert response.status_code == 400
    assert not ArticleImage.objects.exists()


@pytest.mark.parametrize("persona", ["caseworker", "coordinator", "volunteer"])
def test_only_editors_may_upload(client, personas, persona, draft):
    client.force_login(personas[persona])
    assert client.get(upload_url(draft)).status_code == 403
    assert client.post(upload_url(draft), form_data()).status_code == 403
    assert not ArticleImage.objects.exists()


# Describing and deleting.


def test_an_editor_changes_the_alt_text(editor_client, editor, draft):
    image = add_image(editor, draft)
    url = reverse("article_images:edit", args=[draft.pk, image.pk])
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(url, {"alt_text": "Цех", "caption": "", "credit": ""})
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.alt_text == "Цех"


def test_the_alt_text_cannot_be_emptied_through_the_form(editor_client, editor, draft):
    image = add_image(editor, draft)
    url = reverse("article_images:edit", args=[draft.pk, image.pk])
    response = editor_client.post(url, {"alt_text": "", "caption": "", "credit": ""})
    assert response.status_code == 400
    image.refresh_from_db()
    assert image.alt_text == "Рабочие у ворот фабрики"


def test_an_editor_deletes_an_image_and_its_files(
    editor_client,
    editor,
    draft,
    image_storage,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    image = add_image(editor, draft)
    url = reverse("article_images:delete", args=[draft.pk, image.pk])
    assert editor_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url)
    assert response.status_code == 302
    assert not ArticleImage.objects.exists()
    assert stored_files(image_storage) == []


def test_an_image_of_another_article_is_not_found_under_this_one(editor_client, editor, draft):
    other = add_image(editor, ArticleFactory(author=editor))
    url = reverse("article_images:delete", args=[draft.pk, other.pk])
    assert editor_client.post(url).status_code == 404
    assert ArticleImage.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_only_editors_may_edit_or_delete(client, caseworker, editor, draft, action):
    image = add_image(editor, draft)
    client.force_login(caseworker)
    url = reverse(f"article_images:{action}", args=[draft.pk, image.pk])
    assert client.post(url, {"alt_text": "x"}).status_code == 403
    image.refresh_from_db()
    assert image.alt_text == "Рабочие у ворот фабрики"


# Serving the files.


def test_a_drafts_image_is_not_served_to_the_public(client, editor, draft):
    image = add_image(editor, draft)
    shown(draft, image)
    response = client.get(image.url)
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


def test_a_drafts_image_is_served_to_editors_and_never_cached(editor_client, editor, draft):
    image = add_image(editor, draft)
    response = editor_client.get(image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"


def test_an_image_is_served_to_the_public_once_its_article_is_public(client, editor, draft):
    image = add_image(editor, draft)
    shown(draft, image)
    assert client.get(image.url).status_code == 404
    Article.objects.filter(pk=draft.pk).update(
        status=Article.Status.PUBLISHED, publish_at=published().publish_at
    )
    response = client.get(image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"].startswith("public, max-age=")
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert client.get(image.small_url).status_code == 200


def test_a_public_articles_image_that_the_text_does_not_show_stays_private(client, editor):
    article = published(author=editor)
    image = add_image(editor, article)
    assert client.get(image.url).status_code == 404


def test_a_scheduled_articles_image_is_not_served_yet(client, editor):
    article = published(days_ago=-1, author=editor)
    image = add_image(editor, article)
    shown(article, image)
    assert client.get(image.url).status_code == 404


def test_an_unchanged_public_image_answers_not_modified(client, editor):
    article = published(author=editor)
    image = add_image(editor, article)
    shown(article, image)
    etag = client.get(image.url)["ETag"]
    response = client.get(image.url, headers={"If-None-Match": etag})
    assert response.status_code == 304


def test_an_unknown_file_name_is_not_found(client, editor):
    article = published(author=editor)
    image = add_image(editor, article, upload=upload(jpeg_bytes(size=(640, 480))))
    shown(article, image)
    assert client.get(image.url.replace("/640.jpg", "/800.jpg")).status_code == 404


# The public article page.


def test_the_public_page_shows_the_figure_and_names_it_as_og_image(client, editor):
    article = published(author=editor)
    image = add_image(editor, article)
    shown(article, image)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<img src="{image.url}"' in html
    assert f'<meta property="og:image" content="http://testserver{image.url}">' in html
    assert '<meta property="og:image:alt" content="Рабочие у ворот фабрики">' in html


def test_an_image_not_in_the_text_is_not_the_og_image(client, editor):
    article = published(author=editor)
    add_image(editor, article)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "og:image" not in html
