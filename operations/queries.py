"""Reads of rescue operations, scoped by need-to-know. Nothing else decides who sees one.

Who sees an operation:
- coordinators of its branch (who plan and approve operations there): all of it;
- users who see at least one of its cases in full (cases.queries): all of it, except the cases
  they do not see in full and the people of those cases;
- members of its team without such access (volunteers above all): what their part needs —
  the place, the time window, the team and their own role, transport, the checklist's state
  and the brief; not the cases, the contacts, the debrief's text or any survivor's name.
Anyone else gets 404. Opening an operation or its printable brief is recorded in the audit trail
(read_operation, read_brief).
"""

import uuid
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

import audit
from accounts.models import Branch, User
from cases.models import Case, Participant, Person
from cases.queries import cases_in_full_view_of
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


@dataclass(frozen=True)
class OperationAccess:
    """What one user may see and do with one operation; templates read it as `can`."""

    full: bool = False
    manages: bool = False
    approves: bool = False
    team_role: str | None = None
    # The operation's cases this user sees in full; only these and their people are shown.
    case_ids: frozenset = field(default_factory=frozenset)
    # Free text (contacts, the debrief, the abort reason) may speak of any of the operation's
    # cases, so it is shown only to those who see all of them, or manage the operation.
    sees_all_cases: bool = False

    @property
    def view_cases(self):
        return self.full

    @property
    def view_contacts(self):
        return self.manages or self.sees_all_cases

    @property
    def view_debrief(self):
        return self.manages or self.sees_all_cases

    @property
    def view_first_names(self):
        """The brief lists the first names of the people to be met, for full access only."""
        return self.full

    @property
    def edit(self):
        return self.manages

    @property
    def approve(self):
        return self.approves

    @property
    def team_role_label(self):
        return TeamMember.Role(self.team_role).label if self.team_role else ""


def _may_see_operations(user):
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm("accounts.access_workspace")
        and user.has_perm("operations.view_operation")
    )


def _in_branch(user, branch_id):
    return user.branches.filter(pk=branch_id).exists()


def _team_place_counts(user):
    """A place on a team opens the operation only to someone who may still be given work: a
    volunteer who was paused or left sees none of their operations, running or past."""
    from network.queries import assignment_refusal

    return assignment_refusal(user) is None


def access_to(user, operation):
    """The user's access to one operation, or None when they may not see it at all."""
    if not _may_see_operations(user):
        return None
    in_branch = _in_branch(user, operation.branch_id)
    manages = in_branch and user.has_perm("operations.add_operation")
    approves = in_branch and user.has_perm("operations.approve_operation")
    case_ids = frozenset(
        operation.cases.filter(pk__in=cases_in_full_view_of(user).values("pk")).values_list(
            "pk", flat=True
        )
    )
    role = (
        TeamMember.objects.filter(operation=operation, user=user)
        .values_list("role", flat=True)
        .first()
    )
    if role is not None and not _team_place_counts(user):
        role = None
    full = manages or bool(case_ids)
    if not full and role is None:
        return None
    all_case_ids = set(operation.cases.values_list("pk", flat=True))
    return OperationAccess(
        full=full,
        manages=manages,
        approves=approves,
        team_role=role,
        case_ids=case_ids,
        sees_all_cases=bool(case_ids) and set(case_ids) == all_case_ids,
    )


def operations_visible_to(user):
    """Every operation the user may open: in full, or as a member of its team."""
    if not _may_see_operations(user):
        return Operation.objects.none()
    # Tested per operation (EXISTS), not "pk IN (a join of every case the user sees in full)":
    # the case page asks for one case's operations, and built that whole set first (0.32 s at
    # a million cases, 5 ms now).
    condition = Exists(
        Operation.cases.through.objects.filter(
            operation=OuterRef("pk"), case__in=cases_in_full_view_of(user)
        )
    )
    if _team_place_counts(user):
        condition |= Exists(TeamMember.objects.filter(operation=OuterRef("pk"), user=user))
    if user.has_perm("operations.add_operation"):
        condition |= Q(branch__in=list(user.branches.values_list("pk", flat=True)))
    return Operation.objects.filter(condition)


def operation_for(user, pk):
    """One operation and the user's access to it, or 404. Does not audit: see read_operation."""
    operation = (
        Operation.objects.select_related("branch", "lead", "approved_by", "created_by")
        .filter(pk=pk)
        .first()
    )
    if operation is None:
        raise Http404
    access = access_to(user, operation)
    if access is None:
        raise Http404
    return operation, access


def read_operation(user, pk):
    """operation_for, recorded in the audit trail as a view of the operation."""
    operation, access = operation_for(user, pk)
    record_operation_view(user, operation)
    return operation, access


def record_operation_view(user, operation):
    audit.record(actor=user, verb="operations.operation_viewed", target=operation)


def record_people_shown(user, operation, people, *, via):
    """Each person whose name an operation page shows, recorded as viewed, as the person page
    and the shelter and plan pages do: a person's history tells who has seen their name."""
    for person in {person.pk: person for person in people}.values():
        audit.record(
            actor=user,
            verb="cases.person_viewed",
            target=person,
            changes={"via": via, "operation": str(operation.pk)},
        )


def read_brief(user, pk):
    """The operation for its printable brief, recorded as such; 404 when out of scope."""
    operation, access = operation_for(user, pk)
    audit.record(actor=user, verb="operations.brief_viewed", target=operation)
    return operation, access


# Lists.


def operation_list_for(user):
    """The visible operations with what each list row shows, in a fixed number of queries."""
    return operations_visible_to(user).select_related("branch", "lead")


def branches_of_operations_visible_to(user):
    return Branch.objects.filter(pk__in=operations_visible_to(user).values("branch")).order_by(
        "name"
    )


def operations_of_case(user, case):
    """The operations of one case that the user may open, for the case page."""
    return (
        operations_visible_to(user).filter(cases=case).select_related("lead").order_by("-starts_at")
    )


@dataclass(frozen=True)
class CaseOperations:
    operations: object
    can_plan: bool


def case_operations(user, case):
    """The case page's section: the case's operations the user may open, and whether they may
    plan a new one for it."""
    return CaseOperations(
        operations=operations_of_case(user, case),
        can_plan=plannable_cases(user).filter(pk=case.pk).exists(),
    )


# Planning.


def branches_to_plan_in(user):
    """The branches where the user may plan operations (operations.plan_operation_in_branch)."""
    if not (_may_see_operations(user) and user.has_perm("operations.add_operation")):
        return Branch.objects.none()
    return Branch.objects.filter(members=user).order_by("name")


def plannable_cases(user):
    """Cases an operation can be planned for: seen in full, not closed, in a branch where the
    user plans operations."""
    return (
        cases_in_full_view_of(user)
        .filter(branch__in=branches_to_plan_in(user))
        .exclude(status=Case.Status.CLOSED)
        .select_related("branch")
        .order_by("branch__name", "-created_at")
    )


def plannable_case_for(user, case_id):
    """One case the user may plan an operation for, or 404."""
    try:
        case_id = uuid.UUID(str(case_id))
    except ValueError:
        raise Http404 from None
    case = plannable_cases(user).filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


def _team_role_names():
    from accounts.roles import ROLE_PERMISSIONS

    return [
        role.value
        for role, names in ROLE_PERMISSIONS.items()
        if "operations.view_operation" in names and "accounts.access_workspace" in names
    ]


def team_candidates(branches):
    """Who can be put on a team: active members of the branches whose role sees operations.
    actions._check_member asks the same of the chosen person."""
    from network.queries import assignable

    members = User.objects.filter(
        is_active=True, branches__in=branches, groups__name__in=_team_role_names()
    ).values("pk")
    # Volunteers only once vetted to active.
    return assignable(User.objects.filter(pk__in=members)).order_by("full_name", "email")


def team_candidates_for(operation):
    return team_candidates([operation.branch_id]).exclude(
        operation_memberships__operation=operation
    )


# The operation page.


@dataclass(frozen=True)
class ChecklistRow:
    item: ChecklistItem
    tick: ChecklistTick | None


@dataclass(frozen=True)
class Checklist:
    rows: list

    @property
    def done(self):
        return sum(1 for row in self.rows if row.tick is not None)

    @property
    def total(self):
        return len(self.rows)

    @property
    def is_complete(self):
        return self.done == self.total

    @property
    def missing(self):
        return [row.item for row in self.rows if row.tick is None]


def checklist_of(operation):
    """Every active checklist item and whether it is ticked for this operation."""
    ticks = {
        tick.item_id: tick
        for tick in ChecklistTick.objects.filter(operation=operation).select_related("ticked_by")
    }
    items = ChecklistItem.objects.filter(is_active=True)
    return Checklist(rows=[ChecklistRow(item=item, tick=ticks.get(item.pk)) for item in items])


@dataclass(frozen=True)
class OperationContents:
    team: object
    transport: object
    checklist: Checklist
    contacts: object
    cases: object
    debrief: object
    rescued: object
    people_to_meet: object


def operation_contents(operation, access):
    """What the operation page shows. A team member without full access gets the team, the
    transport and the checklist; the cases, contacts, debrief and people need full access."""
    full = access.full
    debrief = None
    rescued = RescuedPerson.objects.none()
    if full:
        debrief = Debrief.objects.filter(operation=operation).select_related("recorded_by").first()
        if debrief is not None:
            rescued = (
                RescuedPerson.objects.filter(debrief=debrief, case__in=access.case_ids)
                .select_related("person", "case")
                .order_by("person__family_name", "person__given_name")
            )
    return OperationContents(
        team=TeamMember.objects.filter(operation=operation).select_related("user"),
        transport=TransportItem.objects.filter(operation=operation),
        checklist=checklist_of(operation),
        contacts=(
            OperationContact.objects.filter(operation=operation).select_related("partner")
            if access.view_contacts
            else OperationContact.objects.none()
        ),
        cases=(
            Case.objects.filter(pk__in=access.case_ids).order_by("-created_at")
            if access.view_cases
            else Case.objects.none()
        ),
        debrief=debrief,
        rescued=rescued,
        people_to_meet=people_to_meet(operation, access),
    )


def people_to_meet(operation, access):
    """The survivors recorded in the operation's cases that this user sees in full."""
    if not access.full:
        return Participant.objects.none()
    return (
        Participant.objects.filter(case__in=access.case_ids, role=Participant.Role.VICTIM)
        .select_related("person", "case")
        .order_by("person__given_name", "person__family_name")
    )


def survivor_count(operation):
    """How many survivors the operation's cases record: a number, no names, for every brief."""
    return (
        Participant.objects.filter(case__operations=operation, role=Participant.Role.VICTIM)
        .values("person")
        .distinct()
        .count()
    )


def rescue_candidates(operation):
    """Who the debrief can record as having left exploitation: the survivors (role victim) of
    the operation's cases. Only someone who manages the operation records a debrief, and they
    see all of its cases in full."""
    return (
        Participant.objects.filter(
            case__in=operation.cases.values("pk"), role=Participant.Role.VICTIM
        )
        .select_related("person", "case")
        .order_by("case__created_at", "person__family_name", "person__given_name")
    )


def contact_for(operation, contact_id):
    contact = OperationContact.objects.filter(operation=operation, pk=contact_id).first()
    if contact is None:
        raise Http404
    contact.operation = operation
    return contact


def transport_item_for(operation, item_id):
    item = TransportItem.objects.filter(operation=operation, pk=item_id).first()
    if item is None:
        raise Http404
    item.operation = operation
    return item


def team_member_for(operation, member_id):
    member = (
        TeamMember.objects.filter(operation=operation, pk=member_id).select_related("user").first()
    )
    if member is None:
        raise Http404
    member.operation = operation
    return member


def checklist_item_for(item_id, *, active_only=False):
    items = ChecklistItem.objects.filter(is_active=True) if active_only else ChecklistItem.objects
    item = items.filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


def all_checklist_items():
    return ChecklistItem.objects.order_by("-is_active", "position", "id")


# Statistics.


def rescue_records(*, branches=None, completed_from=None, completed_to=None):
    """The RescuedPerson rows behind rescued_people(): those of operations of `branches` (None:
    every branch) that ended within the dates (inclusive). Statistics count their distinct
    people without reading the people's table."""
    rescues = RescuedPerson.objects.all()
    if branches is not None:
        rescues = rescues.filter(debrief__operation__branch__in=branches)
    if completed_from is not None:
        rescues = rescues.filter(debrief__operation__ended_at__date__gte=completed_from)
    if completed_to is not None:
        rescues = rescues.filter(debrief__operation__ended_at__date__lte=completed_to)
    return rescues


def rescued_people(user=None, *, branch=None, completed_from=None, completed_to=None):
    """People who were RESCUED: a survivor counts as rescued when the debrief of an operation
    links them as having left exploitation (a RescuedPerson row; a debrief is recorded when the
    operation is completed). Each person counts once, however many operations recorded them.

    With a user, only people that user may see (cases.queries.people_visible_to); without one,
    everyone, for statistics. `branch` is the operation's branch; the dates bound the day the
    operation ended (inclusive).
    """
    rescues = rescue_records(
        branches=None if branch is None else [branch],
        completed_from=completed_from,
        completed_to=completed_to,
    )
    people = Person.objects.filter(pk__in=rescues.values("person"))
    if user is not None:
        from cases.queries import people_visible_to

        people = people.filter(pk__in=people_visible_to(user).values("pk"))
    return people
