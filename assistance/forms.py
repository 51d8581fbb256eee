"""Forms for the assistance plan page. They check the shape of the input; the rules (statuses,
consent before sharing, follow-ups) live in assistance.actions.

Not ModelForms: validating must not change a service or referral before the action runs.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assistance.actions import SERVICE_FIELDS
from assistance.models import Consent, Referral, Service

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_in_future(form, name):
    day = form.cleaned_data.get(name)
    if day and day > timezone.localdate():
        form.add_error(name, _("This date is in the future."))


def _owner_field():
    return forms.ModelChoiceField(
        label=_("Who makes the follow-up calls"),
        queryset=None,
        required=False,
        empty_label=_("Me"),
        help_text=_(
            "When the survivor is back home, a follow-up call becomes a task in the case for "
            "this person."
        ),
    )


class ServiceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Service"), choices=Service.Kind.choices)
    provider = forms.ModelChoiceField(
        label=_("Provided by"), queryset=None, required=False, empty_label=_("Our organisation")
    )
    status = forms.ChoiceField(label=_("Status"), choices=Service.Status.choices)
    started_on = forms.DateField(label=_("Started"), required=False, widget=DATE_INPUT)
    ended_on = forms.DateField(
        label=_("Ended"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("A service marked done without an end date ends today."),
    )
    cost = forms.DecimalField(
        label=_("Cost"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    currency = forms.CharField(
        label=_("Currency"),
        required=False,
        max_length=3,
        validators=[
            RegexValidator(r"^[A-Za-z]{3}$", _("Three letters, for example RUB, USD or EUR."))
        ],
        help_text=_("Three letters, for example RUB, USD or EUR."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up_owner = _owner_field()

    def __init__(self, *args, partners, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = partners
        self.fields["follow_up_owner"].queryset = owners

    @classmethod
    def for_service(cls, service, **kwargs):
        initial = {name: getattr(service, name) for name in SERVICE_FIELDS}
        return cls(initial=initial, **kwargs)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("started_on"), cleaned.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("A service cannot end before it started."))
        if cleaned.get("cost") is not None and not cleaned.get("currency"):
            self.add_error("currency", _("Give the currency of the cost."))
        # A delivered service ended on a real day; planned ones may have dates ahead.
        if cleaned.get("status") == "done":
            _not_in_future(self, "ended_on")
        return cleaned

    def service_fields(self):
        data = dict(self.cleaned_data)
        data.pop("follow_up_owner")
        data["currency"] = data["currency"].upper()
        return data


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("Returned home on"), widget=DATE_INPUT)
    follow_up_owner = _owner_field()

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up_owner"].queryset = owners

    def clean(self):
        cleaned = super().clean()
        _not_in_future(self, "returned_on")
        return cleaned


class ReferralForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=None)
    service = forms.ModelChoiceField(
        label=_("For the service"),
        queryset=None,
        required=False,
        empty_label=_("None in particular"),
    )
    request = forms.CharField(
        label=_("What is asked"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only what the partner needs to help. Nothing is shared until it is sent."),
    )

    def __init__(self, *args, partners, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        self.fields["service"].queryset = services


class ReferralAnswerForm(forms.Form):
    answer = forms.TypedChoiceField(
        label=_("The partner's answer"),
        choices=[
            ("accepted", Referral.Status.ACCEPTED.label),
            ("declined", Referral.Status.DECLINED.label),
        ],
        coerce=lambda value: value == "accepted",
    )
    answered_on = forms.DateField(label=_("Answered on"), required=False, widget=DATE_INPUT)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, refusal_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        if refusal_only:
            # The consent to share was withdrawn: the referral can only end (actions says why).
            self.fields["answer"].choices = [("declined", Referral.Status.DECLINED.label)]

    def clean(self):
        cleaned = super().clean()
        _not_in_future(self, "answered_on")
        return cleaned


class ReferralOutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    completed_on = forms.DateField(label=_("Completed on"), required=False, widget=DATE_INPUT)

    def clean(self):
        cleaned = super().clean()
        _not_in_future(self, "completed_on")
        return cleaned


class ConfirmForm(forms.Form):
    """A button with no fields (send, cancel); it carries a refusal back to the page."""


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Consent"), choices=Consent.Kind.choices)
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=None,
        required=False,
        help_text=_("Only for a consent to sharing: the one partner it is given for."),
    )
    scope = forms.ChoiceField(
        label=_("Mentioned"),
        required=False,
        choices=[("", "—"), *Consent.Scope.choices],
        help_text=_("Only for a consent to being mentioned in public reports."),
    )
    given_on = forms.DateField(label=_("Given on"), widget=DATE_INPUT)
    method = forms.ChoiceField(label=_("How it was given"), choices=Consent.Method.choices)
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example who witnessed it, or where the signed form is kept."),
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Consent.Kind.SHARE and not cleaned.get("partner"):
            self.add_error("partner", _("Name the partner the survivor agreed to share with."))
        if kind == Consent.Kind.MENTION and not cleaned.get("scope"):
            self.add_error("scope", _("Say whether by name or anonymously."))
        if kind and kind != Consent.Kind.SHARE and cleaned.get("partner"):
            raise ValidationError(_("A partner is named only for a consent to sharing."))
        _not_in_future(self, "given_on")
        return cleaned


class WithdrawConsentForm(forms.Form):
    method = forms.ChoiceField(label=_("How it was withdrawn"), choices=Consent.Method.choices)
    details = forms.CharField(label=_("Details"), required=False, max_length=1000)
