"""The duplicate review pages (/workspace/people/duplicates/): the pairs waiting for a decision,
one pair side by side, the merge history.

Only coordinators (matching.merge_people) reach them, and only for pairs whose two records they
may see (matching.duplicate_queries); anything else is 404, so that the answer does not say a
record exists. Reading a pair is reading two people: both reads are recorded in the audit trail.
Merging, undoing and dismissing are POSTs to matching.actions.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import staff_required
from cases import queries as case_queries
from matching import actions
from matching import duplicate_queries as queries
from matching.models import DuplicatePair
from svoboda.errors import DomainError

PAGE_SIZE = 25


def _require_merge(user):
    if not user.has_perm("matching.merge_people"):
        raise PermissionDenied


@staff_required
@require_GET
def pair_list(request):
    _require_merge(request.user)
    page = Paginator(queries.open_pairs_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "matching/duplicate_list.html", {"page": page})


def _side(user, person):
    """What the pair page shows of one record (as the person page shows it)."""
    return {
        "person": person,
        "participations": case_queries.participations_visible_to(user, person),
        "aliases": list(person.aliases.all()),
        "contacts": list(person.contacts.all()),
        "documents": list(person.documents.all()),
    }


@staff_required
@require_GET
def pair_detail(request, pk):
    _require_merge(request.user)
    pair = queries.pair_for(request.user, pk)
    # A read of both records, audited as the person page audits it.
    first = case_queries.read_person(request.user, pair.first_id)
    second = case_queries.read_person(request.user, pair.second_id)
    return render(
        request,
        "matching/duplicate_detail.html",
        {
            "pair": pair,
            "left": _side(request.user, first),
            "right": _side(request.user, second),
            "is_open": pair.status == DuplicatePair.Status.OPEN,
        },
    )


@staff_required
@require_POST
def pair_merge(request, pk):
    _require_merge(request.user)
    pair = queries.pair_for(request.user, pk)
    keep = request.POST.get("keep")
    if keep not in ("first", "second"):
        messages.error(request, _("Choose which record to keep."))
        return redirect("duplicates:pair-detail", pk=pair.pk)
    kept, merged = (pair.first, pair.second) if keep == "first" else (pair.second, pair.first)
    try:
        merge = actions.merge_people(actor=request.user, kept=kept, merged=merged, pair=pair)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("duplicates:pair-detail", pk=pair.pk)
    messages.success(
        request,
        _("The records were merged. The merge can be undone from the merge history."),
    )
    return redirect("people:person-detail", pk=merge.kept_id)


@staff_required
@require_POST
def pair_dismiss(request, pk):
    _require_merge(request.user)
    pair = queries.pair_for(request.user, pk)
    try:
        actions.dismiss_pair(actor=request.user, pair=pair)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("duplicates:pair-detail", pk=pair.pk)
    messages.success(request, _("Marked as two different people."))
    return redirect("duplicates:pair-list")


@staff_required
@require_GET
def merge_list(request):
    _require_merge(request.user)
    return render(
        request, "matching/duplicate_merges.html", {"merges": queries.merges_for(request.user)}
    )


@staff_required
@require_POST
def merge_undo(request, pk):
    _require_merge(request.user)
    merge = queries.merge_for(request.user, pk)
    try:
        actions.undo_merge(actor=request.user, merge=merge)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The merge was undone: the two records are apart again."))
    return redirect(reverse("duplicates:merge-list"))
