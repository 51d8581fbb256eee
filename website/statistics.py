"""The public statistics page (/ru/impact/, /en/impact/): the home page's impact figures, the
victims known to the organisation, and breakdowns of those victims, as charts and tables.

Everything comes from aggregate queries: the four impact figures from
website.queries.impact_figures() (so that the home page and this page always agree), the victims
from reports.statistics.compute(None), for the whole organisation and all time (so that the
workspace's dashboard counts the same way). Only numbers leave the database, and only the
breakdowns listed here are published: never by branch (a branch hidden from the public site
would show), and each one through website.suppression.suppress(), so no number below 5 is
shown and none can be worked out from the others.

published_figures() does the counting and keeps its result, already suppressed, in the cache
for PUBLIC_STATISTICS_CACHE_SECONDS. The numbers are the same in every language, so both
language versions share one entry and always show the same figures; statistics_page() adds the
labels and the charts in the reader's language, which costs no query.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.charts import bar_chart
from reports.dashboard import VICTIM_BREAKDOWNS
from reports.models import ImportBatch, StatisticalRecord
from reports.statistics import UNKNOWN, compute
from website.queries import impact_figures
from website.suppression import THRESHOLD, Published, suppress

# The version in the key lets a release that changes what is cached ignore older entries.
PUBLIC_STATISTICS_CACHE_KEY = "website:public-statistics:1"

# Victims by year: this many calendar years, ending with the current one, one row each (even
# when empty, so that "fewer than 5" never means "at least one"); the rest is one row.
RECENT_YEARS = 5
# Victims by country: at most this many countries are named, the largest first.
TOP_COUNTRIES = 10

# The published breakdowns of compute()'s victims, in the order of the page.
BREAKDOWNS = [
    "by_exploitation_type",
    "by_gender",
    "by_age_group",
    "by_country_of_exploitation",
    "by_period",
]

BREAKDOWN_HEADINGS = {
    "by_exploitation_type": gettext_lazy("Type of exploitation"),
    "by_gender": gettext_lazy("Gender"),
    "by_age_group": gettext_lazy("Age group"),
    "by_country_of_exploitation": gettext_lazy("Country of exploitation"),
    "by_period": gettext_lazy("Year"),
}

BREAKDOWN_NOTES = {
    "by_exploitation_type": gettext_lazy(
        "A victim of several types of exploitation is counted once for each, so the rows can "
        "add up to more than the number of victims."
    ),
    "by_gender": gettext_lazy("Gender as the victims told us or as partners' data records it."),
    "by_age_group": gettext_lazy(
        "Age when their case was opened, or when a partner registered them. Some partners' "
        "data say only whether someone was a child or an adult."
    ),
    "by_country_of_exploitation": gettext_lazy(
        "The country where they were exploited. Some partners' data give only the region of "
        "the world. Countries with fewer than %(threshold)s victims are not named."
    ),
    "by_period": gettext_lazy(
        "The year their case was opened, or the year a partner registered them. Some partners' "
        "data give only a span of years; they count under other years."
    ),
}

# How CTDC asks to be cited in public output (../shared/data/ctdc/README.md): the year and name
# of the dataset the import layout reads, and where it is published.
CTDC_URL = "https://www.ctdatacollaborative.org/"
CTDC_DATASETS = {
    ImportBatch.Layout.CTDC_GLOBAL_2020: ("2020", "The Global Dataset 14 Apr 2020"),
    ImportBatch.Layout.CTDC_VP_2022: ("2022", "Global Victim-Perpetrator Synthetic Dataset"),
}


def published_figures():
    """The page's counted figures, suppressed, as a plain dict (cached; see the module
    docstring):

    - counted_at: when they were counted;
    - victims: the number of victims, or None when fewer than the threshold (then there are
      no breakdowns);
    - breakdowns: {name: Published} for each of BREAKDOWNS; by_period's keys are years,
      by_country_of_exploitation's are ISO codes or UN regions ("UN:Europe");
    - imported: whether records imported from partners' data count in the victims;
    - ctdc: {layout: date of its latest import} for each CTDC dataset that counts.
    """
    figures = cache.get(PUBLIC_STATISTICS_CACHE_KEY)
    if figures is None:
        figures = _count()
        cache.set(PUBLIC_STATISTICS_CACHE_KEY, figures, settings.PUBLIC_STATISTICS_CACHE_SECONDS)
    return figures


def _count():
    victims = compute(None)["victims"]
    total = victims["total"]
    breakdowns = {}
    if total >= THRESHOLD:
        # Below the threshold every row would be hidden and the remainder would be the total.
        breakdowns = {
            "by_exploitation_type": suppress(victims["by_exploitation_type"]),
            "by_gender": suppress(victims["by_gender"]),
            "by_age_group": suppress(victims["by_age_group"]),
            "by_country_of_exploitation": _by_country(victims["by_country_of_exploitation"]),
            "by_period": _by_year(victims["by_period"], timezone.localdate().year),
        }
    return {
        "counted_at": timezone.now(),
        "victims": total if total >= THRESHOLD else None,
        "breakdowns": breakdowns,
        "imported": victims["imported"]["total"] > 0,
        "ctdc": _ctdc_imports(),
    }


def _by_country(counts):
    """Only countries with enough victims are named (there are too many countries to list the
    others as "fewer than 5"), at most TOP_COUNTRIES of them; all other countries count in the
    remainder, with the unknown."""
    published = suppress(counts, name_small=False)
    named = published.rows[:TOP_COUNTRIES]
    rest = sum(count for _key, count in published.rows[TOP_COUNTRIES:])
    return Published(rows=named, remainder=published.remainder + rest, merged=published.merged)


def _by_year(counts, this_year):
    """The last RECENT_YEARS years one by one; earlier years, spans of years ("2005-2013")
    and unknown years together in the remainder."""
    years = [str(year) for year in range(this_year - RECENT_YEARS + 1, this_year + 1)]
    recent = {year: counts.get(year, 0) for year in years}
    other = sum(count for key, count in counts.items() if key not in recent)
    return suppress(recent | {UNKNOWN: other})


def _ctdc_imports():
    """The CTDC datasets whose records are counted, with the day each was last imported (the
    citation's "accessed" date). Only import batches are read, never a record's contents."""
    has_records = Exists(StatisticalRecord.objects.filter(batch=OuterRef("pk")))
    latest = (
        ImportBatch.objects.filter(has_records, layout__in=list(CTDC_DATASETS))
        .order_by()
        .values("layout")
        .annotate(last=Max("imported_at"))
    )
    return {row["layout"]: timezone.localdate(row["last"]) for row in latest}


# Presentation in the reader's language.


@dataclass(frozen=True)
class Row:
    label: str
    count: int | None  # None: fewer than the threshold
    shown: str  # the count as the page writes it
    is_remainder: bool = False


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    heading: str  # of the table's first column
    rows: list
    note: str
    chart: str


@dataclass(frozen=True)
class Citation:
    year: str
    dataset: str
    url: str
    accessed: object

    @property
    def link(self):
        return format_html('<a href="{}">{}</a>', self.url, self.url)


@dataclass(frozen=True)
class Page:
    impact: object  # website.queries.ImpactFigures
    victims: int | None
    breakdowns: list
    imported: bool
    ctdc: list
    counted_at: object
    threshold: int


def statistics_page():
    """What the statistics page shows, labelled in the current language."""
    figures = published_figures()
    return Page(
        impact=impact_figures(),
        victims=figures["victims"],
        breakdowns=[
            _breakdown(name, figures["breakdowns"][name])
            for name in BREAKDOWNS
            if name in figures["breakdowns"]
        ],
        imported=figures["imported"],
        ctdc=[
            Citation(*CTDC_DATASETS[layout], url=CTDC_URL, accessed=accessed)
            for layout, accessed in sorted(figures["ctdc"].items())
        ],
        counted_at=figures["counted_at"],
        threshold=THRESHOLD,
    )


def said(count):
    """A published number as the page writes it: grouped digits, or "fewer than 5"."""
    if count is None:
        return _("fewer than %(threshold)s") % {"threshold": THRESHOLD}
    return number_format(count, force_grouping=True)


def _breakdown(name, published):
    title, label_of = VICTIM_BREAKDOWNS[name]
    rows = [Row(label_of(key), count, said(count)) for key, count in published.rows]
    if published.merged or published.remainder:
        label = _remainder_label(name, published.merged)
        rows.append(Row(label, published.remainder, said(published.remainder), is_remainder=True))
    return Breakdown(
        key=name.removeprefix("by_").replace("_", "-"),
        title=str(title),
        heading=str(BREAKDOWN_HEADINGS[name]),
        rows=rows,
        note=str(BREAKDOWN_NOTES[name]) % {"threshold": THRESHOLD},
        chart=bar_chart(
            [(row.label, row.count) for row in rows],
            title=str(title),
            chart_id=f"chart-{name}",
            text=said,
        ),
    )


def _remainder_label(name, merged):
    threshold = {"threshold": THRESHOLD}
    if name == "by_country_of_exploitation":
        # Unnamed countries are "other countries" whether or not any was hidden.
        return _("Other countries, or unknown")
    if name == "by_period":
        if merged:
            return _("Other years, unknown, or in a row shown as “fewer than %(threshold)s”") % (
                threshold
            )
        return _("Other years, or unknown")
    if merged:
        return _("Unknown, or in a row shown as “fewer than %(threshold)s”") % threshold
    return _("Unknown")
