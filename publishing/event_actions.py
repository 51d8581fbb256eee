"""Changes to events and their programmes, each audited. Events are the editors' work, like
articles; an event becomes public when published and leaves the public site when unpublished."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from accounts.models import User
from accounts.permissions import require
from publishing.models import Event, ProgrammeItem
from publishing.slugs import unique_slug
from svoboda.errors import DomainError

EVENT_FIELDS = [
    "kind",
    "title",
    "slug",
    "summary",
    "description",
    "starts_at",
    "ends_at",
    "venue",
    "address",
    "organisers",
    "co_organisers",
    "participants",
    "materials",
    "report",
]


def _unique_slug(language, wanted, exclude_pk=None):
    return unique_slug(Event, language, wanted, exclude_pk=exclude_pk, fallback="event")


def _save(event):
    event.full_clean()
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError as error:
        raise DomainError(_("Another event already uses this address. Choose another.")) from error


def _touch(event):
    """The programme is part of the event's page: changing it changes the page, and the
    sitemap's lastmod (publishing.sitemaps) reads updated_at."""
    Event.objects.filter(pk=event.pk).update(updated_at=timezone.now())


def _check_fields(fields):
    unexpected = set(fields) - set(EVENT_FIELDS)
    if unexpected:
        raise TypeError(f"unexpected event fields {sorted(unexpected)}")


# A version in another language takes these from the original unless the editor gives them: they
# say when and what the event is, the same in every language.
LANGUAGE_NEUTRAL_FIELDS = ["kind", "starts_at", "ends_at"]
# What a translator may change in a copied programme item; its times are copied as they are.
PROGRAMME_TEXTS = ["title", "speaker_name", "speaker_organisation"]


@transaction.atomic
def create_event(
    *,
    actor: User,
    language: str,
    title: str,
    translation_of: Event | None = None,
    programme_texts: dict | None = None,
    **fields,
) -> Event:
    """An editor announces an event (unpublished until they publish it). A version in another
    language starts with the original's programme, translated by `programme_texts`."""
    require(actor, "publishing.add_event")
    _check_fields(fields)
    if translation_of is not None:
        for name in LANGUAGE_NEUTRAL_FIELDS:
            fields.setdefault(name, getattr(translation_of, name))
    elif programme_texts:
        raise TypeError("programme_texts translate a programme: pass translation_of")
    event = Event(language=language, title=title.strip(), created_by=actor, **fields)
    event.slug = _unique_slug(language, fields.get("slug") or title)
    if translation_of is not None:
        if translation_of.language == language:
            raise DomainError(_("A translation must be in another language."))
        if Event.objects.filter(group=translation_of.group, language=language).exists():
            raise DomainError(_("This event already has a version in that language."))
        event.group = translation_of.group
    _save(event)
    audit.record(
        actor=actor, verb="publishing.event_created", target=event, changes={"language": language}
    )
    if translation_of is not None:
        _copy_programme(actor, translation_of, event, programme_texts or {})
    return event


def _copy_programme(actor, original, event, texts):
    """The new version's programme is the original's: the same items at the same times, with
    the titles, speakers and organisations the translator gave (`texts`: {original item pk:
    {field: text}}); what they did not give is copied as it is, to be translated later."""
    items = list(original.programme.all())
    if not items:
        return
    copies = []
    for item in items:
        given = texts.get(item.pk, {})
        unexpected = set(given) - set(PROGRAMME_TEXTS)
        if unexpected:
            raise TypeError(f"unexpected programme fields {sorted(unexpected)}")
        if _programme_window_refusal(event, item.starts_at, item.ends_at):
            raise DomainError(
                _(
                    "The original's programme does not fit in this version's time. Give the "
                    "version the original's start and end, or change the original's programme "
                    "first."
                )
            )
        copy = ProgrammeItem(event=event, starts_at=item.starts_at, ends_at=item.ends_at)
        for name in PROGRAMME_TEXTS:
            setattr(copy, name, given[name].strip() if name in given else getattr(item, name))
        # An emptied title would leave an item nobody can name: keep the original's.
        copy.title = copy.title or item.title
        copy.full_clean()
        copies.append(copy)
    ProgrammeItem.objects.bulk_create(copies)
    audit.record(
        actor=actor,
        verb="publishing.programme_changed",
        target=event,
        changes={"copied_from": original.pk, "items": len(copies)},
    )


@transaction.atomic
def update_event(*, actor: User, event: Event, **fields) -> Event:
    """An editor corrects an event; a published one keeps its address."""
    require(actor, "publishing.change_event")
    _check_fields(fields)
    event = Event.objects.select_for_update().get(pk=event.pk)
    before = {name: getattr(event, name) for name in fields}
    for name, value in fields.items():
        setattr(event, name, value)
    if "slug" in fields and fields["slug"] != before["slug"]:
        if event.is_published:
            raise DomainError(
                _("A published event keeps its address: links to it are already out there.")
            )
        event.slug = _unique_slug(event.language, fields["slug"] or event.title, event.pk)
    changed = sorted(name for name in fields if getattr(event, name) != before[name])
    if changed:
        _save(event)
        audit.record(
            actor=actor,
            verb="publishing.event_updated",
            target=event,
            changes={"fields": changed},
        )
    return event


@transaction.atomic
def set_event_published(*, actor: User, event: Event, published: bool) -> Event:
    """An editor puts the event on the public site, or takes it off."""
    require(actor, "publishing.change_event")
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_published == published:
        return event
    event.is_published = published
    event.save(update_fields=["is_published", "updated_at"])
    audit.record(
        actor=actor,
        verb="publishing.event_published" if published else "publishing.event_unpublished",
        target=event,
    )
    return event


def _programme_window_refusal(event, starts_at, ends_at):
    """Why an item at these times cannot be on the event's programme, or None: an item happens
    while its event is on."""
    if starts_at < event.starts_at or (event.ends_at and starts_at > event.ends_at):
        return _("The item must start while the event is on.")
    if ends_at and event.ends_at and ends_at > event.ends_at:
        return _("The item must end by the time the event ends.")
    return None


def _fill_programme_item(item, *, starts_at, ends_at, title, speaker_name, speaker_organisation):
    """Give `item` (new or stored) what the editor typed, once it fits in its event's time and
    passes the model's checks; nothing is saved here."""
    refusal = _programme_window_refusal(item.event, starts_at, ends_at)
    if refusal:
        raise DomainError(refusal)
    item.starts_at = starts_at
    item.ends_at = ends_at
    item.title = title.strip()
    item.speaker_name = speaker_name.strip()
    item.speaker_organisation = speaker_organisation.strip()
    item.full_clean()


@transaction.atomic
def add_programme_item(
    *,
    actor: User,
    event: Event,
    starts_at,
    title: str,
    ends_at=None,
    speaker_name: str = "",
    speaker_organisation: str = "",
) -> ProgrammeItem:
    """An editor adds a talk, panel or break to the programme, within the event's time."""
    require(actor, "publishing.change_event")
    item = ProgrammeItem(event=event)
    _fill_programme_item(
        item,
        starts_at=starts_at,
        ends_at=ends_at,
        title=title,
        speaker_name=speaker_name,
        speaker_organisation=speaker_organisation,
    )
    item.save()
    _touch(event)
    audit.record(actor=actor, verb="publishing.programme_changed", target=event)
    return item


@transaction.atomic
def update_programme_item(
    *,
    actor: User,
    item: ProgrammeItem,
    starts_at,
    title: str,
    ends_at=None,
    speaker_name: str = "",
    speaker_organisation: str = "",
) -> ProgrammeItem:
    """An editor corrects an item of the programme, within the event's time.

    Only this event's item changes. A version in another language got a copy of the programme
    when it was made (create_event) and keeps it: its titles are translations this form cannot
    know, and its times are the version's own to correct on its page."""
    require(actor, "publishing.change_event")
    # Locked and read again: an item removed meanwhile must not come back by being saved.
    item = ProgrammeItem.objects.select_for_update().filter(pk=item.pk).first()
    if item is None:
        raise DomainError(_("The item is no longer on the programme."))
    fields = {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "title": title,
        "speaker_name": speaker_name,
        "speaker_organisation": speaker_organisation,
    }
    before = {name: getattr(item, name) for name in fields}
    _fill_programme_item(item, **fields)
    changed = sorted(name for name in fields if getattr(item, name) != before[name])
    if changed:
        item.save()
        _touch(item.event)
        audit.record(
            actor=actor,
            verb="publishing.programme_changed",
            target=item.event,
            changes={"item": item.pk, "fields": changed},
        )
    return item


@transaction.atomic
def remove_programme_item(*, actor: User, item: ProgrammeItem) -> Event:
    """An editor takes an item off the programme."""
    require(actor, "publishing.change_event")
    event = item.event
    item.delete()
    _touch(event)
    audit.record(actor=actor, verb="publishing.programme_changed", target=event)
    return event
