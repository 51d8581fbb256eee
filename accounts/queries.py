"""Reads, scoped to what the asking user may see."""

from django.db.models import Count, Q
from django.http import Http404

from accounts.models import Branch, User


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
