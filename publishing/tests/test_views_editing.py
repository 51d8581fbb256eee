"""Writing, translating and editing articles through the editors' pages; bad input comes back
with what was typed and a message, and nothing is half-stored."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from publishing.models import Article, Category, Revision, Tag
from publishing.tests.factories import ArticleFactory, published

pytestmark = pytest.mark.django_db

NEW = reverse("publishing:article-new")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def forced_labour(db):
    return Category.objects.get(slug="forced-labour")


def article_data(**fields):
    return {
        "language": "ru",
        "kind": "news",
        "category": Category.objects.get(slug="forced-labour").pk,
        "title": "Освобождены двенадцать рабочих",
        "slug": "",
        "summary": "Коротко о главном.",
        "body": "Текст **статьи**.",
        "tags": "стройка, Москва",
        "source_name": "",
        "source_url": "",
        **fields,
    }


def edit_url(article):
    return reverse("publishing:article-edit", args=[article.pk])


def translate_url(article, language):
    return reverse("publishing:article-translate", args=[article.pk, language])


# A new article.


def test_the_new_article_form_asks_for_the_language_and_explains_markdown(editor_client):
    html = editor_client.get(NEW).content.decode()
    assert 'name="language"' in html
    assert "How to format the text (Markdown)" in html
    assert "Separate tags with commas" in html


def test_writing_an_article_makes_a_draft_and_opens_its_page(editor_client, editor):
    response = editor_client.post(NEW, article_data())
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == article.get_edit_url()
    assert article.status == Article.Status.DRAFT
    assert article.author == editor
    assert article.slug == "освобождены-двенадцать-рабочих"
    assert sorted(tag.name for tag in article.tags.all()) == ["Москва", "стройка"]


def test_writing_an_article_is_audited(editor_client, editor):
    editor_client.post(NEW, article_data())
    assert AuditEntry.objects.get(verb="publishing.article_created").actor == editor


def test_a_typed_address_is_made_into_a_proper_one(editor_client):
    editor_client.post(NEW, article_data(language="en", slug="Annual Report 2025"))
    assert Article.objects.get().slug == "annual-report-2025"


def test_a_press_mention_keeps_its_source(editor_client):
    editor_client.post(
        NEW,
        article_data(
            kind="press",
            source_name="Новая газета",
            source_url="https://example.org/story",
        ),
    )
    article = Article.objects.get()
    assert (article.kind, article.source_name, article.source_url) == (
        "press",
        "Новая газета",
        "https://example.org/story",
    )


def test_an_article_without_a_title_comes_back_with_what_was_typed(editor_client):
    response = editor_client.post(NEW, article_data(title="", body="Мой длинный текст."))
    assert response.status_code == 400
    assert response.context["form"].errors["title"]
    assert "Мой длинный текст." in response.content.decode()
    assert not Article.objects.exists()


def test_a_refused_article_leaves_no_new_tags_behind(editor_client):
    response = editor_client.post(NEW, article_data(body="", tags="совсем новый тег"))
    assert response.status_code == 400
    assert not Tag.objects.exists()


def test_a_too_long_tag_is_refused_with_a_message(editor_client):
    response = editor_client.post(NEW, article_data(tags="ok, " + "я" * 61))
    assert response.status_code == 400
    assert "A tag can be at most 60 characters long" in response.content.decode()
    assert not Article.objects.exists()
    assert not Tag.objects.exists()


def test_a_bad_source_address_is_refused_with_a_message(editor_client):
    response = editor_client.post(NEW, article_data(source_url="not an address"))
    assert response.status_code == 400
    assert response.context["form"].errors["source_url"]


def test_a_language_we_do_not_publish_in_is_refused(editor_client):
    response = editor_client.post(NEW, article_data(language="de"))
    assert response.status_code == 400
    assert not Article.objects.exists()


# Editing.


def test_the_edit_form_shows_the_article_as_it_is(editor_client):
    article = ArticleFactory(title="Итоги года", body="Исходный текст.")
    article.tags.set([Tag.objects.create(name="итоги", slug="itogi")])
    html = editor_client.get(edit_url(article)).content.decode()
    assert 'value="Итоги года"' in html
    assert "Исходный текст." in html
    assert 'value="итоги"' in html
    assert 'name="language"' not in html


def test_editing_saves_the_text_and_keeps_the_old_one(editor_client, editor):
    article = ArticleFactory(title="Итоги года", body="Исходный текст.", slug="itogi")
    data = article_data(title="Итоги года", slug="itogi", body="Исправленный текст.")
    response = editor_client.post(edit_url(article), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Исправленный текст."
    [revision] = article.revisions.all()
    assert revision.body == "Исходный текст."
    assert revision.saved_by == editor


def test_the_history_lists_revisions_with_who_and_a_link_to_the_old_text(editor_client, editor):
    editor.full_name = "Вера Редакторова"
    editor.save()
    article = ArticleFactory(title="Итоги года", body="Исходный текст.", slug="itogi")
    editor_client.post(edit_url(article), article_data(slug="itogi", body="Новый."))
    revision = article.revisions.get()
    html = editor_client.get(article.get_edit_url()).content.decode()
    assert "replaced by Вера Редакторова" in html
    revision_url = reverse("publishing:revision-detail", args=[article.pk, revision.pk])
    assert revision_url in html
    html = editor_client.get(revision_url).content.decode()
    assert "Исходный текст." in html
    assert "Итоги года" in html


def test_a_published_article_s_address_change_is_refused_and_nothing_is_stored(editor_client):
    article = published(title="Итоги", slug="itogi", body="Как было.")
    data = article_data(title="Итоги", slug="drugoi-adres", body="Новый текст.")
    response = editor_client.post(edit_url(article), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "A published article keeps its address" in html
    assert 'value="drugoi-adres"' in html
    assert "Новый текст." in html
    article.refresh_from_db()
    assert (article.slug, article.body) == ("itogi", "Как было.")
    assert not Revision.objects.exists()
    assert not Tag.objects.exists()


def test_an_edit_without_text_comes_back_with_the_other_input(editor_client):
    article = ArticleFactory(title="Итоги", body="Как было.")
    response = editor_client.post(edit_url(article), article_data(title="Новый заголовок", body=""))
    assert response.status_code == 400
    assert 'value="Новый заголовок"' in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Итоги"


# Translating.


def test_the_article_page_offers_a_translation_into_the_missing_language(editor_client):
    article = ArticleFactory(language="ru")
    html = editor_client.get(article.get_edit_url()).content.decode()
    assert translate_url(article, "en") in html
    assert translate_url(article, "ru") not in html


def test_an_article_with_both_versions_offers_no_translation(editor_client):
    original = ArticleFactory(language="ru")
    version = ArticleFactory(language="en", group=original.group, title="In English")
    html = editor_client.get(original.get_edit_url()).content.decode()
    assert "Translate into" not in html
    assert version.get_edit_url() in html
    assert "In English" in html


def test_the_translation_form_starts_with_the_original_s_details(editor_client):
    original = ArticleFactory(
        language="ru",
        kind=Article.Kind.PRESS,
        category=Category.objects.get(slug="prevention"),
        body="Оригинальный текст.",
        source_name="Коммерсант",
    )
    original.tags.set([Tag.objects.create(name="итоги", slug="itogi")])
    response = editor_client.get(translate_url(original, "en"))
    form = response.context["form"]
    assert form["kind"].value() == "press"
    assert form["category"].value() == original.category.pk
    assert form["tags"].value() == "итоги"
    assert form["source_name"].value() == "Коммерсант"
    assert not form["title"].value()
    assert "Оригинальный текст." in response.content.decode()


def test_a_translation_is_saved_in_the_original_s_group(editor_client):
    original = ArticleFactory(language="ru")
    response = editor_client.post(
        translate_url(original, "en"),
        article_data(title="Twelve workers freed", body="Text.", language="ru"),
    )
    translation = Article.objects.get(language="en")
    assert response["Location"] == translation.get_edit_url()
    assert translation.group == original.group
    assert translation.slug == "twelve-workers-freed"


def test_a_translation_into_a_language_that_has_one_opens_the_existing_version(editor_client):
    original = ArticleFactory(language="ru")
    version = ArticleFactory(language="en", group=original.group)
    response = editor_client.get(translate_url(original, "en"))
    assert response.status_code == 302
    assert response["Location"] == version.get_edit_url()


@pytest.mark.parametrize("language", ["ru", "de"])
def test_no_translation_into_the_same_or_an_unknown_language(editor_client, language):
    original = ArticleFactory(language="ru")
    assert editor_client.get(translate_url(original, language)).status_code == 404


def test_a_translation_without_text_comes_back_and_stores_nothing(editor_client):
    original = ArticleFactory(language="ru")
    response = editor_client.post(
        translate_url(original, "en"), article_data(title="Twelve workers freed", body="")
    )
    assert response.status_code == 400
    assert 'value="Twelve workers freed"' in response.content.decode()
    assert Article.objects.count() == 1
