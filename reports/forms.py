"""The dashboard's filters: a period and a branch. Which branches may be chosen is decided in
reports.queries; this form only checks the shape of the answer."""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


@dataclass(frozen=True)
class Period:
    """The period shown, and the same dates a year earlier when both ends are known."""

    start: datetime.date | None
    end: datetime.date | None

    @property
    def previous(self):
        if self.start is None or self.end is None:
            return None
        return Period(_year_before(self.start), _year_before(self.end))


def _year_before(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


class DashboardFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("Until"), required=False, widget=DATE_INPUT)
    branch = forms.ChoiceField(label=_("Branch"), required=False)

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [
            ("", _("All my branches")),
            *((str(branch.pk), branch.name) for branch in branches),
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise ValidationError(_("The start date is after the end date."))
        return cleaned

    def period(self, today):
        """No filter at all: this year so far, compared with the same days last year. Dates
        left empty on purpose: all time (no comparison). A start without an end runs to today."""
        if not self.is_bound or not self.is_valid():
            return Period(today.replace(month=1, day=1), today)
        start, end = self.cleaned_data["date_from"], self.cleaned_data["date_to"]
        if start and not end:
            end = max(start, today)
        return Period(start, end)
