"""RSS and Atom feeds (/ru/feeds/..., /en/feeds/...) and the page that lists them."""

import feedparser
import pytest
from django.urls import reverse
from django.utils import translation

from publishing.models import Article, Category, Tag
from publishing.queries import FEED_SIZE
from publishing.tests.factories import ArticleFactory, published
from website.tests.test_home import parse

pytestmark = pytest.mark.django_db

FEEDS = ["feeds:rss", "feeds:atom"]
CATEGORY_FEEDS = ["feeds:category-rss", "feeds:category-atom"]


def url(name, *args, language="ru"):
    with translation.override(language):
        return reverse(name, args=args)


def fetch(client, path):
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def links(feed):
    return [entry.link for entry in feed.entries]


@pytest.fixture
def articles():
    """Public and non-public articles in both languages and two categories."""
    labour = Category.objects.get(slug="forced-labour")
    events = Category.objects.get(slug="events")
    return {
        "ru_labour": published(days_ago=2, category=labour, slug="ru-labour"),
        "ru_events": published(days_ago=1, category=events, slug="ru-events"),
        "en_labour": published(days_ago=3, category=labour, language="en", slug="en-labour"),
        "en_events": published(days_ago=4, category=events, language="en", slug="en-events"),
        # Never in any feed:
        "draft": ArticleFactory(category=labour, slug="draft"),
        "in_review": ArticleFactory(
            category=labour, slug="in-review", status=Article.Status.IN_REVIEW
        ),
        "scheduled": published(days_ago=-1, category=labour, slug="scheduled"),
        "en_draft": ArticleFactory(category=events, language="en", slug="en-draft"),
        "en_scheduled": published(days_ago=-1, category=events, language="en", slug="en-sch"),
    }


def absolute(*articles):
    return [f"http://testserver{article.get_absolute_url()}" for article in articles]


@pytest.mark.parametrize("name", FEEDS)
def test_russian_feed_has_the_public_russian_articles_newest_first(client, articles, name):
    feed = fetch(client, url(name))
    assert links(feed) == absolute(articles["ru_events"], articles["ru_labour"])


@pytest.mark.parametrize("name", FEEDS)
def test_english_feed_has_the_public_english_articles(client, articles, name):
    feed = fetch(client, url(name, language="en"))
    assert links(feed) == absolute(articles["en_labour"], articles["en_events"])


@pytest.mark.parametrize("name", CATEGORY_FEEDS)
@pytest.mark.parametrize(
    ("language", "slug", "expected"),
    [
        ("ru", "forced-labour", ["ru_labour"]),
        ("ru", "events", ["ru_events"]),
        ("en", "forced-labour", ["en_labour"]),
        ("en", "events", ["en_events"]),
        ("en", "prevention", []),
    ],
)
def test_category_feed_has_the_public_articles_of_its_language_and_category(
    client, articles, name, language, slug, expected
):
    feed = fetch(client, url(name, slug, language=language))
    assert links(feed) == absolute(*(articles[key] for key in expected))


@pytest.mark.parametrize("name", CATEGORY_FEEDS)
def test_feed_of_an_unknown_category_is_404(client, name):
    assert client.get(url(name, "no-such-category")).status_code == 404


def test_rss_feed_describes_itself_with_absolute_links_in_its_language(client, articles):
    response = client.get(url("feeds:rss", language="en"))
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert feed.version == "rss20"
    assert feed.feed.title == "Svoboda: news"
    assert feed.feed.link == "http://testserver/en/news/"
    assert feed.feed.language == "en"


def test_atom_feed_describes_itself_with_absolute_links_in_its_language(client, articles):
    response = client.get(url("feeds:category-atom", "forced-labour"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.version == "atom10"
    assert feed.feed.title == "«Свобода»: Принудительный труд"
    assert feed.feed.link == "http://testserver/ru/news/category/forced-labour/"
    self_link = next(link.href for link in feed.feed.links if link.rel == "self")
    assert self_link == "http://testserver/ru/feeds/forced-labour/atom/"


@pytest.mark.parametrize("name", FEEDS)
def test_item_has_title_summary_publication_time_and_categories(client, name):
    article = published(
        language="en",
        title="A round table",
        summary="Volunteers and partners met.",
        category=Category.objects.get(slug="events"),
    )
    article.tags.set([Tag.objects.create(name="training", slug="training")])
    entry = fetch(client, url(name, language="en")).entries[0]
    assert entry.title == "A round table"
    assert entry.summary == "Volunteers and partners met."
    assert entry.published_parsed[:6] == article.publish_at.utctimetuple()[:6]
    assert [tag.term for tag in entry.tags] == ["Events", "training"]
    assert entry.link == f"http://testserver{article.get_absolute_url()}"


@pytest.mark.parametrize("name", FEEDS)
def test_markup_in_a_summary_or_shown_as_code_in_the_text_is_text_for_readers(client, name):
    published(language="en", summary="<img src=x onerror=alert(1)>")
    published(language="en", summary="", body="Write `<script>alert(2)</script>` to test.")
    descriptions = [entry.summary for entry in fetch(client, url(name, language="en")).entries]
    assert sorted(descriptions) == [
        "&lt;img src=x onerror=alert(1)&gt;",
        "Write &lt;script&gt;alert(2)&lt;/script&gt; to test.",
    ]


@pytest.mark.parametrize("name", FEEDS)
def test_item_without_summary_describes_itself_with_the_start_of_the_text(client, name):
    published(language="en", summary="", body="Plain **text** & more. " + "word " * 200)
    description = fetch(client, url(name, language="en")).entries[0].summary
    # The description is HTML, so the text's "&" is written &amp; (shown as "&" by readers).
    assert description.startswith("Plain text &amp; more. word")
    assert description.endswith("…")
    assert len(description.split()) <= 61


@pytest.mark.parametrize("name", FEEDS)
def test_feed_names_no_editor(client, name):
    article = published(language="en")
    content = client.get(url(name, language="en")).content.decode()
    assert article.author.email not in content
    assert article.author.full_name not in content


@pytest.mark.parametrize("name", FEEDS)
def test_feed_carries_at_most_the_newest_fifty_articles(client, name):
    newest = published(days_ago=0.5, language="en")
    for days in range(FEED_SIZE):
        published(days_ago=days + 1, language="en")
    feed = fetch(client, url(name, language="en"))
    assert len(feed.entries) == FEED_SIZE
    assert feed.entries[0].link == absolute(newest)[0]


def test_feed_query_count_does_not_grow_with_items(client, django_assert_max_num_queries):
    for days in range(10):
        article = published(days_ago=days + 1)
        article.tags.set([Tag.objects.get_or_create(name="общее", slug="obshchee")[0]])
    with django_assert_max_num_queries(3):
        assert client.get(url("feeds:rss")).status_code == 200


# The feeds page ----------------------------------------------------------------------------


def test_feeds_page_lists_every_feed_category_by_category(client):
    response = client.get(url("feeds:index", language="en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "http://testserver/en/feeds/rss/" in html
    assert "http://testserver/en/feeds/atom/" in html
    for category in Category.objects.all():
        assert f"<h2>{category.name_en}</h2>" in html
        assert f"http://testserver/en/feeds/{category.slug}/rss/" in html
        assert f"http://testserver/en/feeds/{category.slug}/atom/" in html


def test_every_feed_on_the_feeds_page_parses(client, articles):
    for link in parse(client.get(url("feeds:index"))).urls:
        if "/feeds/" in link and link.rstrip("/").endswith(("rss", "atom")):
            fetch(client, link.removeprefix("http://testserver"))


# Autodiscovery -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    ["public:home", "public:network", "help:request", "news:list", "feeds:index"],
)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_public_pages_announce_the_languages_feeds(client, page, language):
    html = client.get(url(page, language=language)).content.decode()
    head = html.split("</head>")[0]
    for name, kind in (("feeds:rss", "rss"), ("feeds:atom", "atom")):
        assert f'type="application/{kind}+xml"' in head
        assert f'href="{url(name, language=language)}"' in head


def test_article_page_announces_the_feeds(client):
    article = published(language="en")
    head = client.get(article.get_absolute_url()).content.decode().split("</head>")[0]
    assert 'href="/en/feeds/rss/"' in head


def test_announced_feeds_answer(client):
    head = client.get(url("public:home", language="en")).content.decode().split("</head>")[0]
    announced = [
        line.split('href="')[1].split('"')[0]
        for line in head.splitlines()
        if 'rel="alternate" type="application/' in line
    ]
    assert announced == ["/en/feeds/rss/", "/en/feeds/atom/"]
    for path in announced:
        fetch(client, path)


def test_every_public_page_links_the_feeds_page(client):
    assert url("feeds:index") in parse(client.get(url("public:home"))).urls
