"""The editorial workflow through the article's page: review, publication now or at a later
time, unpublishing; and what the page shows in each state."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from publishing import queries
from publishing.models import Article, Category
from publishing.tests.factories import ArticleFactory, published

pytestmark = pytest.mark.django_db

Status = Article.Status


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def step(name, article):
    return reverse(f"publishing:article-{name}", args=[article.pk])


def page(client, article):
    return client.get(article.get_edit_url()).content.decode()


def test_an_article_goes_from_draft_to_public_and_back_through_the_pages(editor_client):
    category = Category.objects.get(slug="prevention")
    response = editor_client.post(
        reverse("publishing:article-new"),
        {
            "language": "ru",
            "kind": "news",
            "category": category.pk,
            "title": "Урок в школе",
            "body": "Мы провели урок.",
        },
    )
    article = Article.objects.get()
    assert response["Location"] == article.get_edit_url()

    for name, status in [
        ("submit", Status.IN_REVIEW),
        ("return", Status.DRAFT),
        ("submit", Status.IN_REVIEW),
        ("publish", Status.PUBLISHED),
    ]:
        response = editor_client.post(step(name, article))
        assert response.status_code == 302, name
        article.refresh_from_db()
        assert article.status == status
    assert article in queries.published("ru")

    editor_client.post(step("unpublish", article))
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article not in queries.published("ru")


def test_each_step_says_what_happened(editor_client):
    article = ArticleFactory()
    response = editor_client.post(step("submit", article), follow=True)
    assert "The article is sent for review." in response.content.decode()


def test_a_draft_offers_review_and_publication(editor_client):
    article = ArticleFactory()
    html = page(editor_client, article)
    assert step("submit", article) in html
    assert step("publish", article) in html
    assert 'type="datetime-local"' in html
    assert step("return", article) not in html
    assert step("unpublish", article) not in html


def test_an_article_in_review_offers_to_send_it_back_or_publish(editor_client):
    article = ArticleFactory(status=Status.IN_REVIEW)
    html = page(editor_client, article)
    assert step("return", article) in html
    assert step("publish", article) in html
    assert step("submit", article) not in html


def test_a_published_article_offers_only_to_unpublish(editor_client):
    article = published()
    html = page(editor_client, article)
    assert step("unpublish", article) in html
    assert ">Unpublish<" in html
    assert step("publish", article) not in html
    assert step("submit", article) not in html


def test_a_scheduled_article_offers_to_cancel_the_schedule(editor_client):
    article = published(days_ago=-2)
    html = page(editor_client, article)
    assert "Scheduled for" in html
    assert "Cancel the schedule" in html


def test_a_scheduled_article_can_be_moved_from_its_page(editor_client, settings):
    settings.TIME_ZONE = "Europe/Moscow"
    article = published(days_ago=-2)
    local = timezone.localtime(article.publish_at).strftime("%Y-%m-%dT%H:%M")
    assert f'value="{local}"' in page(editor_client, article)
    response = editor_client.post(step("publish", article), {"publish_at": "2040-05-02T10:00"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.publish_at == datetime.datetime(2040, 5, 2, 7, 0, tzinfo=datetime.UTC)


def test_the_time_field_names_the_time_zone(editor_client, settings):
    settings.TIME_ZONE = "Europe/Moscow"
    html = page(editor_client, ArticleFactory())
    assert "Publication time (Europe/Moscow time)" in html


def test_scheduling_reads_the_time_in_the_workspace_time_zone(editor_client, settings):
    settings.TIME_ZONE = "Europe/Moscow"
    article = ArticleFactory()
    response = editor_client.post(step("publish", article), {"publish_at": "2040-05-01T12:00"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.publish_at == datetime.datetime(2040, 5, 1, 9, 0, tzinfo=datetime.UTC)
    assert article not in queries.published()


def test_scheduling_says_when_readers_see_the_article(editor_client, settings):
    settings.TIME_ZONE = "Europe/Moscow"
    article = ArticleFactory()
    response = editor_client.post(
        step("publish", article), {"publish_at": "2040-05-01T12:00"}, follow=True
    )
    html = response.content.decode()
    assert "The article is scheduled: readers see it from" in html
    assert "Scheduled for 2040-05-01 12:00" in html


def test_a_time_that_has_passed_publishes_now(editor_client):
    article = ArticleFactory()
    earlier = timezone.localtime() - datetime.timedelta(days=3)
    response = editor_client.post(
        step("publish", article), {"publish_at": earlier.strftime("%Y-%m-%dT%H:%M")}, follow=True
    )
    assert "The article is published." in response.content.decode()
    assert article in queries.published()


def test_a_nonsense_time_comes_back_with_a_message(editor_client):
    article = ArticleFactory()
    response = editor_client.post(step("publish", article), {"publish_at": "next tuesday"})
    assert response.status_code == 400
    assert response.context["publish_form"].errors["publish_at"]
    assert 'value="next tuesday"' in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_a_step_that_no_longer_applies_is_refused_with_the_reason(editor_client):
    article = ArticleFactory(status=Status.IN_REVIEW)
    response = editor_client.post(step("submit", article))
    assert response.status_code == 400
    assert "cannot be moved that way" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_unpublishing_cancels_a_schedule(editor_client):
    article = published(days_ago=-2)
    editor_client.post(step("unpublish", article))
    article.refresh_from_db()
    assert (article.status, article.publish_at) == (Status.DRAFT, None)


def test_the_page_shows_the_rendered_text(editor_client):
    article = ArticleFactory(body="Текст **статьи** и [ссылка](https://example.org).")
    html = page(editor_client, article)
    assert "<strong>статьи</strong>" in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_the_page_never_shows_script_from_the_text(editor_client, editor):
    from publishing import actions

    article = actions.create_article(
        actor=editor,
        language="ru",
        title="Проверка",
        category=Category.objects.get(slug="prevention"),
        body='<script>alert("x")</script><a href="javascript:alert(1)" onclick="x()">ссылка</a>',
    )
    html = page(editor_client, article)
    assert 'alert("x")' not in html
    assert "javascript:" not in html
    assert "onclick" not in html


def test_the_page_lists_the_other_language_versions_with_their_status(editor_client):
    original = ArticleFactory(language="ru")
    published(language="en", group=original.group, title="Workers freed")
    html = page(editor_client, original)
    section = html[html.index('id="versions"') :]
    assert "Workers freed" in section
    assert "Published" in section[: section.index("</section>")]
