"""Erasing a person's data for good, keeping them in the anonymous statistics.

erase_person() is what an administrator does when someone asks for their data to be erased;
erase_case() is what retention does with a case closed long ago (svoboda.retention). Both run in
one transaction, in this order:

1. Victims whose last victim participation goes become anonymous StatisticalRecord rows
   (reports.anonymised), so the dashboard's and the public site's victim totals stay the same.
2. Personal values are removed. Rows that figures count on stay, blanked: the person row (the
   rescued and helped figures count people through operations' debriefs and assistance plans),
   assistance plans and services (services delivered), shelter stays (occupancy), help requests
   and their messages (requests received, time to first contact), tasks (follow-up calls point
   at them), cases (open cases, operations). Rows nothing counts on are deleted: aliases,
   contacts, identity documents, participations, notes, case files (and their stored files,
   once the transaction commits), writers' attachments and follow-up codes.
3. One audit entry, with the actor, the reason as a code from a fixed list, and counts: no
   name and no free text, since the trail can never be changed afterwards.

The audit trail itself is not rewritten: it is a hash-linked chain (audit.chain) and its
entries name people and cases only by id; what they changed is recorded as field names, never
values (cases.actions._recorded_changes). The ids then point at blanked rows.

A case's narrative (title, summary, notes, files, its help requests) is erased with the person
only when nobody else is left in the case: otherwise it is also the story of the others, and
stays for their sake; the confirmation page says so.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import audit
from accounts.permissions import require
from cases.htcds import Gender
from cases.models import (
    AccessGrant,
    Case,
    CaseFile,
    Contact,
    IdentityDocument,
    Note,
    Participant,
    Person,
    PersonAlias,
    Task,
)
from svoboda.deletion import delete_files_after_commit
from svoboda.errors import DomainError

# What an erased person is called, and an erased case's title: a name is required, and a dash
# says nothing about anyone in any language.
ERASED = "—"

REASONS = [
    ("request", gettext_lazy("The person asked for their data to be erased")),
    ("consent_withdrawn", gettext_lazy("The person withdrew their consent to storing their data")),
    ("recorded_in_error", gettext_lazy("The person was recorded by mistake")),
    ("legal_obligation", gettext_lazy("A court or the law requires it")),
]


class ErasureRefused(DomainError):
    pass


def is_erased(person):
    return person.given_name == ERASED and not person.family_name


def erasure_blockers(person) -> list:
    """Why the person cannot be erased now, as sentences for the administrator; [] if they can.

    Erasing someone whose case is still open, who is about to be rescued, or who is staying in
    a shelter would take the data the team needs today: the team closes that work first."""
    from operations.models import Operation

    blockers = []
    if person.merged_into_id is not None:
        # Its name, contacts and documents now live on the kept record (matching.actions):
        # erasing this one alone would leave them there.
        kept = person.merged_into
        while kept.merged_into_id is not None and kept.pk != person.pk:
            kept = kept.merged_into
        blockers.append(
            _(
                "This record was merged into the record %(reference)s, which now holds the "
                "person's data. Erase that record: this one is erased with it."
            )
            % {"reference": kept.reference}
        )
    if person.participations.exclude(case__status=Case.Status.CLOSED).exists():
        blockers.append(_("The person is in a case that is still open. Close the case first."))
    active = [Operation.Status.PLANNING, Operation.Status.READY, Operation.Status.IN_PROGRESS]
    if Operation.objects.filter(status__in=active, cases__participants__person=person).exists():
        blockers.append(_("A rescue operation for one of the person's cases is not finished yet."))
    if _staying_in_a_shelter(person):
        blockers.append(_("The person is staying in a shelter. Record the end of the stay first."))
    return blockers


def _staying_in_a_shelter(person):
    from shelters.models import Placement

    today = timezone.localdate()
    return Placement.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=today), person=person
    ).exists()


def cases_erased_with(person):
    """The person's cases in which nobody else is: erasing the person erases them too."""
    others = Participant.objects.filter(case=OuterRef("pk")).exclude(person=person)
    return Case.objects.filter(
        pk__in=Participant.objects.filter(person=person).values("case")
    ).exclude(Exists(others))


@transaction.atomic
def erase_person(*, actor, person: Person, reason: str) -> dict:
    """An administrator erases a person on request. Returns the counts recorded in the audit."""
    require(actor, "reports.erase_person")
    if reason not in dict(REASONS):
        raise ValueError(f"Unknown erasure reason {reason!r}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if is_erased(person):
        raise ErasureRefused(_("This person's data has already been erased."))
    blockers = erasure_blockers(person)
    if blockers:
        raise ErasureRefused(" ".join(blockers))
    own_cases = list(cases_erased_with(person))
    _withdraw_consents(actor, person)
    counts = _erase(person, Participant.objects.filter(person=person), own_cases)
    audit.record(
        actor=actor,
        verb="cases.person_erased",
        target=person,
        changes={"reason": reason, **counts},
    )
    return counts


def erase_case(*, actor, case: Case) -> dict:
    """Retention: a closed case's victims become anonymous records and its personal data goes,
    with the people in it who are in no other case. Runs in the caller's transaction; the
    caller records the audit entry (svoboda.retention, counts only)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != Case.Status.CLOSED:
        # Reopened after retention listed it (the list is read before this lock): it stays.
        return {"statistical_records": 0, "people": 0, "cases": 0}
    people = list(Person.objects.filter(participations__case=case).distinct())
    if any(_left_staying_in_a_shelter(person, case) for person in people):
        # The whole case waits for a later run: erased now, it would leave that person in no
        # case at all, which no later run looks at, and their record would stay for ever.
        return {"statistical_records": 0, "people": 0, "cases": 0}
    leaving = Participant.objects.filter(case=case)
    counts = _erase(None, leaving, [case])
    for person in people:
        # Someone still in another case stays for it (and goes with that case's erasure).
        if person.participations.exists() or is_erased(person) or erasure_blockers(person):
            continue
        _blank_person(person)
        counts["people"] += 1
    return counts


def _left_staying_in_a_shelter(person, case):
    """Whether the person, in no case but this one, is staying in a shelter now or later."""
    in_other_cases = person.participations.exclude(case=case).exists()
    return not in_other_cases and not is_erased(person) and _staying_in_a_shelter(person)


def _erase(person, leaving, cases):
    from reports.anonymised import keep_as_statistics

    counts = {"statistical_records": keep_as_statistics(leaving), "people": 0, "cases": 0}
    leaving.delete()
    if person is not None:
        _blank_person(person)
        counts["people"] = 1
    for case in cases:
        _blank_case(case)
        counts["cases"] += 1
    return counts


def _withdraw_consents(actor, person):
    """Consents in force are withdrawn (nothing may be shared or published under them any
    more) and public reports about the person are taken down, before anything is blanked:
    withdraw_reports_about finds them through the person's cases."""
    from assistance.models import Consent
    from publishing import rescue_reports

    in_force = Consent.objects.filter(person=person, withdrawn_at__isnull=True)
    if in_force.update(
        withdrawn_at=timezone.now(), withdrawn_by=actor, withdrawal_method=Consent.Method.OTHER
    ):
        rescue_reports.withdraw_reports_about(actor=actor, person=person)


def _blank_person(person):
    from assistance.models import Consent, Referral, Service
    from matching.index import unindex_person
    from matching.models import DuplicatePair, PersonMerge
    from shelters.models import Placement

    # Records merged into this one (matching.actions.merge_people) are the same human: they go
    # too, and the merges keep no list of what they moved (they cannot be undone any more).
    for record in Person.objects.filter(merged_into=person):
        _blank_person(record)
    PersonMerge.objects.filter(Q(kept=person) | Q(merged=person)).update(moved={})
    PersonAlias.objects.filter(person=person).delete()
    # The name index keeps no word of their names; the review list no pair with them.
    unindex_person(person)
    DuplicatePair.objects.filter(Q(first=person) | Q(second=person)).delete()
    Contact.objects.filter(person=person).delete()
    IdentityDocument.objects.filter(person=person).delete()
    Person.objects.filter(pk=person.pk).update(
        given_name=ERASED,
        patronymic="",
        family_name="",
        gender=Gender.UNKNOWN,
        birth_year=None,
        age_estimate=None,
        citizenship="",
        languages="",
        description="",
        search_text="",
        updated_at=timezone.now(),
    )
    Consent.objects.filter(person=person).update(details="", withdrawal_details="")
    Service.objects.filter(plan__person=person).update(notes="")
    Referral.objects.filter(plan__person=person).update(request="", outcome="")
    Placement.objects.filter(person=person).update(over_capacity_reason="")


def _blank_case(case):
    from intake.models import Attachment, FollowUpCode, HelpRequest, Message

    Case.objects.filter(pk=case.pk).update(
        title=ERASED,
        summary="",
        exploitation_place="",
        exploitation_started_on=None,
        exploitation_ended_on=None,
        recruitment_details="",
        updated_at=timezone.now(),
    )
    Note.objects.filter(case=case).delete()
    Task.objects.filter(case=case).update(title=ERASED)
    AccessGrant.objects.filter(case=case).update(reason="")
    files = CaseFile.objects.filter(case=case)
    delete_files_after_commit([(f.file.storage, f.file.name) for f in files.only("file")])
    files.delete()
    requests = HelpRequest.objects.filter(case=case)
    attachments = Attachment.objects.filter(request__in=requests)
    delete_files_after_commit([(a.file.storage, a.file.name) for a in attachments.only("file")])
    attachments.delete()
    FollowUpCode.objects.filter(request__in=requests).delete()
    Message.objects.filter(request__in=requests).update(body="")
    requests.update(
        city="",
        place="",
        since_when="",
        contact_handle="",
        safe_times="",
        description="",
        closure_note="",
        updated_at=timezone.now(),
    )
