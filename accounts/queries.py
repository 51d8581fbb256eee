"""Reads, scoped to what the asking user may see."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404

from accounts.models import Branch, User
from accounts.roles import Role, roles_of


def branches_visible_to(user):
    """Branches the user may open: all for roles that see every branch, otherwise their own."""
    if not user.has_perm("accounts.view_branch"):
        return Branch.objects.none()
    branches = Branch.objects.all()
    if not user.has_perm("accounts.view_all_branches"):
        branches = branches.filter(members=user)
    return branches.annotate(
        active_member_count=Count("members", filter=Q(members__is_active=True), distinct=True)
    ).order_by("name")


def branch_for(user, pk):
    """One branch, or 404 when the user may not see it (its existence is not confirmed)."""
    branch = branches_visible_to(user).filter(pk=pk).first()
    if branch is None:
        raise Http404
    return branch


def members_of(user, branch):
    """Active members of a branch with their roles, if the user may see the branch's people."""
    if not user.has_perm("accounts.branch_members", branch):
        return User.objects.none()
    return (
        User.objects.filter(branches=branch, is_active=True)
        .prefetch_related("groups")
        .order_by("full_name", "email")
    )


# The branch page: who coordinates, who works there, and the branch's work in progress.

# A branch page is an overview: longer lists belong to the case and operation lists, which
# the page links to, filtered to the branch.
BRANCH_PAGE_ROWS = 25


@dataclass(frozen=True)
class Rows:
    """The first rows of a list, and whether there are more than the page shows."""

    items: list
    has_more: bool

    @classmethod
    def of(cls, queryset, limit=BRANCH_PAGE_ROWS):
        items = list(queryset[: limit + 1])
        return cls(items=items[:limit], has_more=len(items) > limit)


@dataclass(frozen=True)
class BranchOverview:
    """What the branch page shows. A section the user may not see is None, not empty: the page
    leaves it out rather than saying there is nothing."""

    coordinators: list | None
    members: list | None
    volunteers: Rows | None
    cases: Rows | None
    operations: Rows | None


def branch_overview(user, branch):
    """The branch page, each section read through the query that guards it elsewhere:
    members by accounts.branch_members, volunteers by network.queries.volunteers_visible_to,
    cases by cases.queries.cases_visible_to (need-to-know; a list, so not audited, as on the
    case list) and operations by operations.queries.operations_visible_to."""
    from cases.models import Case
    from cases.queries import cases_visible_to
    from network.models import Volunteer
    from network.queries import volunteers_visible_to
    from operations.models import Operation
    from operations.queries import operations_visible_to

    coordinators = members = volunteers = cases = operations = None
    if user.has_perm("accounts.branch_members", branch):
        members = [(member, roles_of(member)) for member in members_of(user, branch)]
        coordinators = [member for member, roles in members if Role.COORDINATOR in roles]
    if user.has_perm("network.view_volunteer"):
        volunteers = Rows.of(
            volunteers_visible_to(user)
            .filter(branch=branch, status__in=[Volunteer.Status.ACTIVE, Volunteer.Status.PAUSED])
            .order_by("full_name", "pk")
        )
    if user.has_perm("cases.view_case"):
        cases = Rows.of(
            cases_visible_to(user)
            .filter(branch=branch)
            .exclude(status=Case.Status.CLOSED)
            .order_by("-risk", "-created_at", "pk")
        )
    if user.has_perm("operations.view_operation"):
        operations = Rows.of(
            operations_visible_to(user)
            .filter(branch=branch)
            .exclude(status__in=[Operation.Status.COMPLETED, Operation.Status.ABORTED])
            .order_by("starts_at", "pk")
        )
    return BranchOverview(
        coordinators=coordinators,
        members=members,
        volunteers=volunteers,
        cases=cases,
        operations=operations,
    )
