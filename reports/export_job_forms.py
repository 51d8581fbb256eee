from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.queries import branches_visible_to
from reports.forms import DATE_INPUT
from reports.models import ReportExport


class ReportExportForm(forms.Form):
    """What file to make. The branches offered are those the user may see, so a branch id made
    up in the request is an invalid choice, not another branch's figures."""

    kind = forms.ChoiceField(
        label=_("File"),
        choices=ReportExport.Kind.choices,
        initial=ReportExport.Kind.PDF,
        widget=forms.RadioSelect,
    )
    date_from = forms.DateField(label=_("From"), widget=DATE_INPUT)
    date_to = forms.DateField(label=_("Until"), widget=DATE_INPUT)
    compare = forms.BooleanField(
        label=_("Compare with the same dates a year earlier"), required=False, initial=True
    )
    branches = forms.ModelMultipleChoiceField(
        label=_("Branches"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every branch you may see."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branches"].queryset = branches_visible_to(user)

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned

    def request_arguments(self):
        """Keyword arguments for export_job_actions.request_report_export."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "compare": data["compare"],
            "branches": list(data["branches"]),
        }
