"""The operation page, shared by the GET view and every POST view that shows it again with
errors. What it contains comes from operations.queries.operation_contents (need-to-know); which
forms it offers comes from the `can` object and the operation's status.
"""

from django.shortcuts import render

from operations import queries
from operations.forms import AbortForm, ContactForm, TeamMemberForm, TransportForm
from operations.models import Operation

Status = Operation.Status


def _default_forms(operation, access):
    """The empty forms this user may use now, built only when offered."""
    forms = {}
    if not access.manages:
        return forms
    if operation.status in (Status.PLANNING, Status.READY):
        forms["team"] = lambda: TeamMemberForm(
            candidates=queries.team_candidates_for(operation), auto_id="team_%s"
        )
        forms["contact"] = lambda: ContactForm(auto_id="contact_%s")
    forms["transport"] = lambda: TransportForm(auto_id="transport_%s")
    if not operation.is_finished:
        forms["abort"] = lambda: AbortForm(auto_id="abort_%s")
    return forms


def render_operation_page(request, operation, access, *, form_name=None, form=None, error=None):
    """The operation page; `form` (named `form_name`) came back with errors, or `error` is a
    message from a status change that was refused.

    Whoever gets this page has seen the operation, so it records the view; callers load the
    operation with operation_for, which does not.
    """
    queries.record_operation_view(request.user, operation)
    contents = queries.operation_contents(operation, access)
    queries.record_people_shown(
        request.user,
        operation,
        [p.person for p in [*contents.people_to_meet, *contents.rescued]],
        via="operation",
    )
    forms = {name: make() for name, make in _default_forms(operation, access).items()}
    if form_name is not None and form is not None:
        forms[form_name] = form
    is_planning = operation.status == Status.PLANNING
    steps = {
        "approve": access.approve and is_planning and not operation.is_approved,
        "ready": access.manages and is_planning,
        "start": access.manages and operation.status == Status.READY,
        "complete": access.manages and operation.status == Status.IN_PROGRESS,
    }
    return render(
        request,
        "operations/operation_detail.html",
        {
            "operation": operation,
            "can": access,
            "contents": contents,
            "forms": forms,
            "open_form": form_name,
            "steps": steps,
            "step_error": error,
            "can_tick": access.manages and is_planning,
            "can_edit_plan": access.manages and operation.status in (Status.PLANNING, Status.READY),
            "transport_totals": _totals(contents.transport),
        },
        status=200,
    )


def _totals(items):
    totals = {}
    for item in items:
        totals[item.currency] = totals.get(item.currency, 0) + item.cost
    return sorted(totals.items())
