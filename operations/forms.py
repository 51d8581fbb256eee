"""Forms for the operation pages. They check the shape of the input; the rules live in
operations.actions."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.htcds import Gender
from matching.forms import PossibleMatchesMixin
from network.models import Partner
from operations.models import (
    ChecklistItem,
    Debrief,
    Operation,
    OperationContact,
    TeamMember,
    TransportItem,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
PLACE_AND_TIME = [
    "title",
    "country",
    "region",
    "city",
    "address",
    "latitude",
    "longitude",
    "starts_at",
    "ends_at",
]


def _user_label(user):
    return user.full_name or user.email


class OperationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=None, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("Until"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *Operation.Status.choices]
        self.fields["branch"].queryset = branches
        self.fields["branch"].empty_label = _("Any branch")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise ValidationError(_("The start date is after the end date."))
        return cleaned

    def filter(self, operations):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("status"):
            operations = operations.filter(status=data["status"])
        if data.get("branch"):
            operations = operations.filter(branch=data["branch"])
        if data.get("date_from"):
            operations = operations.filter(starts_at__date__gte=data["date_from"])
        if data.get("date_to"):
            operations = operations.filter(starts_at__date__lte=data["date_to"])
        return operations


class CaseChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, case):
        return f"{case.reference} {case.title} ({case.branch.name})"


class PlanForm(forms.Form):
    """The plan: cases, place, time window, lead and brief. Fields come from the model."""

    def __init__(self, *args, cases, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"] = CaseChoiceField(label=_("Cases"), queryset=cases)
        model_fields = forms.fields_for_model(
            Operation,
            fields=[*PLACE_AND_TIME, "lead", "brief"],
            widgets={
                "address": forms.Textarea(attrs={"rows": 3}),
                "brief": forms.Textarea(attrs={"rows": 6}),
                "starts_at": DATETIME_INPUT,
                "ends_at": DATETIME_INPUT,
            },
        )
        for name in PLACE_AND_TIME:
            self.fields[name] = model_fields[name]
        lead = forms.ModelChoiceField(label=_("Lead"), queryset=leads)
        lead.label_from_instance = _user_label
        self.fields["lead"] = lead
        self.fields["brief"] = model_fields["brief"]
        self.fields["starts_at"].help_text = _("Local time of the workspace.")

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The operation cannot end before it starts."))
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None) and not (
            self.has_error("latitude") or self.has_error("longitude")
        ):
            raise ValidationError(_("Give both the latitude and the longitude, or neither."))
        return cleaned

    def plan(self):
        """The cleaned plan without the cases, as keyword arguments for the actions."""
        return {name: value for name, value in self.cleaned_data.items() if name != "cases"}


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=None)
    role = forms.ChoiceField(label=_("Role in the operation"))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.fields["user"].label_from_instance = _user_label
        # The lead is chosen in the plan.
        self.fields["role"].choices = [
            (value, label) for value, label in TeamMember.Role.choices if value != "lead"
        ]


class ContactForm(forms.ModelForm):
    class Meta:
        model = OperationContact
        fields = ["kind", "name", "details", "partner"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(is_active=True)
        self.fields["partner"].required = False
        self.fields["partner"].empty_label = pgettext_lazy("no partner", "None")


class TransportForm(forms.ModelForm):
    class Meta:
        model = TransportItem
        fields = ["description", "cost", "currency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cost"].min_value = 0
        self.fields["currency"].initial = "RUB"
        self.fields["currency"].widget.attrs.update(
            {"maxlength": 3, "autocapitalize": "characters", "size": 4}
        )

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()


class TickForm(forms.Form):
    ticked = forms.BooleanField(required=False)


class AbortForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the operation aborted?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DebriefForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Debrief.Outcome.choices, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label=_("What happened"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 5})
    )
    incidents = forms.CharField(
        label=_("Incidents"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=Debrief._meta.get_field("incidents").help_text,
    )
    media_links = forms.CharField(
        label=_("Media coverage"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=Debrief._meta.get_field("media_links").help_text,
    )
    rescued = forms.MultipleChoiceField(
        label=_("Survivors already recorded who left exploitation"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(participant.pk): participant for participant in candidates}
        self.fields["rescued"].choices = [
            (
                key,
                f"{participant.person.full_name} ({participant.person.reference}) — "
                f"{participant.case.reference}",
            )
            for key, participant in self.candidates.items()
        ]

    def clean_media_links(self):
        lines = [line.strip() for line in self.cleaned_data["media_links"].splitlines()]
        lines = [line for line in lines if line]
        check = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                check(line)
            except ValidationError:
                raise ValidationError(
                    _(
                        "“%(link)s” is not a web address. Put one link per line, starting with "
                        "https://."
                    )
                    % {"link": line[:100]}
                ) from None
        return "\n".join(lines)

    def clean_rescued(self):
        return [self.candidates[key] for key in self.cleaned_data["rescued"]]


class NewRescuedPersonForm(PossibleMatchesMixin):
    """Someone who left exploitation and has no record yet; every field empty means no one."""

    case = forms.ChoiceField(label=_("Case"), required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN, required=False
    )
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900)

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.cases = {str(case.pk): case for case in cases}
        choices = [(key, f"{case.reference} {case.title}") for key, case in self.cases.items()]
        if len(choices) > 1:
            choices.insert(0, ("", pgettext_lazy("choose a case", "Choose…")))
        self.fields["case"].choices = choices

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        if year is not None and year > timezone.localdate().year:
            raise ValidationError(_("The year of birth is in the future."))
        return year

    @property
    def is_blank(self):
        data = getattr(self, "cleaned_data", {})
        return not (data.get("given_name") or data.get("family_name") or data.get("birth_year"))

    def clean(self):
        cleaned = super().clean()
        if self.is_blank:
            return cleaned
        if not cleaned.get("given_name") and not cleaned.get("family_name"):
            raise ValidationError(_("Give at least a given name or a family name."))
        if not cleaned.get("case"):
            self.add_error("case", _("Choose the case to record this person in."))
        else:
            cleaned["case"] = self.cases[cleaned["case"]]
        return cleaned

    def person_fields(self):
        data = self.cleaned_data
        fields = {
            "given_name": data["given_name"],
            "family_name": data["family_name"],
            "gender": data.get("gender") or Gender.UNKNOWN,
        }
        if data.get("birth_year"):
            fields["birth_year"] = data["birth_year"]
        return fields


NewRescuedPeopleFormSet = formset_factory(NewRescuedPersonForm, extra=3, max_num=20)


class ChecklistItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["text_ru", "text_en", "position", "is_active"]
