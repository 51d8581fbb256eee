"""The demo events: a round table ahead and a training behind, each in both languages."""

import pytest
from django.utils import timezone

from accounts import demo as accounts_demo
from publishing import event_queries
from publishing.event_demo import seed_events
from publishing.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    said = []
    accounts_demo.seed_demo(said.append)
    seed_events(said.append)
    return said


def test_one_upcoming_and_one_past_event_in_each_language(seeded):
    for language in ("ru", "en"):
        [upcoming] = event_queries.upcoming(language)
        [past] = event_queries.past(language)
        assert upcoming.kind == Event.Kind.ROUND_TABLE
        assert upcoming.starts_at > timezone.now()
        assert past.report


def test_the_versions_are_linked_to_each_other(seeded):
    for slug in ("modern-slavery-prevention-and-rescue", "training-for-help-line-volunteers"):
        english = Event.objects.get(language="en", slug=slug)
        [russian] = event_queries.public_versions(english)
        assert russian.language == "ru"


def test_the_round_table_has_a_programme_of_four_speakers(seeded):
    round_table = Event.objects.get(slug="modern-slavery-prevention-and-rescue")
    programme = list(round_table.programme.all())
    assert len(programme) == 4
    assert all(item.speaker_name and item.speaker_organisation for item in programme)


def test_the_demo_pages_open(client, seeded):
    for event in Event.objects.all():
        assert client.get(event.get_absolute_url()).status_code == 200
        assert client.get(event.get_absolute_url() + "event.ics").status_code == 200


def test_seeding_again_adds_nothing(seeded):
    count = Event.objects.count()
    said = []
    seed_events(said.append)
    assert Event.objects.count() == count
    assert said == ["demo events already in place"]
