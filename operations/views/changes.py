"""Changes made from the operation page. Each view: find the operation (404 when out of scope),
check the form, call one action, then redirect back to the operation (PRG) — or show the page
again with the errors, status 200, when the input or a business rule says no.

A user who sees the operation but may not change it gets 403; the action checks the same rule.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import staff_required
from operations import actions, queries
from operations.forms import AbortForm, ContactForm, TeamMemberForm, TickForm, TransportForm
from operations.views.operation_page import render_operation_page
from svoboda.errors import DomainError


def _allowed(flag):
    if not flag:
        raise PermissionDenied


def _back_to(request, operation, anchor, message):
    messages.success(request, message)
    if not operation.is_approved and getattr(operation, "_was_approved", False):
        messages.warning(
            request, _("The plan changed, so its approval was withdrawn. Approve it again.")
        )
    return redirect(f"{operation.get_absolute_url()}#{anchor}")


def _managed(request, pk):
    operation, access = queries.operation_for(request.user, pk)
    _allowed(access.manages)
    operation._was_approved = operation.is_approved
    return operation, access


def _apply(request, operation, access, form_name, form, anchor, message, change):
    """Run `change()` (one action) if the form is valid; otherwise show the page with errors."""
    if form.is_valid():
        try:
            change()
        except DomainError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return _back_to(request, operation, anchor, message)
    operation.refresh_from_db()
    return render_operation_page(request, operation, access, form_name=form_name, form=form)


def _step(request, operation, access, anchor, message, change):
    """A status change without input: on refusal the page says why, and nothing changed."""
    try:
        change()
    except DomainError as error:
        operation.refresh_from_db()
        return render_operation_page(request, operation, access, error=error.message)
    return _back_to(request, operation, anchor, message)


@staff_required
@require_POST
def team_add(request, pk):
    operation, access = _managed(request, pk)
    form = TeamMemberForm(
        request.POST, candidates=queries.team_candidates_for(operation), auto_id="team_%s"
    )
    return _apply(
        request,
        operation,
        access,
        "team",
        form,
        "team",
        _("The person was put on the team."),
        lambda: actions.add_team_member(
            actor=request.user,
            operation=operation,
            user=form.cleaned_data["user"],
            role=form.cleaned_data["role"],
        ),
    )


@staff_required
@require_POST
def team_remove(request, pk, member_id):
    operation, access = _managed(request, pk)
    member = queries.team_member_for(operation, member_id)
    return _step(
        request,
        operation,
        access,
        "team",
        _("The person was taken off the team."),
        lambda: actions.remove_team_member(actor=request.user, member=member),
    )


@staff_required
@require_POST
def contact_add(request, pk):
    operation, access = _managed(request, pk)
    form = ContactForm(request.POST, auto_id="contact_%s")
    return _apply(
        request,
        operation,
        access,
        "contact",
        form,
        "contacts",
        _("The contact was added."),
        lambda: actions.add_contact(actor=request.user, operation=operation, **form.cleaned_data),
    )


@staff_required
@require_POST
def contact_remove(request, pk, contact_id):
    operation, access = _managed(request, pk)
    contact = queries.contact_for(operation, contact_id)
    return _step(
        request,
        operation,
        access,
        "contacts",
        _("The contact was removed."),
        lambda: actions.remove_contact(actor=request.user, contact=contact),
    )


@staff_required
@require_POST
def transport_add(request, pk):
    operation, access = _managed(request, pk)
    form = TransportForm(request.POST, auto_id="transport_%s")
    return _apply(
        request,
        operation,
        access,
        "transport",
        form,
        "transport",
        _("The transport item was added."),
        lambda: actions.add_transport_item(
            actor=request.user, operation=operation, **form.cleaned_data
        ),
    )


@staff_required
@require_POST
def transport_remove(request, pk, item_id):
    operation, access = _managed(request, pk)
    item = queries.transport_item_for(operation, item_id)
    return _step(
        request,
        operation,
        access,
        "transport",
        _("The transport item was removed."),
        lambda: actions.remove_transport_item(actor=request.user, item=item),
    )


@staff_required
@require_POST
def checklist_tick(request, pk, item_id):
    operation, access = _managed(request, pk)
    item = queries.checklist_item_for(item_id, active_only=True)
    form = TickForm(request.POST)
    ticked = form.is_valid() and form.cleaned_data["ticked"]
    return _step(
        request,
        operation,
        access,
        "checklist",
        _("The checklist was updated."),
        lambda: actions.tick_checklist_item(
            actor=request.user, operation=operation, item=item, ticked=ticked
        ),
    )


@staff_required
@require_POST
def operation_approve(request, pk):
    operation, access = queries.operation_for(request.user, pk)
    _allowed(access.approve)
    return _step(
        request,
        operation,
        access,
        "status",
        _("The plan was approved."),
        lambda: actions.approve_operation(actor=request.user, operation=operation),
    )


@staff_required
@require_POST
def operation_ready(request, pk):
    operation, access = _managed(request, pk)
    return _step(
        request,
        operation,
        access,
        "status",
        _("The operation is ready."),
        lambda: actions.mark_operation_ready(actor=request.user, operation=operation),
    )


@staff_required
@require_POST
def operation_start(request, pk):
    operation, access = _managed(request, pk)
    return _step(
        request,
        operation,
        access,
        "status",
        _("The operation has started."),
        lambda: actions.start_operation(actor=request.user, operation=operation),
    )


@staff_required
@require_POST
def operation_abort(request, pk):
    operation, access = _managed(request, pk)
    form = AbortForm(request.POST, auto_id="abort_%s")
    return _apply(
        request,
        operation,
        access,
        "abort",
        form,
        "status",
        _("The operation was aborted."),
        lambda: actions.abort_operation(
            actor=request.user, operation=operation, reason=form.cleaned_data["reason"]
        ),
    )
