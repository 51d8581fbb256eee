"""Forms of the requests queue in the workspace. They check shape; intake.actions checks rules."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Branch, User
from cases.models import Case
from intake.models import HelpRequest
from svoboda.model_fields import has_choice

# The most recent open cases offered when a request joins an existing case.
LINKABLE_CASES = 200

OPEN = ""
ALL = "all"
NONE = "none"
ME = "me"


def _model_field(name, **kwargs):
    return HelpRequest._meta.get_field(name).formfield(**kwargs)


def _with_empty(choices, label):
    return [("", label), *choices]


class QueueFilterForm(forms.Form):
    """The queue's filters. Without a status choice the queue shows open requests only."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), required=False, coerce=int, empty_value=None
    )
    channel = forms.ChoiceField(label=_("Came in by"), required=False)
    situation = forms.ChoiceField(label=_("Situation"), required=False)
    branch = forms.ChoiceField(label=_("Branch"), required=False)
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    since = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Received until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, branches, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        any_ = pgettext_lazy("filter", "Any")
        self.fields["status"].choices = [
            (OPEN, _("Open (new and in triage)")),
            *HelpRequest.Status.choices,
            (ALL, _("Show all")),
        ]
        self.fields["urgency"].choices = _with_empty(HelpRequest.Urgency.choices, any_)
        self.fields["channel"].choices = _with_empty(HelpRequest.Channel.choices, any_)
        self.fields["situation"].choices = _with_empty(HelpRequest.Situation.choices, any_)
        self.fields["branch"].choices = [
            ("", any_),
            (NONE, _("Not routed to a branch")),
            *((str(branch.pk), branch.name) for branch in branches),
        ]
        self.fields["assignee"].choices = [
            ("", any_),
            (ME, _("Me")),
            (NONE, _("Nobody yet")),
            *((str(user.pk), str(user)) for user in assignees),
        ]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned

    def filter(self, requests, user):
        """Apply the valid filters; a field with an error is left out, the status default stays."""
        data = getattr(self, "cleaned_data", {}) if self.is_bound else {}
        status = data.get("status") or OPEN
        if status == OPEN:
            requests = requests.filter(
                status__in=[HelpRequest.Status.NEW, HelpRequest.Status.IN_TRIAGE]
            )
        elif status != ALL:
            requests = requests.filter(status=status)
        if data.get("urgency"):
            requests = requests.filter(urgency=data["urgency"])
        if data.get("channel"):
            requests = requests.filter(channel=data["channel"])
        if data.get("situation"):
            requests = requests.filter(has_choice("situations", data["situation"]))
        branch = data.get("branch")
        if branch == NONE:
            requests = requests.filter(branch__isnull=True)
        elif branch:
            requests = requests.filter(branch_id=int(branch))
        assignee = data.get("assignee")
        if assignee == ME:
            requests = requests.filter(assignee=user)
        elif assignee == NONE:
            requests = requests.filter(assignee__isnull=True)
        elif assignee:
            requests = requests.filter(assignee_id=int(assignee))
        if data.get("since"):
            requests = requests.filter(created_at__date__gte=data["since"])
        if data.get("until"):
            requests = requests.filter(created_at__date__lte=data["until"])
        return requests


class RecordRequestForm(forms.Form):
    """A request staff took down from a call, a message, an email or a visit."""

    channel = forms.ChoiceField(
        label=_("Came in by"),
        choices=_with_empty(
            [c for c in HelpRequest.Channel.choices if c[0] != HelpRequest.Channel.WEB_FORM], "—"
        ),
    )
    language = forms.ChoiceField(label=_("Language of the writer"), choices=settings.LANGUAGES)
    writer_kind = _model_field("writer_kind")
    situations = _model_field("situations", required=True, label=_("Situation"))
    danger = _model_field("danger")
    urgency = forms.TypedChoiceField(
        label=_("Urgency"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_with_empty(HelpRequest.Urgency.choices, _("Suggest from the answer about danger")),
    )
    country = _model_field("country")
    city = _model_field("city")
    place = _model_field("place")
    since_when = _model_field("since_when")
    people_count = _model_field("people_count")
    description = _model_field("description")
    no_contact = _model_field("no_contact", label=_("The person asked not to be contacted"))
    contact_channel = _model_field("contact_channel")
    contact_handle = _model_field("contact_handle")
    safe_times = _model_field("safe_times")
    write_only = _model_field("write_only", label=_("Do not call, only write"))
    branch = forms.ModelChoiceField(
        label=_("Branch"),
        queryset=Branch.objects.none(),
        required=False,
        empty_label=_("Not routed yet"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = user.branches.filter(is_active=True).order_by("name")
        self.fields["description"].widget.attrs.setdefault("rows", 8)


class TriageForm(forms.Form):
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), coerce=int, choices=HelpRequest.Urgency.choices
    )
    branch = forms.ModelChoiceField(
        label=_("Branch"),
        queryset=Branch.objects.none(),
        required=False,
        empty_label=_("Not routed yet"),
    )
    assignee = forms.ModelChoiceField(
        label=_("Assigned to"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
    )

    def __init__(self, *args, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Branch.objects.filter(is_active=True).order_by("name")
        self.fields["assignee"].queryset = assignees


class AcceptIntoNewCaseForm(forms.Form):
    title = Case._meta.get_field("title").formfield()
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Branch.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = user.branches.filter(is_active=True).order_by("name")


class LinkToCaseForm(forms.Form):
    case = forms.ModelChoiceField(label=_("Case"), queryset=Case.objects.none())

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["case"]
        # Any open case the user works in full is accepted; the list offers the newest ones.
        field.queryset = cases
        recent = cases.order_by("-created_at")[:LINKABLE_CASES]
        field.choices = [("", "—"), *((str(case.pk), str(case)) for case in recent)]


class CloseRequestForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=_with_empty(HelpRequest.ClosureReason.choices, "—")
    )
    note = forms.CharField(
        label=_("Note (internal)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply to the writer"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The writer reads this on the follow-up page with their code."),
    )
