"""Changes made from the case page. Each view: find the case (404 when out of scope), check the
form, call one action, then redirect back to the case (PRG) — or show the case page again with
the errors, status 200, when the input or a business rule says no.

Before reading the form each view checks the matching `can` flag, so a user who sees the case
but may not make this change gets 403, and the action checks the same rule again.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import staff_required
from accounts.models import User
from cases import actions, queries
from cases.forms import (
    AssignWorkerForm,
    CaseFileForm,
    CloseCaseForm,
    GrantAccessForm,
    LinkPersonForm,
    NewPersonForm,
    NoteForm,
    ReplyForm,
    StatusForm,
    TaskForm,
)
from cases.views.case_page import render_case_page
from intake import actions as intake_actions
from matching.suggestions import suggestions_for
from svoboda.errors import DomainError


def _allowed(flag):
    if not flag:
        raise PermissionDenied


def _back_to(request, case, anchor, message):
    messages.success(request, message)
    return redirect(f"{case.get_absolute_url()}#{anchor}")


def _apply(request, case, access, form_name, form, anchor, message, change):
    """Run `change()` (one action) if the form is valid; otherwise show the page with errors."""
    if form.is_valid():
        try:
            change()
        except DomainError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return _back_to(request, case, anchor, message)
    reply_to = None
    if form_name == "reply":
        reply_to = form.request_id
    return render_case_page(
        request, case, access, form_name=form_name, form=form, reply_to=reply_to
    )


@staff_required
@require_POST
def case_status(request, pk):
    case, access = queries.case_for(request.user, pk)
    _allowed(access.change_status)
    form = StatusForm(request.POST, case=case, access=access)
    return _apply(
        request,
        case,
        access,
        "status",
        form,
        "status",
        _("The status was changed."),
        lambda: actions.change_case_status(
            actor=request.user, case=case, status=form.cleaned_data["status"]
        ),
    )


@staff_required
@require_POST
def case_close(request, pk):
    case, access = queries.case_for(request.user, pk)
    _allowed(access.close)
    form = CloseCaseForm(request.POST)
    return _apply(
        request,
        case,
        access,
        "close",
        form,
        "status",
        _("The case was closed."),
        lambda: actions.close_case(
            actor=request.user, case=case, outcome=form.cleaned_data["outcome"]
        ),
    )


@staff_required
@require_POST
def case_assign(request, pk):
    case, access = queries.case_for(request.user, pk)
    _allowed(access.manage_team)
    form = AssignWorkerForm(request.POST, workers=queries.assignable_workers(case))
    return _apply(
        request,
        case,
        access,
        "assign",
        form,
        "team",
        _("The worker was assigned to the case."),
        lambda: actions.assign_worker(
            actor=request.user, case=case, user=form.cleaned_data["user"]
        ),
    )


@staff_required
@require_POST
def case_unassign(request, pk, user_id):
    case, access = queries.case_for(request.user, pk)
    _allowed(access.manage_team)
    worker = get_object_or_404(User, pk=user_id, case_assignments__case=case)
    actions.unassign_worker(actor=request.user, case=case, user=worker)
    return _back_to(request, case, "team", _("The worker was taken off the case."))


@staff_required
@require_POST
def case_grant(request, pk):
    case, access = queries.case_for(request.user, pk)
    _allowed(access.manage_team)
    form = GrantAccessForm(request.POST)
    return _apply(
        request,
        case,
        access,
        "grant",
        form,
        "team",
        _("Access to the case was given."),
        lambda: actions.grant_access(
            actor=request.user,
            case=case,
            user=form.cleaned_data["user"],
            reason=form.cleaned_data["reason"],
        ),
    )


@staff_required
@require_POST
def case_revoke(request, pk, user_id):
    case, access = queries.case_for(request.user, pk)
    _allowed(access.manage_team)
    grantee = get_object_or_404(User, pk=user_id, case_access_grants__case=case)
    actions.revoke_access(actor=request.user, case=case, user=grantee)
    return _back_to(request, case, "team", _("The access was taken back."))


@staff_required
@require_POST
def task_add(request, pk):
    case, access = queries.case_for(request.user, pk)
    _allowed(access.edit)
    form = TaskForm(request.POST, owners=queries.possible_task_owners(case))
    return _apply(
        request,
        case,
        access,
        "task",
        form,
        "tasks",
        _("The task was added."),
        lambda: actions.add_task(actor=request.user, case=case, **form.cleaned_data),
    )


@staff_required
@require_POST
def task_done(request, task_id):
    task, _access = queries.task_for(request.user, task_id)
    actions.complete_task(actor=request.user, task=task)
    return _back_to(request, task.case, "tasks", _("The task is done."))


@staff_required
@require_POST
def note_add(request, pk):
    case, access = queries.case_for(request.user, pk)
    _allowed(access.add_note)
    form = NoteForm(request.POST, allow_sensitive=access.view_sensitive)
    return _apply(
        request,
        case,
        access,
        "note",
        form,
        "notes",
        _("The note was added."),
        lambda: actions.add_note(
            actor=request.user,
            case=case,
            body=form.cleaned_data["body"],
            is_sensitive=form.cleaned_data["is_sensitive"],
        ),
    )


@staff_required
@require_POST
def file_add(request, pk):
    case, access = queries.case_for(request.user, pk)
    _allowed(access.edit)
    form = CaseFileForm(request.POST, request.FILES)
    return _apply(
        request,
        case,
        access,
        "file",
        form,
        "files",
        _("The file was added."),
        lambda: actions.add_case_file(
            actor=request.user,
            case=case,
            upload=form.cleaned_data["file"],
            content_type=form.checked.content_type,
            description=form.cleaned_data["description"],
        ),
    )


@staff_required
@require_POST
def case_reply(request, pk, request_id):
    case, access = queries.case_for(request.user, pk)
    help_request = queries.case_request_for(case, access, request_id)
    form = ReplyForm(request.POST)
    form.request_id = help_request.pk
    return _apply(
        request,
        case,
        access,
        "reply",
        form,
        "thread",
        _("The reply was sent. The writer will see it with their follow-up code."),
        lambda: intake_actions.reply_to_writer(
            actor=request.user, request=help_request, body=form.cleaned_data["body"]
        ),
    )


@staff_required
@require_POST
def participant_add(request, pk):
    case, access = queries.case_for(request.user, pk)
    _allowed(access.edit)
    form = NewPersonForm(request.POST)
    if form.is_valid() and form.needs_matches_checked():
        # Someone already recorded may be this person: ask before recording them again.
        possible = suggestions_for(request.user, form.record())
        in_case = set(case.participants.values_list("person_id", flat=True))
        for match in possible:
            match.in_case = match.person.pk in in_case
        if possible:
            form.offer_matches(possible)
            return render_case_page(request, case, access, form_name="new_person", form=form)
    return _apply(
        request,
        case,
        access,
        "new_person",
        form,
        "people",
        _("The person was added to the case."),
        lambda: actions.add_new_person_to_case(
            actor=request.user, case=case, **form.person_fields()
        ),
    )


@staff_required
@require_POST
def participant_link(request, pk):
    case, access = queries.case_for(request.user, pk)
    form = LinkPersonForm(request.POST)
    if not form.is_valid():
        _allowed(access.edit)
        return render_case_page(request, case, access, form_name="link_person", form=form)
    if form.cleaned_data["person"] is None:
        # The first step: the people found, to choose from.
        _allowed(access.edit)
        found = queries.find_people(request.user, query=form.cleaned_data["query"])
        form = LinkPersonForm(request.POST, candidates=found[: LinkPersonForm.MAX_CANDIDATES])
        if not found:
            form.is_valid()
            form.add_error("query", _("Nobody you may see matches this. Add a new person instead."))
        return render_case_page(request, case, access, form_name="link_person", form=form)
    # Anyone the user may not see is "not found", whatever their role on the case.
    person = queries.person_for(request.user, form.cleaned_data["person"])
    _allowed(access.edit)
    return _apply(
        request,
        case,
        access,
        "link_person",
        form,
        "people",
        _("The person was added to the case."),
        lambda: actions.add_person_to_case(
            actor=request.user, case=case, person=person, role=form.cleaned_data["role"]
        ),
    )


@staff_required
@require_POST
def participant_remove(request, participant_id):
    participant, access = queries.participant_for(request.user, participant_id)
    case = participant.case
    try:
        actions.remove_person_from_case(actor=request.user, participant=participant)
    except DomainError as error:
        messages.error(request, error.message)
        return render_case_page(request, case, access)
    return _back_to(request, case, "people", _("The person was taken off the case."))
