"""Handing work over (/workspace/handover/): when a worker leaves or is deactivated, a
coordinator moves their open requests, cases and tasks to someone else in one step.

Only members of the coordinator's own branches can be chosen; anyone else is 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import staff_required
from cases import actions, queries
from cases.people_forms import HandOverForm
from svoboda.errors import DomainError


@staff_required
@require_http_methods(["GET", "POST"])
def handover(request):
    if not request.user.has_perm("cases.coordinate_case"):
        raise PermissionDenied
    list_url = reverse("handover:handover")
    if "user" not in request.GET:
        if request.method == "POST":
            return HttpResponseRedirect(list_url)
        members = queries.members_with_open_work(request.user)
        return render(request, "cases/handover.html", {"members": members})

    member = queries.handover_member_for(request.user, request.GET["user"])
    data = request.POST if request.method == "POST" else None
    form = HandOverForm(data, targets=queries.handover_targets(request.user, member))
    if form.is_bound and form.is_valid():
        to_user = form.cleaned_data["to_user"]
        try:
            moved = actions.hand_over_work(actor=request.user, from_user=member, to_user=to_user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "The work of %(from)s went to %(to)s. Requests: %(requests)s, cases: "
                    "%(cases)s, tasks: %(tasks)s."
                )
                % {"from": member, "to": to_user, **moved},
            )
            return HttpResponseRedirect(list_url)
    work = queries.open_work_of(member, queries.branches_coordinated_by(request.user))
    return render(
        request,
        "cases/handover_member.html",
        {
            "member": member,
            "form": form,
            "requests": work.requests.order_by("urgency", "created_at"),
            "assignments": work.assignments.select_related("case").order_by("-case__risk"),
            "tasks": work.tasks.select_related("case"),
        },
    )
