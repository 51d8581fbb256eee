"""The retention job: delete what has been kept as long as the organisation decided, and say so
in the audit trail. `svoboda apply_retention` runs it daily.

Each rule is a name and a function of the current time that returns what is past its period,
with the function that deletes it (intake/retention.py). A run records one audit entry, as the
system, holding only counts per rule and the periods that applied: never who or what was
deleted. A dry run counts and changes nothing, and writes no audit entry.

Closed cases (cases/retention.py) are not deleted but erased: their victims first become
anonymous statistical records, so the dashboard's and the public site's totals stay, then their
personal data goes (cases.erasure, which an administrator also uses to erase one person on
request).
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

import audit
from cases import retention as case_retention
from intake import retention as intake_retention
from intake.models import Attachment, Message


def rules():
    """(name, what is past its period at a time, how to remove it, how to count it)."""
    return [
        (
            "spam_requests",
            intake_retention.expired_spam_requests,
            intake_retention.delete_requests,
            _count_requests,
        ),
        (
            "closed_requests",
            intake_retention.expired_closed_requests,
            intake_retention.delete_requests,
            _count_requests,
        ),
        (
            "closed_cases",
            case_retention.expired_closed_cases,
            case_retention.erase_cases,
            case_retention.count_cases,
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
    """Apply every rule; returns {rule: counts}: {requests, messages, files} for requests,
    {cases, people, statistical_records} for cases."""
    now = now or timezone.now()
    counts = {}
    if dry_run:
        return {name: count(expired(now)) for name, expired, _delete, count in rules()}
    try:
        for name, expired, delete, _count in rules():
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
        "closed_case_years": settings.RETENTION_CLOSED_CASE_YEARS,
    }
