"""The "Add to calendar" file: one valid VEVENT a calendar can import, and import again."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from publishing import event_actions
from publishing.tests.event_factories import EventFactory, ProgrammeItemFactory, in_days

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def event(db):
    starts_at = in_days(30, hour=11)
    event = EventFactory(
        is_published=True,
        title="Современное рабство: профилактика и спасение",
        slug="современное-рабство",
        summary="Как распознать принудительный труд; и что делать.",
        starts_at=starts_at,
        ends_at=starts_at + 4 * HOUR,
    )
    ProgrammeItemFactory(
        event=event,
        starts_at=starts_at + HOUR,
        ends_at=starts_at + 2 * HOUR,
        title="Вербовка через соцсети",
        speaker_name="Мария Иванова",
        speaker_organisation="Центр «Открытая дверь»",
    )
    ProgrammeItemFactory(
        event=event, starts_at=starts_at, title="Открытие", speaker_name="", speaker_organisation=""
    )
    return event


def download(client, event):
    return client.get(event.get_absolute_url() + "event.ics")


def vevent(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    [component] = calendar.walk("VEVENT")
    return component


def test_the_file_is_a_calendar_download(client, event):
    response = download(client, event)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%D1%81" in response["Content-Disposition"]


def test_the_calendar_holds_one_event(client, event):
    calendar = icalendar.Calendar.from_ical(download(client, event).content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert len(calendar.walk("VEVENT")) == 1


def test_the_times_are_the_event_times_in_utc(client, event):
    component = vevent(download(client, event))
    assert component.decoded("DTSTART") == event.starts_at
    assert component.decoded("DTEND") == event.ends_at
    assert component.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert b"DTSTART:" in download(client, event).content
    assert component.decoded("DTSTAMP") <= timezone.now()


def test_the_summary_location_and_address_are_the_event_s(client, event):
    component = vevent(download(client, event))
    assert str(component["SUMMARY"]) == event.title
    assert str(component["LOCATION"]) == "Дом журналиста, Москва, Никитский бульвар, 8а"
    assert str(component["URL"]) == "http://testserver" + event.get_absolute_url()


def test_the_description_holds_the_summary_and_the_programme(client, event, settings):
    settings.TIME_ZONE = "UTC"
    start = timezone.localtime(event.starts_at)
    description = str(vevent(download(client, event))["DESCRIPTION"])
    lines = description.splitlines()
    assert lines[0] == "Как распознать принудительный труд; и что делать."
    opening = f"{start:%H:%M} Открытие"
    talk = (
        f"{start + HOUR:%H:%M}–{start + 2 * HOUR:%H:%M} Вербовка через соцсети"
        " — Мария Иванова, Центр «Открытая дверь»"
    )
    assert lines.index(opening) < lines.index(talk)
    assert lines[-1] == "http://testserver" + event.get_absolute_url()


def test_the_uid_is_the_same_for_every_download_and_change(client, event, editor):
    first = vevent(download(client, event))["UID"]
    event_actions.update_event(actor=editor, event=event, venue="Онлайн")
    again = vevent(download(client, event))
    assert again["UID"] == first == f"{event.group}-ru@svoboda"
    assert str(again["LOCATION"]).startswith("Онлайн")


def test_each_language_version_has_its_own_uid(client, event):
    english = EventFactory(
        is_published=True, language="en", group=event.group, slug="modern-slavery"
    )
    assert vevent(download(client, english))["UID"] == f"{event.group}-en@svoboda"


def test_an_event_without_an_end_ends_with_its_programme(client, event):
    event.ends_at = None
    event.save()
    assert vevent(download(client, event)).decoded("DTEND") == event.starts_at + 2 * HOUR


def test_an_event_without_an_end_or_a_timed_programme_has_no_end(client):
    event = EventFactory(is_published=True, ends_at=None)
    component = vevent(download(client, event))
    assert "DTEND" not in component
    assert component.decoded("DTSTART") == event.starts_at


def test_a_programme_over_several_days_names_the_days(client, settings):
    settings.TIME_ZONE = "UTC"
    starts_at = in_days(30, hour=10)
    event = EventFactory(
        is_published=True, language="en", starts_at=starts_at, ends_at=starts_at + 30 * HOUR
    )
    ProgrammeItemFactory(event=event, starts_at=starts_at + 24 * HOUR, title="Day two")
    description = str(vevent(download(client, event))["DESCRIPTION"])
    day_two = timezone.localtime(starts_at + 24 * HOUR)
    assert f"{day_two:%m/%d/%Y} 10 a.m. Day two" in description


def test_a_past_event_can_still_be_downloaded(client):
    event = EventFactory(is_published=True, starts_at=in_days(-30), ends_at=in_days(-30) + HOUR)
    assert download(client, event).status_code == 200
