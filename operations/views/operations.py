"""Operation pages that show or edit a whole operation: the list, a new plan, the operation page,
the plan, the printable brief and the debrief that completes it. Smaller changes made from the
operation page are in changes.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import staff_required
from matching.suggestions import suggestions_for
from operations import actions, queries
from operations.forms import (
    DebriefForm,
    NewRescuedPeopleFormSet,
    OperationFilterForm,
    PlanForm,
)
from operations.models import Operation
from operations.views.operation_page import render_operation_page
from svoboda.errors import DomainError

PAGE_SIZE = 25


def _require_view(user):
    if not user.has_perm("operations.view_operation"):
        raise PermissionDenied


@staff_required
@require_GET
def operation_list(request):
    user = request.user
    _require_view(user)
    form = OperationFilterForm(
        request.GET or None, branches=queries.branches_of_operations_visible_to(user)
    )
    operations = form.filter(queries.operation_list_for(user))
    page = Paginator(operations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "operations/operation_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_plan": queries.branches_to_plan_in(user).exists(),
            "can_manage_checklist": user.has_perm("operations.manage_checklist"),
        },
    )


def _plan_form(request, user, *, initial=None, operation=None):
    if operation is None:
        cases = queries.plannable_cases(user)
        leads = queries.team_candidates(queries.branches_to_plan_in(user))
    else:
        # Cases of the operation stay listed even if they are closed since, so that an edit of
        # other fields does not drop them.
        cases = (
            queries.plannable_cases(user).filter(branch=operation.branch)
            | operation.cases.all().select_related("branch")
        ).distinct()
        leads = queries.team_candidates([operation.branch_id])
    return PlanForm(request.POST or None, initial=initial, cases=cases, leads=leads)


@staff_required
@require_http_methods(["GET", "POST"])
def operation_new(request):
    user = request.user
    if not queries.branches_to_plan_in(user).exists():
        raise PermissionDenied
    initial = {}
    case_id = request.GET.get("case")
    if case_id:
        # Opened from a case page: the case must be one the user may plan for.
        case = queries.plannable_case_for(user, case_id)
        initial = {"cases": [case.pk], "country": case.exploitation_country}
    form = _plan_form(request, user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            operation = actions.create_operation(
                actor=user, cases=form.cleaned_data["cases"], **form.plan()
            )
        except DomainError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The operation was planned."))
            return redirect(operation)
    return render(request, "operations/operation_form.html", {"form": form, "operation": None})


@staff_required
@require_GET
def operation_detail(request, pk):
    operation, access = queries.operation_for(request.user, pk)
    return render_operation_page(request, operation, access)


@staff_required
@require_http_methods(["GET", "POST"])
def operation_edit(request, pk):
    user = request.user
    if request.method == "GET":
        # The form shows the plan, so opening it is a view of the operation.
        operation, access = queries.read_operation(user, pk)
    else:
        operation, access = queries.operation_for(user, pk)
    if not access.edit:
        raise PermissionDenied
    initial = {name: getattr(operation, name) for name in actions.PLAN_FIELDS}
    initial["cases"] = list(operation.cases.values_list("pk", flat=True))
    form = _plan_form(request, user, initial=initial, operation=operation)
    if request.method == "POST" and form.is_valid():
        was_approved = operation.is_approved
        try:
            actions.update_plan(
                actor=user, operation=operation, cases=form.cleaned_data["cases"], **form.plan()
            )
        except DomainError as error:
            operation.refresh_from_db()
            form.add_error(None, error.message)
        except ValidationError as error:
            operation.refresh_from_db()
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The plan was saved."))
            if was_approved and not operation.is_approved:
                messages.warning(
                    request, _("The plan changed, so its approval was withdrawn. Approve it again.")
                )
            return redirect(operation)
    return render(request, "operations/operation_form.html", {"form": form, "operation": operation})


@staff_required
@require_GET
def operation_brief(request, pk):
    """One printable page for the team: only what each reader's part needs."""
    operation, access = queries.read_brief(request.user, pk)
    contents = queries.operation_contents(operation, access)
    first_names = []
    if access.view_first_names:
        shown = [p.person for p in contents.people_to_meet if p.person.given_name]
        queries.record_people_shown(request.user, operation, shown, via="operation brief")
        first_names = sorted({person.given_name for person in shown})
    return render(
        request,
        "operations/operation_brief.html",
        {
            "operation": operation,
            "can": access,
            "contents": contents,
            "first_names": first_names,
            "survivor_count": queries.survivor_count(operation),
        },
    )


def _offered_possible_matches(user, people):
    """Offer possible existing records for each new person not yet confirmed as new; whether
    any was offered (the debrief then waits for the coordinator to decide)."""
    offered = False
    for entry in people.forms:
        if entry.has_changed() and not entry.is_blank and entry.needs_matches_checked():
            possible = suggestions_for(user, entry.record())
            if possible:
                entry.offer_matches(possible)
                offered = True
    return offered


@staff_required
@require_http_methods(["GET", "POST"])
def operation_complete(request, pk):
    """The debrief, which completes the operation in one step (actions.complete_operation)."""
    user = request.user
    if request.method == "GET":
        operation, access = queries.read_operation(user, pk)
    else:
        operation, access = queries.operation_for(user, pk)
    if not access.manages:
        raise PermissionDenied
    if operation.status != Operation.Status.IN_PROGRESS:
        messages.error(request, _("Only an operation in progress can be completed."))
        return redirect(operation)
    cases = list(operation.cases.order_by("created_at"))
    data = request.POST if request.method == "POST" else None
    candidates = queries.rescue_candidates(operation)
    if request.method == "GET":
        queries.record_people_shown(
            user, operation, [c.person for c in candidates], via="operation debrief"
        )
    form = DebriefForm(data, candidates=candidates)
    people = NewRescuedPeopleFormSet(data, prefix="new", form_kwargs={"cases": cases})
    if request.method == "POST" and form.is_valid() and people.is_valid():
        if _offered_possible_matches(user, people):
            return render(
                request,
                "operations/operation_complete.html",
                {"operation": operation, "form": form, "people": people},
            )
        new_people = [
            actions.NewRescuedPerson(case=entry.cleaned_data["case"], fields=entry.person_fields())
            for entry in people.forms
            if entry.has_changed() and not entry.is_blank
        ]
        try:
            actions.complete_operation(
                actor=user, operation=operation, new_people=new_people, **form.cleaned_data
            )
        except DomainError as error:
            operation.refresh_from_db()
            form.add_error(None, error.message)
        except ValidationError as error:
            operation.refresh_from_db()
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The operation was completed and its debrief recorded."))
            return redirect(operation)
    return render(
        request,
        "operations/operation_complete.html",
        {"operation": operation, "form": form, "people": people},
    )
