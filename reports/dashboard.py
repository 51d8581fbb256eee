"""The dashboard's tables and charts, made from the dicts of reports.statistics.compute().

Only presentation lives here: labels in the reader's language, the columns of the period
comparison, the charts, and links to the workspace list behind a figure where one exists with
matching filters and the reader may open it. Rescued, helped, services and victims have no such
list, so they have no link.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from assistance.models import Service
from cases.htcds import ExploitationType, Gender
from cases.models import Case
from intake.models import HelpRequest
from operations.models import Debrief, Operation
from reports.charts import bar_chart
from reports.models import AGE_GROUPS
from reports.statistics import BREAKDOWNS, UNKNOWN

# Under this many hours a waiting time reads better in hours than in days.
HOURS_SHOWN_UP_TO = 48


@dataclass(frozen=True)
class Cell:
    value: object
    url: str | None = None


@dataclass(frozen=True)
class Row:
    label: str
    cells: list
    # Where the row's numbers are in compute()'s dict, e.g. ("requests", "by_status", "new"):
    # the exports can follow the same path, and the tests check every figure through it.
    path: tuple = ()


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list
    total: Row | None = None
    note: str = ""
    chart: str = field(default="", repr=False)


def period_label(period):
    if period.start and period.end:
        return _("%(start)s – %(end)s") % {
            "start": date_format(period.start, "SHORT_DATE_FORMAT"),
            "end": date_format(period.end, "SHORT_DATE_FORMAT"),
        }
    if period.start:
        return _("From %(start)s") % {"start": date_format(period.start, "SHORT_DATE_FORMAT")}
    if period.end:
        return _("Until %(end)s") % {"end": date_format(period.end, "SHORT_DATE_FORMAT")}
    return _("All time")


def figure(result, path):
    """The number at `path` in one of compute()'s dicts (0 for a key another period lacks)."""
    value = result
    for key in path:
        value = value.get(key, 0) if isinstance(value, dict) else 0
    return value


def tables(results, periods, *, branch, links):
    """Every table of the dashboard. `results` are compute()'s dicts, one per period in
    `periods` (the chosen period first, then the same dates a year earlier, if any)."""
    columns = [period_label(period) for period in periods]
    builder = _Builder(results, periods, branch, links)
    built = [
        builder.headline(columns),
        builder.requests_by_status(columns),
        builder.requests_by_closure(columns),
        builder.open_cases("by_status", _("Open cases by status"), Case.Status.choices),
        builder.open_cases(
            "by_risk",
            _("Open cases by risk"),
            [(risk.name.lower(), risk.label) for risk in Case.Risk],
        ),
        builder.operations_by_status(columns),
        builder.operations_by_outcome(columns),
        builder.services_by_kind(columns),
        builder.victims_by_source(columns),
        *(builder.victims(name, columns) for name in BREAKDOWNS),
    ]
    for table in built:
        if table.key != "headline":
            table.chart = bar_chart(
                [(row.label, row.cells[0].value) for row in table.rows],
                title=table.title,
                chart_id=f"chart-{table.key}",
            )
    return built


class _Builder:
    def __init__(self, results, periods, branch, links):
        self.results, self.periods, self.links = results, periods, links
        self.branch = "" if branch is None else str(branch.pk)

    # Links to the lists, with the list's own filter names (cases.forms.CaseFilterForm,
    # operations.forms.OperationFilterForm, intake.forms.QueueFilterForm).

    def _requests_url(self, status):
        if not self.links["requests"]:
            return None
        return lambda period: _list_url(
            "intake:request-list",
            status=status,
            since=period.start,
            until=period.end,
            branch=self.branch,
        )

    def _cases_url(self, **filters):
        if not self.links["cases"]:
            return None
        return _list_url("cases:case-list", branch=self.branch, **filters)

    def _operations_url(self, status=""):
        if not self.links["operations"]:
            return None
        return lambda period: _list_url(
            "operations:operation-list",
            status=status,
            date_from=period.start,
            date_to=period.end,
            branch=self.branch,
        )

    def _row(self, label, path, url=None, shown=None):
        """One row across the periods: the figure at `path` of each result; `url` makes the
        link for a period; `shown` turns the figure into what the cell says."""
        cells = []
        for result, period in zip(self.results, self.periods, strict=True):
            value = figure(result, path)
            cells.append(Cell(shown(value) if shown else value, url(period) if url else None))
        return Row(label=label, cells=cells, path=path)

    def headline(self, columns):
        rows = [
            self._row(_("People rescued"), ("rescued",)),
            self._row(_("People helped"), ("helped",)),
            self._row(
                _("Help requests received"),
                ("requests", "received"),
                self._requests_url("all"),
            ),
            self._row(
                _("Rescue operations planned to start"),
                ("operations", "total"),
                self._operations_url(),
            ),
            self._row(_("Services delivered"), ("services", "delivered")),
            self._row(_("Victims"), ("victims", "total")),
            self._row(
                _("Median time from a request to the first reply"),
                ("time_to_first_contact", "median_hours"),
                shown=_duration,
            ),
            self._row(
                _("Median time from a request to leaving exploitation"),
                ("time_to_exit", "median_hours"),
                shown=_duration,
            ),
        ]
        return Table(
            key="headline",
            title=_("Main figures"),
            columns=columns,
            rows=rows,
            note=_(
                "Rescued: people a completed operation's debrief records as having left "
                "exploitation. Helped: people with at least one service of their assistance "
                "plan done. Each person counts once. Waiting times are medians over the "
                "requests received in the period."
            ),
        )

    def requests_by_status(self, columns):
        rows = [
            self._row(label, ("requests", "by_status", code), self._requests_url(code))
            for code, label in HelpRequest.Status.choices
        ]
        total = self._row(_("Received"), ("requests", "received"), self._requests_url("all"))
        return Table("requests-status", _("Help requests by status"), columns, rows, total)

    def requests_by_closure(self, columns):
        rows = [
            self._row(label, ("requests", "by_closure_reason", code))
            for code, label in HelpRequest.ClosureReason.choices
        ]
        return Table("requests-closure", _("Closed help requests by reason"), columns, rows)

    def open_cases(self, name, title, choices):
        """Open cases are counted now, whatever the period: one column."""
        current = self.results[0]
        filter_name = "status" if name == "by_status" else "risk"
        rows = []
        for code, label in choices:
            if code not in current["open_cases"][name]:
                continue  # closed cases are not open
            value = code if name == "by_status" else Case.Risk[code.upper()].value
            rows.append(
                Row(
                    str(label),
                    [
                        Cell(
                            figure(current, ("open_cases", name, code)),
                            self._cases_url(**{filter_name: value}),
                        )
                    ],
                    ("open_cases", name, code),
                )
            )
        total = Row(
            _("Open cases"),
            [Cell(current["open_cases"]["total"], self._cases_url())],
            ("open_cases", "total"),
        )
        return Table(
            f"cases-{name}",
            title,
            [_("Now")],
            rows,
            total,
            note=_("Cases open today, whatever the period."),
        )

    def operations_by_status(self, columns):
        rows = [
            self._row(label, ("operations", "by_status", code), self._operations_url(code))
            for code, label in Operation.Status.choices
        ]
        total = self._row(_("Operations"), ("operations", "total"), self._operations_url())
        return Table(
            "operations-status",
            _("Rescue operations by status"),
            columns,
            rows,
            total,
            note=_("Operations planned to start in the period."),
        )

    def operations_by_outcome(self, columns):
        rows = [
            self._row(label, ("operations", "by_outcome", code))
            for code, label in Debrief.Outcome.choices
        ]
        return Table("operations-outcome", _("Completed operations by outcome"), columns, rows)

    def services_by_kind(self, columns):
        rows = [
            self._row(label, ("services", "by_kind", code)) for code, label in Service.Kind.choices
        ]
        total = self._row(_("Services delivered"), ("services", "delivered"))
        return Table(
            "services-kind",
            _("Services delivered by kind"),
            columns,
            rows,
            total,
            note=_("Services done, by the day they ended."),
        )

    def victims_by_source(self, columns):
        rows = [
            self._row(_("Recorded in our cases"), ("victims", "own", "total")),
            self._row(_("Imported from partners' data"), ("victims", "imported", "total")),
        ]
        total = self._row(_("Victims"), ("victims", "total"))
        return Table("victims-source", _("Victims by source"), columns, rows, total)

    def victims(self, name, columns):
        title, label_of = VICTIM_BREAKDOWNS[name]
        keys = []
        for result in self.results:
            keys += [key for key in result["victims"][name] if key not in keys]
        # "unknown" always comes last, whichever period had which keys.
        keys = [key for key in keys if key != UNKNOWN] + [UNKNOWN]
        rows = [
            self._row(_("Unknown") if key == UNKNOWN else label_of(key), ("victims", name, key))
            for key in keys
        ]
        total = self._row(_("Victims"), ("victims", "total"))
        note = ""
        if name == "by_exploitation_type":
            note = _("A victim of several types of exploitation counts once for each.")
        return Table(f"victims-{name}", str(title), columns, rows, total, note=note)


def _list_url(name, **filters):
    query = {key: value for key, value in filters.items() if value not in (None, "")}
    return reverse(name) + ("?" + urlencode(query) if query else "")


def _duration(hours):
    if hours is None:
        return "—"
    if hours < HOURS_SHOWN_UP_TO:
        return _("%(hours)s h") % {"hours": number_format(hours, decimal_pos=1)}
    return _("%(days)s d") % {"days": number_format(hours / 24, decimal_pos=1)}


def _country(code):
    if code.startswith("UN:"):
        return _("%(region)s (UN region)") % {"region": code[3:]}
    return countries.name(code) or code


def _label_from(choices):
    labels = dict(choices)
    return lambda code: str(labels.get(code, code))


VICTIM_BREAKDOWNS = {
    "by_period": (gettext_lazy("Victims by year"), str),
    "by_branch": (gettext_lazy("Victims by branch"), str),
    "by_country_of_exploitation": (gettext_lazy("Victims by country of exploitation"), _country),
    "by_exploitation_type": (
        gettext_lazy("Victims by type of exploitation"),
        _label_from(ExploitationType.choices),
    ),
    "by_gender": (gettext_lazy("Victims by gender"), _label_from(Gender.choices)),
    "by_age_group": (gettext_lazy("Victims by age group"), _label_from(AGE_GROUPS)),
}
