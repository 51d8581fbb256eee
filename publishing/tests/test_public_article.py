"""The public article page: /ru/news/<address>/ and /en/news/<address>/."""

import datetime
from urllib.parse import quote

import pytest
from django.utils import timezone, translation

from publishing.models import Article, Category, Tag
from publishing.tests.factories import ArticleFactory, published
from website import page_cache
from website.tests.test_home import parse

pytestmark = pytest.mark.django_db


def html_of(client, article, **params):
    response = client.get(article.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def test_article_page_shows_title_date_category_kind_and_text(client):
    article = published(
        title="Волонтёры освободили восемь человек",
        kind=Article.Kind.NEWS,
        category=Category.objects.get(slug="forced-labour"),
        body="Операция **прошла** успешно.",
    )
    html = html_of(client, article)
    assert "<h1>Волонтёры освободили восемь человек</h1>" in html
    assert "Операция <strong>прошла</strong> успешно." in html
    assert 'href="/ru/news/category/forced-labour/">Принудительный труд</a>' in html
    with translation.override("ru"):
        assert str(Article.Kind.NEWS.label) in html
    assert f'datetime="{article.publish_at.isoformat()}"' in html


def test_article_date_is_written_in_the_pages_language(client):
    moment = timezone.make_aware(datetime.datetime(2025, 3, 10, 12))
    ru = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=moment)
    en = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=moment, language="en")
    assert "10 марта 2025" in html_of(client, ru)
    assert "March 10, 2025" in html_of(client, en)


def test_article_page_shows_its_tags(client):
    article = published()
    article.tags.set([Tag.objects.create(name="профилактика", slug="profilaktika")])
    assert "профилактика" in html_of(client, article)


def test_cyrillic_address_works(client):
    article = published(slug="кирпичный-завод")
    assert client.get("/ru/news/кирпичный-завод/").status_code == 200
    assert article.get_absolute_url() == "/ru/news/" + quote("кирпичный-завод") + "/"
    assert client.get(article.get_absolute_url()).status_code == 200


def test_article_text_is_shown_as_sanitised_html(client):
    article = published(body="<script>alert(1)</script>\n\n[link](javascript:alert(1))")
    html = html_of(client, article)
    assert "<script>alert" not in html
    assert "javascript:" not in html


def test_press_mention_links_to_the_original_without_passing_on_the_reader(client):
    article = published(
        kind=Article.Kind.PRESS,
        source_name="Демо-газета",
        source_url="https://example.org/story",
    )
    html = html_of(client, article)
    assert (
        '<a href="https://example.org/story" rel="noopener noreferrer nofollow">Демо-газета</a>'
        in html
    )


def test_related_articles_are_public_of_the_same_category_and_language(client):
    labour = Category.objects.get(slug="forced-labour")
    article = published(category=labour)
    related = published(category=labour, title="Рядом")
    published(category=Category.objects.get(slug="events"), title="Другая рубрика")
    published(category=labour, language="en", title="Other language")
    ArticleFactory(category=labour, title="Черновик")
    published(days_ago=-1, category=labour, title="Запланированная")
    response = client.get(article.get_absolute_url())
    assert [other.title for other in response.context["related"]] == [related.title]


def test_the_other_languages_version_is_linked(client):
    ru = published(title="Русская версия", slug="russkaya")
    en = published(title="English version", slug="english", language="en", group=ru.group)
    html = html_of(client, ru)
    assert f'<a href="{en.get_absolute_url()}" hreflang="en" lang="en">English version' in html
    assert f'<link rel="alternate" hreflang="en" href="{en.get_absolute_url()}">' in html
    assert f'<link rel="alternate" hreflang="ru" href="{ru.get_absolute_url()}">' in html


def test_language_switcher_goes_to_the_translation(client):
    ru = published(slug="russkaya")
    en = published(slug="english", language="en", group=ru.group)
    assert en.get_absolute_url() in parse(client.get(ru.get_absolute_url())).urls


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.IN_REVIEW])
def test_an_unpublished_translation_is_neither_linked_nor_an_alternate(client, status):
    ru = published(slug="russkaya")
    en = ArticleFactory(slug="english", language="en", group=ru.group, status=status)
    html = html_of(client, ru)
    assert en.get_absolute_url() not in html
    assert 'hreflang="en" href' not in html.split("</head>")[0]


def test_a_scheduled_translation_is_not_linked(client):
    ru = published(slug="russkaya")
    en = published(days_ago=-1, slug="english", language="en", group=ru.group)
    assert en.get_absolute_url() not in html_of(client, ru)


def test_without_a_translation_the_switcher_offers_the_other_languages_news(client):
    ru = published(slug="russkaya")
    response = client.get(ru.get_absolute_url())
    assert "/en/news/" in parse(response).urls
    # Never the same address under /en/: that would be a 404.
    assert "/en/news/russkaya/" not in response.content.decode()


def test_article_is_not_found_under_the_other_language(client):
    published(slug="russkaya")
    assert client.get("/en/news/russkaya/").status_code == 404


def test_opengraph_tags_describe_the_article(client):
    article = published(title="Заголовок", summary="Кратко.", slug="zagolovok")
    html = html_of(client, article)
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Заголовок">' in html
    assert '<meta property="og:description" content="Кратко.">' in html
    assert '<meta property="og:url" content="http://testserver/ru/news/zagolovok/">' in html
    assert '<link rel="canonical" href="http://testserver/ru/news/zagolovok/">' in html


def test_back_link_returns_to_the_list_page_the_reader_came_from(client):
    article = published()
    html = html_of(client, article, back="/ru/news/category/events/?page=2")
    assert 'href="/ru/news/category/events/?page=2">' in html


@pytest.mark.parametrize(
    "back",
    [
        "https://evil.example/ru/news/",
        "//evil.example/ru/news/",
        "/ru/news/\\evil.example",
        "/en/news/",
        "/workspace/",
        "javascript:alert(1)",
    ],
)
def test_back_link_never_leaves_this_languages_news(client, back):
    article = published()
    response = client.get(article.get_absolute_url(), {"back": back})
    assert response.context["back"] == "/ru/news/"


def test_back_link_defaults_to_the_news_list(client):
    article = published(language="en")
    assert client.get(article.get_absolute_url()).context["back"] == "/en/news/"


def test_article_page_query_count_is_pinned(client, django_assert_max_num_queries):
    labour = Category.objects.get(slug="forced-labour")
    article = published(category=labour)
    published(language="en", group=article.group)
    article.tags.set([Tag.objects.create(name=f"tag {n}", slug=f"tag-{n}") for n in range(5)])
    for days in range(5):
        published(days_ago=days + 2, category=labour)
    # The page cache's generation is drawn once after a change, not per page: not counted here.
    page_cache.generation()
    with django_assert_max_num_queries(4):
        assert client.get(article.get_absolute_url()).status_code == 200
