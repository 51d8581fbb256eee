"""Which help requests have been kept long enough, and deleting them with everything they hold.

Two rules, each a period counted from the request's last activity (it was closed, or the writer
wrote to it afterwards, which touches `updated_at`):

- spam: closed with the reason "spam", after RETENTION_SPAM_REQUEST_DAYS;
- other closed requests, never accepted into a case (duplicate, not our mandate, no contact),
  after RETENTION_CLOSED_REQUEST_DAYS.

A period of 0 keeps those requests for ever. A request accepted into a case is never deleted
here: it is part of the case and goes with the case's own retention.

delete_requests() takes the request, its messages, attachments (rows, then files once the
transaction commits) and follow-up codes; erasure of a person on request will reuse it. Audit
entries about a deleted request stay: the trail is append-only and names the request only by id.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction

from intake.models import Attachment, HelpRequest
from svoboda.deletion import batches, delete_files_after_commit


def _closed_before(cutoff):
    return HelpRequest.objects.filter(
        status=HelpRequest.Status.CLOSED,
        case__isnull=True,
        closed_at__lt=cutoff,
        updated_at__lt=cutoff,
    )


def expired_spam_requests(now):
    days = settings.RETENTION_SPAM_REQUEST_DAYS
    if not days:
        return HelpRequest.objects.none()
    return _closed_before(now - timedelta(days=days)).filter(
        closure_reason=HelpRequest.ClosureReason.SPAM
    )


def expired_closed_requests(now):
    days = settings.RETENTION_CLOSED_REQUEST_DAYS
    if not days:
        return HelpRequest.objects.none()
    return _closed_before(now - timedelta(days=days)).exclude(
        closure_reason=HelpRequest.ClosureReason.SPAM
    )


def delete_requests(requests, counts=None) -> dict:
    """Delete the requests of a queryset, in batches of one transaction each; the queryset is
    applied again inside each transaction, so a request that changed meanwhile (accepted into
    a case, written to) is left alone. Returns counts: requests, messages, files; pass `counts`
    to have them added to as each batch commits, so a caller knows what went even if a later
    batch fails."""
    if counts is None:
        counts = {}
    for key in ("requests", "messages", "files"):
        counts.setdefault(key, 0)
    for batch in batches(requests.order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            doomed = requests.filter(pk__in=batch).select_for_update()
            ids = list(doomed.values_list("pk", flat=True))
            attachments = Attachment.objects.filter(request__in=ids)
            files = [(a.file.storage, a.file.name) for a in attachments.only("file")]
            _total, per_model = HelpRequest.objects.filter(pk__in=ids).delete()
            delete_files_after_commit(files)
        counts["requests"] += per_model.get("intake.HelpRequest", 0)
        counts["messages"] += per_model.get("intake.Message", 0)
        counts["files"] += per_model.get("intake.Attachment", 0)
    return counts
