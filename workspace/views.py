from django.shortcuts import render

from accounts import queries
from accounts.decorators import staff_required
from accounts.roles import roles_of


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
