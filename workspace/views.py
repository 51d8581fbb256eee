from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import queries
from accounts.decorators import staff_required
from accounts.roles import roles_of
from workspace.search import search_workspace


@staff_required
def dashboard(request):
    return render(
        request,
        "workspace/dashboard.html",
        {
            "roles": roles_of(request.user),
            "my_branches": request.user.branches.filter(is_active=True),
            "visible_branch_count": queries.branches_visible_to(request.user).count(),
        },
    )


@staff_required
@require_GET
def search(request):
    results = search_workspace(request.user, request.GET.get("q", ""))
    return render(request, "workspace/search.html", {"results": results})
