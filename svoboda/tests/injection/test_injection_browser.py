"""Chromium loads pages holding every payload: no dialog opens, no payload's script runs (the
payloads set window.__pwned or call alert), and the console has no error, not even a
Content-Security-Policy refusal: CSP is a second wall, and it must have nothing to stop. The
primary proof is the HTML parser's (the other test files here); this is the browser's word."""

import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cases.tests.factories import CaseFactory
from intake.models import HelpRequest
from intake.public_forms import HelpRequestForm
from publishing.models import Article, Category
from svoboda.tests.injection.checks import LEDGER, fill, fill_named

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch(page):
    problems = []

    def on_dialog(dialog):
        problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def on_console(message):
        # Chromium asks for /favicon.ico by itself; the site has none (not a payload's doing).
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            problems.append(f"console: {message.text} {message.location['url']}")

    def on_response(response):
        # An injected <img src=x> or <script src=...> would ask for it: every failure is listed.
        if response.status >= 400:
            problems.append(f"{response.status} {response.url}")

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("response", on_response)
    return problems


def signed_in(page, live_server, user):
    """The browser carries the session of a user signed in through Django's test client."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return client


def test_pages_holding_every_payload_run_none_of_them(
    live_server, page, coordinator, editor, branch
):
    writer = Client()
    data, _expected = fill(
        "browser-request",
        HelpRequestForm(),
        {
            "submission_token": str(uuid.uuid4()),
            "writer_kind": HelpRequest.WriterKind.SELF,
            "danger": HelpRequest.Danger.NO,
            "situations": [HelpRequest.Situation.FORCED_LABOUR],
            "no_contact": "on",
        },
        exclude=("website", "contact_handle", "safe_times"),
    )
    assert writer.post("/en/help/", data).status_code == 200
    help_request = HelpRequest.objects.get()

    staff = signed_in(page, live_server, coordinator)
    case = CaseFactory(branch=branch, created_by=coordinator)
    note, _expected = fill_named("browser-note", {"body": 20_000}, {"is_sensitive": ""})
    assert staff.post(reverse("cases:note-add", args=[case.pk]), note).status_code == 302

    editing = Client()
    editing.force_login(editor)
    body, _ids = LEDGER.pack("browser-article.body", None, separator="\n\n", in_order=True)
    article, _expected = fill_named(
        "browser-article",
        {"title": 200, "summary": 500},
        {
            "language": "en",
            "kind": "news",
            "category": Category.objects.get(slug="forced-labour").pk,
            "slug": "",
            "tags": "",
            "body": body,
        },
    )
    assert editing.post(reverse("publishing:article-new"), article).status_code == 302
    stored = Article.objects.get()
    assert editing.post(reverse("publishing:article-publish", args=[stored.pk])).status_code == 302
    search, _ids = LEDGER.pack("browser-search.q", None, everything=True)

    pages = [
        reverse("intake:request-detail", args=[help_request.pk]),
        reverse("intake:request-list"),
        reverse("cases:case-detail", args=[case.pk]),
        f"/en/news/{Article.objects.get().slug}/",
        "/en/news/",
    ]
    problems = watch(page)
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__pwned") == "undefined", path
    page.goto(f"{live_server.url}/en/news/search/?{_query(search)}")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert problems == []


def _query(text):
    from urllib.parse import urlencode

    return urlencode({"q": text})
