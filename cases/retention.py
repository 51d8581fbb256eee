"""Which closed cases have been kept long enough, and erasing them (svoboda.retention).

A case closed more than RETENTION_CLOSED_CASE_YEARS ago (counted from its closing and from its
last change, so a case someone still corrects is left alone) is erased with cases.erasure:
its victims become anonymous statistical records, so the figures stay, and its narrative,
notes, files and help requests go, with every person in it who is in no other case. 0 keeps
cases for ever. A case that a rescue operation not yet finished still refers to is left
alone; so are cases already erased, and, until the stay is over, a case whose erasure would
leave someone staying in a shelter in no case at all (cases.erasure.erase_case).
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction

from cases.erasure import ERASED, erase_case
from cases.models import Case
from svoboda.deletion import batches

ACTIVE_OPERATIONS = ["planning", "ready", "in_progress"]


def years_before(now, years):
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def expired_closed_cases(now: datetime):
    years = settings.RETENTION_CLOSED_CASE_YEARS
    if not years:
        return Case.objects.none()
    cutoff = years_before(now, years)
    return (
        Case.objects.filter(status=Case.Status.CLOSED, closed_at__lt=cutoff, updated_at__lt=cutoff)
        .exclude(title=ERASED)
        .exclude(operations__status__in=ACTIVE_OPERATIONS)
    )


def count_cases(cases) -> dict:
    return {"cases": cases.count()}


def erase_cases(cases, counts=None) -> dict:
    """Erase the cases of a queryset, in batches of one transaction each (applied again inside
    it, so a case reopened meanwhile is left alone). Returns counts: cases, people (records
    erased with them), statistical_records (victims kept as anonymous records); `counts` is
    added to as each batch commits."""
    from audit import SYSTEM_ACTOR

    if counts is None:
        counts = {}
    for key in ("cases", "people", "statistical_records"):
        counts.setdefault(key, 0)
    for batch in batches(cases.order_by("pk").values_list("pk", flat=True)):
        batch_counts = {"cases": 0, "people": 0, "statistical_records": 0}
        with transaction.atomic():
            for case in cases.filter(pk__in=batch).order_by("pk"):
                done = erase_case(actor=SYSTEM_ACTOR, case=case)
                for key in batch_counts:
                    batch_counts[key] += done[key]
        for key, value in batch_counts.items():
            counts[key] += value
    return counts
