"""The public news lists: /ru/news/ and /en/news/, categories, the archive by month and search."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from publishing.models import Article, Category
from publishing.public_views import PAGE_SIZE
from publishing.tests.factories import ArticleFactory, published
from website import page_cache
from website.tests.test_home import parse

pytestmark = pytest.mark.django_db


def url(name, *args, language="ru"):
    with translation.override(language):
        return reverse(name, args=args)


def titles(response):
    return [article.title for article in response.context["page"].object_list]


def category(slug):
    return Category.objects.get(slug=slug)


# The list ----------------------------------------------------------------------------------


def test_list_shows_the_languages_public_articles_newest_first(client):
    old = published(days_ago=3, title="Старая")
    new = published(days_ago=1, title="Новая")
    published(days_ago=2, language="en", title="English one")
    response = client.get(url("news:list"))
    assert response.status_code == 200
    assert titles(response) == [new.title, old.title]


def test_english_list_shows_english_articles_only(client):
    published(title="Русская")
    published(language="en", title="English one")
    assert titles(client.get(url("news:list", language="en"))) == ["English one"]


def test_list_item_shows_date_category_kind_title_and_summary(client):
    article = published(
        kind=Article.Kind.REVIEW,
        category=category("prevention"),
        title="Как не попасть в рабство",
        summary="Пять простых правил.",
    )
    html = client.get(url("news:list")).content.decode()
    assert "Как не попасть в рабство" in html
    assert "Пять простых правил." in html
    assert 'href="/ru/news/category/prevention/"' in html
    assert "Профилактика" in html
    assert f'datetime="{article.publish_at.isoformat()}"' in html


def test_list_is_paginated_with_the_number_of_articles(client):
    for days in range(PAGE_SIZE + 2):
        published(days_ago=days + 1)
    first = client.get(url("news:list"))
    second = client.get(url("news:list"), {"page": 2})
    assert len(first.context["page"].object_list) == PAGE_SIZE
    assert len(second.context["page"].object_list) == 2
    assert first.context["page"].paginator.count == PAGE_SIZE + 2
    assert 'href="?page=2"' in first.content.decode()


@pytest.mark.parametrize("page", ["abc", "-1", "999", ""])
def test_a_page_number_out_of_range_shows_a_page_not_an_error(client, page):
    published()
    assert client.get(url("news:list"), {"page": page}).status_code == 200


def test_empty_list_says_nothing_is_published_yet(client):
    response = client.get(url("news:list", language="en"))
    assert response.status_code == 200
    assert "Nothing has been published yet." in response.content.decode()


def test_list_links_each_article_with_the_way_back_to_the_list(client):
    article = published(slug="pervaya")
    for days in range(PAGE_SIZE):
        published(days_ago=days / 10)
    response = client.get(url("news:list"), {"page": 2})
    link = next(u for u in parse(response).urls if u.startswith(article.get_absolute_url()))
    assert parse_qs(urlsplit(link).query)["back"] == ["/ru/news/?page=2"]


def test_list_has_a_month_archive_with_only_months_that_have_articles(client):
    march = timezone.make_aware(datetime.datetime(2025, 3, 10, 12))
    may = timezone.make_aware(datetime.datetime(2025, 5, 2, 12))
    ArticleFactory(status=Article.Status.PUBLISHED, publish_at=march)
    ArticleFactory(status=Article.Status.PUBLISHED, publish_at=march + datetime.timedelta(days=1))
    ArticleFactory(status=Article.Status.PUBLISHED, publish_at=may)
    ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    response = client.get(url("news:list", language="en"))
    assert response.status_code == 200
    en_months = response.context["months"]
    assert en_months == []  # all are Russian
    response = client.get(url("news:list"))
    assert [(m["month"].month, m["count"]) for m in response.context["months"]] == [(5, 1), (3, 2)]
    html = response.content.decode()
    assert 'href="/ru/news/archive/2025/5/"' in html
    assert 'href="/ru/news/archive/2025/3/"' in html
    assert "/ru/news/archive/2025/4/" not in html


def test_list_page_links_the_feeds_page(client):
    assert url("feeds:index") in parse(client.get(url("news:list"))).urls


def test_list_page_query_count_does_not_grow_with_articles(client, django_assert_max_num_queries):
    for days in range(PAGE_SIZE + 5):
        published(days_ago=days + 1, category=category("prevention"))
    # The page cache's generation is drawn once after a change, not per page: not counted here.
    page_cache.generation()
    with django_assert_max_num_queries(4):
        response = client.get(url("news:list"))
    assert response.status_code == 200


def test_news_pages_load_nothing_from_other_hosts(client):
    article = published(source_url="https://example.org/x", kind=Article.Kind.PRESS)
    for path in (url("news:list"), article.get_absolute_url(), url("feeds:index")):
        for link in parse(client.get(path)).urls:
            # The only outside address is the press mention's original, a plain link; the
            # canonical address and the feeds' addresses are absolute, on this site.
            if link == "https://example.org/x" or link.startswith("http://testserver/"):
                continue
            assert not re.match(r"^(https?:)?//", link), (path, link)


# Categories --------------------------------------------------------------------------------


def test_category_page_lists_only_that_categorys_public_articles(client):
    mine = published(category=category("prevention"), title="Своя")
    published(category=category("events"), title="Чужая")
    published(category=category("prevention"), language="en", title="English")
    response = client.get(url("news:category", "prevention"))
    assert response.status_code == 200
    assert titles(response) == [mine.title]
    assert "Профилактика" in response.content.decode()


def test_category_page_is_named_in_the_pages_language(client):
    response = client.get(url("news:category", "prevention", language="en"))
    assert "<h1>Prevention</h1>" in response.content.decode()


def test_unknown_category_is_404(client):
    assert client.get(url("news:category", "no-such-category")).status_code == 404


def test_category_page_offers_its_own_feeds(client):
    html = client.get(url("news:category", "prevention")).content.decode()
    feed = url("feeds:category-rss", "prevention")
    assert f'type="application/rss+xml" title="Профилактика (RSS)" href="{feed}"' in html


def test_category_page_query_count_is_pinned(client, django_assert_max_num_queries):
    for days in range(PAGE_SIZE + 5):
        published(days_ago=days + 1, category=category("prevention"))
    # The page cache's generation is drawn once after a change, not per page: not counted here.
    page_cache.generation()
    with django_assert_max_num_queries(4):
        assert client.get(url("news:category", "prevention")).status_code == 200


# The archive -------------------------------------------------------------------------------


def test_archive_lists_the_months_public_articles(client):
    inside = ArticleFactory(
        status=Article.Status.PUBLISHED,
        publish_at=timezone.make_aware(datetime.datetime(2025, 3, 31, 23, 59)),
    )
    ArticleFactory(
        status=Article.Status.PUBLISHED,
        publish_at=timezone.make_aware(datetime.datetime(2025, 4, 1, 0, 0)),
    )
    ArticleFactory(
        status=Article.Status.PUBLISHED,
        publish_at=timezone.make_aware(datetime.datetime(2025, 3, 1, 0, 0)),
        language="en",
    )
    response = client.get(url("news:archive", 2025, 3))
    assert response.status_code == 200
    assert titles(response) == [inside.title]
    assert "Март 2025" in response.content.decode()


def test_december_archive_ends_with_the_year(client):
    december = ArticleFactory(
        status=Article.Status.PUBLISHED,
        publish_at=timezone.make_aware(datetime.datetime(2024, 12, 31, 12)),
    )
    ArticleFactory(
        status=Article.Status.PUBLISHED,
        publish_at=timezone.make_aware(datetime.datetime(2025, 1, 1, 0, 0)),
    )
    assert titles(client.get(url("news:archive", 2024, 12))) == [december.title]


@pytest.mark.parametrize(("year", "month"), [(2025, 2), (2025, 13), (2025, 0), (1, 1)])
def test_a_month_without_articles_or_no_month_at_all_is_404(client, year, month):
    ArticleFactory(
        status=Article.Status.PUBLISHED,
        publish_at=timezone.make_aware(datetime.datetime(2025, 3, 10)),
    )
    assert client.get(f"/ru/news/archive/{year}/{month}/").status_code == 404


# Search ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("кирпичный", "title"),
        ("КИРПИЧНЫЙ", "title"),
        ("дагестан", "summary"),
        ("ОСВОБОДИЛИ", "body"),
    ],
)
def test_search_finds_words_in_title_summary_and_text_in_any_letter_case(client, query, field):
    published(
        title="Кирпичный завод",
        summary="Операция в Дагестане.",
        body="Волонтёры освободили восемь человек.",
    )
    published(title="Другая", summary="Другое.", body="Совсем другое.")
    response = client.get(url("news:search"), {"q": query})
    assert response.status_code == 200
    assert titles(response) == ["Кирпичный завод"]


def test_search_in_english_ignores_letter_case(client):
    published(language="en", title="A Round Table in Juba")
    assert titles(client.get(url("news:search", language="en"), {"q": "round TABLE"})) == [
        "A Round Table in Juba"
    ]


def test_search_looks_in_the_pages_language_only(client):
    published(title="Москва", language="ru")
    published(title="Moscow", language="en", body="Москва")
    assert titles(client.get(url("news:search"), {"q": "москва"})) == ["Москва"]


@pytest.mark.parametrize("query", ["a.b", "(", "[", "*", "\\", "a|b", "100%", "_", "?.*"])
def test_search_text_is_never_a_pattern(client, query):
    published(title="abc", summary="", body="abc")
    response = client.get(url("news:search", language="en"), {"q": query + "x"})
    assert response.status_code == 200
    assert titles(response) == []


def test_search_finds_text_with_pattern_characters_literally(client):
    published(language="en", title="Help (in 3 languages)")
    response = client.get(url("news:search", language="en"), {"q": "(in 3"})
    assert titles(response) == ["Help (in 3 languages)"]


def test_search_without_results_says_so(client):
    published(language="en")
    response = client.get(url("news:search", language="en"), {"q": "nothing like this"})
    assert "Nothing found for “nothing like this”." in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type a word or two to search for."),
        ("   ", "Type a word or two to search for."),
        ("a", "Type at least 2 letters to search for."),
        ("x" * 101, "Type at most 100 letters to search for."),
        ("ab\x00cd", "Null characters are not allowed."),
    ],
)
def test_bad_search_shows_a_clear_message(client, query, message):
    response = client.get(url("news:search", language="en"), {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "page" not in response.context


def test_search_page_without_a_query_invites_to_search(client):
    response = client.get(url("news:search", language="en"))
    assert response.status_code == 200
    assert "Type a word or two to search the titles" in response.content.decode()


def test_search_results_paginate_with_the_query_kept(client):
    for days in range(PAGE_SIZE + 1):
        published(days_ago=days + 1, language="en", title=f"Training {days}")
    response = client.get(url("news:search", language="en"), {"q": "training"})
    assert 'href="?q=training&amp;page=2"' in response.content.decode()
    second = client.get(url("news:search", language="en"), {"q": "training", "page": 2})
    assert len(second.context["page"].object_list) == 1


def test_search_page_is_kept_out_of_search_engines(client):
    html = client.get(url("news:search"), {"q": "слово"}).content.decode()
    assert '<meta name="robots" content="noindex">' in html
