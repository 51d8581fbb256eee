"""Recording the people of a checked spreadsheet (matching.importing) in a branch.

An administrator's action (matching.import_people), or the system's for the command line. It
runs in one transaction: the file's people are recorded whole or not at all. Duplicates are
looked for again here, under a lock on the branch, since people may have been recorded between
the preview and the confirmation (or by an import of the same file running at the same time).
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

import audit
from accounts.models import Branch
from accounts.permissions import require
from cases.models import Contact, IdentityDocument, Person, PersonAlias
from cases.names import search_text_for
from matching.duplicates import record_pairs
from matching.importing import find_duplicates
from matching.index import index_person
from svoboda.errors import DomainError

PERMISSION = "matching.import_people"


@dataclass
class ImportOutcome:
    created: list = field(default_factory=list)  # (line, Person)
    # {line: [importing.Match]} of every row that may be a duplicate, created or not.
    duplicates: dict = field(default_factory=dict)
    duplicates_created: int = 0
    pairs_opened: int = 0

    @property
    def duplicates_skipped(self):
        return len(self.duplicates) - self.duplicates_created


def check_permission(actor, branch):
    """The actor may import into the branch: an administrator (or the command line)."""
    if actor is audit.SYSTEM_ACTOR:
        return
    require(actor, PERMISSION)
    from accounts.queries import branches_visible_to

    if not branches_visible_to(actor).filter(pk=branch.pk).exists():
        raise PermissionDenied(PERMISSION)


class AlreadyImported(DomainError):
    pass


def duplicates_for(actor, rows, people):
    """find_duplicates() split by what the actor may be told: ({line: [Match]} to report,
    {line: [Match]} of stored people the actor may not see).

    An administrator does not see the people of a branch (cases.queries.people_visible_to):
    telling them that a row "may be a person already recorded", or leaving the row out, would
    let anyone who may import test whether a name, a phone or a document number is recorded
    in a branch. Such matches are never reported; the row is recorded and the pair opened for
    a coordinator, who sees both records, to review. The command line (SYSTEM_ACTOR) is told
    everything."""
    found = find_duplicates(rows, people)
    if actor is audit.SYSTEM_ACTOR:
        return found, {}
    from cases.queries import people_visible_to

    stored = {m.person.pk for matches in found.values() for m in matches if m.person is not None}
    seen = set(people_visible_to(actor).filter(pk__in=stored).values_list("pk", flat=True))
    reported, hidden = {}, {}
    for line, matches in found.items():
        for match in matches:
            unseen = match.person is not None and match.person.pk not in seen
            (hidden if unseen else reported).setdefault(line, []).append(match)
    return reported, hidden


@transaction.atomic
def import_people(*, actor, branch, rows, keep_duplicates=False, rows_rejected=0, upload_id=""):
    """Record the rows (importing.PersonRow, all good) as people of the branch.

    A row that may be a person already recorded in the branch, or an earlier row, is left out;
    with keep_duplicates it is recorded and each likely pair is opened for a coordinator's
    review (matching.DuplicatePair). One audit entry per person recorded, and one for the
    import with its counts only (never a name).

    `upload_id` names a workspace upload: it is imported once, however often its confirm
    button is pressed (with keep_duplicates a second run would record everyone again).
    """
    check_permission(actor, branch)
    # One import into a branch at a time: a second one waits and then sees the first's people.
    Branch.objects.select_for_update().filter(pk=branch.pk).first()
    if upload_id and _imported(branch, upload_id):
        raise AlreadyImported(_("This file was already imported."))
    people = Person.objects.filter(branch=branch)
    reported, hidden = duplicates_for(actor, rows, people)
    outcome = ImportOutcome(duplicates=reported)
    by_line = {}
    for row in rows:
        matches = outcome.duplicates.get(row.line)
        if matches and not keep_duplicates:
            continue
        person = _record(actor, branch, row)
        by_line[row.line] = person
        outcome.created.append((row.line, person))
        if matches:
            outcome.duplicates_created += 1
            for match in matches:
                other = match.person if match.person is not None else by_line.get(match.line)
                if other is not None and _open_pair(person, other, match):
                    outcome.pairs_opened += 1
        # Not counted anywhere the actor reads (the result page, the audit entry).
        for match in hidden.get(row.line, ()):
            _open_pair(person, match.person, match)
    audit.record(
        actor=actor,
        verb="matching.people_imported",
        target=branch,
        changes={
            "rows_read": len(rows) + rows_rejected,
            "rows_rejected": rows_rejected,
            "people_created": len(outcome.created),
            "duplicates_left_out": outcome.duplicates_skipped,
            "duplicates_recorded": outcome.duplicates_created,
            "pairs_opened": outcome.pairs_opened,
            **({"upload": upload_id} if upload_id else {}),
        },
    )
    return outcome


def _imported(branch, upload_id):
    from audit.models import AuditEntry

    return AuditEntry.objects.filter(
        verb="matching.people_imported", target_id=str(branch.pk), changes__upload=upload_id
    ).exists()


def _record(actor, branch, row):
    """The steps of cases.actions.create_person, whose permission administrators lack."""
    person = Person(branch=branch, **row.fields)
    person.full_clean(exclude=["search_text"])
    person.save()
    PersonAlias.objects.bulk_create(PersonAlias(person=person, name=name) for name in row.aliases)
    for phone in row.phones:
        Contact.objects.create(person=person, kind=Contact.Kind.PHONE, value=phone)
    if row.document:
        # HTCDS's prs_IdentityNumber is "the relevant national identity number".
        IdentityDocument.objects.create(
            person=person, kind=IdentityDocument.Kind.NATIONAL_ID, number=row.document
        )
    person.search_text = search_text_for(person, row.aliases)
    person.save(update_fields=["search_text"])
    index_person(person, row.aliases)
    audit.record(
        actor=actor, verb="cases.person_created", target=person, changes={"imported": True}
    )
    return person


def _open_pair(person, other, match):
    """Open the pair for review (matching.duplicates, as `svoboda find_duplicates` does)."""
    counts = record_pairs([(person, other, match.score, list(match.reasons))])
    return counts["new"] == 1
