"""The people pages (/workspace/people/): find a person, read their record, correct it.

Who may see which person is decided in cases.queries alone. Opening a person's page is recorded
in the audit trail (read_person); the POST handlers load the person with person_for, because the
action they call records the change itself.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import staff_required
from cases import actions, queries
from cases.people_forms import ContactForm, DocumentForm, PeopleFilterForm, PersonForm
from shelters import queries as shelter_queries
from svoboda.errors import DomainError
from svoboda.pagination import BoundedPaginator

PAGE_SIZE = 25


def _require_view_person(user):
    if not user.has_perm("cases.view_person"):
        raise PermissionDenied


@staff_required
@require_GET
def person_list(request):
    _require_view_person(request.user)
    form = PeopleFilterForm(
        request.GET or None, branches=queries.branches_of_people_visible_to(request.user)
    )
    people = queries.find_people(request.user, **form.filters())
    page = BoundedPaginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/person_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@staff_required
@require_GET
def person_detail(request, pk):
    _require_view_person(request.user)
    person = queries.read_person(request.user, pk)
    return render(
        request,
        "cases/person_detail.html",
        {
            "person": person,
            "participations": queries.participations_visible_to(request.user, person),
            "stays": shelter_queries.stays_of(request.user, person),
            "today": timezone.localdate(),
            # Two forms on one page: their fields need different ids.
            "contact_form": ContactForm(auto_id="contact_%s"),
            "document_form": DocumentForm(auto_id="document_%s"),
            "can": {"edit": request.user.has_perm("cases.change_person", person)},
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    _require_view_person(request.user)
    if request.method == "GET":
        person = queries.read_person(request.user, pk)
        aliases = person.aliases.values_list("name", flat=True)
        form = PersonForm.for_person(person, aliases)
        return render(request, "cases/person_edit.html", {"person": person, "form": form})

    person = queries.person_for(request.user, pk)
    form = PersonForm(request.POST)
    if form.is_valid():
        try:
            actions.update_person(actor=request.user, person=person, **form.person_fields())
        except DomainError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The record was saved."))
            return redirect(person)
        # The action sets the new values on the object before it refuses them; show the record
        # as it is stored.
        person = queries.person_for(request.user, pk)
    return render(request, "cases/person_edit.html", {"person": person, "form": form})


@staff_required
@require_POST
def contact_add(request, pk):
    _require_view_person(request.user)
    person = queries.person_for(request.user, pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            actions.add_contact(actor=request.user, person=person, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The contact was added."))
            return redirect(person)
    return _render_add_form(
        request, person, form, _("Add a contact"), reverse("people:contact-add", args=[person.pk])
    )


@staff_required
@require_POST
def document_add(request, pk):
    _require_view_person(request.user)
    person = queries.person_for(request.user, pk)
    form = DocumentForm(request.POST)
    if form.is_valid():
        try:
            actions.add_document(actor=request.user, person=person, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The document was added."))
            return redirect(person)
    return _render_add_form(
        request,
        person,
        form,
        _("Add an identity document"),
        reverse("people:document-add", args=[person.pk]),
    )


def _render_add_form(request, person, form, title, action):
    """The form again with what was entered, when a contact or document was refused."""
    return render(
        request,
        "cases/person_add_form.html",
        {"person": person, "form": form, "title": title, "action": action},
    )
