"""Reads of events: the public lists (upcoming, past), one event, and the editors' list."""

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from publishing.models import Event, ProgrammeItem


def public_events(language):
    return Event.objects.filter(language=language, is_published=True)


def upcoming(language):
    """Events not over yet, soonest first. An event without an end is on for its start day."""
    now = timezone.now()
    start_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        public_events(language)
        .filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=start_of_today))
        .order_by("starts_at", "pk")
    )


def past(language):
    """Events that are over, latest first."""
    return (
        public_events(language)
        .exclude(pk__in=upcoming(language).values("pk"))
        .order_by("-starts_at", "-pk")
    )


def public_event(language, slug):
    event = public_events(language).prefetch_related("programme").filter(slug=slug).first()
    if event is None:
        raise Http404
    return event


def public_versions(event):
    return Event.objects.filter(group=event.group, is_published=True).exclude(pk=event.pk)


def public_for_sitemap():
    """Every published event in every language, without the long texts a sitemap never reads."""
    return (
        Event.objects.filter(is_published=True)
        .defer("description", "participants", "materials", "report")
        .order_by("language", "-starts_at", "-pk")
    )


def public_versions_of(events):
    """{group: [published events of that group]} for the given events, in one query."""
    versions = {}
    groups = {event.group for event in events}
    for version in Event.objects.filter(group__in=groups, is_published=True).only(
        "group", "language", "slug"
    ):
        versions.setdefault(version.group, []).append(version)
    return versions


def events_for_editors(user):
    if not user.has_perm("publishing.view_event"):
        return Event.objects.none()
    return Event.objects.order_by("-starts_at", "-pk")


def event_for_editor(user, pk):
    event = events_for_editors(user).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


# The editors' list (publishing.event_workspace_views): every language, published or not.


def _not_over(now):
    """The rule of upcoming(), for any queryset: not over yet, or without an end and on today."""
    start_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=start_of_today)


def upcoming_for_editors(user):
    """Events the editors still have ahead of them, soonest first."""
    return events_for_editors(user).filter(_not_over(timezone.now())).order_by("starts_at", "pk")


def past_for_editors(user):
    """Events that are over, latest first."""
    return events_for_editors(user).exclude(_not_over(timezone.now())).order_by("-starts_at", "-pk")


def is_over(event, now=None):
    """The same rule for one event in hand: the public page says when an event is over."""
    now = now or timezone.now()
    if event.ends_at is not None:
        return event.ends_at < now
    start_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return event.starts_at < start_of_today


def versions_for_editors(user, event):
    """The event's versions in other languages, published or not."""
    return events_for_editors(user).filter(group=event.group).exclude(pk=event.pk)


def programme_titles_as_in_other_versions(event, programme):
    """The pks of `programme`'s items whose title is word for word that of an item at the same
    time in another language version: copied with the version (event_actions.create_event) and
    most likely not translated yet, so the editors' page points them out."""
    others = set(
        ProgrammeItem.objects.filter(event__group=event.group)
        .exclude(event=event)
        .values_list("starts_at", "title")
    )
    return {item.pk for item in programme if (item.starts_at, item.title) in others}
