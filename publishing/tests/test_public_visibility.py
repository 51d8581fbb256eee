"""Drafts, articles in review and scheduled articles appear nowhere public; a scheduled
article appears everywhere once its time has come."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from publishing.models import Article, Category
from publishing.tests.factories import ArticleFactory, published

pytestmark = pytest.mark.django_db

TITLE = "Секретная-статья"


def url(name, *args, language="ru"):
    with translation.override(language):
        return reverse(name, args=args)


def public_pages(moment):
    """Every public page, feed and the sitemap where an article of `moment`'s month in the
    forced-labour category would be listed."""
    return [
        url("public:home"),
        url("news:list"),
        url("news:category", "forced-labour"),
        f"{url('news:list')}archive/{moment.year}/{moment.month}/",
        f"{url('news:search')}?q=секретная",  # TITLE in other letter case
        url("feeds:rss"),
        url("feeds:atom"),
        url("feeds:category-rss", "forced-labour"),
        url("feeds:category-atom", "forced-labour"),
        "/sitemap.xml",
    ]


def not_public(kind):
    labour = Category.objects.get(slug="forced-labour")
    if kind == "scheduled":
        return published(days_ago=-1, title=TITLE, slug="hidden", category=labour)
    status = {"draft": Article.Status.DRAFT, "in-review": Article.Status.IN_REVIEW}[kind]
    return ArticleFactory(title=TITLE, slug="hidden", status=status, category=labour)


@pytest.mark.parametrize("kind", ["draft", "in-review", "scheduled"])
def test_an_article_that_is_not_public_has_no_page(client, kind):
    article = not_public(kind)
    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("kind", ["draft", "in-review", "scheduled"])
def test_an_article_that_is_not_public_appears_on_no_public_page(client, kind):
    # A public article in the same month keeps the archive page alive.
    published(days_ago=0.01, title="Видимая", category=Category.objects.get(slug="forced-labour"))
    not_public(kind)
    for path in public_pages(timezone.localtime()):
        content = client.get(path).content.decode()
        assert TITLE not in content, path
        assert "/ru/news/hidden/" not in content, path


def test_a_scheduled_article_appears_once_its_time_has_come(client, settings):
    article = published(days_ago=-1 / 24, title=TITLE, slug="hidden")
    assert client.get(article.get_absolute_url()).status_code == 404
    # An hour later: move the publication time instead of the clock.
    Article.objects.filter(pk=article.pk).update(
        publish_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(article.get_absolute_url()).status_code == 200
    for path in public_pages(timezone.localtime()):
        if path.startswith("/sitemap"):
            assert "/ru/news/hidden/" in client.get(path).content.decode(), path
        else:
            assert TITLE in client.get(path).content.decode(), path


def test_home_page_shows_the_latest_public_articles_of_its_language(client):
    ru = published(title="Русская новость")
    en = published(title="English news", language="en")
    html = client.get("/ru/").content.decode()
    assert ru.get_absolute_url() in html
    assert "Русская новость" in html
    assert en.title not in html
    assert en.title in client.get("/en/").content.decode()


def test_home_page_shows_at_most_five_articles_newest_first(client):
    articles = [published(days_ago=days + 1, title=f"Новость номер {days}") for days in range(7)]
    html = client.get("/ru/").content.decode()
    shown = [article.title for article in articles if article.title in html]
    assert shown == [article.title for article in articles[:5]]
    assert html.index(articles[0].title) < html.index(articles[1].title)


def test_home_page_without_articles_says_news_will_come(client):
    html = client.get("/en/").content.decode()
    assert "News, reviews and reports on our rescue operations will be published here." in html


def test_main_navigation_leads_to_the_news(client):
    html = client.get("/en/").content.decode()
    assert '<a href="/en/news/">News</a>' in html
