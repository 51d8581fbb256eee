"""Case pages that show or edit a whole case: the list, a new case, the case page, its details,
and file downloads. Changes made from the case page itself are in case_changes.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import staff_required
from cases import actions, queries
from cases.actions import CASE_DETAIL_FIELDS
from cases.forms import CaseDetailsForm, CaseFilterForm, OpenCaseForm
from cases.views.case_page import render_case_page
from svoboda.errors import DomainError
from svoboda.pagination import BoundedPaginator
from svoboda.uploads import protected_download

PAGE_SIZE = 25


@staff_required
@require_GET
def case_list(request):
    user = request.user
    form = CaseFilterForm(
        request.GET or None,
        branches=queries.branches_of_cases_visible_to(user),
        workers=queries.workers_on_cases_visible_to(user),
    )
    cases = form.filter(queries.case_list_for(user))
    page = BoundedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_open": queries.branches_to_open_cases_in(user).exists(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def case_new(request):
    branches = queries.branches_to_open_cases_in(request.user)
    if not branches.exists():
        raise PermissionDenied
    form = OpenCaseForm(request.POST or None, branches=branches)
    if request.method == "POST" and form.is_valid():
        details = dict(form.cleaned_data)
        branch = details.pop("branch")
        try:
            case = actions.open_case(actor=request.user, branch=branch, **details)
        except DomainError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The case was opened."))
            return redirect(case)
    return render(request, "cases/case_form.html", {"form": form, "case": None})


@staff_required
@require_GET
def case_detail(request, pk):
    case, access = queries.case_for(request.user, pk)
    return render_case_page(request, case, access)


@staff_required
@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    if request.method == "GET":
        # The form shows the case's details, so opening it is a view of the case.
        case, access = queries.read_case(request.user, pk)
    else:
        case, access = queries.case_for(request.user, pk)
    if not access.edit:
        raise PermissionDenied
    initial = {name: getattr(case, name) for name in CASE_DETAIL_FIELDS}
    form = CaseDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_case_details(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The case details were saved."))
            return redirect(case)
    return render(request, "cases/case_form.html", {"form": form, "case": case, "can": access})


@staff_required
@require_GET
def file_download(request, pk):
    """A case file, always as a download that the browser will not run or show inline."""
    case_file = queries.read_case_file(request.user, pk)
    return protected_download(
        case_file.file,
        content_type=case_file.content_type,
        name_prefix="case-file",
        object_id=case_file.pk,
    )
