"""The editors' list of articles: what it shows, its filters, pages and queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from publishing.models import Article, Category
from publishing.tests.factories import ArticleFactory, published

pytestmark = pytest.mark.django_db

LIST = reverse("publishing:article-list")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def titles(response):
    return [article.title for article in response.context["page"].object_list]


def test_the_list_shows_articles_in_every_status(editor_client):
    ArticleFactory(title="Черновик")
    ArticleFactory(title="На проверке", status=Article.Status.IN_REVIEW)
    published(title="Опубликовано")
    published(days_ago=-1, title="Запланировано")
    assert sorted(titles(editor_client.get(LIST))) == [
        "Запланировано",
        "На проверке",
        "Опубликовано",
        "Черновик",
    ]


def test_the_list_shows_status_language_category_and_author(editor_client, editor):
    editor.full_name = "Вера Редакторова"
    editor.save()
    ArticleFactory(
        title="Итоги года",
        language="en",
        status=Article.Status.IN_REVIEW,
        category=Category.objects.get(slug="prevention"),
        author=editor,
    )
    html = editor_client.get(LIST).content.decode()
    row = html[html.index("Итоги года") :]
    row = row[: row.index("</tr>")]
    for shown in ["In review", "English", "Prevention", "Вера Редакторова"]:
        assert shown in row


def test_a_scheduled_article_shows_its_time_in_the_workspace_time_zone(editor_client, settings):
    settings.TIME_ZONE = "Europe/Moscow"
    ArticleFactory(
        status=Article.Status.PUBLISHED,
        publish_at=datetime.datetime(2040, 5, 1, 9, 0, tzinfo=datetime.UTC),
    )
    assert "Scheduled for 2040-05-01 12:00" in editor_client.get(LIST).content.decode()


def test_a_published_article_is_not_called_scheduled(editor_client):
    published(days_ago=1)
    html = editor_client.get(LIST).content.decode()
    assert "Scheduled for" not in html
    assert "Published" in html


def test_the_newest_change_comes_first(editor_client):
    older = ArticleFactory(title="Старая")
    ArticleFactory(title="Новая")
    Article.objects.filter(pk=older.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert titles(editor_client.get(LIST)) == ["Новая", "Старая"]


def test_the_list_finds_words_in_the_title_or_text(editor_client):
    ArticleFactory(title="Кирпичный завод", body="Рабочих освободили.")
    ArticleFactory(title="Круглый стол", body="Обсудили профилактику на кирпичном заводе.")
    ArticleFactory(title="Другое", body="Ничего общего.")
    response = editor_client.get(LIST, {"q": "завод"})
    assert sorted(titles(response)) == ["Кирпичный завод", "Круглый стол"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"status": "in_review"}, ["На проверке"]),
        ({"language": "en"}, ["In English"]),
        ({"category": "prevention"}, ["Профилактика"]),
    ],
)
def test_the_list_filters(editor_client, filters, expected):
    ArticleFactory(title="На проверке", status=Article.Status.IN_REVIEW)
    ArticleFactory(title="In English", language="en")
    ArticleFactory(title="Профилактика", category=Category.objects.get(slug="prevention"))
    if "category" in filters:
        filters = {"category": Category.objects.get(slug=filters["category"]).pk}
    assert titles(editor_client.get(LIST, filters)) == expected


def test_a_bad_filter_keeps_the_good_ones(editor_client):
    ArticleFactory(title="In English", language="en")
    ArticleFactory(title="По-русски", language="ru")
    response = editor_client.get(LIST, {"language": "en", "status": "nonsense"})
    assert response.status_code == 200
    assert titles(response) == ["In English"]
    assert response.context["form"].errors["status"]


def test_nothing_found_is_said_in_words(editor_client):
    html = editor_client.get(LIST, {"q": "нет такого"}).content.decode()
    assert "No articles match these filters." in html


def test_the_list_is_paged_and_pages_keep_the_filters(editor_client):
    ArticleFactory.create_batch(27, language="en")
    ArticleFactory(language="ru")
    response = editor_client.get(LIST, {"language": "en"})
    assert len(response.context["page"].object_list) == 25
    assert "language=en&amp;page=2" in response.content.decode()
    response = editor_client.get(LIST, {"language": "en", "page": 2})
    assert len(response.context["page"].object_list) == 2


def test_the_list_queries_do_not_grow_with_articles(
    editor_client, django_assert_max_num_queries, django_assert_num_queries
):
    ArticleFactory.create_batch(2)
    published(days_ago=-1)
    with django_assert_max_num_queries(12) as few:
        editor_client.get(LIST)
    for index in range(20):
        ArticleFactory(
            status=Article.Status.IN_REVIEW if index % 2 else Article.Status.DRAFT,
            category=Category.objects.order_by("?").first(),
        )
    with django_assert_num_queries(len(few.captured_queries)):
        editor_client.get(LIST)


def test_the_list_offers_to_write_an_article(editor_client):
    assert reverse("publishing:article-new") in editor_client.get(LIST).content.decode()


def test_the_menu_leads_editors_to_the_articles(editor_client):
    response = editor_client.get(reverse("workspace:dashboard"))
    assert LIST in [item["url"] for item in response.context["workspace_navigation"]]
