"""The risk checklist itself (/workspace/operations/checklist/): the questions every operation
must answer before it is ready. Kept by those who approve plans (operations.manage_checklist)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import staff_required
from operations import actions, queries
from operations.forms import ChecklistItemForm
from svoboda.errors import DomainError


def _require_manage(user):
    if not user.has_perm("operations.manage_checklist"):
        raise PermissionDenied


@staff_required
@require_GET
def checklist_list(request):
    _require_manage(request.user)
    return render(
        request, "operations/checklist_list.html", {"items": queries.all_checklist_items()}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def checklist_item_new(request):
    _require_manage(request.user)
    form = ChecklistItemForm(request.POST or None, initial={"is_active": True})
    del form.fields["is_active"]
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_checklist_item(actor=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            form.add_error(None, getattr(error, "message", None) or error.messages)
        else:
            messages.success(request, _("The checklist item was added."))
            return redirect("operations:checklist-list")
    return render(request, "operations/checklist_item_form.html", {"form": form, "item": None})


@staff_required
@require_http_methods(["GET", "POST"])
def checklist_item_edit(request, item_id):
    _require_manage(request.user)
    item = queries.checklist_item_for(item_id)
    initial = {
        name: getattr(item, name) for name in ("text_ru", "text_en", "position", "is_active")
    }
    form = ChecklistItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_checklist_item(actor=request.user, item=item, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            form.add_error(None, getattr(error, "message", None) or error.messages)
        else:
            messages.success(request, _("The checklist item was saved."))
            return redirect("operations:checklist-list")
    return render(request, "operations/checklist_item_form.html", {"form": form, "item": item})
