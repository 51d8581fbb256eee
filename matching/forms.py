"""The part of a "record a new person" form that asks about possible matches first."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PossibleMatchesMixin(forms.Form):
    """Adds `none_of_these`: hidden until possible matches were offered (offer_matches), then
    a checkbox the user ticks to record someone new anyway. The form's fields given_name,
    patronymic (optional), family_name, aliases (optional) and birth_year describe the person."""

    none_of_these = forms.BooleanField(
        label=_("None of these is the person: record someone new"),
        required=False,
        widget=forms.HiddenInput,
    )
    # Possible matches offered before saving (matching.search.Match); empty until offered.
    suggestions = ()

    def needs_matches_checked(self):
        """Whether possible matches should be looked for before the person is recorded."""
        return not self.cleaned_data.get("none_of_these")

    def record(self):
        from matching.suggestions import record_from

        data = self.cleaned_data
        return record_from(
            given_name=data.get("given_name", ""),
            patronymic=data.get("patronymic", ""),
            family_name=data.get("family_name", ""),
            aliases=data.get("aliases") or (),
            birth_year=data.get("birth_year"),
        )

    def offer_matches(self, suggestions):
        """Show the form again with the possible matches and the box to record someone new."""
        self.suggestions = suggestions
        # Last, right above the button, where the user decides.
        self.fields["none_of_these"] = self.fields.pop("none_of_these")
        self.fields["none_of_these"].widget = forms.CheckboxInput()
