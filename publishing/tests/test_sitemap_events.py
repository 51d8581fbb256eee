"""/sitemap.xml lists every published event, in each language, at its public address, with the
day it last changed and its published versions in the other language."""

import datetime
from urllib.parse import quote

import pytest
from django.utils import timezone

from publishing import event_actions
from publishing.models import Event
from publishing.tests.event_factories import EventFactory, in_days
from publishing.tests.test_sitemap import NS, alternates, locations, sitemap

pytestmark = pytest.mark.django_db


def public(**fields):
    return EventFactory(is_published=True, **fields)


def address(event):
    return f"http://testserver{event.get_absolute_url()}"


def lastmod(tree, location):
    for url in tree.findall("s:url", NS):
        if url.find("s:loc", NS).text == location:
            return url.find("s:lastmod", NS).text
    raise AssertionError(location)


def test_published_events_in_both_languages_are_listed_at_their_public_addresses(client):
    ru = public(slug="kruglyj-stol")
    en = public(slug="round-table", language="en", title="Round table")
    found = locations(sitemap(client))
    assert "http://testserver/ru/events/kruglyj-stol/" in found
    assert "http://testserver/en/events/round-table/" in found
    assert address(ru) in found and address(en) in found


def test_past_events_stay_listed(client):
    event = public(starts_at=in_days(-60), ends_at=in_days(-60) + datetime.timedelta(hours=2))
    assert address(event) in locations(sitemap(client))


def test_an_unpublished_event_is_never_listed(client):
    event = EventFactory(slug="ne-opublikovano")
    assert address(event) not in locations(sitemap(client))


def test_an_event_address_in_cyrillic_is_listed_encoded(client):
    event = public(slug="круглый-стол")
    location = f"http://testserver/ru/events/{quote('круглый-стол')}/"
    assert location == address(event)
    assert location in locations(sitemap(client))


def test_an_event_names_its_published_translation(client):
    ru = public(slug="kruglyj-stol")
    en = public(slug="round-table", language="en", group=ru.group)
    expected = {"ru": address(ru), "en": address(en)}
    assert alternates(sitemap(client), address(ru)) == expected
    assert alternates(sitemap(client), address(en)) == expected


def test_an_event_without_a_published_translation_names_no_alternate(client):
    ru = public(slug="kruglyj-stol")
    EventFactory(slug="round-table", language="en", group=ru.group)
    assert alternates(sitemap(client), address(ru)) == {}


def test_lastmod_is_the_day_the_event_last_changed(client):
    event = public()
    Event.objects.filter(pk=event.pk).update(
        updated_at=datetime.datetime(2025, 1, 15, 12, tzinfo=datetime.UTC)
    )
    assert lastmod(sitemap(client), address(event)) == "2025-01-15"


def test_a_programme_change_moves_lastmod(client, editor):
    event = public()
    Event.objects.filter(pk=event.pk).update(
        updated_at=datetime.datetime(2025, 1, 15, 12, tzinfo=datetime.UTC)
    )
    event_actions.add_programme_item(
        actor=editor, event=event, starts_at=event.starts_at, title="Открытие"
    )
    assert lastmod(sitemap(client), address(event)) == timezone.localdate().isoformat()
