"""The shelter pages (/workspace/shelters/): the registry, a shelter's page, recording and
correcting shelters, placing people and ending their stay, and showing an address on request.

Who may see and do what is decided in shelters.queries and shelters.rules. Every page needs the
role permission shelters.view_shelter (403 without it); shelters, people and placements out of
the user's scope are 404; a change the user may see but not make is 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import staff_required
from shelters import actions, queries
from shelters.forms import EndPlacementForm, PlacementForm, ShelterFilterForm, ShelterForm
from svoboda.errors import DomainError

PAGE_SIZE = 25


def _require_view_shelter(user):
    if not user.has_perm("shelters.view_shelter"):
        raise PermissionDenied


def _allowed(flag):
    if not flag:
        raise PermissionDenied


def _can(user, shelter):
    return {
        "edit": user.has_perm("shelters.edit_shelter", shelter),
        "read_address": user.has_perm("shelters.read_address", shelter),
    }


def _run(form, change):
    """Call `change()` (one action) when the form is valid; a refusal becomes a form error.
    Returns the action's result, or None when the form is shown again."""
    if not form.is_valid():
        return None
    try:
        return change()
    except DomainError as error:
        form.add_error(None, error.message)
    except ValidationError as error:
        form.add_error(None, error.messages)
    return None


@staff_required
@require_GET
def shelter_list(request):
    user = request.user
    _require_view_shelter(user)
    form = ShelterFilterForm(
        request.GET or None,
        cities=queries.cities_of_shelters_visible_to(user),
        countries=queries.countries_of_shelters_visible_to(user),
    )
    shelters = queries.find_shelters(user, **form.filters())
    page = Paginator(shelters, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "shelters/shelter_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_add": queries.branches_to_add_shelters_in(user).exists(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def shelter_new(request):
    _require_view_shelter(request.user)
    branches = queries.branches_to_add_shelters_in(request.user)
    _allowed(branches.exists())
    form = ShelterForm(request.POST or None, branches=branches, is_new=True)
    if request.method == "POST":
        shelter = _run(
            form, lambda: actions.create_shelter(actor=request.user, **form.shelter_fields())
        )
        if shelter is not None:
            messages.success(request, _("The shelter was recorded."))
            return redirect(shelter)
    return render(request, "shelters/shelter_form.html", {"form": form, "shelter": None})


@staff_required
@require_GET
def shelter_detail(request, pk):
    _require_view_shelter(request.user)
    shelter = queries.shelter_for(request.user, pk)
    return render(
        request,
        "shelters/shelter_detail.html",
        {
            "shelter": shelter,
            "placements": queries.read_placements_of(request.user, shelter),
            "can": _can(request.user, shelter),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def shelter_edit(request, pk):
    _require_view_shelter(request.user)
    shelter = queries.shelter_for(request.user, pk)
    _allowed(request.user.has_perm("shelters.edit_shelter", shelter))
    branches = queries.branches_for_shelter_of(request.user, shelter)
    if request.method == "GET":
        form = ShelterForm.for_shelter(shelter, branches)
    else:
        form = ShelterForm(request.POST, branches=branches, is_new=False)
        saved = _run(
            form,
            lambda: actions.update_shelter(
                actor=request.user, shelter=shelter, **form.shelter_fields()
            ),
        )
        if saved is not None:
            messages.success(request, _("The shelter was saved."))
            return redirect(saved)
        # The action sets the new values on the object before it refuses them; show the shelter
        # as it is stored.
        shelter = queries.shelter_for(request.user, pk)
    return render(request, "shelters/shelter_form.html", {"form": form, "shelter": shelter})


@staff_required
@require_POST
def shelter_address(request, pk):
    """The street address, shown only after the explicit "Show address" button (a POST, so that
    no prefetch or link preview can read it) and recorded in the audit trail."""
    _require_view_shelter(request.user)
    shelter = queries.shelter_for(request.user, pk)
    street_address = queries.read_shelter_address(request.user, shelter)
    response = render(
        request,
        "shelters/shelter_address.html",
        {"shelter": shelter, "street_address": street_address},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def placement_new(request, pk):
    """Place a person in this shelter, choosing among the people the user may place."""
    user = request.user
    _require_view_shelter(user)
    shelter = queries.shelter_for(user, pk)
    form = PlacementForm(
        request.POST or None,
        people=queries.placeable_people(user).order_by("family_name", "given_name", "pk"),
        may_override=user.has_perm("shelters.override_capacity"),
    )
    if request.method == "POST":
        placement = _run(
            form,
            lambda: actions.place_person(
                actor=user,
                shelter=shelter,
                person=form.cleaned_data["person"],
                **form.placement_fields(),
            ),
        )
        if placement is not None:
            messages.success(request, _("The person was placed in the shelter."))
            return redirect(shelter)
    return render(
        request,
        "shelters/placement_form.html",
        {"form": form, "shelter": shelter, "person": None},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def person_placement_new(request, person_pk):
    """Place this person (from their page) in a shelter of the user's choice."""
    user = request.user
    _require_view_shelter(user)
    person = queries.placeable_person_for(user, person_pk)
    form = PlacementForm(
        request.POST or None,
        shelters=queries.shelters_visible_to(user).order_by("name", "pk"),
        may_override=user.has_perm("shelters.override_capacity"),
    )
    if request.method == "POST":
        placement = _run(
            form,
            lambda: actions.place_person(
                actor=user,
                shelter=form.cleaned_data["shelter"],
                person=person,
                **form.placement_fields(),
            ),
        )
        if placement is not None:
            messages.success(request, _("The person was placed in the shelter."))
            return redirect(placement.shelter)
    return render(
        request,
        "shelters/placement_form.html",
        {"form": form, "shelter": None, "person": person},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def placement_end(request, pk):
    user = request.user
    _require_view_shelter(user)
    placement = queries.placement_for(user, pk)
    _allowed(user.has_perm("shelters.place_person", placement.person))
    form = EndPlacementForm(request.POST or None, placement=placement)
    if request.method == "POST":
        ended = _run(
            form,
            lambda: actions.end_placement(
                actor=user, placement=placement, end_on=form.cleaned_data["end_on"]
            ),
        )
        if ended is not None:
            messages.success(request, _("The end of the stay was recorded."))
            return redirect(placement.shelter)
    return render(request, "shelters/placement_end.html", {"form": form, "placement": placement})
