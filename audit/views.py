from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.decorators import staff_required
from audit import queries
from audit.forms import AuditFilterForm
from audit.verbs import label_for
from svoboda.pagination import BoundedPaginator

PAGE_SIZE = 50


@staff_required
@require_GET
def entry_list(request):
    """Read and filter the trail. There is no view that changes or deletes an entry."""
    if not request.user.has_perm("audit.view_auditentry"):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    entries = queries.entries_visible_to(request.user)
    if form.is_bound and form.is_valid():
        entries = form.filter(entries)
    page = BoundedPaginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(entry, label_for(entry.verb)) for entry in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/entry_list.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )
