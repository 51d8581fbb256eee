"""Changes to rescue operations. Each function is one thing a person does: it checks permission,
writes, and records the audit entry, in one transaction.

The workflow: planning -> ready -> in progress -> completed; aborted (with a reason) from any of
the first three. Ready needs every active checklist item ticked and the plan approved by a
coordinator of the branch. Any change to the plan (details, cases, team, contacts, transport)
withdraws the approval, and a ready operation goes back to planning. The plan is fixed once the
operation has started.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from accounts.models import User
from accounts.permissions import require
from assistance.actions import open_assistance_plan
from cases import actions as case_actions
from cases.actions import TRANSITIONS as CASE_TRANSITIONS
from cases.models import Case, Participant
from network import notifications
from network.queries import assignment_refusal
from operations.models import (
    ChecklistItem,
    ChecklistTick,
    Debrief,
    Operation,
    OperationContact,
    RescuedPerson,
    TeamMember,
    TransportItem,
)
from svoboda.errors import DomainError

Status = Operation.Status

PLAN_FIELDS = [
    "title",
    "country",
    "region",
    "city",
    "address",
    "latitude",
    "longitude",
    "starts_at",
    "ends_at",
    "lead",
    "brief",
]
# Values that may go into the audit trail as they are; the rest (titles, the place, the brief)
# is recorded only as "changed".
PLAIN_PLAN_FIELDS = {"country", "starts_at", "ends_at", "lead"}
NEW_PERSON_FIELDS = {"given_name", "patronymic", "family_name", "gender", "birth_year"}


def _plain(value):
    if isinstance(value, User):
        return value.pk
    return None if value in ("", None) else str(value)


def _same(old, new):
    if old in ("", None) and new in ("", None):
        return True
    return old == new


def _ensure_not_started(operation):
    if operation.status not in (Status.PLANNING, Status.READY):
        raise DomainError(_("The operation has started or ended: its plan can no longer change."))


def _ensure_status(operation, status, message):
    if operation.status != status:
        raise DomainError(message)


def _check_member(branch, user):
    """Team members (and the lead) are active members of the branch whose role sees
    operations: staff and volunteers, never an editor or a deactivated account."""
    name = user.full_name or user.email
    if not user.is_active or not user.has_perm("accounts.access_workspace"):
        raise DomainError(
            _("%(name)s cannot join the team: the account is not active.") % {"name": name}
        )
    if not user.has_perm("operations.view_operation"):
        raise DomainError(_("%(name)s has no role that takes part in operations.") % {"name": name})
    if not user.branches.filter(pk=branch.pk).exists():
        raise DomainError(
            _("%(name)s is not a member of the branch %(branch)s.")
            % {"name": name, "branch": branch}
        )
    refusal = assignment_refusal(user)
    if refusal:
        raise DomainError(refusal)


def _check_cases(actor, cases, branch=None):
    """The operation's cases: at least one, all in one branch, open, seen in full by the actor.
    Returns their branch."""
    cases = list(cases)
    if not cases:
        raise DomainError(_("Choose at least one case."))
    branch_ids = {case.branch_id for case in cases}
    if len(branch_ids) > 1:
        raise DomainError(_("All cases of an operation must belong to one branch."))
    if branch is not None and branch.pk not in branch_ids:
        raise DomainError(_("The cases must belong to the operation's branch."))
    for case in cases:
        require(actor, "cases.change_case", case)
        if case.status == Case.Status.CLOSED:
            raise DomainError(
                _("Case %(reference)s is closed. Reopen it before planning an operation for it.")
                % {"reference": case.reference}
            )
    return cases[0].branch


def _withdraw_approval(actor, operation):
    """A changed plan is no longer the plan that was approved."""
    if not operation.is_approved:
        return
    old_status = operation.status
    operation.approved_by = None
    operation.approved_at = None
    if operation.status == Status.READY:
        operation.status = Status.PLANNING
    operation.save(update_fields=["approved_by", "approved_at", "status", "updated_at"])
    audit.record(
        actor=actor,
        verb="operations.approval_withdrawn",
        target=operation,
        changes={"status": [old_status, operation.status]},
    )


def _plan_changed(actor, operation, verb, changes):
    audit.record(actor=actor, verb=verb, target=operation, changes=changes)
    _withdraw_approval(actor, operation)


def _put_lead_on_team(operation, lead, old_lead=None):
    if old_lead is not None and old_lead != lead:
        TeamMember.objects.filter(
            operation=operation, user=old_lead, role=TeamMember.Role.LEAD
        ).update(role=TeamMember.Role.OTHER)
    member, created = TeamMember.objects.get_or_create(
        operation=operation, user=lead, defaults={"role": TeamMember.Role.LEAD}
    )
    if not created and member.role != TeamMember.Role.LEAD:
        member.role = TeamMember.Role.LEAD
        member.save(update_fields=["role"])
    if created:
        notifications.volunteer_assigned(lead, operation=operation, role=TeamMember.Role.LEAD.label)


def _mark_rescue_planned(actor, cases):
    """Cases still being taken in or verified now have a rescue planned; cases further along
    (someone already out, in assistance) keep their status."""
    for case in cases:
        if Case.Status.RESCUE_PLANNED in CASE_TRANSITIONS[case.status] and case.status in (
            Case.Status.NEW,
            Case.Status.VERIFYING,
        ):
            case_actions.change_case_status(
                actor=actor, case=case, status=Case.Status.RESCUE_PLANNED
            )


@transaction.atomic
def create_operation(*, actor: User, cases, title: str, lead: User, **plan) -> Operation:
    """A coordinator plans an operation for cases of a branch they coordinate and see in full."""
    cases = list(cases)
    branch = _check_cases(actor, cases)
    require(actor, "operations.plan_operation_in_branch", branch)
    _check_member(branch, lead)
    operation = Operation(branch=branch, title=title, lead=lead, created_by=actor)
    for name, value in plan.items():
        if name not in PLAN_FIELDS:
            raise TypeError(f"create_operation() got an unexpected field {name!r}")
        setattr(operation, name, value)
    operation.full_clean()
    operation.save()
    operation.cases.set(cases)
    _put_lead_on_team(operation, lead)
    _mark_rescue_planned(actor, cases)
    audit.record(
        actor=actor,
        verb="operations.operation_created",
        target=operation,
        changes={
            "branch": branch.pk,
            "cases": [str(case.pk) for case in cases],
            "lead": lead.pk,
            "starts_at": _plain(operation.starts_at),
        },
    )
    return operation


@transaction.atomic
def update_plan(*, actor: User, operation: Operation, cases=None, **plan) -> Operation:
    """A coordinator of the branch changes the plan before the operation starts; a change
    withdraws the approval."""
    require(actor, "operations.manage_this_operation", operation)
    _ensure_not_started(operation)
    changes = {}
    old_lead = operation.lead
    for name, value in plan.items():
        if name not in PLAN_FIELDS:
            raise TypeError(f"update_plan() got an unexpected field {name!r}")
        old = getattr(operation, name)
        if not _same(old, value):
            changes[name] = _plain(value) if name in PLAIN_PLAN_FIELDS else None
        setattr(operation, name, value)
    if "lead" in changes:
        _check_member(operation.branch, operation.lead)
    operation.full_clean()
    if cases is not None:
        cases = list(cases)
        old_ids = set(operation.cases.values_list("pk", flat=True))
        if {case.pk for case in cases} != old_ids:
            _check_cases(actor, cases, branch=operation.branch)
            changes["cases"] = [str(case.pk) for case in cases]
    if not changes:
        return operation
    operation.save()
    if "cases" in changes:
        operation.cases.set(cases)
    if "lead" in changes:
        _put_lead_on_team(operation, operation.lead, old_lead)
    _plan_changed(actor, operation, "operations.plan_updated", changes)
    return operation


@transaction.atomic
def add_team_member(*, actor: User, operation: Operation, user: User, role: str) -> TeamMember:
    """A coordinator puts an active member of the branch on the team, in one role."""
    require(actor, "operations.manage_this_operation", operation)
    _ensure_not_started(operation)
    role = TeamMember.Role(role)
    if role == TeamMember.Role.LEAD:
        raise DomainError(_("The lead is chosen in the plan: edit the plan to change the lead."))
    _check_member(operation.branch, user)
    if TeamMember.objects.filter(operation=operation, user=user).exists():
        raise DomainError(
            _("%(name)s is already on the team.") % {"name": user.full_name or user.email}
        )
    member = TeamMember.objects.create(operation=operation, user=user, role=role)
    _plan_changed(
        actor,
        operation,
        "operations.team_member_added",
        {"user": user.pk, "role": role.value},
    )
    notifications.volunteer_assigned(user, operation=operation, role=role.label)
    return member


def take_off_unstarted_teams(*, actor: User, user: User) -> int:
    """Take someone off the team of every operation that has not started: a volunteer who
    pauses or leaves (network.actions checked the actor may vet them). Each plan loses its
    approval, as any change of team does. Someone who leads such an operation is refused:
    the plan needs another lead first. Returns how many teams they left."""
    members = TeamMember.objects.filter(
        user=user, operation__status__in=[Status.PLANNING, Status.READY]
    ).select_related("operation")
    members = list(members)
    for member in members:
        if member.operation.lead_id == user.pk:
            raise DomainError(
                _("%(name)s leads operation %(reference)s: choose another lead in its plan first.")
                % {"name": user.full_name or user.email, "reference": member.operation.reference}
            )
    for member in members:
        changes = {"user": user.pk, "role": member.role}
        member.delete()
        _plan_changed(actor, member.operation, "operations.team_member_removed", changes)
    return len(members)


@transaction.atomic
def remove_team_member(*, actor: User, member: TeamMember) -> Operation:
    """A coordinator takes someone off the team; the lead stays until another lead is chosen."""
    operation = member.operation
    require(actor, "operations.manage_this_operation", operation)
    _ensure_not_started(operation)
    if member.user_id == operation.lead_id:
        raise DomainError(_("Choose another lead in the plan before taking the lead off the team."))
    changes = {"user": member.user_id, "role": member.role}
    member.delete()
    _plan_changed(actor, operation, "operations.team_member_removed", changes)
    return operation


@transaction.atomic
def add_contact(
    *, actor: User, operation: Operation, kind: str, name: str, details="", partner=None
) -> OperationContact:
    """A coordinator records whom to call: the police, a partner organisation."""
    require(actor, "operations.manage_this_operation", operation)
    _ensure_not_started(operation)
    if partner is not None and not partner.is_active:
        raise DomainError(_("This partner organisation is no longer active."))
    contact = OperationContact(
        operation=operation, kind=kind, name=name, details=details, partner=partner
    )
    contact.full_clean()
    contact.save()
    _plan_changed(
        actor,
        operation,
        "operations.contact_added",
        {"contact": contact.pk, "kind": kind, "partner": partner.pk if partner else None},
    )
    return contact


@transaction.atomic
def remove_contact(*, actor: User, contact: OperationContact) -> Operation:
    operation = contact.operation
    require(actor, "operations.manage_this_operation", operation)
    _ensure_not_started(operation)
    changes = {"contact": contact.pk, "kind": contact.kind}
    contact.delete()
    _plan_changed(actor, operation, "operations.contact_removed", changes)
    return operation


@transaction.atomic
def add_transport_item(
    *, actor: User, operation: Operation, description: str, cost, currency: str
) -> TransportItem:
    """A coordinator adds transport or a ticket, with its cost: planned ones, and the taxi taken
    in the middle of the night or the ticket bought afterwards, which the accounts need too."""
    require(actor, "operations.manage_this_operation", operation)
    item = TransportItem(
        operation=operation, description=description, cost=cost, currency=currency.upper()
    )
    item.full_clean()
    item.save()
    _costs_changed(
        actor,
        operation,
        "operations.transport_added",
        {"item": item.pk, "cost": str(item.cost), "currency": item.currency},
    )
    return item


@transaction.atomic
def remove_transport_item(*, actor: User, item: TransportItem) -> Operation:
    operation = item.operation
    require(actor, "operations.manage_this_operation", operation)
    changes = {"item": item.pk, "cost": str(item.cost), "currency": item.currency}
    item.delete()
    _costs_changed(actor, operation, "operations.transport_removed", changes)
    return operation


def _costs_changed(actor, operation, verb, changes):
    """Before the start, costs are part of the plan, and changing them withdraws its approval;
    afterwards they are the accounts of what happened, audited the same way."""
    if operation.status in (Status.PLANNING, Status.READY):
        _plan_changed(actor, operation, verb, changes)
    else:
        audit.record(actor=actor, verb=verb, target=operation, changes=changes)


@transaction.atomic
def tick_checklist_item(
    *, actor: User, operation: Operation, item: ChecklistItem, ticked: bool
) -> Operation:
    """A coordinator ticks (or unticks) a risk checklist item while the operation is planned."""
    require(actor, "operations.manage_this_operation", operation)
    _ensure_status(
        operation,
        Status.PLANNING,
        _("The checklist can only change while the operation is being planned."),
    )
    if not item.is_active:
        raise DomainError(_("This checklist item is no longer in use."))
    if ticked:
        _tick, changed = ChecklistTick.objects.get_or_create(
            operation=operation, item=item, defaults={"ticked_by": actor}
        )
    else:
        changed, _details = ChecklistTick.objects.filter(operation=operation, item=item).delete()
    if changed:
        audit.record(
            actor=actor,
            verb="operations.checklist_ticked" if ticked else "operations.checklist_unticked",
            target=operation,
            changes={"item": item.pk},
        )
    return operation


@transaction.atomic
def approve_operation(*, actor: User, operation: Operation) -> Operation:
    """A coordinator of the operation's branch approves the plan as it stands."""
    require(actor, "operations.approve_this_operation", operation)
    _ensure_status(
        operation, Status.PLANNING, _("Only a plan that is still being prepared can be approved.")
    )
    if operation.is_approved:
        raise DomainError(_("This plan is already approved."))
    operation.approved_by = actor
    operation.approved_at = timezone.now()
    operation.save(update_fields=["approved_by", "approved_at", "updated_at"])
    audit.record(actor=actor, verb="operations.operation_approved", target=operation)
    return operation


def _checklist_missing(operation):
    from operations.queries import checklist_of

    return checklist_of(operation).missing


@transaction.atomic
def mark_operation_ready(*, actor: User, operation: Operation) -> Operation:
    """An operation is ready once every active checklist item is ticked and the plan approved."""
    require(actor, "operations.manage_this_operation", operation)
    _ensure_status(
        operation, Status.PLANNING, _("Only an operation being planned can be marked ready.")
    )
    missing = _checklist_missing(operation)
    if missing:
        raise DomainError(
            _("The risk checklist is not complete. Still to tick: %(items)s.")
            % {"items": "; ".join(item.text for item in missing)}
        )
    if not operation.is_approved:
        raise DomainError(_("A coordinator of the branch must approve the plan first."))
    operation.status = Status.READY
    operation.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        verb="operations.operation_ready",
        target=operation,
        changes={"status": [Status.PLANNING.value, Status.READY.value]},
    )
    return operation


@transaction.atomic
def start_operation(*, actor: User, operation: Operation) -> Operation:
    """A ready operation starts; only ready operations have a complete checklist and approval."""
    require(actor, "operations.manage_this_operation", operation)
    _ensure_status(operation, Status.READY, _("Only a ready operation can start."))
    operation.status = Status.IN_PROGRESS
    operation.started_at = timezone.now()
    operation.save(update_fields=["status", "started_at", "updated_at"])
    audit.record(
        actor=actor,
        verb="operations.operation_started",
        target=operation,
        changes={"status": [Status.READY.value, Status.IN_PROGRESS.value]},
    )
    return operation


@dataclass(frozen=True)
class NewRescuedPerson:
    """Someone who left exploitation but had no record yet: recorded in `case` as a survivor."""

    case: Case
    fields: dict = field(default_factory=dict)


@transaction.atomic
def complete_operation(
    *,
    actor: User,
    operation: Operation,
    outcome: str,
    summary: str,
    incidents: str = "",
    media_links: str = "",
    rescued=(),
    new_people=(),
) -> Debrief:
    """An operation in progress is completed with its debrief. The people who left exploitation
    (`rescued`: survivors' Participant rows in the operation's cases; `new_people`:
    NewRescuedPerson) are recorded, their cases move to "exited" where the case workflow allows
    it, and their assistance plans are opened — all or nothing."""
    require(actor, "operations.manage_this_operation", operation)
    _ensure_status(
        operation, Status.IN_PROGRESS, _("Only an operation in progress can be completed.")
    )
    outcome = Debrief.Outcome(outcome)
    rescued, new_people = list(rescued), list(new_people)
    if not summary.strip():
        raise DomainError(_("Describe what happened before completing the operation."))
    someone_left = bool(rescued or new_people)
    if outcome == Debrief.Outcome.NOBODY_OUT and someone_left:
        raise DomainError(
            _("The outcome says nobody left exploitation, but people are recorded as having left.")
        )
    if outcome != Debrief.Outcome.NOBODY_OUT and not someone_left:
        raise DomainError(_("Record the people who left exploitation, or change the outcome."))

    case_ids = set(operation.cases.values_list("pk", flat=True))
    for participant in rescued:
        if participant.case_id not in case_ids or participant.role != Participant.Role.VICTIM:
            raise DomainError(_("Only survivors recorded in the operation's cases can be chosen."))
    for new in new_people:
        if new.case.pk not in case_ids:
            raise DomainError(_("New people must be recorded in one of the operation's cases."))
        unknown = set(new.fields) - NEW_PERSON_FIELDS
        if unknown:
            raise TypeError(f"complete_operation() got unexpected person fields {unknown!r}")

    debrief = Debrief(
        operation=operation,
        outcome=outcome,
        summary=summary,
        incidents=incidents,
        media_links=media_links,
        recorded_by=actor,
    )
    debrief.full_clean()
    debrief.save()

    people = [(participant.case, participant.person) for participant in rescued]
    for new in new_people:
        person = case_actions.add_new_person_to_case(
            actor=actor, case=new.case, role=Participant.Role.VICTIM, **new.fields
        )
        people.append((new.case, person))
    seen = set()
    for case, person in people:
        if person.pk in seen:
            raise DomainError(
                _("%(name)s is recorded twice. Record each person once.")
                % {"name": person.full_name}
            )
        seen.add(person.pk)
        RescuedPerson.objects.create(debrief=debrief, person=person, case=case)

    cases_moved = []
    for case in {case.pk: case for case, _person in people}.values():
        case.refresh_from_db()
        already_out = case.status in (Case.Status.EXITED, Case.Status.ASSISTANCE)
        if not already_out and Case.Status.EXITED in CASE_TRANSITIONS[Case.Status(case.status)]:
            case_actions.change_case_status(actor=actor, case=case, status=Case.Status.EXITED)
            cases_moved.append(str(case.pk))
    for case, person in people:
        open_assistance_plan(actor=actor, case=case, person=person)

    operation.status = Status.COMPLETED
    operation.ended_at = timezone.now()
    operation.save(update_fields=["status", "ended_at", "updated_at"])
    audit.record(
        actor=actor,
        verb="operations.operation_completed",
        target=operation,
        changes={
            "outcome": outcome.value,
            "rescued": [str(person.pk) for _case, person in people],
            "cases_exited": cases_moved,
        },
    )
    return debrief


@transaction.atomic
def abort_operation(*, actor: User, operation: Operation, reason: str) -> Operation:
    """A coordinator calls the operation off before it is completed, and says why."""
    require(actor, "operations.manage_this_operation", operation)
    if operation.is_finished:
        raise DomainError(_("The operation has already ended."))
    if not reason.strip():
        raise DomainError(_("Say why the operation is aborted."))
    old = operation.status
    operation.status = Status.ABORTED
    operation.abort_reason = reason.strip()
    operation.ended_at = timezone.now()
    operation.save(update_fields=["status", "abort_reason", "ended_at", "updated_at"])
    # The reason is free text and may name people: it stays on the operation only.
    audit.record(
        actor=actor,
        verb="operations.operation_aborted",
        target=operation,
        changes={"status": [old, Status.ABORTED.value]},
    )
    return operation


# The risk checklist itself.


@transaction.atomic
def add_checklist_item(
    *, actor: User, text_ru: str, text_en: str, position: int = 100
) -> ChecklistItem:
    """Those who approve plans add a question to the risk checklist of every operation."""
    require(actor, "operations.manage_checklist")
    item = ChecklistItem(text_ru=text_ru, text_en=text_en, position=position)
    item.full_clean()
    item.save()
    audit.record(actor=actor, verb="operations.checklist_item_added", target=item)
    return item


@transaction.atomic
def update_checklist_item(*, actor: User, item: ChecklistItem, **fields) -> ChecklistItem:
    """Reword, reorder or retire a checklist item; retired items are no longer asked."""
    require(actor, "operations.manage_checklist")
    changes = {}
    for name, value in fields.items():
        if name not in ("text_ru", "text_en", "position", "is_active"):
            raise TypeError(f"update_checklist_item() got an unexpected field {name!r}")
        if getattr(item, name) != value:
            changes[name] = value
        setattr(item, name, value)
    item.full_clean()
    if changes:
        item.save()
        audit.record(
            actor=actor, verb="operations.checklist_item_changed", target=item, changes=changes
        )
    return item
