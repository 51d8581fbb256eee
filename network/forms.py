"""Forms for the partner pages: the shape of the input; network.actions checks the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from network.actions import PARTNER_FIELDS
from network.models import Partner

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
INACTIVE = "inactive"
ALL = "all"


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or service"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    active = forms.ChoiceField(
        label=_("Shown"),
        required=False,
        choices=[("", _("Active partners")), (INACTIVE, _("Inactive partners")), (ALL, _("All"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any type")), *Partner.Kind.choices]
        self.fields["country"].choices = [("", _("Any country")), *countries]

    def filters(self):
        """Keyword arguments for network.queries.find_partners; active ones on bad input."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        active = {"": True, INACTIVE: False, ALL: None}[data.get("active", "")]
        return {
            "query": data.get("q", ""),
            "kind": data.get("kind", ""),
            "country": data.get("country", ""),
            "active": active,
        }


class PartnerForm(forms.Form):
    """A partner's entry. The fields come from the model, so labels and lengths are defined once."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = forms.fields_for_model(
            Partner,
            fields=PARTNER_FIELDS,
            widgets={
                "agreement_signed_on": DATE_INPUT,
                "agreement_ends_on": DATE_INPUT,
                "services": forms.Textarea(attrs={"rows": 3}),
                "contact": forms.Textarea(attrs={"rows": 3}),
            },
        )
        for name in PARTNER_FIELDS:
            self.fields[name] = fields[name]

    @classmethod
    def for_partner(cls, partner):
        return cls(initial={name: getattr(partner, name) for name in PARTNER_FIELDS})

    def clean(self):
        cleaned = super().clean()
        signed, ends = cleaned.get("agreement_signed_on"), cleaned.get("agreement_ends_on")
        if signed and ends and ends < signed:
            self.add_error(
                "agreement_ends_on", _("The memorandum cannot end before it was signed.")
            )
        return cleaned
