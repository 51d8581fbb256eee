"""The public event pages: upcoming and past events of the page's language, one event with its
programme and report, its other language version, and nothing unpublished."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from publishing.models import Event
from publishing.tests.event_factories import EventFactory, ProgrammeItemFactory, in_days

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
LIST_URL = "/ru/events/"


def published(**fields):
    return EventFactory(is_published=True, **fields)


def titles(events):
    return [event.title for event in events]


# The list.


def test_upcoming_events_come_soonest_first(client):
    later = published(starts_at=in_days(20))
    sooner = published(starts_at=in_days(2))
    response = client.get(LIST_URL)
    assert list(response.context["upcoming"]) == [sooner, later]


def test_past_events_come_latest_first(client):
    older = published(starts_at=in_days(-40))
    recent = published(starts_at=in_days(-5))
    response = client.get(LIST_URL)
    assert list(response.context["past"].object_list) == [recent, older]


def test_an_event_on_now_is_upcoming_until_it_ends(client):
    ongoing = published(starts_at=timezone.now() - 2 * HOUR, ends_at=timezone.now() + HOUR)
    ended = published(starts_at=timezone.now() - 3 * HOUR, ends_at=timezone.now() - HOUR)
    response = client.get(LIST_URL)
    assert list(response.context["upcoming"]) == [ongoing]
    assert list(response.context["past"].object_list) == [ended]


def test_an_event_without_an_end_is_upcoming_on_its_day_only(client):
    today = published(starts_at=timezone.now(), ends_at=None)
    two_days_ago = published(starts_at=in_days(-2), ends_at=None)
    response = client.get(LIST_URL)
    assert list(response.context["upcoming"]) == [today]
    assert list(response.context["past"].object_list) == [two_days_ago]


def test_the_list_shows_only_published_events_of_its_language(client):
    shown = published(language="ru")
    published(language="en", title="Hearing in English", slug="hearing")
    EventFactory(title="Черновик")
    html = client.get(LIST_URL).content.decode()
    assert shown.title in html
    assert "Hearing in English" not in html
    assert "Черновик" not in html


def test_the_english_list_shows_english_events(client):
    published(language="en", title="Round table", slug="round-table")
    response = client.get("/en/events/")
    assert titles(response.context["upcoming"]) == ["Round table"]
    assert "Round table" in response.content.decode()


def test_the_list_links_to_each_event(client):
    event = published()
    assert f'href="{event.get_absolute_url()}"' in client.get(LIST_URL).content.decode()


def test_past_events_are_paginated_without_the_upcoming_on_later_pages(client):
    published(starts_at=in_days(3))
    for days_ago in range(1, 13):
        published(starts_at=in_days(-7 * days_ago))
    first = client.get(LIST_URL)
    assert len(first.context["past"].object_list) == 10
    assert len(first.context["upcoming"]) == 1
    second = client.get(LIST_URL, {"page": 2})
    assert len(second.context["past"].object_list) == 2
    assert second.context["upcoming"] is None
    assert "Upcoming" not in second.content.decode()


def test_an_empty_list_says_so(client):
    html = client.get("/en/events/").content.decode()
    assert "No events are announced yet" in html
    assert "No past events yet" in html


def test_the_number_of_queries_does_not_grow_with_the_events(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    published(starts_at=in_days(2))
    published(starts_at=in_days(-2))
    client.get(LIST_URL)
    with django_assert_max_num_queries(3) as few:
        client.get(LIST_URL)
    for days in range(3, 12):
        published(starts_at=in_days(days))
        published(starts_at=in_days(-days))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(LIST_URL)
    assert len(response.context["upcoming"]) == 10


# One event.


@pytest.fixture
def round_table(db):
    """A published round table in Russian, with a programme, participants and texts."""
    starts_at = in_days(30, hour=11)
    event = published(
        title="Современное рабство: профилактика и спасение",
        slug="современное-рабство",
        summary="Как распознать принудительный труд.",
        description="Обсуждаем **профилактику**.<script>alert(1)</script>",
        starts_at=starts_at,
        ends_at=starts_at + 4 * HOUR,
        co_organisers="Фонд «Открытая дверь»",
        participants="Анна Смирнова, Центр «Право»\n\nИван Петров, Фонд «Дорога домой»\n",
        materials="[Презентация](https://example.org/slides.pdf)",
        report="",
    )
    ProgrammeItemFactory(
        event=event,
        starts_at=starts_at + HOUR,
        ends_at=starts_at + 2 * HOUR,
        title="Вербовка через соцсети",
        speaker_name="Мария Иванова",
        speaker_organisation="Центр «Открытая дверь»",
    )
    ProgrammeItemFactory(event=event, starts_at=starts_at, title="Открытие")
    return event


def test_the_event_page_shows_what_a_visitor_needs(client, round_table):
    response = client.get(round_table.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        round_table.title,
        round_table.get_kind_display(),
        "Дом журналиста",
        "Москва, Никитский бульвар, 8а",
        "Движение «Свобода»",
        "Фонд «Открытая дверь»",
        "Анна Смирнова, Центр «Право»",
        "Иван Петров, Фонд «Дорога домой»",
        "<strong>профилактику</strong>",
        '<a href="https://example.org/slides.pdf" rel="noopener noreferrer nofollow">',
    ]:
        assert text in html, text
    assert "<script>" not in html


def test_the_programme_is_in_time_order_with_speakers(client, round_table):
    response = client.get(round_table.get_absolute_url())
    assert titles(response.context["programme"]) == ["Открытие", "Вербовка через соцсети"]
    html = response.content.decode()
    assert html.index("Открытие") < html.index("Вербовка через соцсети")
    assert "Мария Иванова" in html
    assert "Центр «Открытая дверь»" in html


def test_times_are_shown_in_the_site_time_zone(client, settings):
    settings.TIME_ZONE = "Europe/Moscow"
    day = (timezone.now() + datetime.timedelta(days=30)).date()
    starts_at = datetime.datetime.combine(day, datetime.time(8, 0), tzinfo=datetime.UTC)
    event = published(starts_at=starts_at, ends_at=starts_at + 2 * HOUR)
    text = re.sub(r"<[^>]+>", "", client.get(event.get_absolute_url()).content.decode())
    assert "11:00–13:00" in text  # UTC+3
    assert "Europe/Moscow" in text


def test_dates_are_written_in_the_page_language(client, round_table):
    html = client.get(round_table.get_absolute_url()).content.decode()
    month = timezone.localtime(round_table.starts_at).month
    genitive = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                "сентября", "октября", "ноября", "декабря"]  # fmt: skip
    assert genitive[month - 1] in html


def test_the_report_appears_once_written(client, round_table):
    assert "Report" not in client.get(round_table.get_absolute_url()).content.decode()
    round_table.report = "Пришли **сорок** человек."
    round_table.save()
    html = client.get(round_table.get_absolute_url()).content.decode()
    assert "<strong>сорок</strong>" in html


def test_a_past_event_says_it_is_over(client):
    event = published(language="en", slug="past", starts_at=in_days(-10))
    assert "This event is over." in client.get(event.get_absolute_url()).content.decode()


def test_the_page_links_to_its_calendar_file(client, round_table):
    html = client.get(round_table.get_absolute_url()).content.decode()
    assert f'href="{round_table.get_absolute_url()}event.ics"' in html


def test_a_cyrillic_address_works(client, round_table):
    assert round_table.get_absolute_url() == (
        "/ru/events/%D1%81%D0%BE%D0%B2%D1%80%D0%B5%D0%BC%D0%B5%D0%BD%D0%BD%D0%BE%D0%B5-"
        "%D1%80%D0%B0%D0%B1%D1%81%D1%82%D0%B2%D0%BE/"
    )
    assert client.get(round_table.get_absolute_url()).status_code == 200


# Language versions.


@pytest.fixture
def english(round_table):
    return published(
        language="en",
        group=round_table.group,
        title="Modern slavery: prevention and rescue",
        slug="modern-slavery",
        starts_at=round_table.starts_at,
        ends_at=round_table.ends_at,
    )


def test_the_page_links_to_the_published_version_in_the_other_language(
    client, round_table, english
):
    html = client.get(round_table.get_absolute_url()).content.decode()
    assert f'href="{english.get_absolute_url()}" hreflang="en" lang="en"' in html


def test_an_unpublished_version_is_not_linked(client, round_table, english):
    english.is_published = False
    english.save()
    html = client.get(round_table.get_absolute_url()).content.decode()
    assert english.get_absolute_url() not in html
    assert english.title not in html


def test_the_alternates_name_each_version_by_its_own_address(client, round_table, english):
    response = client.get(round_table.get_absolute_url())
    alternates = {row["code"]: row for row in response.context["language_alternates"]}
    assert alternates["ru"]["url"] == round_table.get_absolute_url()
    assert alternates["ru"]["is_current"]
    assert alternates["en"]["url"] == "/en/events/modern-slavery/"
    assert not alternates["en"]["is_fallback"]


def test_without_a_version_the_other_language_falls_back_to_its_list(client, round_table):
    response = client.get(round_table.get_absolute_url())
    alternates = {row["code"]: row for row in response.context["language_alternates"]}
    assert alternates["en"]["url"] == "/en/events/"
    assert alternates["en"]["is_fallback"]


# Nothing unpublished, nothing in the wrong language.


@pytest.mark.parametrize("suffix", ["", "event.ics"])
def test_an_unpublished_event_is_not_found(client, suffix):
    event = EventFactory(slug="draft")
    assert client.get(f"/ru/events/draft/{suffix}").status_code == 404
    event.is_published = True
    event.save()
    assert client.get(f"/ru/events/draft/{suffix}").status_code == 200


@pytest.mark.parametrize("suffix", ["", "event.ics"])
def test_an_event_is_not_found_under_the_other_language(client, suffix):
    published(language="ru", slug="round-table")
    assert client.get(f"/en/events/round-table/{suffix}").status_code == 404


def test_an_unknown_address_is_not_found(client):
    assert client.get("/ru/events/no-such-event/").status_code == 404


# Without JavaScript, and from this site only.


class Resources(HTMLParser):
    """What a browser would load to show the page."""

    def __init__(self):
        super().__init__()
        self.loaded, self.scripts = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag in ("img", "iframe", "script", "audio", "video", "source", "embed"):
            self.loaded.append(attrs.get("src") or "")
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon", "preload", "manifest"):
            self.loaded.append(attrs.get("href") or "")
        if "style" in attrs and "url(" in attrs["style"]:
            self.loaded.append(attrs["style"])


@pytest.mark.parametrize("page", ["list", "event"])
def test_event_pages_need_no_script_and_load_nothing_from_other_hosts(client, round_table, page):
    url = LIST_URL if page == "list" else round_table.get_absolute_url()
    parser = Resources()
    parser.feed(client.get(url).content.decode())
    assert parser.scripts == 0
    assert parser.loaded
    for resource in parser.loaded:
        assert not re.match(r"^(https?:)?//", resource), resource


def test_kinds_are_named_in_the_page_language(client):
    published(kind=Event.Kind.CONFERENCE, language="en", slug="conference")
    assert "Conference" in client.get("/en/events/conference/").content.decode()
