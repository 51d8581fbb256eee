"""/sitemap.xml: the public pages in both languages and every public article (events:
test_sitemap_events.py)."""

import xml.etree.ElementTree as ET

import pytest

from publishing.models import Article
from publishing.tests.event_factories import EventFactory
from publishing.tests.factories import ArticleFactory, published

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own server's answer)


def locations(tree):
    return [loc.text for loc in tree.findall("s:url/s:loc", NS)]


def alternates(tree, location):
    for url in tree.findall("s:url", NS):
        if url.find("s:loc", NS).text == location:
            return {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
    raise AssertionError(location)


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize(
    "path", ["", "network/", "help/", "volunteer/", "news/", "feeds/", "events/"]
)
def test_sitemap_lists_the_public_pages_in_both_languages(client, language, path):
    assert f"http://testserver/{language}/{path}" in locations(sitemap(client))


def test_public_pages_name_their_other_language(client):
    assert alternates(sitemap(client), "http://testserver/ru/news/") == {
        "ru": "http://testserver/ru/news/",
        "en": "http://testserver/en/news/",
    }


def test_sitemap_lists_every_public_article(client):
    ru = published(slug="russkaya")
    en = published(slug="english", language="en")
    found = locations(sitemap(client))
    assert f"http://testserver{ru.get_absolute_url()}" in found
    assert f"http://testserver{en.get_absolute_url()}" in found


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.IN_REVIEW},
        {"status": Article.Status.PUBLISHED, "publish_at": "future"},
    ],
    ids=["draft", "in-review", "scheduled"],
)
def test_sitemap_never_lists_an_article_that_is_not_public(client, fields):
    if fields.get("publish_at") == "future":
        article = published(days_ago=-1, slug="hidden")
    else:
        article = ArticleFactory(slug="hidden", **fields)
    assert not any(
        location.endswith(article.get_absolute_url()) for location in locations(sitemap(client))
    )


def test_article_names_its_published_translation(client):
    ru = published(slug="russkaya")
    en = published(slug="english", language="en", group=ru.group)
    assert alternates(sitemap(client), f"http://testserver{ru.get_absolute_url()}") == {
        "ru": f"http://testserver{ru.get_absolute_url()}",
        "en": f"http://testserver{en.get_absolute_url()}",
    }


def test_article_without_a_public_translation_names_no_alternate(client):
    ru = published(slug="russkaya")
    ArticleFactory(slug="english", language="en", group=ru.group)
    assert alternates(sitemap(client), f"http://testserver{ru.get_absolute_url()}") == {}


def test_sitemap_query_count_does_not_grow_with_articles_and_events(
    client, django_assert_max_num_queries
):
    for days in range(10):
        ru = published(days_ago=days + 1)
        published(days_ago=days + 1, language="en", group=ru.group)
        event = EventFactory(is_published=True)
        EventFactory(is_published=True, language="en", group=event.group)
    # Articles and events: each a count, a page of items, and their published versions.
    with django_assert_max_num_queries(6):
        sitemap(client)
