from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.queries import branches_visible_to
from reports.export_actions import DEFAULT_K, MIN_K


class HtcdsExportForm(forms.Form):
    """What to export. The branches offered are those the user may see, so a branch id made up
    in the request is an invalid choice, not another branch's data."""

    branches = forms.ModelMultipleChoiceField(
        label=_("Branches"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every branch you may see."),
    )
    date_from = forms.DateField(
        label=_("Cases opened from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("Cases opened until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    k = forms.IntegerField(
        label=_("k (smallest group of alike people)"),
        min_value=MIN_K,
        initial=DEFAULT_K,
        required=False,
        help_text=_(
            "Gender, age group, citizenship, country of exploitation and year are made coarser "
            "or left out until every combination describes at least k people."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branches"].queryset = branches_visible_to(user)
        if user.has_perm("reports.export_htcds_trusted"):
            self.fields["trusted"] = forms.BooleanField(
                label=_("Without k-anonymity, for a trusted partner"),
                required=False,
                help_text=_("The file then shows every value as recorded. The reason is audited."),
            )
            self.fields["reason"] = forms.CharField(
                label=_("Reason"),
                max_length=500,
                required=False,
                help_text=_("Who receives the file, and under which agreement."),
            )

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise forms.ValidationError(_("The start date is after the end date."))
        if cleaned.get("trusted"):
            cleaned["k"] = None
            if not cleaned.get("reason", "").strip():
                self.add_error("reason", _("An export without k-anonymity needs a reason."))
        elif cleaned.get("k") is None and "k" not in self.errors:
            self.add_error("k", _("Give k, at least %(min)s.") % {"min": MIN_K})
        return cleaned

    def export_arguments(self):
        """Keyword arguments for export_actions.export_htcds."""
        data = self.cleaned_data
        return {
            "branches": list(data["branches"]),
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "k": data["k"],
            "reason": data.get("reason", ""),
        }
