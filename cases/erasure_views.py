"""The administrator's erasure pages (/workspace/people/erase/): find a person by reference,
see what will go and what is in the way, and erase after typing the reference again.

The pages show no name and nothing from the record: an administrator decides on a request the
person made (through their case worker, who gives the reference), not by reading the file.
The permission is checked here and again in cases.erasure.erase_person."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.decorators import staff_required
from cases import erasure
from cases.models import Person
from svoboda.errors import DomainError

PERMISSION = "reports.erase_person"


def _require_permission(user):
    if not user.has_perm(PERMISSION):
        raise PermissionDenied


class FindForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Reference of the person's record"),
        max_length=8,
        min_length=8,
        help_text=gettext_lazy("The eight characters shown on the person's page, e.g. 3F2A9C01."),
    )

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().lower()
        if any(character not in "0123456789abcdef" for character in reference):
            raise forms.ValidationError(_("A reference is made of the digits 0–9 and letters A–F."))
        matches = list(
            Person.objects.filter(pk__startswith=reference).values_list("pk", flat=True)[:2]
        )
        if len(matches) != 1:
            raise forms.ValidationError(_("No person has this reference."))
        return matches[0]


class ConfirmForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Why"), choices=erasure.REASONS)
    reference = forms.CharField(
        label=gettext_lazy("Type the reference again to confirm"), max_length=8
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_reference(self):
        typed = self.cleaned_data["reference"].strip().upper()
        if typed != self.person.reference:
            raise forms.ValidationError(_("This is not the reference of this record."))
        return typed


@staff_required
@require_http_methods(["GET"])
def erase_find(request):
    _require_permission(request.user)
    form = FindForm(request.GET or None)
    if form.is_valid():
        return redirect("people:person-erase", form.cleaned_data["reference"])
    return render(request, "cases/erase_find.html", {"form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def person_erase(request, pk):
    _require_permission(request.user)
    person = get_object_or_404(Person.objects.select_related("branch"), pk=pk)
    form = ConfirmForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            counts = erasure.erase_person(
                actor=request.user, person=person, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "The record %(reference)s was erased. %(records)s victim record(s) were "
                    "kept in the anonymous statistics."
                )
                % {"reference": person.reference, "records": counts["statistical_records"]},
            )
            return redirect("people:erase-find")
    return render(
        request,
        "cases/person_erase.html",
        {
            "person": person,
            "form": form,
            "already_erased": erasure.is_erased(person),
            "blockers": erasure.erasure_blockers(person),
            "cases": person.participations.count(),
            "cases_erased": erasure.cases_erased_with(person).count(),
        },
    )
