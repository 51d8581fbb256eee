"""Reads of cases and people, scoped by need-to-know. Every view, list, search and download
starts here; nothing else in the code decides who may see a case.

Need-to-know: a case is visible to the coordinators of its branch, the workers assigned to it,
and users given explicit access. A volunteer assigned to a case sees only what the assignment
shows (the case's title, status and their own tasks; no people, files or sensitive notes).
Anyone else gets 404, so that the answer does not confirm that the case exists.

Opening a case, a person or a file is itself recorded in the audit trail (read_case,
read_person, read_case_file): these are the only reads that write.
"""

from dataclasses import dataclass

from django.db.models import (
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404

import audit
from accounts.models import Branch, User
from audit.models import AuditEntry
from cases.models import AccessGrant, Assignment, Case, CaseFile, Note, Participant, Person, Task
from cases.names import search_words
from svoboda.encryption.fields import encrypted_fields

READ_VERBS = {"cases.case_viewed", "cases.person_viewed", "cases.file_downloaded"}


@dataclass(frozen=True)
class CaseAccess:
    """What one user may do with one case; templates read it as `can`."""

    full: bool = False
    coordinates: bool = False

    @property
    def view(self):
        return True

    @property
    def view_people(self):
        return self.full

    @property
    def view_sensitive(self):
        return self.full

    @property
    def view_files(self):
        return self.full

    @property
    def view_thread(self):
        return self.full

    @property
    def view_details(self):
        return self.full

    @property
    def view_timeline(self):
        return self.full

    @property
    def edit(self):
        return self.full

    @property
    def reply(self):
        return self.full

    @property
    def change_status(self):
        return self.full

    @property
    def close(self):
        return self.coordinates

    @property
    def manage_team(self):
        return self.coordinates

    @property
    def add_note(self):
        return True


def _coordinates_branch(user, branch_id):
    return user.has_perm("cases.coordinate_case") and user.branches.filter(pk=branch_id).exists()


def _may_see_cases(user):
    # The role must allow cases at all: an editor given an assignment or a grant by mistake
    # still sees nothing.
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm("accounts.access_workspace")
        and user.has_perm("cases.view_case")
    )


def access_to(user, case):
    """The user's access to one case, or None when they may not see it at all.

    Assignments and explicit grants open a case in full only to roles that work on cases; a
    volunteer sees the outline however they were added.
    """
    if not _may_see_cases(user):
        return None
    if _coordinates_branch(user, case.branch_id):
        return CaseAccess(full=True, coordinates=True)
    works_cases = user.has_perm("cases.work_case")
    if Assignment.objects.filter(case=case, user=user).exists() or (
        AccessGrant.objects.filter(case=case, user=user).exists()
    ):
        return CaseAccess(full=works_cases)
    return None


def _assigned(user):
    return Exists(Assignment.objects.filter(case=OuterRef("pk"), user=user))


def _granted(user):
    return Exists(AccessGrant.objects.filter(case=OuterRef("pk"), user=user))


# The filters below test one case at a time (EXISTS, and the coordinator's branches as a list
# of ids), not "pk IN (a join of every case with its assignments and grants)": PostgreSQL can
# then walk an index of the cases a list asks for and check each, instead of building the whole
# visible set first (bench/README.md: the cases list at a million cases).


def _full_access(user):
    """A filter for the cases this user sees in full."""
    condition = Q(pk__in=[])
    if user.has_perm("cases.work_case"):
        condition |= _assigned(user) | _granted(user)
    if user.has_perm("cases.coordinate_case"):
        condition |= Q(branch__in=list(user.branches.values_list("pk", flat=True)))
    return condition


def _full_access_to_case_of(user):
    """_full_access for rows with a `case` (participants): the case tested through the row's own
    link, not "case IN (every case the user sees in full)". SQLite evaluated that list again for
    every row of a correlated subquery (12.5 s for a people page at 10,000 cases)."""
    if not _may_see_cases(user):
        return Q(pk__in=[])
    condition = Q(pk__in=[])
    if user.has_perm("cases.work_case"):
        condition |= Exists(Assignment.objects.filter(case=OuterRef("case"), user=user))
        condition |= Exists(AccessGrant.objects.filter(case=OuterRef("case"), user=user))
    if user.has_perm("cases.coordinate_case"):
        condition |= Q(case__branch__in=list(user.branches.values_list("pk", flat=True)))
    return condition


def cases_visible_to(user):
    """Every case the user may open (in full or through an assignment or grant)."""
    if not _may_see_cases(user):
        return Case.objects.none()
    return Case.objects.filter(_full_access(user) | _assigned(user) | _granted(user))


def cases_in_full_view_of(user):
    if not _may_see_cases(user):
        return Case.objects.none()
    return Case.objects.filter(_full_access(user))


def case_for(user, pk):
    """One case and the user's access to it, or 404. Does not audit: use read_case for a view."""
    try:
        case = Case.objects.select_related("branch", "created_by").get(pk=_uuid_or_404(pk))
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    access = access_to(user, case)
    if access is None:
        raise Http404
    return case, access


def read_case(user, pk):
    """case_for, recorded in the audit trail as a view of the case."""
    case, access = case_for(user, pk)
    record_case_view(user, case)
    return case, access


def record_case_view(user, case):
    audit.record(actor=user, verb="cases.case_viewed", target=case)


def people_visible_to(user):
    """People in cases the user sees in full, and people recorded by branches they coordinate."""
    if not (
        user.is_authenticated and user.is_active and user.has_perm("accounts.access_workspace")
    ):
        return Person.objects.none()
    # Written as a test of one person (EXISTS), not as "pk IN (a join)": PostgreSQL can then
    # check the few people a search found instead of building the whole visible set first
    # (README, "Performance of the search": 1.6 s -> 0.14 s p95 at a million people).
    condition = Exists(
        Participant.objects.filter(_full_access_to_case_of(user), person=OuterRef("pk"))
    )
    if user.has_perm("cases.coordinate_case"):
        condition = Q(branch__in=user.branches.all()) | condition
    # A record merged into another is hidden everywhere; its links now point at the kept one.
    return Person.objects.filter(condition, merged_into__isnull=True)


def person_for(user, pk):
    """One person, or 404 when the user may not see them. Does not audit: see read_person."""
    person = people_visible_to(user).filter(pk=_uuid_or_404(pk)).select_related("branch").first()
    if person is None:
        raise Http404
    return person


def read_person(user, pk):
    person = person_for(user, pk)
    audit.record(actor=user, verb="cases.person_viewed", target=person)
    return person


def read_case_file(user, pk):
    """A case file the user may download, recorded as a download of that file; 404 otherwise."""
    try:
        case_file = CaseFile.objects.select_related("case").get(pk=_uuid_or_404(pk))
    except CaseFile.DoesNotExist:
        raise Http404 from None
    access = access_to(user, case_file.case)
    if access is None or not access.view_files:
        raise Http404
    audit.record(
        actor=user,
        verb="cases.file_downloaded",
        target=case_file.case,
        changes={"file": str(case_file.pk)},
    )
    return case_file


def search_people(queryset, query):
    """People whose names contain every word of the query, in any letter case and order.

    The plain substring search the workspace had before matching.search; kept as the baseline
    that `svoboda eval_matching` measures against."""
    for word in search_words(query):
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def participants_of(case):
    return (
        Participant.objects.filter(case=case).select_related("person").order_by("role", "added_at")
    )


def people_with_cases(queryset, user):
    """Prefetch each person's roles in the cases this user sees in full (no N+1 on lists)."""
    visible = cases_in_full_view_of(user)
    return queryset.prefetch_related(
        Prefetch(
            "participations",
            queryset=Participant.objects.filter(case__in=visible)
            .select_related("case")
            .defer(*(f"case__{field.name}" for field in encrypted_fields(Case))),
            to_attr="visible_participations",
        )
    )


def find_people(user, *, query="", gender="", citizenship="", branch=None):
    """The people list: people visible to the user that match the filters, with their roles in
    visible cases. With a search (a name in any script and spelling, a phone or a document
    number: matching.search), a list ranked by similarity, each person carrying `.match`;
    without one, a queryset in the order of names."""
    from matching.search import search

    people = people_visible_to(user)
    if gender:
        people = people.filter(gender=gender)
    if citizenship:
        # Stored as comma-separated two-letter codes, so a code cannot match across two.
        people = people.filter(citizenship__contains=citizenship)
    if branch is not None:
        people = people.filter(branch=branch)
    if not query.strip():
        people = people.select_related("branch").prefetch_related("aliases")
        return people_with_cases(people.order_by("family_name", "given_name", "pk"), user)
    matches = search(people, query)
    by_id = {
        person.pk: person
        for person in people_with_cases(
            Person.objects.filter(pk__in=[m.person.pk for m in matches])
            .select_related("branch")
            .prefetch_related("aliases"),
            user,
        )
    }
    ranked = []
    for match in matches:
        person = by_id[match.person.pk]
        person.match = match
        ranked.append(person)
    return ranked


def branches_of_people_visible_to(user):
    """Branches to filter the people list by: those the user coordinates, and those of the cases
    they work on (people are mostly recorded by the branches of their cases). Not read off every
    visible person: 1.3 s at 100,000 cases."""
    if not (
        user.is_authenticated and user.is_active and user.has_perm("accounts.access_workspace")
    ):
        return Branch.objects.none()
    condition = Q(pk__in=_coordinated_branch_ids(user))
    # Only cases seen in full show their people (people_visible_to): a volunteer's outline, or
    # an editor's assignment by mistake, names no branch here.
    if _may_see_cases(user) and user.has_perm("cases.work_case"):
        condition |= Q(pk__in=Assignment.objects.filter(user=user).values("case__branch"))
        condition |= Q(pk__in=AccessGrant.objects.filter(user=user).values("case__branch"))
    return Branch.objects.filter(condition).order_by("name")


def participations_visible_to(user, person):
    """A person's roles in the cases the user sees in full."""
    return (
        Participant.objects.filter(person=person, case__in=cases_in_full_view_of(user))
        .select_related("case")
        .order_by("-case__created_at", "role")
    )


def timeline_of(case):
    """Everything that happened in the case, newest first: the audit trail without the reads."""
    from django.contrib.contenttypes.models import ContentType

    from intake.models import HelpRequest

    request_ids = [
        str(pk) for pk in HelpRequest.objects.filter(case=case).values_list("pk", flat=True)
    ]
    condition = Q(target_type=ContentType.objects.get_for_model(Case), target_id=str(case.pk))
    if request_ids:
        condition |= Q(
            target_type=ContentType.objects.get_for_model(HelpRequest), target_id__in=request_ids
        )
    return (
        AuditEntry.objects.filter(condition)
        .exclude(verb__in=READ_VERBS | {"intake.request_viewed", "intake.attachment_downloaded"})
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def _uuid_or_404(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


# The case pages (/workspace/cases/): what each page shows, scoped by the same access.


def case_list_for(user):
    """The visible cases with what each list row shows, in a fixed number of queries.

    The team is listed only for cases the user sees in full (`in_full_view`); an assigned
    volunteer's outline does not say who else works on the case.
    """
    full = cases_in_full_view_of(user)
    return (
        cases_visible_to(user)
        # A row shows no encrypted field: each would be decrypted for nothing (about 5 ms a page).
        .defer(*(field.name for field in encrypted_fields(Case)))
        .select_related("branch")
        .annotate(in_full_view=Exists(full.filter(pk=OuterRef("pk"))))
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(case__in=full)
                .select_related("user")
                .order_by("assigned_at"),
            )
        )
    )


def _coordinated_branch_ids(user):
    if not (_may_see_cases(user) and user.has_perm("cases.coordinate_case")):
        return []
    return list(user.branches.values_list("pk", flat=True))


def branches_of_cases_visible_to(user):
    """The branches to filter the case list by: those the user coordinates that hold a case, and
    those of the cases they are assigned to or given access to.

    Built from the user's own few rows, not from every case they may see: at a million cases
    "branches of the visible cases" read a third of them (0.25 to 0.74 s at 100,000)."""
    from accounts.models import Branch

    if not _may_see_cases(user):
        return Branch.objects.none()
    coordinated = Q(pk__in=_coordinated_branch_ids(user)) & Exists(
        Case.objects.filter(branch=OuterRef("pk"))
    )
    return Branch.objects.filter(
        coordinated
        | Q(pk__in=Assignment.objects.filter(user=user).values("case__branch"))
        | Q(pk__in=AccessGrant.objects.filter(user=user).values("case__branch"))
    ).order_by("name")


def workers_on_cases_visible_to(user):
    """The workers to filter the case list by: members of the branches the user coordinates
    whose role works on cases, and the colleagues on the cases the user works on in full (an
    outline does not show who works on a case).

    Read from the branches' members and the user's own cases, not from every assignment of every
    visible case: that took 0.6 to 1.3 s at 100,000 cases. A worker of another branch assigned
    to a case here is not offered; the list shows them on the case's row."""
    from accounts.models import User

    if not _may_see_cases(user):
        return User.objects.none()
    condition = Q(pk__in=[])
    branch_ids = _coordinated_branch_ids(user)
    if branch_ids:
        members = User.objects.filter(
            branches__in=branch_ids, groups__permissions__in=_case_permission(["work_case"])
        )
        condition |= Q(pk__in=members.values("pk"))
    if user.has_perm("cases.work_case"):
        own_cases = Assignment.objects.filter(user=user).values("case")
        granted = AccessGrant.objects.filter(user=user).values("case")
        condition |= Q(pk__in=Assignment.objects.filter(case__in=own_cases).values("user"))
        condition |= Q(pk__in=Assignment.objects.filter(case__in=granted).values("user"))
    return User.objects.filter(condition).order_by("full_name", "email")


def branches_to_open_cases_in(user):
    """The branches where the user may open a case (the rule cases.open_case_in_branch)."""
    from accounts.models import Branch

    if not (user.is_authenticated and user.is_active):
        return Branch.objects.none()
    allowed = [b.pk for b in user.branches.all() if user.has_perm("cases.open_case_in_branch", b)]
    return Branch.objects.filter(pk__in=allowed).order_by("name")


@dataclass(frozen=True)
class CaseContents:
    participants: object
    assignments: object
    grants: object
    tasks: object
    notes: object
    files: object
    requests: object
    timeline: object


def case_contents(user, case, access):
    """What the case page shows: the outline (own tasks, notes anyone may read) to everyone who
    sees the case; people, team, files, sensitive notes, the writer's thread and the timeline
    only with full access."""
    from intake.models import HelpRequest

    tasks = Task.objects.filter(case=case).select_related("owner")
    if not access.full:
        tasks = tasks.filter(owner=user)
    notes = Note.objects.filter(case=case).select_related("author")
    if not access.view_sensitive:
        notes = notes.filter(is_sensitive=False)
    return CaseContents(
        participants=participants_of(case) if access.view_people else Participant.objects.none(),
        assignments=(
            Assignment.objects.filter(case=case).select_related("user").order_by("assigned_at")
            if access.full
            else Assignment.objects.none()
        ),
        grants=(
            AccessGrant.objects.filter(case=case).select_related("user").order_by("granted_at")
            if access.full
            else AccessGrant.objects.none()
        ),
        tasks=tasks,
        notes=notes,
        files=(
            CaseFile.objects.filter(case=case).select_related("uploaded_by")
            if access.view_files
            else CaseFile.objects.none()
        ),
        requests=threads_of(case) if access.view_thread else HelpRequest.objects.none(),
        timeline=timeline_of(case) if access.view_timeline else AuditEntry.objects.none(),
    )


def threads_of(case):
    """The help requests that became this case, each with the thread between writer and staff."""
    from intake.models import HelpRequest, Message

    return (
        HelpRequest.objects.filter(case=case)
        .order_by("created_at")
        .prefetch_related(
            "attachments",
            Prefetch("messages", queryset=Message.objects.select_related("author")),
        )
    )


def case_request_for(case, access, request_id):
    """A help request of this case, for someone who may read its thread; 404 otherwise."""
    from intake.models import HelpRequest

    if not access.view_thread:
        raise Http404
    request = HelpRequest.objects.filter(case=case, pk=_uuid_or_404(request_id)).first()
    if request is None:
        raise Http404
    request.case = case
    return request


def task_for(user, task_id):
    """A task and the user's access to its case, or 404; a volunteer finds only their own."""
    task = Task.objects.filter(pk=task_id).first()
    if task is None:
        raise Http404
    case, access = case_for(user, task.case_id)
    if not access.full and task.owner_id != user.pk:
        raise Http404
    task.case = case
    return task, access


def participant_for(user, participant_id):
    """A person's place in a case, for someone who may see the case's people; 404 otherwise."""
    participant = Participant.objects.select_related("person").filter(pk=participant_id).first()
    if participant is None:
        raise Http404
    case, access = case_for(user, participant.case_id)
    if not access.view_people:
        raise Http404
    participant.case = case
    return participant, access


def _case_permission(codenames):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="cases", codename__in=codenames)


def assignable_workers(case):
    """Active members of the case's branch whose role works on cases, not yet on the case."""
    from accounts.models import User
    from network.queries import assignable

    roles = _case_permission(["work_case", "view_case"])
    workers = (
        User.objects.filter(is_active=True, branches=case.branch_id)
        .filter(Q(groups__permissions__in=roles) | Q(user_permissions__in=roles))
        .exclude(case_assignments__case=case)
        .values("pk")
    )
    # Volunteers only once vetted to active (actions._check_worker asks the same).
    return assignable(User.objects.filter(pk__in=workers)).order_by("full_name", "email")


def possible_task_owners(case):
    """Who may own a task in the case: the people who see it (assigned, granted, coordinators)."""
    from accounts.models import User

    coordinate = _case_permission(["coordinate_case"])
    # Subqueries, not joins: a join through every assignment of every worker grows with the
    # organisation's whole history (283 ms per case page at 10,000 cases).
    coordinators = User.objects.filter(branches=case.branch_id, groups__permissions__in=coordinate)
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(pk__in=Assignment.objects.filter(case=case).values("user"))
            | Q(pk__in=AccessGrant.objects.filter(case=case).values("user"))
            | Q(pk__in=coordinators.values("pk"))
        )
        .order_by("full_name", "email")
    )


# Handing work over: a coordinator moves a leaving worker's open work to someone else.


@dataclass(frozen=True)
class OpenWork:
    """One person's open requests, case assignments and tasks in some branches."""

    requests: QuerySet
    assignments: QuerySet
    tasks: QuerySet


def branches_coordinated_by(user):
    """The branches whose work the user may hand over: their own, if they coordinate."""
    if not (user.is_authenticated and user.is_active and user.has_perm("cases.coordinate_case")):
        return Branch.objects.none()
    return Branch.objects.filter(members=user)


def open_work_of(member, branches):
    """What hand_over_work moves: requests new or in triage, assignments to cases not closed, and
    tasks not done in cases not closed, all in the given branches. `member` may be an OuterRef."""
    from intake.models import HelpRequest

    return OpenWork(
        requests=HelpRequest.objects.filter(
            assignee=member,
            branch__in=branches,
            status__in=[HelpRequest.Status.NEW, HelpRequest.Status.IN_TRIAGE],
        ),
        assignments=Assignment.objects.filter(user=member, case__branch__in=branches).exclude(
            case__status=Case.Status.CLOSED
        ),
        tasks=Task.objects.filter(
            owner=member, done_at__isnull=True, case__branch__in=branches
        ).exclude(case__status=Case.Status.CLOSED),
    )


def members_with_open_work(user):
    """Members of the branches the user coordinates who hold open work there, with counts;
    deactivated accounts first, because nobody else will pick their work up."""
    branches = branches_coordinated_by(user)
    work = open_work_of(OuterRef("pk"), branches)
    members = User.objects.filter(pk__in=User.objects.filter(branches__in=branches).values("pk"))
    return (
        members.annotate(
            open_requests=_count(work.requests),
            open_cases=_count(work.assignments),
            open_tasks=_count(work.tasks),
        )
        .filter(Q(open_requests__gt=0) | Q(open_cases__gt=0) | Q(open_tasks__gt=0))
        .order_by("is_active", "full_name", "email")
    )


def handover_member_for(user, pk):
    """A member (active or not) of a branch the user coordinates, or 404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    members = User.objects.filter(branches__in=branches_coordinated_by(user)).values("pk")
    member = User.objects.filter(pk=pk, pk__in=members).first()
    if member is None:
        raise Http404
    return member


def handover_targets(user, member):
    """Who may take the work over: active members of the coordinated branches whose role works
    on cases, other than the person leaving. hand_over_work checks each item's branch again."""
    from accounts.roles import ROLE_PERMISSIONS

    roles = [role.value for role, names in ROLE_PERMISSIONS.items() if "cases.work_case" in names]
    candidates = User.objects.filter(
        branches__in=branches_coordinated_by(user), is_active=True, groups__name__in=roles
    ).values("pk")
    targets = User.objects.filter(pk__in=candidates).exclude(pk=member.pk)
    return targets.order_by("full_name", "email")


def _count(queryset):
    # COUNT as a plain function, not an aggregate, so the subquery has no GROUP BY.
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
