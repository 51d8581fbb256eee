"""Who may open the editors' pages (/workspace/articles/): the editor role only."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from publishing.models import Revision
from publishing.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["administrator", "coordinator", "caseworker", "volunteer", "editor", "no role"]
EDITORS = ("editor",)


@pytest.fixture
def article(editor):
    article = ArticleFactory(language="ru", author=editor)
    Revision.objects.create(article=article, title="Было", body="Было.", saved_by=editor)
    return article


def article_data(**fields):
    return {
        "language": "ru",
        "kind": "news",
        "category": "1",
        "title": "Новая статья",
        "body": "Текст.",
        **fields,
    }


def url(name, *args):
    return lambda article: reverse(f"publishing:{name}", args=[article.pk, *args])


SPECS = {
    "article-list": ("get", lambda article: reverse("publishing:article-list"), 200),
    "article-new-get": ("get", lambda article: reverse("publishing:article-new"), 200),
    "article-new-post": ("post", lambda article: reverse("publishing:article-new"), 302),
    "article-detail": ("get", url("article-detail"), 200),
    "article-edit-get": ("get", url("article-edit"), 200),
    "article-edit-post": ("post", url("article-edit"), 302),
    "article-translate-get": ("get", url("article-translate", "en"), 200),
    "article-translate-post": ("post", url("article-translate", "en"), 302),
    "article-submit": ("post", url("article-submit"), 302),
    "article-return": ("post", url("article-return"), 400),  # a draft: refused, but allowed in
    "article-publish": ("post", url("article-publish"), 302),
    "article-unpublish": ("post", url("article-unpublish"), 400),
    "rescue-report-new": ("get", lambda article: reverse("publishing:rescue-report-new"), 200),
    # The article is news: editors are let in and find no report there.
    "article-confirm-anonymisation": ("post", url("article-confirm-anonymisation"), 404),
    "revision-detail": (
        "get",
        lambda article: reverse(
            "publishing:revision-detail", args=[article.pk, article.revisions.get().pk]
        ),
        200,
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", list(SPECS))
def test_article_urls_answer_each_role(client, personas, article, url_name, persona):
    method, target, ok_status = SPECS[url_name]
    client.force_login(personas[persona])
    data = article_data(category=str(article.category.pk))
    response = getattr(client, method)(target(article), data if method == "post" else None)
    assert response.status_code == (ok_status if persona in EDITORS else 403)


@pytest.mark.parametrize("url_name", list(SPECS))
def test_anonymous_visitors_are_sent_to_log_in(client, article, url_name):
    method, target, _ok = SPECS[url_name]
    response = getattr(client, method)(target(article))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_every_article_url_is_in_the_matrix():
    from publishing.urls import urlpatterns

    covered = {name.removesuffix("-get").removesuffix("-post") for name in SPECS}
    assert {pattern.name for pattern in urlpatterns} <= covered


@pytest.mark.parametrize("method", ["post"])
@pytest.mark.parametrize("url_name", ["article-list", "article-detail", "revision-detail"])
def test_reading_pages_refuse_posts(client, editor, article, url_name, method):
    client.force_login(editor)
    target = SPECS[url_name][1](article)
    assert client.post(target).status_code == 405


@pytest.mark.parametrize(
    "url_name", ["article-submit", "article-return", "article-publish", "article-unpublish"]
)
def test_workflow_steps_refuse_gets(client, editor, article, url_name):
    client.force_login(editor)
    assert client.get(SPECS[url_name][1](article)).status_code == 405


def test_an_unknown_article_is_not_found(client, editor):
    client.force_login(editor)
    assert client.get(reverse("publishing:article-detail", args=[999])).status_code == 404


def test_a_revision_of_another_article_is_not_found(client, editor, article):
    other = ArticleFactory()
    client.force_login(editor)
    revision = article.revisions.get()
    target = reverse("publishing:revision-detail", args=[other.pk, revision.pk])
    assert client.get(target).status_code == 404
