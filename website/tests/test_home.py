import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


class TextAndLinks(HTMLParser):
    """Visible text nodes and every URL a page would load or link to."""

    def __init__(self):
        super().__init__()
        self.texts, self.urls, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data.strip())


def parse(response):
    parser = TextAndLinks()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.parametrize(("accept", "expected"), [("en-GB,en;q=0.9", "/en/"), ("ru", "/ru/")])
def test_root_redirects_by_the_browsers_language(client, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response.url == expected


def test_root_falls_back_to_russian_for_other_languages(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de").url == "/ru/"


@pytest.mark.parametrize(
    ("prefix", "lang", "heading"),
    [
        ("/ru/", "ru", "Никто не должен принадлежать другому человеку"),
        ("/en/", "en", "Nobody should be owned by another person"),
    ],
)
def test_language_prefix_sets_the_language_of_the_page(client, prefix, lang, heading):
    response = client.get(prefix, HTTP_ACCEPT_LANGUAGE="de")
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert heading in html


def test_language_switcher_links_to_the_same_page_in_the_other_language(client):
    links = parse(client.get("/ru/")).urls
    assert "/en/" in links
    with translation.override("en"):
        assert reverse("public:home") in links


def test_page_names_its_other_language_versions_for_search_engines(client):
    html = client.get("/en/").content.decode()
    assert '<link rel="alternate" hreflang="ru" href="/ru/">' in html


def test_russian_home_page_has_no_untranslated_interface_strings(client):
    """Every visible text is Russian; language names in the switcher are in their own language."""
    texts = parse(client.get("/ru/")).texts
    own_language_names = {"English"}
    english = [t for t in texts if re.search(r"[A-Za-z]{3,}", t) and t not in own_language_names]
    assert english == []


def test_home_page_loads_nothing_from_other_hosts(client):
    for url in parse(client.get("/en/")).urls:
        assert not re.match(r"^(https?:)?//", url), url


def test_home_page_has_the_sections_later_features_fill(client):
    html = client.get("/en/").content.decode()
    for section in ("help", "news", "events", "volunteer"):
        assert f'id="{section}"' in html


def test_unknown_public_page_is_a_translated_404(client):
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()
