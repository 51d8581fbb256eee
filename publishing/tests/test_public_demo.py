"""The demo articles (publishing/demo.py), seen as the public sees them."""

import pytest
from django.core.management import call_command

from publishing import queries
from publishing.models import Article

pytestmark = pytest.mark.django_db


def seed(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_publishes_articles_in_both_languages(settings):
    seed(settings)
    assert queries.published("ru").count() >= 2
    assert queries.published("en").count() >= 2


def test_demo_links_some_articles_as_translations_of_each_other(settings):
    seed(settings)
    article = queries.published("ru").get(title__startswith="Волонтёры провели занятие")
    assert [version.language for version in queries.public_translations(article)] == ["en"]


def test_demo_has_a_scheduled_article_and_a_draft_that_stay_private(settings):
    seed(settings)
    # The rescue report's draft translation is tested with the report (demo/tests).
    articles = Article.objects.exclude(kind=Article.Kind.RESCUE_REPORT)
    assert sum(article.is_scheduled for article in articles) == 1
    assert articles.filter(status=Article.Status.DRAFT).count() == 1
    public = set(queries.published().values_list("pk", flat=True))
    assert articles.exclude(pk__in=public).count() == 2


def test_demo_articles_are_written_by_the_demo_editor(settings):
    seed(settings)
    assert set(Article.objects.values_list("author__email", flat=True)) == {"editor@demo.svoboda"}


def test_running_the_demo_twice_adds_no_articles(settings):
    seed(settings)
    count = Article.objects.count()
    seed(settings)
    assert Article.objects.count() == count


def test_demo_article_pages_and_feeds_work(client, settings):
    seed(settings)
    for article in queries.published():
        assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/ru/feeds/rss/").status_code == 200
