"""Articles and events written in the workspace, published, and read on the public site and in
the feeds. Their Markdown texts are sanitised (nh3): there the proof is that nothing outside the
sanitiser's short list of elements, attributes and URL schemes reaches the page."""

import re

import pytest
from django.urls import reverse

from publishing.models import Article, Category, Event
from svoboda.tests.injection.checks import (
    LEDGER,
    check_feed,
    check_html,
    check_sanitised,
    fill_named,
    only,
    tally,
    visit,
)

pytestmark = pytest.mark.django_db

ARTICLES = 4


def sentinels(name):
    """Words around a Markdown text, so that its rendering can be cut out of a page."""
    return f"Mdopen{name}zz", f"Mdclose{name}zz"


def rendering(name):
    opening, closing = sentinels(name)
    # A payload like <plaintext> turns the rest into escaped text, closing sentinel included.
    return re.compile(rf"<p>{opening}</p>(.*?){closing}.*?</p>", re.S)


def markdown_text(area, name):
    """Every payload, each in a paragraph of its own, between the sentinels."""
    value, payload_ids = LEDGER.pack(f"{area}.{name}", None, separator="\n\n", in_order=True)
    opening, closing = sentinels(name)
    return f"{opening}\n\n{value}\n\n{closing}", payload_ids


def cut_markdown(html, area, name, payload_ids, *, where):
    """Check the rendered Markdown in a page and return the page without it."""
    fragments = rendering(name).findall(html)
    assert fragments, f"{where}: rendered text not found"
    count = 0
    for fragment in fragments:
        count += check_sanitised(fragment, payload_ids, f"{area}.{name}", where=where)
    return rendering(name).sub("", html), count


def test_articles_on_the_public_site_and_in_feeds(client, editor):
    area = "news"
    client.force_login(editor)
    category = Category.objects.get(slug="forced-labour")
    made = []
    for number in range(ARTICLES):
        body, body_ids = markdown_text(area, "body") if number == 0 else ("Plain text.", [])
        data, expected = fill_named(
            area,
            {"title": 200, "summary": 500, "source_name": 200},
            {"language": "en", "kind": "news", "category": category.pk, "slug": "", "tags": ""},
        )
        data["body"] = body
        response = client.post(reverse("publishing:article-new"), data)
        assert response.status_code == 302, response.context["form"].errors
        article = Article.objects.latest("pk")
        publish = client.post(reverse("publishing:article-publish", args=[article.pk]), {})
        assert publish.status_code == 302
        made.append((article, expected, body_ids))

    listed = {}
    for article, expected, body_ids in made:
        for name, ids in only(expected, "title", "summary").items():
            listed.setdefault(name, []).extend(ids)
        url = reverse("news:article", args=[article.slug])
        public = client.get(url).content.decode()
        workspace_url = reverse("publishing:article-detail", args=[article.pk])
        workspace = client.get(workspace_url).content.decode()
        for page, html in (("public article", public), ("article page", workspace)):
            if body_ids:
                html, count = cut_markdown(html, area, "body", body_ids, where=page)
                tally(area, page, count)
            shown = only(expected, "title", "summary")
            tally(area, page, check_html(html, shown, where=f"{page} {url}"))
    visit(client, "/en/news/", listed, area=area, page="public news list")
    category_url = reverse("news:category", args=[category.slug])
    visit(client, category_url, listed, area=area, page="public category page")

    titles = listed[f"{area}.title"]
    for feed in ("/en/feeds/rss/", "/en/feeds/atom/"):
        response = client.get(feed)
        assert response.status_code == 200
        count, descriptions = check_feed(response.content, titles, f"{area}.title", where=feed)
        tally(area, "feed " + feed.split("/")[-2], count)
        # A description is HTML to a feed reader (RSS by custom, Atom by its type="html"): the
        # summaries must be escaped text in it, as on a page.
        html = "<p>" + " ".join(descriptions) + "</p>"
        summaries = {f"{area}.summary": listed[f"{area}.summary"]}
        tally(area, "feed " + feed.split("/")[-2], check_html(html, summaries, where=feed))


def test_the_public_search_shows_the_query_as_text(client):
    data, expected = fill_named("search", {"q": None})
    response = client.get("/en/news/search/", {"q": data["q"]})
    assert response.status_code == 200
    tally(
        "search", "public search", check_html(response.content.decode(), expected, where="search")
    )


def test_events_and_their_programme_on_the_public_site(client, editor):
    area = "events"
    client.force_login(editor)
    texts = {}
    data, expected = fill_named(
        area,
        {"title": 200, "summary": 500, "venue": 200, "address": 300, "organisers": 300},
        {
            "language": "en",
            "kind": "round_table",
            "slug": "",
            "starts_at": "2031-05-01T11:00",
            "ends_at": "2031-05-01T15:00",
            "co_organisers": "",
        },
    )
    for name in ("description", "materials", "report"):
        data[name], texts[name] = markdown_text(area, name)
    data["participants"] = ""
    response = client.post(reverse("workspace-events:event-new"), data)
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.latest("pk")
    items = {}
    for hour in range(11, 15):
        item, item_expected = fill_named(
            f"{area}-programme",
            {"title": 300, "speaker_name": 200, "speaker_organisation": 200},
            {"starts_at": f"2031-05-01T{hour}:00", "ends_at": f"2031-05-01T{hour}:30"},
        )
        url = reverse("workspace-events:programme-add", args=[event.pk])
        assert client.post(url, item).status_code == 302
        for name, ids in item_expected.items():
            items.setdefault(name, []).extend(ids)
    assert (
        client.post(reverse("workspace-events:event-publish", args=[event.pk])).status_code == 302
    )
    event.refresh_from_db()

    public_url = reverse("events:event", args=[event.slug])
    workspace_url = reverse("workspace-events:event-detail", args=[event.pk])
    for page, url in (("public event page", public_url), ("event page", workspace_url)):
        html = client.get(url).content.decode()
        for name, ids in texts.items():
            html, count = cut_markdown(html, area, name, ids, where=f"{page} {name}")
            tally(area, page, count)
        tally(area, page, check_html(html, {**expected, **items}, where=page))
    listed = only(expected, "title", "summary")
    visit(client, reverse("events:list"), listed, area=area, page="public event list")
