"""The partner registry in the workspace (/workspace/partners/): list, one partner, add, edit.

A partner's page also shows the history of work with it (network.partner_history): referrals,
services, joint operations and shelters, listed by need-to-know and otherwise only counted.
Reading needs network.view_partner, adding and editing network.add_partner /
network.change_partner (role permissions; 403 without them).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import staff_required
from network import actions, partner_history, queries
from network.forms import PartnerFilterForm, PartnerForm
from svoboda.errors import DomainError

PAGE_SIZE = 25


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


@staff_required
@require_GET
def partner_list(request):
    _require(request.user, "network.view_partner")
    form = PartnerFilterForm(request.GET or None)
    partners = queries.find_partners(**form.filters())
    page = Paginator(partners, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "network/partner_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_add": request.user.has_perm("network.add_partner"),
        },
    )


@staff_required
@require_GET
def partner_detail(request, pk):
    _require(request.user, "network.view_partner")
    partner = queries.partner_for(pk)
    return render(
        request,
        "network/partner_detail.html",
        {
            "partner": partner,
            "history": partner_history.history_of(request.user, partner),
            "can_edit": request.user.has_perm("network.change_partner"),
        },
    )


def _save(request, form, change, message):
    if form.is_valid():
        try:
            partner = change()
        except DomainError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, message)
            return redirect(partner)
    return None


@staff_required
@require_http_methods(["GET", "POST"])
def partner_new(request):
    _require(request.user, "network.add_partner")
    form = PartnerForm(request.POST or None)
    if request.method == "POST":
        done = _save(
            request,
            form,
            lambda: actions.create_partner(actor=request.user, **form.cleaned_data),
            _("The partner was added."),
        )
        if done:
            return done
    return render(request, "network/partner_form.html", {"form": form, "partner": None})


@staff_required
@require_http_methods(["GET", "POST"])
def partner_edit(request, pk):
    _require(request.user, "network.change_partner")
    partner = queries.partner_for(pk)
    if request.method == "POST":
        form = PartnerForm(request.POST)
        done = _save(
            request,
            form,
            lambda: actions.update_partner(
                actor=request.user, partner=partner, **form.cleaned_data
            ),
            _("The partner was saved."),
        )
        if done:
            return done
        # The action sets the new values on the object before it refuses them.
        partner = queries.partner_for(pk)
    else:
        form = PartnerForm.for_partner(partner)
    return render(request, "network/partner_form.html", {"form": form, "partner": partner})
