"""Events: announcing, addresses, language versions, changes, publishing and the programme, each
audited, and only by editors."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from publishing import event_actions
from publishing.models import Event, ProgrammeItem
from publishing.tests.event_factories import EventFactory, ProgrammeItemFactory, in_days
from svoboda.errors import DomainError

pytestmark = pytest.mark.django_db

NOT_EDITORS = ["administrator", "coordinator", "caseworker", "volunteer", "no role"]
HOUR = datetime.timedelta(hours=1)


def announce(actor, **fields):
    starts_at = in_days(14, hour=11)
    return event_actions.create_event(
        actor=actor,
        **{
            "language": "ru",
            "title": "Современное рабство: профилактика и спасение",
            "kind": Event.Kind.ROUND_TABLE,
            "starts_at": starts_at,
            "ends_at": starts_at + 4 * HOUR,
            "venue": "Дом журналиста",
            "organisers": "Движение «Свобода»",
            **fields,
        },
    )


def entries(verb, event=None):
    found = AuditEntry.objects.filter(verb=verb)
    if event is not None:
        found = found.filter(target_id=str(event.pk))
    return list(found)


# Announcing.


def test_an_editor_announces_an_unpublished_event(editor):
    event = announce(editor)
    assert not event.is_published
    assert event.created_by == editor
    assert Event.objects.get() == event


def test_announcing_is_audited_with_the_language(editor):
    event = announce(editor)
    [entry] = entries("publishing.event_created", event)
    assert entry.actor == editor
    assert entry.changes == {"language": "ru"}


def test_the_address_is_made_from_a_cyrillic_title(editor):
    event = announce(editor, title="Круглый стол о рабстве")
    assert event.slug == "круглый-стол-о-рабстве"


def test_an_address_given_by_the_editor_is_normalised(editor):
    event = announce(editor, slug="Round Table 2026")
    assert event.slug == "round-table-2026"


def test_a_taken_address_gets_a_number(editor):
    announce(editor, slug="round-table")
    assert announce(editor, slug="round-table").slug == "round-table-2"
    assert announce(editor, slug="round-table").slug == "round-table-3"


def test_the_same_address_is_free_in_another_language(editor):
    announce(editor, slug="round-table", language="ru")
    assert announce(editor, slug="round-table", language="en").slug == "round-table"


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_only_editors_announce_events(personas, persona):
    with pytest.raises(PermissionDenied):
        announce(personas[persona])
    assert not Event.objects.exists()
    assert not entries("publishing.event_created")


def test_an_event_ending_before_it_starts_is_refused(editor):
    starts_at = in_days(3, hour=11)
    with pytest.raises(ValidationError):
        announce(editor, starts_at=starts_at, ends_at=starts_at - HOUR)
    assert not Event.objects.exists()
    assert not entries("publishing.event_created")


def test_an_unexpected_field_is_a_programming_error(editor):
    with pytest.raises(TypeError):
        announce(editor, is_published=True)


# Language versions.


def test_a_translation_joins_the_original_group(editor):
    original = announce(editor)
    version = announce(editor, language="en", title="Modern slavery", translation_of=original)
    assert version.group == original.group
    assert version.language == "en"


def test_a_translation_in_the_same_language_is_refused(editor):
    original = announce(editor)
    with pytest.raises(DomainError):
        announce(editor, language="ru", title="Ещё раз", translation_of=original)
    assert Event.objects.count() == 1


def test_a_second_version_in_one_language_is_refused(editor):
    original = announce(editor)
    announce(editor, language="en", title="Modern slavery", translation_of=original)
    with pytest.raises(DomainError):
        announce(editor, language="en", title="Modern slavery again", translation_of=original)
    assert Event.objects.count() == 2
    assert len(entries("publishing.event_created")) == 2


# Changes.


def test_an_editor_changes_an_event(editor):
    event = announce(editor)
    event_actions.update_event(actor=editor, event=event, venue="Онлайн", address="")
    event.refresh_from_db()
    assert event.venue == "Онлайн"


def test_a_change_is_audited_with_the_changed_fields_only(editor):
    event = announce(editor)
    event_actions.update_event(
        actor=editor, event=event, venue="Онлайн", organisers=event.organisers
    )
    [entry] = entries("publishing.event_updated", event)
    assert entry.actor == editor
    assert entry.changes == {"fields": ["venue"]}


def test_saving_without_a_change_is_not_audited(editor):
    event = announce(editor)
    event_actions.update_event(actor=editor, event=event, venue=event.venue)
    assert not entries("publishing.event_updated")


def test_an_unpublished_event_may_change_its_address(editor):
    event = announce(editor, slug="old")
    announce(editor, slug="taken")
    event = event_actions.update_event(actor=editor, event=event, slug="taken")
    assert event.slug == "taken-2"


def test_an_empty_address_is_made_again_from_the_title(editor):
    event = announce(editor, slug="old", title="Новое название")
    event = event_actions.update_event(actor=editor, event=event, slug="")
    assert event.slug == "новое-название"


def test_a_published_event_keeps_its_address(editor):
    event = announce(editor, slug="old")
    event_actions.set_event_published(actor=editor, event=event, published=True)
    with pytest.raises(DomainError):
        event_actions.update_event(actor=editor, event=event, slug="new", venue="Онлайн")
    event.refresh_from_db()
    assert (event.slug, event.venue) == ("old", "Дом журналиста")
    assert not entries("publishing.event_updated")


def test_a_change_that_ends_the_event_before_it_starts_stores_nothing(editor):
    event = announce(editor)
    with pytest.raises(ValidationError):
        event_actions.update_event(
            actor=editor, event=event, venue="Онлайн", ends_at=event.starts_at - HOUR
        )
    event.refresh_from_db()
    assert event.venue == "Дом журналиста"
    assert not entries("publishing.event_updated")


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_only_editors_change_events(personas, persona):
    event = EventFactory()
    with pytest.raises(PermissionDenied):
        event_actions.update_event(actor=personas[persona], event=event, venue="Онлайн")
    event.refresh_from_db()
    assert event.venue == "Дом журналиста"


# Publishing.


def test_publishing_puts_the_event_on_the_public_site(editor):
    event = event_actions.set_event_published(actor=editor, event=EventFactory(), published=True)
    assert event.is_published
    [entry] = entries("publishing.event_published", event)
    assert entry.actor == editor


def test_unpublishing_takes_it_off(editor):
    event = EventFactory(is_published=True)
    event = event_actions.set_event_published(actor=editor, event=event, published=False)
    event.refresh_from_db()
    assert not event.is_published
    [entry] = entries("publishing.event_unpublished", event)
    assert entry.actor == editor


def test_publishing_a_published_event_changes_nothing(editor):
    event = EventFactory(is_published=True)
    event_actions.set_event_published(actor=editor, event=event, published=True)
    assert not entries("publishing.event_published")


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_only_editors_publish(personas, persona):
    event = EventFactory()
    with pytest.raises(PermissionDenied):
        event_actions.set_event_published(actor=personas[persona], event=event, published=True)
    event.refresh_from_db()
    assert not event.is_published


# The programme.


def add(actor, event, **fields):
    return event_actions.add_programme_item(
        actor=actor,
        event=event,
        **{
            "starts_at": event.starts_at,
            "title": "  Вступительное слово  ",
            "speaker_name": " Мария Иванова ",
            "speaker_organisation": "Центр «Открытая дверь»",
            **fields,
        },
    )


def test_an_item_is_added_inside_the_event(editor):
    event = EventFactory()
    item = add(editor, event, starts_at=event.starts_at + HOUR, ends_at=event.starts_at + 2 * HOUR)
    assert list(event.programme.all()) == [item]
    assert (item.title, item.speaker_name) == ("Вступительное слово", "Мария Иванова")
    [entry] = entries("publishing.programme_changed", event)
    assert entry.actor == editor


def test_an_item_may_start_when_the_event_ends(editor):
    event = EventFactory()
    add(editor, event, starts_at=event.ends_at)
    assert event.programme.count() == 1


@pytest.mark.parametrize(
    "offset", [-datetime.timedelta(minutes=1), 3 * HOUR + datetime.timedelta(minutes=1)]
)
def test_an_item_outside_the_event_is_refused(editor, offset):
    event = EventFactory()  # three hours long
    with pytest.raises(DomainError):
        add(editor, event, starts_at=event.starts_at + offset)
    assert not ProgrammeItem.objects.exists()
    assert not entries("publishing.programme_changed")


def test_an_event_without_an_end_takes_items_after_its_start(editor):
    event = EventFactory(ends_at=None)
    add(editor, event, starts_at=event.starts_at + 5 * HOUR)
    assert event.programme.count() == 1


def test_an_item_ending_before_it_starts_is_refused(editor):
    event = EventFactory()
    with pytest.raises(ValidationError):
        add(editor, event, starts_at=event.starts_at + HOUR, ends_at=event.starts_at)
    assert not ProgrammeItem.objects.exists()
    assert not entries("publishing.programme_changed")


def test_an_item_is_removed(editor):
    item = ProgrammeItemFactory()
    event = event_actions.remove_programme_item(actor=editor, item=item)
    assert not event.programme.exists()
    [entry] = entries("publishing.programme_changed", event)
    assert entry.actor == editor


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_only_editors_change_the_programme(personas, persona):
    item = ProgrammeItemFactory()
    with pytest.raises(PermissionDenied):
        add(personas[persona], item.event)
    with pytest.raises(PermissionDenied):
        event_actions.remove_programme_item(actor=personas[persona], item=item)
    assert list(ProgrammeItem.objects.all()) == [item]
    assert not entries("publishing.programme_changed")
