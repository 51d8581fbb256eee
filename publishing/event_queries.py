"""Reads of events: the public lists (upcoming, past), one event, and the editors' list."""

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from publishing.models import Event


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


def events_for_editors(user):
    if not user.has_perm("publishing.view_event"):
        return Event.objects.none()
    return Event.objects.order_by("-starts_at", "-pk")


def event_for_editor(user, pk):
    event = events_for_editors(user).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event
