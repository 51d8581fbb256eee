"""What every help page shares: quick exit, no trace in caches or referrers, no other hosts."""

import re
import uuid
from html.parser import HTMLParser

import pytest
from django.core.cache import cache

from intake.models import HelpRequest
from intake.tests.factories import FollowUpCodeFactory, HelpRequestFactory

pytestmark = pytest.mark.django_db

QUICK_EXIT = "https://www.google.com/search?q=weather"
CODE = "apple river stone cloud lamp"


@pytest.fixture(autouse=True)
def empty_rate_limits():
    cache.clear()
    yield
    cache.clear()


class Links(HTMLParser):
    """Every URL a page would load or link to, and the quick-exit links."""

    def __init__(self):
        super().__init__()
        self.urls, self.quick_exits, self.metas = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.urls += [attrs[name] for name in ("src", "href", "action") if attrs.get(name)]
        if "data-quick-exit" in attrs:
            self.quick_exits.append(attrs.get("href"))
        if tag == "meta":
            self.metas.append((attrs.get("name"), attrs.get("content")))


def parse(response):
    links = Links()
    links.feed(response.content.decode())
    return links


def request_form(client, prefix):
    return client.get(f"/{prefix}/help/")


def code_page(client, prefix):
    return client.post(
        f"/{prefix}/help/",
        {
            "submission_token": str(uuid.uuid4()),
            "writer_kind": HelpRequest.WriterKind.SELF,
            "danger": HelpRequest.Danger.NO,
            "situations": [HelpRequest.Situation.OTHER],
            "description": "Text",
            "no_contact": "on",
        },
    )


def invalid_form(client, prefix):
    return client.post(f"/{prefix}/help/", {"description": "Text"})


def code_form(client, prefix):
    return client.get(f"/{prefix}/help/follow-up/")


def wrong_code(client, prefix):
    return client.post(f"/{prefix}/help/follow-up/", {"code": "no such code"})


def thread(client, prefix):
    FollowUpCodeFactory(request=HelpRequestFactory(), code=CODE)
    client.post(f"/{prefix}/help/follow-up/", {"code": CODE})
    return client.get(f"/{prefix}/help/follow-up/")


PAGES = [request_form, code_page, invalid_form, code_form, wrong_code, thread]


@pytest.fixture(params=PAGES, ids=[visit.__name__ for visit in PAGES])
def visit(request):
    """One way of reaching a help page; named so as not to shadow Playwright's `page`."""
    return request.param


@pytest.mark.parametrize("prefix", ["ru", "en"])
def test_every_help_page_answers_in_its_language(client, visit, prefix):
    response = visit(client, prefix)
    assert response.status_code == 200
    assert f'<html lang="{prefix}">' in response.content.decode()


def test_every_help_page_has_a_quick_exit_link_to_a_neutral_site(client, visit):
    assert parse(visit(client, "ru")).quick_exits == [QUICK_EXIT]


def test_every_help_page_loads_and_links_nothing_from_other_hosts(client, visit):
    for url in parse(visit(client, "ru")).urls:
        assert url == QUICK_EXIT or not re.match(r"^(https?:)?//", url), url


def test_every_help_page_is_kept_out_of_caches(client, visit):
    assert "no-store" in visit(client, "ru")["Cache-Control"]


def test_no_help_page_sends_a_referer_at_all(client, visit):
    response = visit(client, "ru")
    assert response["Referrer-Policy"] == "no-referrer"
    assert ("referrer", "no-referrer") in parse(response).metas


def test_every_help_page_asks_search_engines_not_to_index_it(client, visit):
    metas = parse(visit(client, "ru")).metas
    assert any(name == "robots" and "noindex" in content for name, content in metas)


def test_every_help_page_loads_the_quick_exit_script_from_this_site(client, visit):
    assert '<script src="/static/js/quick-exit.js" defer></script>' in (
        visit(client, "ru").content.decode()
    )


def test_home_page_links_to_the_help_form_and_the_follow_up(client):
    urls = parse(client.get("/ru/")).urls
    assert "/ru/help/" in urls
    assert "/ru/help/follow-up/" in urls


def test_help_pages_write_no_ip_address_into_the_session(client):
    thread(client, "ru")
    assert "127.0.0.1" not in str(dict(client.session.items()))
