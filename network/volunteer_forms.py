"""Forms for volunteers: the public sign-up, and the workspace directory, vetting and hours.
They check the shape of the input; network.actions checks the rules."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from network.models import TimeEntry, Volunteer
from network.queries import UNCONFIRMED
from svoboda.honeypot import HoneypotField

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PHONE = re.compile(r"^\+?[\d\s()\-.]{6,30}$")


def _choices_field(label, choices, *, required, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class VolunteerDetailsForm(forms.Form):
    """What a volunteer tells about themselves; the sign-up and the vetters' edit share it."""

    label_suffix = ""

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        error_messages={"required": _("Please tell us your name.")},
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    other_contact = forms.CharField(
        label=_("Other way to reach you"),
        max_length=200,
        required=False,
        help_text=_("A messenger and your name or number in it, for example."),
    )
    city = forms.CharField(
        label=_("City or town"),
        max_length=120,
        error_messages={"required": _("Please tell us where you live.")},
    )
    country = forms.ChoiceField(
        label=_("Country"), error_messages={"required": _("Please choose your country.")}
    )
    languages = _choices_field(_("Languages you speak"), Volunteer.Language.choices, required=False)
    other_languages = forms.CharField(label=_("Other languages"), max_length=200, required=False)
    skills = _choices_field(
        _("What you can help with"),
        Volunteer.Skill.choices,
        required=False,
        help_text=_("Every kind of help matters; choose what you are good at."),
    )
    other_skills = forms.CharField(label=_("Other skills"), max_length=300, required=False)
    availability = _choices_field(
        _("When you can help"), Volunteer.Availability.choices, required=False
    )
    branch = forms.ModelChoiceField(
        label=_("Nearest branch"),
        queryset=None,
        required=False,
        empty_label=_("I do not know / none is near me"),
    )

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]
        self.fields["branch"].queryset = branches
        # Where, as on the public network page; branch names are the organisation's own.
        self.fields["branch"].label_from_instance = lambda branch: (
            f"{branch.city}, {branch.country.name}"
        )

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                _("Write the phone number with digits, for example +7 900 123-45-67.")
            )
        return phone

    def clean(self):
        data = super().clean()
        if not data.get("languages") and not data.get("other_languages", "").strip():
            self.add_error("languages", _("Please tell us at least one language you speak."))
        return data


class SignUpForm(VolunteerDetailsForm):
    website = HoneypotField()
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We send a link to confirm it. Coordinators write to you there."),
        error_messages={
            "required": _("Please give your email address: we confirm it with a link."),
            "invalid": _("This does not look like an email address. Please check it."),
        },
    )
    motivation = forms.CharField(
        label=_("Why do you want to volunteer?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Please write a few words about why.")},
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that Svoboda keeps these details to consider my offer and to contact me. "
            "I can ask for them to be deleted at any time."
        ),
        error_messages={"required": _("We can only keep your details with your consent.")},
    )

    field_order = [
        "full_name",
        "email",
        "phone",
        "other_contact",
        "country",
        "city",
        "branch",
        "languages",
        "other_languages",
        "skills",
        "other_skills",
        "availability",
        "motivation",
        "consent",
    ]

    def is_bot(self):
        return bool(self.cleaned_data.get("website"))

    def sign_up_fields(self):
        data = dict(self.cleaned_data)
        for name in ("website", "consent"):
            data.pop(name, None)
        return data


class VolunteerEditForm(VolunteerDetailsForm):
    """A vetter's correction of a volunteer's details."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=None, required=False)

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, branches=branches, **kwargs)
        self.fields["branch"].empty_label = _("No branch yet")


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Move to"), choices=Volunteer.Status.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the step was based on. Only vetters see it."),
    )

    def __init__(self, *args, volunteer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (status.value, status.label) for status in volunteer.next_statuses
        ]


class TimeForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0.25, max_value=24, decimal_places=2, max_digits=4
    )
    activity = forms.ChoiceField(label=_("Activity"), choices=TimeEntry.Activity.choices)
    operation = forms.ModelChoiceField(
        label=_("Operation"), queryset=None, required=False, empty_label="—"
    )
    note = forms.CharField(
        label=_("What was done"),
        max_length=300,
        required=False,
        help_text=_("A few words; never a survivor's name or details."),
    )

    def __init__(self, *args, operations, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["operation"].queryset = operations
        self.fields["operation"].label_from_instance = lambda operation: operation.reference


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=200)
    skill = forms.ChoiceField(label=_("Skill"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    city = forms.CharField(label=_("City"), required=False, max_length=120)
    availability = forms.ChoiceField(label=_("Availability"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    branch = forms.ModelChoiceField(
        label=_("Branch"), queryset=None, required=False, empty_label=_("Any branch")
    )

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = [("", _("Any skill")), *Volunteer.Skill.choices]
        self.fields["language"].choices = [("", _("Any language")), *Volunteer.Language.choices]
        self.fields["availability"].choices = [("", _("Any time")), *Volunteer.Availability.choices]
        self.fields["status"].choices = [
            ("", _("Any status")),
            *Volunteer.Status.choices,
            (UNCONFIRMED, _("Email not confirmed yet")),
        ]
        self.fields["branch"].queryset = branches

    def filters(self):
        """Keyword arguments for network.queries.find_volunteers: the filters that are valid
        (a bad value is shown as an error and left out, the others still apply)."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        return {
            "query": data.get("q", "").strip(),
            "skill": data.get("skill", ""),
            "language": data.get("language", ""),
            "city": data.get("city", "").strip(),
            "availability": data.get("availability", ""),
            "status": data.get("status", ""),
            "branch": data.get("branch"),
        }
