"""Synthetic events for tests, placed in time relative to now (no frozen clock)."""

import datetime

import factory
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from publishing.models import Event, ProgrammeItem


def in_days(days, hour=None):
    """A moment `days` from now (negative: in the past), optionally at a local hour."""
    moment = timezone.now() + datetime.timedelta(days=days)
    if hour is not None:
        moment = timezone.localtime(moment).replace(hour=hour, minute=0, second=0, microsecond=0)
    return moment


class EventFactory(factory.django.DjangoModelFactory):
    """An unpublished round table in Russian, ten days from now, three hours long."""

    class Meta:
        model = Event

    language = "ru"
    kind = Event.Kind.ROUND_TABLE
    title = factory.Sequence(lambda n: f"Круглый стол {n}")
    slug = factory.Sequence(lambda n: f"kruglyj-stol-{n}")
    summary = "Как распознать принудительный труд."
    starts_at = factory.LazyFunction(lambda: in_days(10, hour=11))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=3))
    venue = "Дом журналиста"
    address = "Москва, Никитский бульвар, 8а"
    organisers = "Движение «Свобода»"
    created_by = factory.SubFactory(UserFactory, roles=[Role.EDITOR])


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyAttribute(lambda item: item.event.starts_at)
    title = factory.Sequence(lambda n: f"Доклад {n}")
    speaker_name = "Мария Иванова"
    speaker_organisation = "Центр «Открытая дверь»"
