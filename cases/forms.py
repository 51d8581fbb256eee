"""Forms for the case pages. They check the shape of the input; the rules live in cases.actions."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.actions import CASE_DETAIL_FIELDS, TRANSITIONS
from cases.htcds import ExploitationType, Gender
from cases.models import Case, Note, Participant, Person
from matching.forms import PossibleMatchesMixin
from svoboda.model_fields import has_choice
from svoboda.uploads import CheckedUpload, clean_upload

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ALL = "all"


class CaseFilterForm(forms.Form):
    """The filters of the cases list. With no status chosen the list shows cases not closed."""

    q = forms.CharField(label=_("Title or reference"), required=False, max_length=200, strip=True)
    status = forms.ChoiceField(label=_("Status"), required=False)
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=None, required=False)
    worker = forms.ModelChoiceField(label=_("Assigned worker"), queryset=None, required=False)
    exploitation_type = forms.ChoiceField(label=_("Type of exploitation"), required=False)
    risk = forms.TypedChoiceField(label=_("Risk"), required=False, coerce=int, empty_value=None)
    opened_from = forms.DateField(label=_("Opened from"), required=False, widget=DATE_INPUT)
    opened_to = forms.DateField(label=_("Opened until"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, branches, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", _("Not closed")),
            (ALL, _("Any status")),
            *Case.Status.choices,
        ]
        self.fields["branch"].queryset = branches
        self.fields["branch"].empty_label = _("Any branch")
        self.fields["worker"].queryset = workers
        self.fields["worker"].empty_label = _("Anyone")
        self.fields["exploitation_type"].choices = [("", _("Any type")), *ExploitationType.choices]
        self.fields["risk"].choices = [("", _("Any risk")), *Case.Risk.choices]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("opened_from"), cleaned.get("opened_to")
        if start and end and start > end:
            raise ValidationError(_("The start date is after the end date."))
        return cleaned

    def filter(self, cases):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        status = data.get("status", "")
        if status == "":
            # The open statuses by name, not "not closed": an index finds the few open cases
            # among a million closed ones; a negation reads them all.
            cases = cases.filter(status__in=[s for s in Case.Status if s != Case.Status.CLOSED])
        elif status != ALL:
            cases = cases.filter(status=status)
        if data.get("branch"):
            cases = cases.filter(branch=data["branch"])
        if data.get("worker"):
            cases = cases.filter(assignments__user=data["worker"])
        if data.get("exploitation_type"):
            cases = cases.filter(has_choice("exploitation_types", data["exploitation_type"]))
        if data.get("risk"):
            cases = cases.filter(risk=data["risk"])
        if data.get("opened_from"):
            cases = cases.filter(created_at__date__gte=data["opened_from"])
        if data.get("opened_to"):
            cases = cases.filter(created_at__date__lte=data["opened_to"])
        if data.get("q"):
            cases = cases.filter(_title_or_reference(data["q"]))
        return cases


def _title_or_reference(text):
    condition = Q(title__icontains=text)
    reference = text.replace("-", "").strip().lower()
    if 4 <= len(reference) <= 32 and all(c in "0123456789abcdef" for c in reference):
        condition |= Q(pk__istartswith=reference)
    return condition


class CaseDetailsForm(forms.Form):
    """The case's details and the exploitation in the HTCDS vocabulary (CASE_DETAIL_FIELDS).

    The fields come from the model, so labels, lengths and choices are defined once.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = forms.fields_for_model(
            Case,
            fields=CASE_DETAIL_FIELDS,
            widgets={
                "exploitation_started_on": DATE_INPUT,
                "exploitation_ended_on": DATE_INPUT,
                "summary": forms.Textarea(attrs={"rows": 5}),
                "recruitment_details": forms.Textarea(attrs={"rows": 3}),
            },
        )
        for name in CASE_DETAIL_FIELDS:
            self.fields[name] = fields[name]
        self.fields["exploitation_country"].required = False

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("exploitation_started_on")
        end = cleaned.get("exploitation_ended_on")
        if start and end and end < start:
            self.add_error(
                "exploitation_ended_on", _("The exploitation cannot end before it began.")
            )
        for name in ("exploitation_started_on", "exploitation_ended_on"):
            day = cleaned.get(name)
            if day and day > timezone.localdate():
                self.add_error(name, _("This date is in the future."))
        return cleaned


class OpenCaseForm(CaseDetailsForm):
    """A new case: the branch first (only those the coordinator may open cases in)."""

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        branch = forms.ModelChoiceField(label=_("Branch"), queryset=branches)
        if branches.count() == 1:
            branch.initial = branches.first()
        self.fields = {"branch": branch, **self.fields}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))

    def __init__(self, *args, case, access, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices follow actions.TRANSITIONS; reopening a closed case is for coordinators.
        if case.status == Case.Status.CLOSED and not access.close:
            allowed = set()
        else:
            allowed = TRANSITIONS[Case.Status(case.status)]
        self.fields["status"].choices = [
            (value, label) for value, label in Case.Status.choices if value in allowed
        ]

    @property
    def has_choices(self):
        return bool(self.fields["status"].choices)


class CloseCaseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Case.Outcome.choices)


class AssignWorkerForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Worker"), queryset=None)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = workers
        self.fields["user"].label_from_instance = _user_label


class GrantAccessForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the account"),
        help_text=_("Someone outside the branch or the case's team, for example a lawyer."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(_("There is no active account with this email address."))
        self.cleaned_data["user"] = user
        return email


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Who does it"), queryset=None)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = _user_label


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"),
        max_length=Note._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    is_sensitive = forms.BooleanField(
        label=_("Sensitive: only for those who see the case in full (not volunteers)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, allow_sensitive, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_sensitive:
            # Volunteers write notes everyone on the case may read; the action enforces it too.
            del self.fields["is_sensitive"]

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("is_sensitive", False)
        return cleaned


class CaseFileForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("A photo (JPEG, PNG, WebP) or a PDF document.")
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)

    def clean_file(self):
        # Checked by its content, and a photo stripped of its metadata (EXIF location) here,
        # outside the action's transaction.
        upload, content_type = clean_upload(self.cleaned_data["file"])
        self.checked = CheckedUpload(content_type=content_type, size=upload.size)
        return upload


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply to the writer"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The writer reads this with their follow-up code. Write nothing that would harm them "
            "if someone else read it."
        ),
    )


class NewPersonForm(PossibleMatchesMixin):
    role = forms.ChoiceField(label=_("Role in the case"), choices=Participant.Role.choices)
    given_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    patronymic = forms.CharField(
        label=_("Patronymic or middle name"), max_length=150, required=False
    )
    family_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900)
    aliases = forms.CharField(
        label=_("Other names"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Other spellings, nicknames, earlier names: one per line."),
    )

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        if year is not None and year > timezone.localdate().year:
            raise ValidationError(_("The year of birth is in the future."))
        return year

    def person_fields(self):
        fields = dict(self.cleaned_data)
        fields.pop("none_of_these", None)
        return fields

    def clean_aliases(self):
        names = [line.strip() for line in self.cleaned_data["aliases"].splitlines()]
        names = [name for name in names if name]
        if any(len(name) > 300 for name in names):
            raise ValidationError(_("Each name may be up to 300 characters long."))
        return names

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("given_name") and not cleaned.get("family_name"):
            raise ValidationError(_("Give at least a given name or a family name."))
        return cleaned


class LinkPersonForm(forms.Form):
    """Adds someone already recorded, in two steps without JavaScript: a name, phone or document
    number finds the people the user may see (cases.queries.find_people), then the user picks
    one. A list of everyone would hold a whole organisation's people on every case page."""

    # The most people offered for one search: enough to find a namesake, few enough to read.
    MAX_CANDIDATES = 10

    query = forms.CharField(
        label=_("Name, phone or document number"),
        max_length=200,
        required=False,
        help_text=_("Any spelling, in any script. The people found are offered to choose from."),
    )
    person = forms.UUIDField(label=_("Person"), required=False, widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role in the case"), choices=Participant.Role.choices)

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only people the user may see are offered; the view looks the choice up with
        # cases.queries.person_for, which answers 404 for anyone else.
        if candidates:
            self.fields["person"].widget = forms.RadioSelect(
                choices=[(person.pk, _person_label(person)) for person in candidates]
            )
            self.fields["person"].label = _("Which of them?")
        self.fields["person"] = self.fields.pop("person")
        self.fields["role"] = self.fields.pop("role")

    def clean(self):
        data = super().clean()
        if not data.get("person") and not (data.get("query") or "").strip():
            self.add_error("query", _("Type a name, phone or document number to find the person."))
        return data


def _user_label(user):
    return user.full_name or user.email


def _person_label(person: Person):
    if person.birth_year:
        return f"{person.full_name} ({person.birth_year}, {person.reference})"
    return f"{person.full_name} ({person.reference})"
