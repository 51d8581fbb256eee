"""Who may see which figures. The figures themselves are counted in reports.statistics.

Reports are for holders of reports.view_reports (administrators and coordinators), scoped to
the branches they may see (accounts.queries.branches_visible_to): a branch outside them answers
404, as everywhere else, even when its id is typed into the address.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.queries import branch_for, branches_visible_to


def require_reports(user):
    if not (user.is_authenticated and user.is_active and user.has_perm("reports.view_reports")):
        raise PermissionDenied


def report_branches(user):
    """The branches a user may choose on the dashboard."""
    return list(branches_visible_to(user))


def report_branch_for(user, value):
    """The chosen branch (None when none is chosen), or 404 when the user may not see it."""
    if value in (None, ""):
        return None
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    return branch_for(user, pk)


def report_scope(user, branch, visible):
    """What statistics.compute() counts for this user: the chosen branch; else the whole
    organisation for those who see every branch (requests not yet routed to a branch count only
    there); else the branches they may see (`visible`, from report_branches)."""
    if branch is not None:
        return [branch]
    if user.has_perm("accounts.view_all_branches"):
        return None
    return visible


def lists_open_to(user, scope):
    """The workspace lists a figure may link to, for this user and scope.

    A list filters by one branch and shows what the user may see there, so it holds exactly the
    records behind a figure only when the figures are one branch's: for several branches (or the
    whole organisation) a list would also show requests not yet routed, or cases shared from
    elsewhere, so there are no links. A link to a list the user cannot open would only lead to
    a refusal."""
    one_branch = scope is not None and len(scope) == 1
    return {
        "requests": one_branch and user.has_perm("intake.view_helprequest"),
        "cases": one_branch and user.has_perm("cases.view_case"),
        "operations": one_branch and user.has_perm("operations.view_operation"),
    }
