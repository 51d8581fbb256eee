"""The editors' event pages under /workspace/events/: who may open them, announcing, editing,
versions in other languages, publishing and the programme, and bad input kept on the form."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from publishing.models import Event, ProgrammeItem
from publishing.tests.event_factories import EventFactory, ProgrammeItemFactory, in_days
from svoboda.tests.test_forms_carry_csrf import assert_every_post_form_has_a_token

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
LIST_URL = "/workspace/events/"
NEW_URL = "/workspace/events/new/"
NOT_EDITORS = ["administrator", "coordinator", "caseworker", "volunteer"]


def url(name, *args):
    return reverse(f"workspace-events:{name}", args=args)


def local_input(moment):
    """A moment as a datetime-local input sends it, in the workspace's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def event_data(**fields):
    starts_at = in_days(21, hour=11)
    return {
        "language": "en",
        "kind": "round_table",
        "title": "Modern slavery: prevention and rescue",
        "slug": "",
        "summary": "How to recognise forced labour.",
        "starts_at": local_input(starts_at),
        "ends_at": local_input(starts_at + 4 * HOUR),
        "venue": "House of Journalists",
        "address": "8a Nikitsky Boulevard, Moscow",
        "organisers": "Svoboda movement",
        "co_organisers": "",
        "description": "",
        "participants": "",
        "materials": "",
        "report": "",
        **fields,
    }


@pytest.fixture
def event(editor):
    return EventFactory(created_by=editor)


# Who may open the pages.


def pages(event):
    return [
        LIST_URL,
        NEW_URL,
        url("event-detail", event.pk),
        url("event-edit", event.pk),
        url("event-translate", event.pk, "en"),
    ]


def test_editors_open_every_page(client, editor, event):
    client.force_login(editor)
    for page in pages(event):
        assert client.get(page).status_code == 200, page


@pytest.mark.parametrize("persona", [*NOT_EDITORS, "no role"])
def test_other_people_are_refused_every_page(client, personas, persona, event):
    client.force_login(personas[persona])
    for page in pages(event):
        assert client.get(page).status_code == 403, page


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_other_people_cannot_change_anything(client, personas, persona, event):
    item = ProgrammeItemFactory(event=event)
    client.force_login(personas[persona])
    posts = [
        (NEW_URL, event_data()),
        (url("event-edit", event.pk), event_data(venue="Online")),
        (url("event-translate", event.pk, "en"), event_data()),
        (url("event-publish", event.pk), {}),
        (url("programme-add", event.pk), {"starts_at": local_input(event.starts_at), "title": "X"}),
        (url("programme-remove", event.pk, item.pk), {}),
    ]
    for page, data in posts:
        assert client.post(page, data).status_code == 403, page
    assert list(Event.objects.all()) == [event]
    event.refresh_from_db()
    assert (event.venue, event.is_published) == ("Дом журналиста", False)
    assert list(ProgrammeItem.objects.all()) == [item]
    assert not AuditEntry.objects.filter(verb__startswith="publishing.").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, event):
    for page in pages(event):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(reverse("accounts:login"))


def test_an_unknown_event_is_not_found(client, editor):
    client.force_login(editor)
    assert client.get(url("event-detail", 999999)).status_code == 404


def test_the_public_cannot_see_the_workspace_page_of_a_published_event(client, event):
    event.is_published = True
    event.save()
    assert client.get(url("event-detail", event.pk)).status_code == 302


# The list.


def test_the_list_shows_upcoming_events_soonest_first_then_past_latest_first(client, editor):
    later = EventFactory(starts_at=in_days(20), title="Later")
    sooner = EventFactory(starts_at=in_days(2), title="Sooner", language="en")
    older = EventFactory(starts_at=in_days(-40), title="Older", is_published=True)
    recent = EventFactory(starts_at=in_days(-5), title="Recent")
    client.force_login(editor)
    response = client.get(LIST_URL)
    assert list(response.context["upcoming"]) == [sooner, later]
    assert list(response.context["past"].object_list) == [recent, older]
    html = response.content.decode()
    assert html.index("Sooner") < html.index("Later") < html.index("Recent") < html.index("Older")


def test_the_list_shows_drafts_and_both_languages(client, editor):
    EventFactory(title="Черновик")
    EventFactory(title="Published in English", language="en", slug="en", is_published=True)
    client.force_login(editor)
    html = client.get(LIST_URL).content.decode()
    assert "Черновик" in html
    assert "Published in English" in html


def test_the_number_of_queries_does_not_grow_with_the_events(
    client, editor, django_assert_num_queries, django_assert_max_num_queries
):
    EventFactory(starts_at=in_days(3))
    EventFactory(starts_at=in_days(-3))
    client.force_login(editor)
    client.get(LIST_URL)  # warm up the session and content types
    with django_assert_max_num_queries(9) as few:
        client.get(LIST_URL)
    for days in range(4, 14):
        EventFactory(starts_at=in_days(days))
        EventFactory(starts_at=in_days(-days))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(LIST_URL)
    assert len(response.context["upcoming"]) == 11


def test_the_event_page_does_not_grow_with_the_programme(
    client, editor, event, django_assert_num_queries, django_assert_max_num_queries
):
    ProgrammeItemFactory(event=event)
    client.force_login(editor)
    client.get(url("event-detail", event.pk))
    with django_assert_max_num_queries(10) as few:
        client.get(url("event-detail", event.pk))
    for _n in range(5):
        ProgrammeItemFactory(event=event)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url("event-detail", event.pk))


# Announcing.


def test_an_editor_announces_an_event(client, editor):
    client.force_login(editor)
    response = client.post(NEW_URL, event_data())
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("event-detail", event.pk)
    assert (event.language, event.slug, event.is_published) == (
        "en",
        "modern-slavery-prevention-and-rescue",
        False,
    )
    assert event.venue == "House of Journalists"
    assert AuditEntry.objects.filter(verb="publishing.event_created", actor=editor).exists()


def test_the_times_typed_are_in_the_workspace_time_zone(client, editor, settings):
    settings.TIME_ZONE = "Europe/Moscow"
    client.force_login(editor)
    client.post(NEW_URL, event_data(starts_at="2031-05-20T11:00", ends_at="2031-05-20T15:00"))
    event = Event.objects.get()
    assert event.starts_at == datetime.datetime(2031, 5, 20, 8, 0, tzinfo=datetime.UTC)


def test_bad_input_comes_back_with_what_was_typed(client, editor):
    client.force_login(editor)
    data = event_data(
        title="A title worth keeping", ends_at=event_data()["starts_at"][:11] + "09:00"
    )
    response = client.post(NEW_URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The event cannot end before it starts." in html
    assert 'value="A title worth keeping"' in html
    assert not Event.objects.exists()
    assert not AuditEntry.objects.filter(verb="publishing.event_created").exists()


def test_a_missing_required_field_is_shown(client, editor):
    client.force_login(editor)
    response = client.post(NEW_URL, event_data(venue=""))
    assert response.status_code == 400
    assert response.context["form"].errors["venue"]
    assert not Event.objects.exists()


# Editing.


def test_an_editor_changes_the_details(client, editor, event):
    client.force_login(editor)
    initial = client.get(url("event-edit", event.pk)).context["form"].initial
    data = {**{k: v for k, v in initial.items() if v is not None}, "venue": "Online"}
    data["starts_at"] = local_input(event.starts_at)
    data["ends_at"] = local_input(event.ends_at)
    response = client.post(url("event-edit", event.pk), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.venue == "Online"
    [entry] = AuditEntry.objects.filter(verb="publishing.event_updated")
    assert entry.changes == {"fields": ["venue"]}


def test_the_edit_form_is_filled_in(client, editor, event):
    client.force_login(editor)
    html = client.get(url("event-edit", event.pk)).content.decode()
    assert f'value="{event.title}"' in html
    assert f'value="{local_input(event.starts_at)}"' in html


def test_a_published_event_keeps_its_address_whatever_is_posted(client, editor, event):
    event.is_published = True
    event.save()
    client.force_login(editor)
    address = event.slug
    data = event_data(slug="new-address", title=event.title, venue="Online")
    response = client.post(url("event-edit", event.pk), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.slug, event.venue) == (address, "Online")


def test_a_bad_change_stores_nothing(client, editor, event):
    client.force_login(editor)
    data = event_data(venue="Online", ends_at=local_input(event.starts_at - HOUR))
    data["starts_at"] = local_input(event.starts_at)
    response = client.post(url("event-edit", event.pk), data)
    assert response.status_code == 400
    assert 'value="Online"' in response.content.decode()
    event.refresh_from_db()
    assert event.venue == "Дом журналиста"


# Versions in other languages.


def test_the_translation_form_starts_from_the_original(client, editor, event):
    client.force_login(editor)
    response = client.get(url("event-translate", event.pk, "en"))
    form = response.context["form"]
    assert form.initial["title"] == event.title
    assert form.initial["slug"] == ""
    assert "language" not in form.fields


def test_an_editor_saves_a_version_in_english(client, editor, event):
    client.force_login(editor)
    response = client.post(url("event-translate", event.pk, "en"), event_data())
    version = Event.objects.get(language="en")
    assert response["Location"] == url("event-detail", version.pk)
    assert version.group == event.group
    assert version.slug == "modern-slavery-prevention-and-rescue"


def test_a_language_that_has_a_version_leads_to_it(client, editor, event):
    version = EventFactory(language="en", group=event.group, slug="en-version")
    client.force_login(editor)
    response = client.get(url("event-translate", event.pk, "en"))
    assert response["Location"] == url("event-detail", version.pk)
    assert Event.objects.count() == 2


@pytest.mark.parametrize("language", ["ru", "de"])
def test_a_version_in_its_own_or_an_unknown_language_is_not_found(client, editor, event, language):
    client.force_login(editor)
    assert client.get(url("event-translate", event.pk, language)).status_code == 404


def test_the_event_page_offers_the_missing_language(client, editor, event):
    client.force_login(editor)
    html = client.get(url("event-detail", event.pk)).content.decode()
    assert url("event-translate", event.pk, "en") in html


# Publishing.


def test_an_editor_publishes_and_unpublishes(client, editor, event):
    client.force_login(editor)
    assert client.post(url("event-publish", event.pk))["Location"] == url("event-detail", event.pk)
    event.refresh_from_db()
    assert event.is_published
    assert client.get(event.get_absolute_url()).status_code == 200
    client.post(url("event-unpublish", event.pk))
    event.refresh_from_db()
    assert not event.is_published
    assert client.get(event.get_absolute_url()).status_code == 404
    verbs = set(AuditEntry.objects.values_list("verb", flat=True))
    assert {"publishing.event_published", "publishing.event_unpublished"} <= verbs


@pytest.mark.parametrize("name", ["event-publish", "event-unpublish", "programme-add"])
def test_changes_are_posted_only(client, editor, event, name):
    client.force_login(editor)
    assert client.get(url(name, event.pk)).status_code == 405


# The programme.


def test_an_editor_adds_an_item(client, editor, event):
    client.force_login(editor)
    response = client.post(
        url("programme-add", event.pk),
        {
            "starts_at": local_input(event.starts_at + HOUR),
            "ends_at": local_input(event.starts_at + 2 * HOUR),
            "title": "Recruitment through social networks",
            "speaker_name": "Maria Ivanova",
            "speaker_organisation": "Open Door Centre",
        },
    )
    assert response.status_code == 302
    [item] = event.programme.all()
    assert (item.title, item.speaker_name, item.speaker_organisation) == (
        "Recruitment through social networks",
        "Maria Ivanova",
        "Open Door Centre",
    )
    assert item.starts_at == event.starts_at + HOUR


def test_an_item_outside_the_event_comes_back_with_the_reason(client, editor, event):
    client.force_login(editor)
    response = client.post(
        url("programme-add", event.pk),
        {"starts_at": local_input(event.starts_at - HOUR), "title": "Too early to keep"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The item must start while the event is on." in html
    assert 'value="Too early to keep"' in html
    assert not ProgrammeItem.objects.exists()


def test_an_item_ending_before_it_starts_comes_back(client, editor, event):
    client.force_login(editor)
    response = client.post(
        url("programme-add", event.pk),
        {
            "starts_at": local_input(event.starts_at + HOUR),
            "ends_at": local_input(event.starts_at),
            "title": "Backwards",
        },
    )
    assert response.status_code == 400
    assert "The item cannot end before it starts." in response.content.decode()
    assert not ProgrammeItem.objects.exists()


def test_an_editor_removes_an_item(client, editor, event):
    item = ProgrammeItemFactory(event=event)
    client.force_login(editor)
    response = client.post(url("programme-remove", event.pk, item.pk))
    assert response.status_code == 302
    assert not ProgrammeItem.objects.exists()


def test_an_item_of_another_event_is_not_removed_through_this_one(client, editor, event):
    other = ProgrammeItemFactory()
    client.force_login(editor)
    assert client.post(url("programme-remove", event.pk, other.pk)).status_code == 404
    assert ProgrammeItem.objects.filter(pk=other.pk).exists()


def test_the_event_page_shows_the_programme(client, editor, event):
    ProgrammeItemFactory(event=event, title="Opening words", speaker_organisation="Open Door")
    client.force_login(editor)
    html = client.get(url("event-detail", event.pk)).content.decode()
    assert "Opening words" in html
    assert "Open Door" in html


def test_the_event_page_forms_carry_a_token(client, editor, event):
    ProgrammeItemFactory(event=event)
    client.force_login(editor)
    assert_every_post_form_has_a_token(client.get(url("event-detail", event.pk)))


def test_the_next_item_starts_when_the_last_one_ends(client, editor, event):
    ProgrammeItemFactory(event=event, ends_at=event.starts_at + HOUR)
    client.force_login(editor)
    html = client.get(url("event-detail", event.pk)).content.decode()
    field = re.search(r'<input type="datetime-local" name="starts_at" value="([^"]+)"', html)
    assert field.group(1) == local_input(event.starts_at + HOUR)
