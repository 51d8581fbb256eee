"""Correcting one item of an event's programme on its own page in the workspace: only editors, only
an item of the event in the address, within the event's time, audited on the event, and shown on
the public page at once. A version in another language keeps its own copy of the programme."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from publishing import event_actions
from publishing.models import ProgrammeItem
from publishing.tests.event_factories import EventFactory, ProgrammeItemFactory
from svoboda.errors import DomainError
from svoboda.tests.test_forms_carry_csrf import assert_every_post_form_has_a_token

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
NOT_EDITORS = ["administrator", "coordinator", "caseworker", "volunteer", "no role"]


def url(name, *args):
    return reverse(f"workspace-events:{name}", args=args)


def local_input(moment):
    """A moment as a datetime-local input sends it, in the workspace's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def state(item):
    item.refresh_from_db()
    return (item.starts_at, item.ends_at, item.title, item.speaker_name, item.speaker_organisation)


def programme_entries(event):
    return list(AuditEntry.objects.filter(verb="publishing.programme_changed", target_id=event.pk))


@pytest.fixture
def event(editor):
    """A round table, 11:00 to 14:00."""
    return EventFactory(created_by=editor)


@pytest.fixture
def item(event):
    return ProgrammeItemFactory(
        event=event,
        starts_at=event.starts_at,
        ends_at=event.starts_at + HOUR,
        title="Открытие",
        speaker_name="Мария Речная",
        speaker_organisation="Движение «Свобода»",
    )


def typed(event, **fields):
    return {
        "starts_at": local_input(event.starts_at + HOUR),
        "ends_at": local_input(event.starts_at + 2 * HOUR),
        "title": "  Recruitment through social networks ",
        "speaker_name": "Anna Lesnaya",
        "speaker_organisation": "",
        **fields,
    }


# The page.


def test_the_edit_page_is_filled_in_with_the_item(client, editor, event, item):
    client.force_login(editor)
    response = client.get(url("programme-edit", event.pk, item.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Открытие"' in html
    assert 'value="Мария Речная"' in html
    assert f'value="{local_input(item.starts_at)}"' in html
    assert f'value="{local_input(item.ends_at)}"' in html
    assert_every_post_form_has_a_token(response)


def test_the_event_page_links_each_item_to_its_edit_page(client, editor, event, item):
    other = ProgrammeItemFactory(event=event, starts_at=event.starts_at + HOUR)
    client.force_login(editor)
    html = client.get(url("event-detail", event.pk)).content.decode()
    for each in (item, other):
        assert f'href="{url("programme-edit", event.pk, each.pk)}"' in html


def test_an_editor_corrects_an_item_and_it_is_audited(client, editor, event, item):
    client.force_login(editor)
    response = client.post(url("programme-edit", event.pk, item.pk), typed(event))
    assert response.status_code == 302
    assert response["Location"] == url("event-detail", event.pk) + "#programme"
    assert state(item) == (
        event.starts_at + HOUR,
        event.starts_at + 2 * HOUR,
        "Recruitment through social networks",
        "Anna Lesnaya",
        "",
    )
    [entry] = programme_entries(event)
    assert entry.actor == editor
    assert entry.changes == {
        "item": item.pk,
        "fields": ["ends_at", "speaker_name", "speaker_organisation", "starts_at", "title"],
    }


def test_a_time_outside_the_event_comes_back_with_the_reason_and_what_was_typed(
    client, editor, event, item
):
    before = state(item)
    client.force_login(editor)
    response = client.post(
        url("programme-edit", event.pk, item.pk),
        typed(event, starts_at=local_input(event.starts_at - HOUR), title="Too early to keep"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The item must start while the event is on." in html
    assert 'value="Too early to keep"' in html
    assert f'value="{local_input(event.starts_at - HOUR)}"' in html
    assert state(item) == before
    assert not programme_entries(event)


def test_an_item_ending_after_the_event_is_refused(client, editor, event, item):
    before = state(item)
    client.force_login(editor)
    response = client.post(
        url("programme-edit", event.pk, item.pk),
        typed(event, ends_at=local_input(event.ends_at + HOUR)),
    )
    assert response.status_code == 400
    assert "The item must end by the time the event ends." in response.content.decode()
    assert state(item) == before


def test_an_item_ending_before_it_starts_comes_back(client, editor, event, item):
    before = state(item)
    client.force_login(editor)
    response = client.post(
        url("programme-edit", event.pk, item.pk),
        typed(event, ends_at=local_input(event.starts_at)),
    )
    assert response.status_code == 400
    assert "The item cannot end before it starts." in response.content.decode()
    assert state(item) == before


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_other_people_are_refused(client, personas, persona, event, item):
    before = state(item)
    client.force_login(personas[persona])
    page = url("programme-edit", event.pk, item.pk)
    assert client.get(page).status_code == 403
    assert client.post(page, typed(event)).status_code == 403
    assert state(item) == before
    assert not programme_entries(event)


def test_anonymous_visitors_are_sent_to_sign_in(client, event, item):
    response = client.get(url("programme-edit", event.pk, item.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_item_of_another_event_is_not_found_through_this_one(client, editor, event):
    other = ProgrammeItemFactory()
    before = state(other)
    client.force_login(editor)
    page = url("programme-edit", event.pk, other.pk)
    assert client.get(page).status_code == 404
    assert client.post(page, typed(other.event)).status_code == 404
    assert state(other) == before


def test_the_public_page_shows_the_corrected_title(client, editor, event, item):
    event_actions.set_event_published(actor=editor, event=event, published=True)
    client.force_login(editor)
    client.post(url("programme-edit", event.pk, item.pk), typed(event, title="Welcome"))
    client.logout()
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Welcome" in html
    assert "Открытие" not in html


# The action.


def fields_of(item, **changes):
    return {
        "starts_at": item.starts_at,
        "ends_at": item.ends_at,
        "title": item.title,
        "speaker_name": item.speaker_name,
        "speaker_organisation": item.speaker_organisation,
        **changes,
    }


def test_the_change_marks_the_event_page_as_changed(editor, event, item):
    before = event.updated_at
    event_actions.update_programme_item(actor=editor, item=item, **fields_of(item, title="New"))
    event.refresh_from_db()
    assert event.updated_at > before


def test_saving_the_item_unchanged_records_nothing(editor, event, item):
    event_actions.update_programme_item(actor=editor, item=item, **fields_of(item))
    assert not programme_entries(event)


def test_an_item_removed_meanwhile_is_not_brought_back(editor, event, item):
    stale = ProgrammeItem.objects.get(pk=item.pk)
    event_actions.remove_programme_item(actor=editor, item=item)
    with pytest.raises(DomainError):
        event_actions.update_programme_item(
            actor=editor, item=stale, **fields_of(stale, title="Back")
        )
    assert not ProgrammeItem.objects.exists()


def test_the_versions_copy_of_the_programme_is_left_as_it_is(editor, event, item):
    version = event_actions.create_event(
        actor=editor,
        language="en",
        title="Round table",
        venue="House of Journalists",
        organisers="Svoboda movement",
        translation_of=event,
        programme_texts={item.pk: {"title": "Opening"}},
    )
    [copy] = version.programme.all()
    before = state(copy)
    event_actions.update_programme_item(
        actor=editor,
        item=item,
        **fields_of(item, starts_at=event.starts_at + HOUR, ends_at=None, title="Начало"),
    )
    assert state(copy) == before


def test_the_edit_page_says_the_versions_keep_their_programme(client, editor, event, item):
    client.force_login(editor)
    page = url("programme-edit", event.pk, item.pk)
    note = "The versions in other languages keep their own programme"
    assert note not in client.get(page).content.decode()
    event_actions.create_event(
        actor=editor,
        language="en",
        title="Round table",
        venue="House of Journalists",
        organisers="Svoboda movement",
        translation_of=event,
    )
    assert note in client.get(page).content.decode()
