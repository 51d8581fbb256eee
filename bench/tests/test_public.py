"""The public pages' benchmark (bench.public) and its content (bench.articles), without timing
anything or starting a server."""

import random

import pytest
from django.db.models import Count

from bench import public
from bench.articles import seed_articles
from bench.figures import REQUESTS_PER_S
from bench.harness import Context
from bench.users import branches
from publishing.models import Article, Event, ProgrammeItem

pytestmark = pytest.mark.django_db


def rng():
    return random.Random(7)  # nosec B311 # noqa: S311 (seeded on purpose: the same content every run)


@pytest.fixture
def seeded():
    branches()
    return seed_articles(scale=1000, rng=rng(), out=lambda message: None)


def test_seed_writes_public_articles_in_both_languages_with_tags_and_events(seeded):
    assert seeded["articles"] == Article.objects.count() >= 200
    public_by_language = dict(
        public.queries.published()
        .order_by()
        .values_list("language")
        .annotate(n=Count("pk"))
        .values_list("language", "n")
    )
    assert public_by_language["ru"] > 50 and public_by_language["en"] > 50
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    assert Article.tags.through.objects.count() == seeded["article_tags"] > 0
    assert Event.objects.count() == seeded["events"] and ProgrammeItem.objects.exists()
    article = public.queries.published("ru").first()
    assert len(article.body) > 1000 and "<h2>" in article.body_html
    years = {date.year for date in Article.objects.values_list("publish_at", flat=True) if date}
    assert len(years) >= 4


def test_the_same_seed_writes_the_same_articles(seeded):
    first = list(Article.objects.order_by("pk").values_list("title", "language", "status"))
    Article.tags.through.objects.all().delete()
    Article.objects.all().delete()
    ProgrammeItem.objects.all().delete()
    Event.objects.all().delete()
    seed_articles(scale=1000, rng=rng(), out=lambda message: None)
    assert list(Article.objects.order_by("pk").values_list("title", "language", "status")) == (
        first
    )


def test_a_second_seed_leaves_the_articles_alone(seeded):
    again = seed_articles(scale=1000, rng=rng(), out=lambda message: None)
    assert again["articles"] == seeded["articles"] == Article.objects.count()


def test_the_measured_pages_answer_and_have_the_figures_keys(seeded, client):
    measured = public.pages()
    assert [key for key, _label, _path in measured] == [
        "public.home",
        "public.article_list",
        "public.article",
        "public.category_feed",
    ]
    for _key, _label, path in measured:
        assert client.get(path).status_code == 200


def test_the_floor_file_is_the_page_itself(tmp_path):
    body = "Новость".encode() * 1000
    path = public.write_floor(tmp_path, "public.article_list", body)
    assert path.read_bytes() == body
    assert path.suffix == ".html" and path.is_relative_to(tmp_path / public.FLOOR_DIR)


def test_a_figure_is_the_pages_rate_beside_the_static_files():
    page = {"rate": 600.0, "ok": 3000, "errors": 1, "statuses": {"200": 3000, "None": 1}}
    page |= {"p50_ms": 5.0, "p95_ms": 9.0}
    floor = {"rate": 1500.0, "ok": 7500, "errors": 0, "statuses": {"200": 7500}}
    floor |= {"p50_ms": 2.0, "p95_ms": 4.0}
    figure = public.figure(
        "public.home", "Home page", page, floor, size=123, clients=8, seconds=5, workers=3
    )
    assert figure.unit == REQUESTS_PER_S
    assert (figure.value, figure.floor, figure.ratio) == (600.0, 1500.0, 2.5)
    assert figure.met is False  # less than half the static rate
    assert figure.details["errors"] == 1 and figure.details["bytes"] == 123
    assert figure.details["p95_ms"] == 9.0 and figure.details["floor_p95_ms"] == 4.0


def test_chunked_bodies_are_read_whole():
    assert public._unchunk(b"4\r\nWiki\r\n6\r\npedia \r\n0\r\n\r\n") == b"Wikipedia "


def test_a_server_that_does_not_start_gives_figures_that_say_why(
    seeded, monkeypatch, settings, tmp_path
):
    def refuse(**kwargs):
        raise public.server.ServerError("gunicorn exited with 3")

    settings.STATIC_ROOT = tmp_path
    monkeypatch.setattr(public, "_ensure_static", lambda static_root: None)
    monkeypatch.setattr(public.server, "gunicorn", refuse)
    context = Context(scale=1000, out=lambda message: None)
    figures = public.measure(context)
    assert [figure.key for figure in figures][:2] == ["public.home", "public.article_list"]
    assert all(figure.details["error"] == "gunicorn exited with 3" for figure in figures)
    assert all(figure.met is None for figure in figures)
