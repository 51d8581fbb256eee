"""The retention job: delete what has been kept as long as the organisation decided, and say so
in the audit trail. `svoboda apply_retention` runs it daily.

Each rule is a name and a function of the current time that returns what is past its period,
with the function that deletes it (intake/retention.py). A run records one audit entry, as the
system, holding only counts per rule and the periods that applied: never who or what was
deleted. A dry run counts and changes nothing, and writes no audit entry.

Closed cases have no retention period yet: a case's people are referred to by assistance
plans, rescue operations and shelter stays, and the dashboard counts them (victims, rescued,
helped, services), so a case must first become anonymous statistics before its narrative and
people can go. That rule will join rules() with its own delete function, as will the erasure of
a person on request (reusing intake.retention.delete_requests and svoboda.deletion).
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

import audit
from intake import retention as intake_retention
from intake.models import Attachment, Message


def rules():
    return [
        (
            "spam_requests",
            intake_retention.expired_spam_requests,
            intake_retention.delete_requests,
        ),
        (
            "closed_requests",
            intake_retention.expired_closed_requests,
            intake_retention.delete_requests,
        ),
    ]


def _count_requests(requests):
    ids = requests.values("pk")
    return {
        "requests": requests.count(),
        "messages": Message.objects.filter(request__in=ids).count(),
        "files": Attachment.objects.filter(request__in=ids).count(),
    }


def apply_retention(*, now=None, dry_run=False) -> dict:
    """Apply every rule; returns {rule: {requests, messages, files}}."""
    now = now or timezone.now()
    counts = {}
    if dry_run:
        return {name: _count_requests(expired(now)) for name, expired, _delete in rules()}
    try:
        for name, expired, delete in rules():
            counts[name] = {}
            delete(expired(now), counts[name])
    finally:
        # Recorded even when a batch failed half-way, with what its committed batches deleted.
        with transaction.atomic():
            audit.record(
                actor=audit.SYSTEM_ACTOR,
                verb="svoboda.retention_applied",
                changes={"deleted": counts, "periods": periods()},
            )
    return counts


def periods():
    return {
        "spam_request_days": settings.RETENTION_SPAM_REQUEST_DAYS,
        "closed_request_days": settings.RETENTION_CLOSED_REQUEST_DAYS,
    }
