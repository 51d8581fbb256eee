"""A version of an event in another language starts with the original's programme: the same items
at the same times, with the texts the translator gave on the version's form, copied in the same
transaction as the version and audited; copied titles left as they were are pointed out."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from publishing import event_actions
from publishing.models import Event, ProgrammeItem
from publishing.tests.event_factories import EventFactory, ProgrammeItemFactory
from svoboda.errors import DomainError

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def original(editor):
    """A Russian round table, 11:00 to 14:00, with an opening talk and a panel."""
    return EventFactory(created_by=editor)


@pytest.fixture
def opening(original):
    return ProgrammeItemFactory(
        event=original,
        starts_at=original.starts_at,
        ends_at=original.starts_at + HOUR,
        title="Открытие",
        speaker_name="Мария Речная",
        speaker_organisation="Движение «Свобода»",
    )


@pytest.fixture
def panel(original):
    return ProgrammeItemFactory(
        event=original,
        starts_at=original.starts_at + HOUR,
        ends_at=None,
        title="Дискуссия",
        speaker_name="",
        speaker_organisation="",
    )


def translate(editor, original, **fields):
    values = {
        "language": "en",
        "title": "Round table",
        "venue": "House of Journalists",
        "organisers": "Svoboda movement",
        "translation_of": original,
        **fields,
    }
    return event_actions.create_event(actor=editor, **values)


def programme(event):
    return [
        (item.starts_at, item.ends_at, item.title, item.speaker_name, item.speaker_organisation)
        for item in event.programme.order_by("starts_at", "pk")
    ]


def entries(verb, event):
    return list(AuditEntry.objects.filter(verb=verb, target_id=str(event.pk)))


# The action.


def test_a_version_starts_with_the_originals_programme(editor, original, opening, panel):
    version = translate(editor, original)
    assert programme(version) == programme(original)
    assert len(programme(version)) == 2


def test_the_copies_are_new_items_of_the_version(editor, original, opening, panel):
    version = translate(editor, original)
    assert original.programme.count() == 2
    assert not set(version.programme.values_list("pk", flat=True)) & {opening.pk, panel.pk}


def test_the_translators_texts_replace_the_copied_ones(editor, original, opening, panel):
    version = translate(
        editor,
        original,
        programme_texts={
            opening.pk: {
                "title": " Opening ",
                "speaker_name": "Maria Rechnaya",
                "speaker_organisation": "Svoboda movement",
            }
        },
    )
    assert programme(version) == [
        (opening.starts_at, opening.ends_at, "Opening", "Maria Rechnaya", "Svoboda movement"),
        (panel.starts_at, None, "Дискуссия", "", ""),
    ]


def test_an_emptied_title_keeps_the_originals(editor, original, opening):
    version = translate(editor, original, programme_texts={opening.pk: {"title": "  "}})
    assert version.programme.get().title == "Открытие"


def test_copying_the_programme_is_audited_on_the_version(editor, original, opening, panel):
    version = translate(editor, original)
    [entry] = entries("publishing.programme_changed", version)
    assert entry.actor == editor
    assert entry.changes == {"copied_from": original.pk, "items": 2}
    assert len(entries("publishing.event_created", version)) == 1
    assert not entries("publishing.programme_changed", original)


def test_an_original_without_a_programme_gives_an_empty_one(editor, original):
    version = translate(editor, original)
    assert not version.programme.exists()
    assert not entries("publishing.programme_changed", version)


def test_the_times_and_kind_come_from_the_original_unless_given(editor, original):
    version = translate(editor, original)
    assert (version.kind, version.starts_at, version.ends_at) == (
        original.kind,
        original.starts_at,
        original.ends_at,
    )


def test_a_version_too_short_for_the_programme_is_refused_whole(editor, original, opening, panel):
    with pytest.raises(DomainError, match="does not fit"):
        translate(editor, original, ends_at=original.starts_at + HOUR / 2)
    assert not Event.objects.filter(language="en").exists()
    assert ProgrammeItem.objects.count() == 2
    assert not AuditEntry.objects.filter(verb="publishing.event_created").exists()


def test_a_refused_version_copies_no_programme(editor, original, opening):
    with pytest.raises(DomainError):
        translate(editor, original, language="ru")
    assert ProgrammeItem.objects.count() == 1


def test_programme_texts_without_an_original_are_a_programming_error(editor, original, opening):
    with pytest.raises(TypeError):
        translate(editor, None, programme_texts={opening.pk: {"title": "Opening"}})


def test_an_unexpected_programme_field_is_a_programming_error(editor, original, opening):
    with pytest.raises(TypeError):
        translate(editor, original, programme_texts={opening.pk: {"starts_at": timezone.now()}})


# The editors' pages.


def translate_url(event, language="en"):
    return reverse("workspace-events:event-translate", args=[event.pk, language])


def detail_url(event):
    return reverse("workspace-events:event-detail", args=[event.pk])


def local_input(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def version_data(original, **fields):
    return {
        "kind": original.kind,
        "title": "Round table",
        "slug": "",
        "summary": "",
        "starts_at": local_input(original.starts_at),
        "ends_at": local_input(original.ends_at),
        "venue": "House of Journalists",
        "address": "",
        "organisers": "Svoboda movement",
        "co_organisers": "",
        "description": "",
        "participants": "",
        "materials": "",
        "report": "",
        **fields,
    }


def item_data(item, title, speaker_name=None, speaker_organisation=None):
    return {
        f"programme-{item.pk}-title": title,
        f"programme-{item.pk}-speaker_name": item.speaker_name
        if speaker_name is None
        else speaker_name,
        f"programme-{item.pk}-speaker_organisation": item.speaker_organisation
        if speaker_organisation is None
        else speaker_organisation,
    }


def test_the_version_form_offers_each_item_filled_in_with_the_original(
    client, editor, original, opening, panel
):
    client.force_login(editor)
    response = client.get(translate_url(original))
    html = response.content.decode()
    form = response.context["programme_form"]
    assert [item for item, _fields in form.rows()] == [opening, panel]
    assert f'name="programme-{opening.pk}-title"' in html
    assert 'value="Открытие"' in html
    assert 'value="Мария Речная"' in html
    assert f'datetime="{opening.starts_at.isoformat()}"' in html


def test_the_version_form_of_an_event_without_a_programme_has_no_programme_part(
    client, editor, original
):
    client.force_login(editor)
    response = client.get(translate_url(original))
    assert response.context["programme_form"] is None
    assert 'id="programme"' not in response.content.decode()


def test_an_editor_saves_a_version_with_its_programme_translated(
    client, editor, original, opening, panel
):
    client.force_login(editor)
    data = {
        **version_data(original),
        **item_data(opening, "Opening", "Maria Rechnaya", "Svoboda movement"),
        **item_data(panel, "Debate"),
    }
    response = client.post(translate_url(original), data)
    version = Event.objects.get(language="en")
    assert response["Location"] == detail_url(version)
    assert programme(version) == [
        (opening.starts_at, opening.ends_at, "Opening", "Maria Rechnaya", "Svoboda movement"),
        (panel.starts_at, None, "Debate", "", ""),
    ]


def test_an_empty_programme_title_is_asked_for_again(client, editor, original, opening):
    client.force_login(editor)
    data = {**version_data(original), **item_data(opening, "")}
    response = client.post(translate_url(original), data)
    assert response.status_code == 400
    assert not Event.objects.filter(language="en").exists()


def test_a_version_whose_times_leave_out_the_programme_is_explained(
    client, editor, original, opening
):
    client.force_login(editor)
    data = {
        **version_data(original, starts_at=local_input(original.starts_at + 2 * HOUR)),
        **item_data(opening, "Opening"),
    }
    response = client.post(translate_url(original), data)
    assert response.status_code == 400
    assert "does not fit in this version" in response.content.decode()
    assert not Event.objects.filter(language="en").exists()


def test_the_version_page_points_out_titles_left_as_in_the_original(
    client, editor, original, opening, panel
):
    version = translate(
        editor, original, programme_texts={opening.pk: {"title": "Opening"}}
    )  # the panel's title is left in Russian
    client.force_login(editor)
    html = client.get(detail_url(version)).content.decode()
    assert html.count("same title as in the other language") == 1
    row = html[html.index("Дискуссия") :]
    assert row.index("same title as in the other language") < row.index("</td>")


def test_a_programme_without_other_versions_points_out_nothing(client, editor, original, opening):
    client.force_login(editor)
    html = client.get(detail_url(original)).content.decode()
    assert "same title as in the other language" not in html
