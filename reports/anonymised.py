"""Own victims kept as anonymous statistical records when their person records are erased.

The dashboard counts a person with the role "victim" in a case once, described by their earliest
victim case (reports.statistics._own_victims). Before such a person's last victim participation
goes (erasure on request, retention of closed cases: cases.erasure), keep_as_statistics()
writes the same description as a StatisticalRecord: the case's branch, the year it was opened,
the country and types of exploitation, the person's gender, age band and one citizenship. The
victims total then stays the same: one fewer own victim, one more anonymous record.

What is lost, on purpose: the day (a record has a year; a dashboard period shorter than that
year no longer counts the victim), the person's other victim cases in other branches (a branch's
own figures may lose them), and every link back to the person or case.

Records go into one ImportBatch per branch with the layout "anonymised", made when first needed.
"""

from django.db.models import Max
from django.utils import timezone

from cases.models import Participant
from reports.models import AGE_BANDS, ImportBatch, StatisticalRecord

BATCH_FINGERPRINT = "svoboda-anonymised-own-victims"


def keep_as_statistics(leaving) -> int:
    """Write a record for every victim among the `leaving` participations (a queryset about to be
    deleted) who has no other victim participation; returns how many were written."""
    victims = leaving.filter(role=Participant.Role.VICTIM).select_related("case", "person")
    leaving_ids = set(leaving.values_list("pk", flat=True))
    earliest = {}
    for participation in victims.order_by("case__created_at", "case_id"):
        earliest.setdefault(participation.person_id, participation)
    written = 0
    for person_id, participation in earliest.items():
        still_a_victim = (
            Participant.objects.filter(person_id=person_id, role=Participant.Role.VICTIM)
            .exclude(pk__in=leaving_ids)
            .exists()
        )
        if not still_a_victim:
            _write_record(participation)
            written += 1
    return written


def _write_record(participation):
    case, person = participation.case, participation.person
    year = timezone.localtime(case.created_at).year
    age = year - person.birth_year if person.birth_year else person.age_estimate
    citizenship = list(person.citizenship or [])
    batch = _batch_for(case.branch)
    line = (batch.records.aggregate(last=Max("line"))["last"] or 0) + 1
    StatisticalRecord.objects.create(
        batch=batch,
        branch=case.branch,
        line=line,
        year_from=year,
        year_to=year,
        gender=person.gender,
        age_group=age_band(age),
        citizenship=str(citizenship[0]) if citizenship else "",
        exploitation_place=str(case.exploitation_country or ""),
        exploitation_types=list(case.exploitation_types or []),
    )
    ImportBatch.objects.filter(pk=batch.pk).update(
        rows_read=batch.rows_read + 1, rows_stored=batch.rows_stored + 1
    )


def _batch_for(branch):
    """The branch's batch of anonymised records, locked: the next line number is read from it."""
    ImportBatch.objects.get_or_create(
        branch=branch,
        sha256=BATCH_FINGERPRINT,
        defaults={"layout": ImportBatch.Layout.ANONYMISED, "file_name": "—"},
    )
    return ImportBatch.objects.select_for_update().get(branch=branch, sha256=BATCH_FINGERPRINT)


def age_band(age):
    """The AGE_GROUPS code of an age in years, as statistics._own_victims_counted bands it; ""
    if unknown."""
    if age is None:
        return ""
    for low, high, code in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return code
    return ""
