"""Changes to cases and people. Each function is one thing a person does: it checks permission,
writes, and records the audit entry, in one transaction.
"""

from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from accounts.models import Branch, User
from accounts.permissions import require
from cases.models import (
    AccessGrant,
    Assignment,
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
from cases.names import search_text_for
from matching.index import index_person
from network import notifications
from network.queries import assignment_refusal
from svoboda.errors import DomainError
from svoboda.uploads import stored_files_removed_on_error, without_metadata

Status = Case.Status

# The workflow. Closing needs an outcome and a coordinator (close_case); a closed case can be
# reopened for verification when something new comes in.
TRANSITIONS = {
    Status.NEW: {Status.VERIFYING, Status.RESCUE_PLANNED, Status.EXITED, Status.ASSISTANCE},
    Status.VERIFYING: {Status.RESCUE_PLANNED, Status.EXITED, Status.ASSISTANCE},
    Status.RESCUE_PLANNED: {Status.VERIFYING, Status.EXITED},
    Status.EXITED: {Status.ASSISTANCE},
    Status.ASSISTANCE: {Status.EXITED},
    Status.CLOSED: {Status.VERIFYING},
}

# Fields whose values are not personal data and may be written into the audit trail as they are.
PLAIN_CASE_FIELDS = {
    "risk",
    "exploitation_types",
    "exploitation_country",
    "means_of_control",
    "recruitment_methods",
}
CASE_DETAIL_FIELDS = [
    "title",
    "risk",
    "summary",
    "exploitation_types",
    "exploitation_country",
    "exploitation_place",
    "exploitation_started_on",
    "exploitation_ended_on",
    "means_of_control",
    "recruitment_methods",
    "recruitment_details",
]
PERSON_FIELDS = [
    "given_name",
    "patronymic",
    "family_name",
    "gender",
    "birth_year",
    "age_estimate",
    "citizenship",
    "languages",
    "description",
]
PLAIN_PERSON_FIELDS = {"gender"}


class CaseClosed(DomainError):
    def __init__(self):
        super().__init__(_("This case is closed. Reopen it before changing it."))


def _ensure_open(case):
    if case.status == Status.CLOSED:
        raise CaseClosed


def _recorded_changes(before, after, plain_fields):
    """Field names that changed; values only for fields that are not personal data."""
    changes = {}
    for name, new in after.items():
        old = before.get(name)
        if _comparable(old) != _comparable(new):
            changes[name] = _jsonable(new) if name in plain_fields else None
    return changes


def _comparable(value):
    if isinstance(value, (list, tuple)):
        return sorted(str(item) for item in value)
    if value in ("", None):
        return None
    return str(value)


def _jsonable(value):
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    return None if value is None else str(value) if not isinstance(value, int) else value


@transaction.atomic
def open_case(*, actor: User, branch: Branch, title: str, **details) -> Case:
    """A coordinator opens a case in a branch they coordinate."""
    require(actor, "cases.open_case_in_branch", branch)
    case = Case(branch=branch, title=title, created_by=actor)
    for name, value in details.items():
        if name not in CASE_DETAIL_FIELDS:
            raise TypeError(f"open_case() got an unexpected field {name!r}")
        setattr(case, name, value)
    case.full_clean()
    case.save()
    audit.record(
        actor=actor,
        verb="cases.case_opened",
        target=case,
        changes={"branch": branch.pk, "risk": case.risk},
    )
    return case


@transaction.atomic
def update_case_details(*, actor: User, case: Case, **details) -> Case:
    """The case's team edits its title, risk, summary and the exploitation."""
    require(actor, "cases.change_case", case)
    _ensure_open(case)
    before = {name: getattr(case, name) for name in details}
    for name, value in details.items():
        if name not in CASE_DETAIL_FIELDS:
            raise TypeError(f"update_case_details() got an unexpected field {name!r}")
        setattr(case, name, value)
    case.full_clean()
    changes = _recorded_changes(before, details, PLAIN_CASE_FIELDS)
    if changes:
        case.save()
        audit.record(actor=actor, verb="cases.case_updated", target=case, changes=changes)
    return case


@transaction.atomic
def change_case_status(*, actor: User, case: Case, status: str) -> Case:
    """The case's team moves it along the workflow; closing goes through close_case()."""
    require(actor, "cases.change_case", case)
    status = Status(status)
    if status == Status.CLOSED:
        raise DomainError(_("To close a case, choose its outcome with “Close the case”."))
    if case.status == Status.CLOSED:
        require(actor, "cases.close_case", case)  # reopening is for those who may close
    if status not in TRANSITIONS[case.status]:
        raise DomainError(
            _("A case cannot go from “%(old)s” to “%(new)s”.")
            % {"old": case.get_status_display(), "new": status.label}
        )
    old = case.status
    case.status = status
    case.outcome = ""
    case.closed_at = None
    case.save(update_fields=["status", "outcome", "closed_at", "updated_at"])
    audit.record(
        actor=actor,
        verb="cases.status_changed",
        target=case,
        changes={"status": [old, status.value]},
    )
    return case


@transaction.atomic
def close_case(*, actor: User, case: Case, outcome: str) -> Case:
    """A case is closed once, with an outcome, by a coordinator of its branch."""
    require(actor, "cases.close_case", case)
    _ensure_open(case)
    case.status = Status.CLOSED
    case.outcome = Case.Outcome(outcome)
    case.closed_at = timezone.now()
    case.save(update_fields=["status", "outcome", "closed_at", "updated_at"])
    audit.record(actor=actor, verb="cases.case_closed", target=case, changes={"outcome": outcome})
    return case


def _check_worker(case, user):
    if not user.is_active or not user.has_perm("accounts.access_workspace"):
        raise DomainError(
            _("%(name)s cannot be given work: the account is not active.")
            % {"name": user.full_name or user.email}
        )
    if not user.has_perm("cases.work_case") and not user.has_perm("cases.view_case"):
        raise DomainError(
            _("%(name)s has no role that works on cases.") % {"name": user.full_name or user.email}
        )
    if not user.branches.filter(pk=case.branch_id).exists():
        raise DomainError(
            _("%(name)s is not a member of the branch %(branch)s.")
            % {"name": user.full_name or user.email, "branch": case.branch}
        )
    refusal = assignment_refusal(user)
    if refusal:
        raise DomainError(refusal)


@transaction.atomic
def assign_worker(*, actor: User, case: Case, user: User) -> Assignment:
    """A coordinator puts an active member of the case's branch on the case."""
    require(actor, "cases.manage_case_team", case)
    _ensure_open(case)
    _check_worker(case, user)
    assignment, created = Assignment.objects.get_or_create(case=case, user=user)
    if created:
        audit.record(
            actor=actor, verb="cases.worker_assigned", target=case, changes={"user": user.pk}
        )
        notifications.volunteer_assigned(user, case=case)
    return assignment


def end_assignments_of(*, actor: User, user: User) -> int:
    """Take someone off every open case they are assigned to, at once: a volunteer who pauses
    or leaves (network.actions checked the actor may vet them). Their open tasks stay, for
    the branch to hand over. Returns how many cases they left."""
    assignments = Assignment.objects.filter(user=user).exclude(case__status=Status.CLOSED)
    count = 0
    for assignment in assignments.select_related("case"):
        assignment.delete()
        audit.record(
            actor=actor,
            verb="cases.worker_unassigned",
            target=assignment.case,
            changes={"user": user.pk},
        )
        count += 1
    return count


@transaction.atomic
def unassign_worker(*, actor: User, case: Case, user: User) -> Case:
    """A coordinator takes a worker off the case; their open tasks in it stay for reassignment."""
    require(actor, "cases.manage_case_team", case)
    deleted, _details = Assignment.objects.filter(case=case, user=user).delete()
    if deleted:
        audit.record(
            actor=actor, verb="cases.worker_unassigned", target=case, changes={"user": user.pk}
        )
    return case


@transaction.atomic
def grant_access(*, actor: User, case: Case, user: User, reason: str) -> AccessGrant:
    """A coordinator lets one more person see the case in full, and says why."""
    require(actor, "cases.manage_case_team", case)
    if not user.is_active or not user.has_perm("accounts.access_workspace"):
        raise DomainError(_("Access can only be given to an active workspace account."))
    if not user.has_perm("cases.work_case"):
        raise DomainError(
            _("%(name)s has no role that works on cases.") % {"name": user.full_name or user.email}
        )
    grant, created = AccessGrant.objects.get_or_create(
        case=case, user=user, defaults={"reason": reason, "granted_by": actor}
    )
    if created:
        audit.record(
            actor=actor,
            verb="cases.access_granted",
            target=case,
            # The reason is free text and may name people: it stays on the grant only.
            changes={"user": user.pk},
        )
    return grant


@transaction.atomic
def revoke_access(*, actor: User, case: Case, user: User) -> Case:
    require(actor, "cases.manage_case_team", case)
    deleted, _details = AccessGrant.objects.filter(case=case, user=user).delete()
    if deleted:
        audit.record(
            actor=actor, verb="cases.access_revoked", target=case, changes={"user": user.pk}
        )
    return case


@transaction.atomic
def add_task(*, actor: User, case: Case, title: str, owner: User, due_on=None) -> Task:
    """The case's team gives a task to someone on the case (or to a coordinator of its branch)."""
    require(actor, "cases.change_case", case)
    _ensure_open(case)
    from cases.queries import access_to

    if access_to(owner, case) is None:
        raise DomainError(
            _("%(name)s cannot see this case. Assign them to it first.")
            % {"name": owner.full_name or owner.email}
        )
    task = Task.objects.create(case=case, title=title, owner=owner, due_on=due_on, created_by=actor)
    audit.record(
        actor=actor,
        verb="cases.task_added",
        target=case,
        changes={"task": task.pk, "owner": owner.pk, "due_on": str(due_on) if due_on else None},
    )
    return task


@transaction.atomic
def complete_task(*, actor: User, task: Task) -> Task:
    """The task's owner, or anyone on the case's team, marks it done."""
    if task.owner_id != actor.pk:
        require(actor, "cases.change_case", task.case)
    else:
        require(actor, "cases.add_note", task.case)
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at", "updated_at"])
        audit.record(
            actor=actor, verb="cases.task_done", target=task.case, changes={"task": task.pk}
        )
    return task


@transaction.atomic
def add_note(*, actor: User, case: Case, body: str, is_sensitive: bool) -> Note:
    """Anyone who sees the case may add a note; volunteers only add notes anyone may read."""
    require(actor, "cases.add_note", case)
    from cases.queries import access_to

    access = access_to(actor, case)
    if is_sensitive and not access.view_sensitive:
        raise DomainError(_("You can only add notes that everyone on the case may read."))
    note = Note.objects.create(case=case, body=body, is_sensitive=is_sensitive, author=actor)
    audit.record(
        actor=actor,
        verb="cases.note_added",
        target=case,
        changes={"note": note.pk, "sensitive": is_sensitive},
    )
    return note


@transaction.atomic
def add_case_file(
    *, actor: User, case: Case, upload, content_type: str, description=""
) -> CaseFile:
    """The case's team attaches a checked file (svoboda.uploads.check_upload) to the case."""
    require(actor, "cases.change_case", case)
    # A photo's EXIF holds where it was taken: never stored (svoboda.uploads.without_metadata).
    upload = without_metadata(upload, content_type)
    case_file = CaseFile(
        case=case,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        description=description,
        uploaded_by=actor,
    )
    with stored_files_removed_on_error() as stored:
        case_file.file.save("upload", upload, save=False)
        stored.append(case_file.file)
        case_file.save()
        # The file name is the uploader's words and may name someone: record the id only.
        audit.record(
            actor=actor, verb="cases.file_added", target=case, changes={"file": str(case_file.pk)}
        )
    return case_file


def _refresh_search_text(person):
    aliases = list(person.aliases.values_list("name", flat=True))
    person.search_text = search_text_for(person, aliases)
    person.save(update_fields=["search_text"])
    # The name index (matching.index) changes in the same transaction as the names.
    index_person(person, aliases)


@transaction.atomic
def create_person(
    *, actor: User, branch: Branch, aliases=(), contacts=(), documents=(), **fields
) -> Person:
    """Record a person in a branch the actor belongs to; later visibility follows their cases."""
    require(actor, "cases.create_person_in_branch", branch)
    person = Person(branch=branch)
    for name, value in fields.items():
        if name not in PERSON_FIELDS:
            raise TypeError(f"create_person() got an unexpected field {name!r}")
        setattr(person, name, value)
    person.full_clean(exclude=["search_text"])
    person.save()
    PersonAlias.objects.bulk_create(
        PersonAlias(person=person, name=name) for name in aliases if name.strip()
    )
    for contact in contacts:
        Contact.objects.create(person=person, **contact)
    for document in documents:
        IdentityDocument.objects.create(person=person, **document)
    _refresh_search_text(person)
    audit.record(actor=actor, verb="cases.person_created", target=person)
    return person


@transaction.atomic
def update_person(*, actor: User, person: Person, aliases=None, **fields) -> Person:
    """Change a person's record; names and other personal values are recorded only as changed."""
    require(actor, "cases.change_person", person)
    before = {name: getattr(person, name) for name in fields}
    for name, value in fields.items():
        if name not in PERSON_FIELDS:
            raise TypeError(f"update_person() got an unexpected field {name!r}")
        setattr(person, name, value)
    person.full_clean(exclude=["search_text"])
    person.save()
    changes = _recorded_changes(before, fields, PLAIN_PERSON_FIELDS)
    if aliases is not None:
        old = sorted(person.aliases.values_list("name", flat=True))
        new = sorted(name.strip() for name in aliases if name.strip())
        if old != new:
            # Names kept stay the same rows: a merge remembers the alias it added by its id, to
            # take it away again if the merge is undone.
            wanted = Counter(new)
            for alias in person.aliases.order_by("pk"):
                if wanted[alias.name] > 0:
                    wanted[alias.name] -= 1
                else:
                    alias.delete()
            PersonAlias.objects.bulk_create(
                PersonAlias(person=person, name=name) for name in wanted.elements()
            )
            changes["aliases"] = None
    _refresh_search_text(person)
    if changes:
        audit.record(actor=actor, verb="cases.person_updated", target=person, changes=changes)
    return person


@transaction.atomic
def add_contact(*, actor: User, person: Person, kind: str, value: str, note="", is_safe=False):
    require(actor, "cases.change_person", person)
    contact = Contact.objects.create(
        person=person, kind=kind, value=value, note=note, is_safe=is_safe
    )
    audit.record(
        actor=actor, verb="cases.person_updated", target=person, changes={"contacts": None}
    )
    return contact


@transaction.atomic
def add_document(*, actor: User, person: Person, **fields) -> IdentityDocument:
    require(actor, "cases.change_person", person)
    document = IdentityDocument(person=person, **fields)
    document.full_clean()
    document.save()
    audit.record(
        actor=actor, verb="cases.person_updated", target=person, changes={"documents": None}
    )
    return document


@transaction.atomic
def add_person_to_case(*, actor: User, case: Case, person: Person, role: str) -> Participant:
    """The case's team links a person to the case in a role."""
    require(actor, "cases.change_case", case)
    # Linking a person the actor cannot see would reveal them to everyone on the case.
    require(actor, "cases.change_person", person)
    _ensure_open(case)
    return _link_person(actor, case, person, role)


def _link_person(actor, case, person, role):
    participant, created = Participant.objects.get_or_create(case=case, person=person, role=role)
    if created:
        audit.record(
            actor=actor,
            verb="cases.person_added",
            target=case,
            changes={"person": str(person.pk), "role": role},
        )
    return participant


@transaction.atomic
def add_new_person_to_case(*, actor: User, case: Case, role: str, aliases=(), **fields) -> Person:
    """The case's team records someone new and puts them in the case in one step."""
    require(actor, "cases.change_case", case)
    _ensure_open(case)
    person = create_person(actor=actor, branch=case.branch, aliases=aliases, **fields)
    _link_person(actor, case, person, role)
    return person


@transaction.atomic
def remove_person_from_case(*, actor: User, participant: Participant) -> Case:
    case = participant.case
    require(actor, "cases.change_case", case)
    _ensure_open(case)
    audit.record(
        actor=actor,
        verb="cases.person_removed",
        target=case,
        changes={"person": str(participant.person_id), "role": participant.role},
    )
    participant.delete()
    return case


@transaction.atomic
def hand_over_work(*, actor: User, from_user: User, to_user: User) -> dict:
    """A coordinator moves a leaving worker's open requests, cases and tasks in the branches
    they coordinate to another person, in one step. Returns how many of each moved."""
    from cases.queries import branches_coordinated_by, open_work_of

    if from_user == to_user:
        raise DomainError(_("Choose someone else to take the work over."))
    branches = list(branches_coordinated_by(actor))
    if not branches:
        raise PermissionDenied("cases.coordinate_case")
    if not to_user.is_active or not to_user.has_perm("accounts.access_workspace"):
        raise DomainError(_("The work can only go to an active workspace account."))
    # A volunteer would see only the outline of the cases and none of the requests.
    if not to_user.has_perm("cases.work_case"):
        raise DomainError(
            _("%(name)s has no role that works on cases.")
            % {"name": to_user.full_name or to_user.email}
        )
    moved = {"requests": 0, "cases": 0, "tasks": 0}
    work = open_work_of(from_user, branches)

    for request in work.requests.select_for_update():
        _check_request_worker(request, to_user)
        request.assignee = to_user
        request.save(update_fields=["assignee", "updated_at"])
        audit.record(
            actor=actor,
            verb="cases.work_handed_over",
            target=request,
            changes={"from": from_user.pk, "to": to_user.pk},
        )
        moved["requests"] += 1

    for assignment in work.assignments.select_related("case"):
        case = assignment.case
        _check_worker(case, to_user)
        Assignment.objects.get_or_create(case=case, user=to_user)
        assignment.delete()
        audit.record(
            actor=actor,
            verb="cases.work_handed_over",
            target=case,
            changes={"from": from_user.pk, "to": to_user.pk},
        )
        moved["cases"] += 1

    for task in work.tasks.select_related("case"):
        _check_worker(task.case, to_user)
        _assignment, assigned = Assignment.objects.get_or_create(case=task.case, user=to_user)
        if assigned:
            # Taking over a task opens its case in full: the trail must say so.
            audit.record(
                actor=actor,
                verb="cases.worker_assigned",
                target=task.case,
                changes={"user": to_user.pk},
            )
        task.owner = to_user
        task.save(update_fields=["owner", "updated_at"])
        audit.record(
            actor=actor,
            verb="cases.task_reassigned",
            target=task.case,
            changes={"task": task.pk, "from": from_user.pk, "to": to_user.pk},
        )
        moved["tasks"] += 1

    audit.record(actor=actor, verb="cases.work_handed_over", target=from_user, changes=moved)
    return moved


def _check_request_worker(request, user):
    # The same rule as intake.actions.triage_request for an assignee.
    if not user.has_perm("intake.view_helprequest"):
        raise DomainError(_("This person cannot work on help requests."))
    if not user.branches.filter(pk=request.branch_id).exists():
        raise DomainError(
            _("%(name)s is not a member of the branch %(branch)s.")
            % {"name": user.full_name or user.email, "branch": request.branch}
        )
