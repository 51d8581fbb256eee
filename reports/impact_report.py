"""The impact report for donors: an HTML page printed to PDF by WeasyPrint in the background job
(reports.export_jobs), and served as it is as a printable page in the workspace.

It leaves the workspace, so it says less than the dashboard:
- headline figures (rescued, helped, operations, requests, services) for the period and the
  same dates a year earlier, exact, each with its definition;
- victims by country and type of exploitation, gender and age group, where every cell below
  SMALL_CELL reads "<5" (a small number of people sharing a country, an age and a gender may be
  recognisable to someone who knows them). Zero reads "<5" too, so that an empty cell and a
  small one cannot be told apart; a row that is zero in every period is left out. These
  tables have no total, and the victims' total is not among the headline figures, so no
  suppressed cell can be worked out by subtraction. Charts draw only the groups of SMALL_CELL
  people or more;
- where the figures come from (CTDC cited when its data is counted).
No name, no record and nothing about any one person is ever in it: only compute()'s counts.
"""

from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.charts import bar_chart
from reports.dashboard import VICTIM_BREAKDOWNS, figure, period_label
from reports.statistics import UNKNOWN

# The same threshold as the smallest k of an HTCDS export (reports.export_actions.MIN_K).
SMALL_CELL = 5
SUPPRESSED = "<5"

STYLESHEET = Path(__file__).resolve().parent / "static" / "reports" / "impact-report.css"

HEADLINE = [
    (
        gettext_lazy("People rescued"),
        ("rescued",),
        gettext_lazy(
            "People that the debrief of a completed rescue operation records as having left "
            "exploitation, counted by the day the operation ended. Each person counts once."
        ),
    ),
    (
        gettext_lazy("People helped"),
        ("helped",),
        gettext_lazy(
            "Survivors with at least one service of their assistance plan (shelter, medical or "
            "legal help, documents, the journey home and others) completed in the period. Each "
            "person counts once."
        ),
    ),
    (
        gettext_lazy("Rescue operations"),
        ("operations", "total"),
        gettext_lazy("Rescue operations planned to start in the period, whatever their outcome."),
    ),
    (
        gettext_lazy("Help requests received"),
        ("requests", "received"),
        gettext_lazy(
            "Requests for help that reached the organisation in the period, from the people "
            "held or from someone on their behalf."
        ),
    ),
    (
        gettext_lazy("Services delivered"),
        ("services", "delivered"),
        gettext_lazy("Services of survivors' assistance plans completed in the period."),
    ),
]

SHOWN_BREAKDOWNS = [
    "by_country_of_exploitation",
    "by_exploitation_type",
    "by_gender",
    "by_age_group",
]


@dataclass(frozen=True)
class HeadlineFigure:
    label: str
    definition: str
    values: list


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    # What each cell says: a number, or SUPPRESSED.
    cells: list


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    rows: list
    chart: str
    note: str = ""


def shown(value):
    """What a breakdown cell says."""
    return SUPPRESSED if value < SMALL_CELL else value


def report_context(*, results, periods, scope_label, sources):
    """The template's context, from compute()'s dicts (`results`, one per period in `periods`:
    the period first, then the comparison, if any), in the active language."""
    return {
        "title": _("Impact report"),
        "scope": scope_label,
        "columns": [period_label(period) for period in periods],
        "headline": [
            HeadlineFigure(str(label), str(definition), [figure(r, path) for r in results])
            for label, path, definition in HEADLINE
        ],
        "breakdowns": [_breakdown(name, results) for name in SHOWN_BREAKDOWNS],
        "victims_definition": _(
            "Victims are the people recorded as victims in the organisation's cases opened in "
            "the period, each person once, and the anonymous records of victims from partners' "
            "data registered in the years of the period. Age is the age when the case was "
            "opened. A victim of several types of exploitation counts once for each type."
        ),
        "suppression_note": _(
            "So that nobody can be recognised, groups of fewer than %(n)s people are shown as "
            "“%(shown)s”, left out of the charts, and the tables have no totals."
        )
        % {"n": SMALL_CELL, "shown": SUPPRESSED},
        "sources": sources,
        "made_on": timezone.localdate(),
    }


def _breakdown(name, results):
    title, label_of = VICTIM_BREAKDOWNS[name]
    keys = []
    for result in results:
        keys += [key for key in result["victims"][name] if key not in keys]
    keys = [key for key in keys if key != UNKNOWN] + [UNKNOWN]
    rows = []
    charted = []
    for key in keys:
        values = [figure(result, ("victims", name, key)) for result in results]
        if not any(values):
            continue
        label = _("Unknown") if key == UNKNOWN else label_of(key)
        rows.append(BreakdownRow(label=label, cells=[shown(value) for value in values]))
        if values[0] >= SMALL_CELL:
            charted.append((label, values[0]))
    chart = bar_chart(charted, title=str(title), chart_id=f"chart-{name}") if charted else ""
    note = ""
    if name == "by_exploitation_type":
        note = _("A victim of several types of exploitation counts once for each.")
    return Breakdown(key=name, title=str(title), rows=rows, chart=chart, note=note)


def render_html(context, *, stylesheet_url=None):
    """The report as a whole HTML document. A browser gets the stylesheet by `stylesheet_url`;
    WeasyPrint is given it directly (pdf_document), so the document links nothing."""
    return render_to_string(
        "reports/impact_report.html", {**context, "stylesheet_url": stylesheet_url}
    )


def pdf_document(html):
    """WeasyPrint's laid-out document (its pages) for the report's HTML. Nothing is fetched:
    the charts are inline SVG and the fonts come from the system (DejaVu covers Cyrillic)."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    no_fetching = URLFetcher(allowed_protocols=())
    stylesheet = CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=no_fetching)
    return HTML(string=html, url_fetcher=no_fetching).render(stylesheets=[stylesheet])


def pdf_bytes(html):
    return pdf_document(html).write_pdf()
