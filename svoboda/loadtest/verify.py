"""What the database holds for the submissions of a run, found by the marker at the start of
each description."""

from collections import Counter

from audit.models import AuditEntry
from intake.models import FollowUpCode, HelpRequest


def stored(prefix):
    """(rows per marker, markers whose request is incomplete).

    Complete means what submit_request writes in its one transaction: the request, at least one
    follow-up code and the audit entry of the submission.
    """
    # Filtered here, not in SQL: the description may be encrypted at rest.
    rows = [
        (pk, description)
        for pk, description in HelpRequest.objects.values_list("pk", "description").iterator()
        if description.startswith(prefix)
    ]
    per_marker = Counter(description.split(" ", 1)[0] for _, description in rows)
    missing = incomplete_requests([pk for pk, _ in rows])
    incomplete = sorted(description.split(" ", 1)[0] for pk, description in rows if pk in missing)
    return per_marker, incomplete


def incomplete_requests(pks):
    """The requests among `pks` without a follow-up code or the audit entry of their submission
    (what submit_request writes with them). The benchmark's submissions are checked here too."""
    with_code = set(
        FollowUpCode.objects.filter(request__in=pks).values_list("request_id", flat=True)
    )
    audited = set(
        AuditEntry.objects.filter(
            verb="intake.request_submitted", target_id__in=[str(pk) for pk in pks]
        ).values_list("target_id", flat=True)
    )
    return {pk for pk in pks if pk not in with_code or str(pk) not in audited}


def lost_and_duplicated(acknowledged, per_marker):
    lost = sorted(marker for marker in acknowledged if per_marker[marker] == 0)
    duplicated = sorted(marker for marker, count in per_marker.items() if count > 1)
    return lost, duplicated
