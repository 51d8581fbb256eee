"""Volunteers in the workspace: the directory (/workspace/volunteers/), a volunteer's record
with vetting and hours, and a volunteer's own page (/workspace/volunteering/).

Who sees which volunteer is network.queries.volunteers_visible_to; who may vet is
network.vet_this_volunteer. Every opening of a record is audited.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import audit
from accounts.decorators import staff_required
from accounts.queries import branches_visible_to
from network import actions, queries
from network.models import Volunteer
from network.volunteer_forms import DirectoryFilterForm, MoveForm, TimeForm, VolunteerEditForm
from svoboda.errors import DomainError

PAGE_SIZE = 25
# Time is logged for volunteers who have been vetted (network.actions.log_time).
LOGGABLE = (Volunteer.Status.ACTIVE, Volunteer.Status.PAUSED)
RECENT_TIME_ENTRIES = 20


def _add_error(form, error):
    if isinstance(error, DomainError):
        form.add_error(None, error.message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@staff_required
@require_GET
def volunteer_list(request):
    if not request.user.has_perm("network.view_volunteer"):
        raise PermissionDenied
    form = DirectoryFilterForm(request.GET or None, branches=branches_visible_to(request.user))
    volunteers = queries.find_volunteers(request.user, **form.filters())
    page = Paginator(volunteers, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "network/volunteer_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_vet": request.user.has_perm("network.vet_volunteer"),
        },
    )


def _detail_page(request, volunteer, *, move_form=None, time_form=None, status=200):
    user = request.user
    can_vet = user.has_perm("network.vet_this_volunteer", volunteer)
    year_start = timezone.localdate().replace(month=1, day=1)
    context = {
        "volunteer": volunteer,
        "can_vet": can_vet,
        "hours_this_year": queries.hours_total(volunteer, since=year_start),
        "hours_in_all": queries.hours_total(volunteer),
        "time_entries": queries.time_given(volunteer)[:RECENT_TIME_ENTRIES],
    }
    if can_vet:
        context.update(
            {
                "steps": queries.vetting_history(volunteer),
                "work": queries.volunteer_work(volunteer),
                "move_form": move_form or MoveForm(volunteer=volunteer),
                "time_form": time_form
                or (
                    TimeForm(operations=queries.operations_of_volunteer(volunteer))
                    if volunteer.status in LOGGABLE
                    else None
                ),
            }
        )
    return render(request, "network/volunteer_detail.html", context, status=status)


@staff_required
@require_GET
def volunteer_detail(request, pk):
    volunteer = queries.volunteer_for(request.user, pk)
    audit.record(actor=request.user, verb="network.volunteer_viewed", target=volunteer)
    return _detail_page(request, volunteer)


@staff_required
@require_POST
def volunteer_move(request, pk):
    volunteer = queries.volunteer_for(request.user, pk)
    if not request.user.has_perm("network.vet_this_volunteer", volunteer):
        raise PermissionDenied
    form = MoveForm(request.POST, volunteer=volunteer)
    if form.is_valid():
        try:
            volunteer = actions.move_volunteer(
                actor=request.user, volunteer=volunteer, **form.cleaned_data
            )
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now: %(status)s.")
                % {"name": volunteer.full_name, "status": volunteer.get_status_display()},
            )
            return redirect(volunteer)
    return _detail_page(request, volunteer, move_form=form, status=400)


@staff_required
@require_POST
def volunteer_time(request, pk):
    volunteer = queries.volunteer_for(request.user, pk)
    if not request.user.has_perm("network.vet_this_volunteer", volunteer):
        raise PermissionDenied
    form = TimeForm(request.POST, operations=queries.operations_of_volunteer(volunteer))
    if form.is_valid():
        try:
            actions.log_time(actor=request.user, volunteer=volunteer, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The time is logged."))
            return redirect(volunteer)
    return _detail_page(request, volunteer, time_form=form, status=400)


def _edit_branches(user):
    return branches_visible_to(user).filter(is_active=True)


@staff_required
@require_http_methods(["GET", "POST"])
def volunteer_edit(request, pk):
    volunteer = queries.volunteer_for(request.user, pk)
    if not request.user.has_perm("network.vet_this_volunteer", volunteer):
        raise PermissionDenied
    initial = {name: getattr(volunteer, name) for name in actions.VOLUNTEER_FIELDS}
    initial["country"] = volunteer.country.code
    form = VolunteerEditForm(
        request.POST or None, initial=initial, branches=_edit_branches(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_volunteer(actor=request.user, volunteer=volunteer, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The volunteer's details are saved."))
            return redirect(volunteer)
    return render(
        request,
        "network/volunteer_form.html",
        {"form": form, "volunteer": volunteer},
        status=400 if form.errors else 200,
    )


# The volunteer's own page.


def _own_page(request, volunteer, *, time_form=None, status=200):
    year_start = timezone.localdate().replace(month=1, day=1)
    can_log = volunteer.status in LOGGABLE
    return render(
        request,
        "network/volunteering.html",
        {
            "volunteer": volunteer,
            # A paused or departed volunteer no longer opens their cases or operations; their
            # page must not list what those pages would now hide (task titles can name people).
            "work": queries.volunteer_work(volunteer) if volunteer.is_active else None,
            "hours_this_year": queries.hours_total(volunteer, since=year_start),
            "hours_in_all": queries.hours_total(volunteer),
            "time_entries": queries.time_given(volunteer)[:RECENT_TIME_ENTRIES],
            "time_form": (
                time_form or TimeForm(operations=queries.operations_of_volunteer(volunteer))
            )
            if can_log
            else None,
        },
        status=status,
    )


@staff_required
@require_GET
def volunteering(request):
    return _own_page(request, queries.own_volunteer_record(request.user))


@staff_required
@require_POST
def volunteering_time(request):
    volunteer = queries.own_volunteer_record(request.user)
    form = TimeForm(request.POST, operations=queries.operations_of_volunteer(volunteer))
    if form.is_valid():
        try:
            actions.log_time(actor=request.user, volunteer=volunteer, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Thank you: the time is logged."))
            return redirect("volunteering:home")
    return _own_page(request, volunteer, time_form=form, status=400)
