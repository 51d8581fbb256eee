"""The reports dashboard in the workspace (/workspace/reports/)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.decorators import staff_required
from reports import dashboard, queries
from reports.forms import DashboardFilterForm
from reports.statistics import compute


# No audit entry: the page shows counts, never a person or a record, so there is nothing of
# anyone's that was seen. What each reader could reach through the figures' links is audited by
# the lists and records themselves when opened.
@staff_required
@require_GET
def dashboard_view(request):
    user = request.user
    queries.require_reports(user)
    branch = queries.report_branch_for(user, request.GET.get("branch"))
    visible = queries.report_branches(user)
    today = timezone.localdate()
    form = DashboardFilterForm(
        request.GET or None,
        branches=visible,
        initial={"date_from": today.replace(month=1, day=1), "date_to": today},
    )
    period = form.period(today)
    periods = [period] if period.previous is None else [period, period.previous]
    scope = queries.report_scope(user, branch, visible)
    results = [compute(scope, date_from=p.start, date_to=p.end) for p in periods]
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "tables": dashboard.tables(
                results,
                periods,
                branch=scope[0] if scope and len(scope) == 1 else None,
                links=queries.lists_open_to(user, scope),
            ),
            "branch": branch,
        },
    )
