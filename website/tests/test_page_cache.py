"""The public page cache (website.page_cache): what anonymous visitors are served from it, what
forgets it, and who never gets a stored page."""

import datetime

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from publishing import actions
from publishing.models import Article, Category
from publishing.public_views import PAGE_SIZE
from publishing.tests.factories import ArticleFactory, published
from website import page_cache

pytestmark = pytest.mark.django_db


def url(name, *args, language="ru"):
    with translation.override(language):
        return reverse(name, args=args)


def feed_url(slug="forced-labour"):
    return url("feeds:category-rss", slug)


def queries_of(client, path, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **extra)
    assert response.status_code == 200
    return len(captured), response


# Served from the cache -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        lambda article: url("public:home"),
        lambda article: url("news:list"),
        lambda article: url("news:list") + "?page=1",
        lambda article: url("news:category", "forced-labour"),
        lambda article: article.get_absolute_url(),
        lambda article: article.get_absolute_url() + "?back=/ru/news/",
        lambda article: feed_url(),
        lambda article: url("feeds:rss"),
        lambda article: url("feeds:atom"),
        lambda article: url("feeds:index"),
    ],
)
def test_a_second_anonymous_request_reads_nothing_from_the_database(client, path):
    article = published(title="Первая новость")
    path = path(article)
    first_queries, first = queries_of(client, path)
    assert first_queries > 0
    second_queries, second = queries_of(client, path)
    assert second_queries == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_cached_page_keeps_the_security_headers(client):
    published()
    first = client.get(url("news:list"))
    second = client.get(url("news:list"))
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Permissions-Policy",
        "Content-Language",
    ):
        assert second[header] == first[header]
    assert second["Content-Length"] == str(len(second.content))
    assert not second.cookies


def test_languages_are_kept_apart(client):
    published(title="Русская новость", language="ru")
    published(title="English news", language="en", slug="english-news")
    for _ in range(2):
        russian = client.get(url("news:list")).content.decode()
        english = client.get(url("news:list", language="en")).content.decode()
        assert "Русская новость" in russian and "English news" not in russian
        assert "English news" in english and "Русская новость" not in english


def test_pages_of_a_list_are_kept_apart(client):
    for days in range(PAGE_SIZE + 2):
        published(days_ago=days + 1, title=f"Новость номер {days}")
    for _ in range(2):
        first = client.get(url("news:list")).content.decode()
        second = client.get(url("news:list") + "?page=2").content.decode()
        assert "Новость номер 0<" in first and "Новость номер 0<" not in second
        assert f"Новость номер {PAGE_SIZE + 1}<" in second


def test_each_reader_gets_their_own_back_link_from_one_stored_article(client):
    article = published()
    path = article.get_absolute_url()
    client.get(path + "?back=" + url("news:list") + "%3Fpage%3D2")
    queries, response = queries_of(client, path + "?back=/ru/news/category/forced-labour/")
    assert queries == 0
    html = response.content.decode()
    assert 'href="/ru/news/category/forced-labour/">← ' in html
    assert "back-" not in html
    # A link elsewhere is still refused, from the stored page too.
    queries, response = queries_of(client, path + "?back=https://evil.example/")
    assert queries == 0
    assert 'href="/ru/news/">← ' in response.content.decode()
    assert "evil" not in response.content.decode()


def test_other_query_parameters_are_not_served_from_the_cache(client):
    published()
    for path in (url("news:list") + "?utm_source=x", url("news:list") + "?page=x"):
        client.get(path)
        assert queries_of(client, path)[0] > 0


@pytest.mark.parametrize("page", ["01", "0001", "0", "2", "9999"])
def test_a_page_number_spelled_otherwise_or_past_the_end_is_not_stored(client, page):
    # Otherwise one list could be stored 11,110 times (?page=1, 01, 001 ... 9999), filling the
    # cache that the help form's rate limits share.
    published()
    path = url("news:list") + "?page=" + page
    client.get(path)
    assert queries_of(client, path)[0] > 0


# Forgotten when what the pages show changes ---------------------------------------------------


def test_a_published_article_appears_at_once_and_goes_at_once_when_unpublished(client, editor):
    published(title="Старая новость")
    draft = ArticleFactory(title="Свежая новость", slug="svezhaya-novost")
    for path in (url("news:list"), feed_url(), url("public:home")):
        assert "Свежая новость" not in client.get(path).content.decode()

    article = actions.publish_article(actor=editor, article=draft)
    for path in (url("news:list"), feed_url(), url("public:home")):
        assert "Свежая новость" in client.get(path).content.decode()
    assert client.get(article.get_absolute_url()).status_code == 200

    actions.unpublish_article(actor=editor, article=article)
    for path in (url("news:list"), feed_url(), url("public:home")):
        assert "Свежая новость" not in client.get(path).content.decode()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_rescue_report_goes_at_once_when_a_survivor_withdraws_consent(client, branch, editor):
    from accounts.roles import Role
    from accounts.tests.factories import UserFactory
    from assistance import actions as assistance_actions
    from assistance.models import Consent
    from cases.tests.factories import AssignmentFactory
    from publishing import anonymisation, rescue_reports
    from publishing.tests.rescue_factories import completed_operation

    operation = completed_operation(branch)
    report = rescue_reports.start_rescue_report(actor=editor, operation=operation, language="ru")
    rescue_reports.confirm_anonymisation(
        actor=editor, article=report, fingerprint=anonymisation.fingerprint(report)
    )
    report = actions.publish_article(actor=editor, article=report)
    paths = [
        url("public:home"),
        url("news:list"),
        url("news:category", report.category.slug),
        url("feeds:rss"),
        report.get_absolute_url(),
    ]
    for path in paths:
        assert report.title in client.get(path).content.decode()
    assert queries_of(client, paths[1])[0] == 0  # stored

    worker = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    case = operation.cases.get()
    AssignmentFactory(case=case, user=worker)
    survivor = operation.survivors[1]
    plan = assistance_actions.open_assistance_plan(actor=worker, case=case, person=survivor)
    consent = Consent.objects.get(person=survivor, kind=Consent.Kind.MENTION)
    assistance_actions.withdraw_consent(actor=worker, plan=plan, consent=consent, method="phone")

    for path in paths[:-1]:
        assert report.title not in client.get(path).content.decode()
    assert client.get(paths[-1]).status_code == 404


def test_an_edited_article_is_shown_as_edited(client, editor):
    article = published(title="Заголовок до правки")
    client.get(article.get_absolute_url())
    actions.update_article(actor=editor, article=article, title="Заголовок после правки")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Заголовок после правки" in html


def test_a_renamed_category_is_shown_renamed(client):
    published()
    client.get(url("news:list"))
    category = Category.objects.get(slug="forced-labour")
    category.name_ru = "Принудительный труд (новое имя)"
    category.save()
    assert "Принудительный труд (новое имя)" in client.get(url("news:list")).content.decode()


def test_tags_changed_on_an_article_are_shown(client, editor):
    article = published()
    client.get(article.get_absolute_url())
    article.tags.set(actions.tags_named(["новый тег"]))
    assert "новый тег" in client.get(article.get_absolute_url()).content.decode()


def test_the_generation_ends_when_the_next_scheduled_article_becomes_public(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    assert page_cache._generation_seconds() == page_cache.page_seconds()
    published(days_ago=-1 / 24 / 60)  # in a minute
    assert 1 <= page_cache._generation_seconds() <= 61


def test_a_bump_draws_a_new_generation():
    first = page_cache.generation()
    assert page_cache.generation() == first
    page_cache.bump()
    assert page_cache.generation() != first


# Never for signed-in people ------------------------------------------------------------------


def test_staff_are_never_served_a_stored_page(client, editor):
    article = published(title="Как было")
    client.get(url("news:list"))  # stored for anonymous visitors
    # Changed without a signal, as only the cache's expiry would notice.
    Article.objects.filter(pk=article.pk).update(title="Как стало")
    assert "Как было" in client.get(url("news:list")).content.decode()

    client.force_login(editor)
    assert "Как стало" in client.get(url("news:list")).content.decode()


def test_what_staff_are_shown_is_never_stored(client, editor):
    published()
    client.force_login(editor)
    client.get(url("news:list"))
    client.get(url("news:list"))
    client.logout()
    client.cookies.clear()
    assert queries_of(client, url("news:list"))[0] > 0


def test_a_visitor_with_a_session_cookie_is_not_served_from_the_cache(client, settings):
    published()
    client.get(url("news:list"))
    client.cookies[settings.SESSION_COOKIE_NAME] = "whatever"
    assert queries_of(client, url("news:list"))[0] > 0


# The uncached render -------------------------------------------------------------------------


def test_lists_and_feeds_read_as_many_rows_for_many_articles_as_for_few(client):
    """No query per article: a full page or feed costs what one of two articles does."""
    labour = Category.objects.get(slug="forced-labour")
    paths = [url("news:list"), url("news:category", "forced-labour"), feed_url()]

    def counts():
        page_cache.bump()
        page_cache.generation()  # drawn once per change, not per page
        return [queries_of(client, path)[0] for path in paths]

    for days in range(2):
        published(days_ago=days + 1, category=labour).tags.set(actions.tags_named(["a", "b"]))
    few = counts()
    for days in range(2, PAGE_SIZE + 5):
        published(days_ago=days + 1, category=labour).tags.set(actions.tags_named(["a", "b"]))
    assert counts() == few


def test_a_scheduled_article_is_not_shown_before_its_time(client):
    published(days_ago=-1, title="Запланированная новость")
    assert "Запланированная новость" not in client.get(url("news:list")).content.decode()
    Article.objects.update(publish_at=timezone.now() - datetime.timedelta(minutes=1))
    page_cache.bump()  # what the generation's expiry at the scheduled time does
    assert "Запланированная новость" in client.get(url("news:list")).content.decode()


def test_nothing_is_stored_when_the_cache_time_is_zero(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    published()
    client.get(url("news:list"))
    assert queries_of(client, url("news:list"))[0] > 0


@pytest.mark.parametrize(
    "spoil",
    [
        lambda request, response: request.META.update(CSRF_COOKIE_USED=True),
        lambda request, response: response.set_cookie("anything", "1"),
        lambda request, response: response.__setitem__("Cache-Control", "private"),
        lambda request, response: setattr(response, "status_code", 404),
    ],
)
def test_a_response_for_one_visitor_is_never_stored(rf, spoil):
    request = rf.get("/ru/news/")
    response = HttpResponse("page")
    assert page_cache.PublicPageCacheMiddleware._storable(request, response)
    spoil(request, response)
    assert not page_cache.PublicPageCacheMiddleware._storable(request, response)
