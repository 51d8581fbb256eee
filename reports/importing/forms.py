from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.queries import branches_visible_to
from reports.models import ImportBatch

from .loading import AUTO


class DataImportForm(forms.Form):
    """The file and where it goes. Only branches the user may see are offered, so a branch id
    made up in the request is an invalid choice."""

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, with the column names on the first line: an HTCDS CSV or a CTDC file."),
    )
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=None)
    layout = forms.ChoiceField(
        label=_("Layout"),
        choices=[(AUTO, _("Recognise from the first line")), *ImportBatch.Layout.choices],
        initial=AUTO,
    )
    strict = forms.BooleanField(
        label=_("Store nothing if any row is bad"),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches_visible_to(user)
