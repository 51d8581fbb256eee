"""Reads for the duplicate review pages, scoped by need-to-know.

A pair is shown only to a user who may see both of its records (cases.queries.people_visible_to,
which also hides merged records), so the list, its count and each pair page tell a user of
another branch nothing. A merge is shown to a user who sees the kept record and would see the
merged one again (matching.actions.may_undo).
"""

from django.db.models import Q
from django.http import Http404

from cases.queries import people_visible_to
from matching.actions import may_undo
from matching.models import DuplicatePair, PersonMerge

# The merge history lists the latest merges only; older ones are in the audit trail.
HISTORY_LENGTH = 100


def pairs_visible_to(user):
    """Stored pairs whose two records the user may see (any status)."""
    visible = people_visible_to(user)
    return DuplicatePair.objects.filter(first__in=visible, second__in=visible)


def open_pairs_for(user):
    return (
        pairs_visible_to(user)
        .filter(status=DuplicatePair.Status.OPEN)
        .select_related("first__branch", "second__branch")
        .order_by("-score", "pk")
    )


def count_open_pairs(user):
    if not user.has_perm("matching.merge_people"):
        return 0
    return pairs_visible_to(user).filter(status=DuplicatePair.Status.OPEN).count()


def pair_for(user, pk):
    """One pair whose two records the user may see, or 404."""
    pair = (
        pairs_visible_to(user)
        .select_related("first__branch", "second__branch", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if pair is None:
        raise Http404
    return pair


def merges_for(user):
    """The latest merges the user could undo (or could have, for those already undone)."""
    visible = people_visible_to(user)
    candidates = (
        PersonMerge.objects.filter(Q(kept__in=visible) | Q(kept__merged_into__in=visible))
        .select_related("kept", "merged", "merged_by", "undone_by")
        .order_by("-merged_at", "-pk")[:HISTORY_LENGTH]
    )
    return [merge for merge in candidates if may_undo(user, merge)]


def merge_for(user, pk):
    merge = PersonMerge.objects.select_related("kept", "merged").filter(pk=pk).first()
    if merge is None or not may_undo(user, merge):
        raise Http404
    return merge
