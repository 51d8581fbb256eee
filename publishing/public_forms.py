"""The search box of the public news pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the news"),
        max_length=100,
        min_length=2,
        strip=True,
        error_messages={
            "required": _("Type a word or two to search for."),
            "min_length": _("Type at least %(limit_value)d letters to search for."),
            "max_length": _("Type at most %(limit_value)d letters to search for."),
        },
    )

    def clean_q(self):
        # Runs of spaces, tabs and line breaks count as one space, as a reader would expect.
        return " ".join(self.cleaned_data["q"].split())
