"""The public statistics page (/ru/impact/, /en/impact/): the impact figures and the victims
known to the organisation by type of exploitation, gender, age, country and year, with no number
below 5, cached, in both languages, without JavaScript and without anyone's name."""

import datetime
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.tests.factories import BranchFactory, UserFactory
from assistance.models import Service
from assistance.tests.factories import PlanFactory, ServiceFactory
from cases.models import Participant
from cases.tests.factories import CaseFactory, ParticipantFactory, PersonFactory
from operations.models import Debrief, Operation, RescuedPerson
from operations.tests.factories import OperationFactory
from reports.models import ImportBatch, StatisticalRecord
from website.queries import impact_figures
from website.tests.test_home import parse

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


def url(language):
    with translation.override(language):
        return reverse("public:impact")


class Tables(HTMLParser):
    """The page's breakdowns: {section id: {"rows": [(label, shown)], "total": shown}}, the
    headline figures as {label: number}, every <script> and every resource the page loads."""

    def __init__(self):
        super().__init__()
        self.sections, self.figures, self.scripts, self.loads = {}, {}, 0, []
        self._section = self._part = None
        self._cells, self._text, self._in_cell = [], [], False
        self._figure = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag in ("img", "script", "iframe", "audio", "video", "source") and attrs.get("src"):
            self.loads.append(attrs["src"])
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon", "preload"):
            self.loads.append(attrs["href"])
        if tag == "section":
            self._section = attrs.get("id")
        elif tag in ("tbody", "tfoot"):
            self._part = tag
            self.sections.setdefault(self._section, {"rows": [], "total": None})
        elif tag == "tr":
            self._cells = []
        elif tag in ("th", "td", "dt", "dd"):
            self._in_cell, self._text = True, []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._part:
            self._cells.append(" ".join("".join(self._text).split()))
            self._in_cell = False
        elif tag in ("dt", "dd") and self._section == "figures":
            self._figure.append(" ".join("".join(self._text).split()))
            self._in_cell = False
            if len(self._figure) == 2:
                label, number = self._figure
                self.figures[label] = number
                self._figure = []
        elif tag == "tr" and self._part:
            section = self.sections[self._section]
            if self._part == "tbody":
                section["rows"].append(tuple(self._cells))
            else:
                section["total"] = self._cells[1]
        elif tag in ("tbody", "tfoot"):
            self._part = None

    def handle_data(self, data):
        if self._in_cell:
            self._text.append(data)


def tables(response):
    assert response.status_code == 200
    parser = Tables()
    parser.feed(response.content.decode())
    return parser


def victim(case, **person):
    return ParticipantFactory(case=case, person=PersonFactory(branch=case.branch, **person)).person


def imported(branch, layout, rows):
    batch = ImportBatch.objects.create(
        branch=branch,
        layout=layout,
        file_name=f"{layout}.csv",
        sha256=f"{len(rows)}{layout}".ljust(64, "0")[:64],
        rows_read=len(rows),
        rows_stored=len(rows),
    )
    StatisticalRecord.objects.bulk_create(
        StatisticalRecord(batch=batch, branch=branch, line=line, **row)
        for line, row in enumerate(rows, start=2)
    )
    return batch


# The victims of the fixture, one tuple each, so that the test can count them itself:
# (gender, age group, country of exploitation, types of exploitation, year or period).
IMPORTED = (
    [("Feminine", "18-20", "TR", ["ForcedLabour"], (THIS_YEAR - 1, THIS_YEAR - 1))] * 6
    + [("Masculine", "9-17", "KZ", ["SexualExploitation"], (2005, 2013))] * 2
    + [("NonSpecifiedUnknown", "", "", [], (None, None))]
)
OWN = [("Feminine", "24-26", "TR", ["ForcedLabour"], (THIS_YEAR, THIS_YEAR))] * 5 + [
    ("Masculine", "39-47", "RU", ["ForcedBegging"], (THIS_YEAR, THIS_YEAR))
]
NAMES = ["Umida", "Rakhimova", "Feruza", "Tashkentova", "Ilkhom", "Sobirov"]


@pytest.fixture
def world(branch, other_branch):
    """Six victims in the organisation's own cases (one of them in two cases, one more person who
    only reported), nine imported anonymous records, a completed operation that rescued two of
    them, and one of them helped."""
    imported(
        other_branch,
        ImportBatch.Layout.HTCDS,
        [
            {
                "gender": gender,
                "age_group": age,
                "exploitation_place": place,
                "exploitation_types": types,
                "year_from": years[0],
                "year_to": years[1],
            }
            for gender, age, place, types, years in IMPORTED
        ],
    )
    kiln = CaseFactory(
        branch=branch, exploitation_types=["ForcedLabour"], exploitation_country="TR"
    )
    women = [
        victim(kiln, given_name=NAMES[0], family_name=NAMES[1], gender="Feminine"),
        victim(kiln, given_name=NAMES[2], family_name=NAMES[3], gender="Feminine"),
    ] + [victim(kiln, gender="Feminine") for _ in range(3)]
    for woman in women:
        woman.birth_year = THIS_YEAR - 25
        woman.save(update_fields=["birth_year"])
    market = CaseFactory(
        branch=branch, exploitation_types=["ForcedBegging"], exploitation_country="RU"
    )
    victim(
        market,
        given_name=NAMES[4],
        family_name=NAMES[5],
        gender="Masculine",
        birth_year=None,
        age_estimate=40,
    )
    # Umida again, in a later case: still one victim, described by her first case.
    ParticipantFactory(case=market, person=women[0])
    ParticipantFactory(case=market, role=Participant.Role.REPORTER)

    lead = UserFactory()
    operation = OperationFactory(
        branch=branch,
        country="TR",
        status=Operation.Status.COMPLETED,
        ended_at=timezone.now(),
        lead=lead,
    )
    debrief = Debrief.objects.create(
        operation=operation, outcome=Debrief.Outcome.ALL_OUT, summary="All out.", recorded_by=lead
    )
    for person in women[:2]:
        RescuedPerson.objects.create(debrief=debrief, person=person, case=kiln)
    plan = PlanFactory(case=kiln, person=women[0])
    ServiceFactory(
        plan=plan, status=Service.Status.DONE, ended_on=timezone.localdate(), kind="medical"
    )
    # A branch listed on the public site adds its country to the countries.
    BranchFactory(name="Bishkek office", city="Bishkek", country="KG", shown_publicly=True)
    return {"operation": operation, "branches": [branch, other_branch]}


def expected(index):
    """How many of the fixture's victims have each value of field `index`, counted here."""
    counts = Counter()
    for row in IMPORTED + OWN:
        values = row[index] if isinstance(row[index], list) else [row[index]]
        counts.update(values or ["unknown"])
    return counts


# The figures.


def test_headline_figures_are_the_home_pages_and_the_victims_counted_once(client, world):
    figures = tables(client.get(url("en"))).figures
    home = impact_figures()
    assert (home.rescued, home.helped, home.operations, home.countries) == (2, 1, 1, 2)
    assert figures["people rescued"] == "2"
    assert figures["person helped"] == "1"
    assert figures["rescue operation"] == "1"
    assert figures["countries"] == "2"
    assert figures["victims known to us"] == str(len(IMPORTED) + len(OWN)) == "15"


def test_large_rows_are_the_counts_of_the_records(client, world):
    sections = tables(client.get(url("en"))).sections
    genders, ages, types = expected(0), expected(1), expected(3)
    assert ("Female", str(genders["Feminine"])) in sections["victims-gender"]["rows"]
    assert ("18–20", str(ages["18-20"])) in sections["victims-age-group"]["rows"]
    assert ("24–26", str(ages["24-26"])) in sections["victims-age-group"]["rows"]
    assert ("Forced labour", str(types["ForcedLabour"])) in sections["victims-exploitation-type"][
        "rows"
    ]
    assert sections["victims-country-of-exploitation"]["rows"][0] == (
        "Türkiye",
        str(expected(2)["TR"]),
    )
    years = sections["victims-period"]["rows"]
    assert (str(THIS_YEAR), "6") in years
    assert (str(THIS_YEAR - 1), "6") in years


def test_every_table_adds_up_to_the_victims(client, world):
    for key, section in tables(client.get(url("en"))).sections.items():
        assert section["total"] == "15", key
        if key != "victims-exploitation-type":  # a victim counts once per type
            assert sum(int(shown) for _label, shown in section["rows"] if shown.isdigit()) == 15


def test_small_rows_read_fewer_than_5(client, world):
    rows = dict(tables(client.get(url("en"))).sections["victims-gender"]["rows"])
    assert rows["Male"] == "fewer than 5"  # 3
    assert rows["Gender non-conforming"] == "fewer than 5"  # none
    assert "3" not in rows.values()


def test_hidden_rows_count_in_the_unknown_row_so_they_cannot_be_worked_out(client, world):
    """Male (3) is hidden; 11 women and 4 "unknown or fewer than 5" make 15, so the total gives
    the reader nothing: the 4 may be 3 men and 1 unknown, or 4 unknown, or anything between."""
    rows = tables(client.get(url("en"))).sections["victims-gender"]["rows"]
    genders = expected(0)
    remainder = genders["Masculine"] + genders["NonSpecifiedUnknown"]
    assert rows[-1] == ("Unknown, or in a row shown as “fewer than 5”", str(remainder))


def test_countries_with_few_victims_are_not_named(client, world):
    """Kazakhstan (2) and Russia (1) are not listed, not even as "fewer than 5"."""
    rows = tables(client.get(url("en"))).sections["victims-country-of-exploitation"]["rows"]
    assert rows == [("Türkiye", "11"), ("Other countries, or unknown", "4")]


def test_earlier_years_and_spans_of_years_count_together(client, world):
    rows = tables(client.get(url("en"))).sections["victims-period"]["rows"]
    assert [label for label, _shown in rows] == [
        *(str(year) for year in range(THIS_YEAR - 4, THIS_YEAR + 1)),
        "Other years, unknown, or in a row shown as “fewer than 5”",
    ]
    assert rows[-1][1] == "3"  # 2005-2013 twice, and one without a year


def test_no_breakdown_is_published_for_fewer_than_5_victims(client, branch):
    case = CaseFactory(branch=branch)
    for _ in range(4):
        victim(case, gender="Feminine")
    page = tables(client.get(url("en")))
    assert page.figures["victims known to us"] == "fewer than 5"
    assert page.sections == {}


def test_each_breakdown_has_a_chart_drawn_on_the_server(client, world):
    html = client.get(url("en")).content.decode()
    for name in ("exploitation_type", "gender", "age_group", "country_of_exploitation", "period"):
        assert f'aria-labelledby="chart-by_{name}-title"' in html
    # A hidden row has no bar, only its words.
    assert "<title>Male: fewer than 5</title>" in html
    assert re.search(r"<title>Male: fewer than 5</title>.*?<rect [^>]*width=\"0\"", html)


# What never reaches the page.


def test_no_name_place_or_branch_reaches_the_page(client, world):
    html = client.get(url("en")).content.decode()
    for name in NAMES:
        assert name not in html
    assert world["operation"].address not in html
    assert world["operation"].city not in html
    for branch in world["branches"]:
        assert branch.name not in html


def test_the_page_needs_no_javascript_and_loads_nothing_from_elsewhere(client, world):
    page = tables(client.get(url("en")))
    assert page.scripts == 0
    assert page.loads
    assert all(address.startswith("/") and not address.startswith("//") for address in page.loads)


# Data sources.


def test_ctdc_is_cited_when_its_data_counts(client, world, branch):
    batch = imported(
        branch,
        ImportBatch.Layout.CTDC_VP_2022,
        [{"gender": "Feminine", "year_from": 2020, "year_to": 2020}],
    )
    ImportBatch.objects.filter(pk=batch.pk).update(
        imported_at=datetime.datetime(2026, 2, 3, 12, tzinfo=datetime.UTC)
    )
    texts = parse(client.get(url("en"))).texts
    citation = next(text for text in texts if text.startswith("Source: Counter-Trafficking"))
    assert citation.startswith(
        "Source: Counter-Trafficking Data Collaborative (CTDC). 2022. "
        "‘Global Victim-Perpetrator Synthetic Dataset’. Available at:"
    )
    assert "https://www.ctdatacollaborative.org/" in texts
    assert "(Accessed Feb. 3, 2026)." in texts


def test_ctdc_is_not_cited_without_its_data(client, world, branch):
    # An import that stored nothing contributes nothing.
    imported(branch, ImportBatch.Layout.CTDC_GLOBAL_2020, [])
    html = client.get(url("en")).content.decode()
    assert "Counter-Trafficking Data Collaborative" not in html
    assert "partners' data files that we imported" in html


def test_imported_data_is_not_mentioned_when_there_is_none(client, branch):
    html = client.get(url("en")).content.decode()
    assert "partners' data files that we imported" not in html
    assert "Our own records" in html


# Caching.


def test_figures_are_counted_once_for_both_languages(client, world, django_assert_num_queries):
    english = tables(client.get(url("en")))
    with django_assert_num_queries(0):
        russian = tables(client.get(url("ru")))
        again = tables(client.get(url("en")))
    assert russian.sections.keys() == english.sections.keys()
    for key, section in english.sections.items():
        assert [shown for _l, shown in again.sections[key]["rows"]] == [
            shown for _l, shown in section["rows"]
        ]
        assert [shown for _l, shown in russian.sections[key]["rows"]][-1] == (
            section["rows"][-1][1]
        )


def test_new_records_show_when_the_cache_expires(client, world, branch):
    from django.core.cache import cache

    client.get(url("en"))
    case = CaseFactory(branch=branch)
    for _ in range(5):
        victim(case, gender="Masculine")
    assert tables(client.get(url("en"))).figures["victims known to us"] == "15"
    cache.clear()
    assert tables(client.get(url("en"))).figures["victims known to us"] == "20"


def test_a_cache_time_of_zero_counts_on_every_visit(client, world, branch, settings):
    settings.PUBLIC_STATISTICS_CACHE_SECONDS = 0
    client.get(url("en"))
    case = CaseFactory(branch=branch)
    for _ in range(5):
        victim(case, gender="Masculine")
    assert tables(client.get(url("en"))).figures["victims known to us"] == "20"


# Both languages, and the ways to the page.


def test_the_page_answers_in_both_languages(client, world):
    assert url("ru") == "/ru/impact/"
    assert url("en") == "/en/impact/"
    russian = client.get("/ru/impact/").content.decode()
    english = client.get("/en/impact/").content.decode()
    assert '<html lang="ru">' in russian
    assert '<html lang="en">' in english
    assert "Our work in numbers" in english
    assert "Victims by type of exploitation" in english


def test_the_russian_page_has_the_same_tables(client, world):
    russian, english = tables(client.get(url("ru"))), tables(client.get(url("en")))
    assert list(russian.sections) == list(english.sections)
    for key, section in english.sections.items():
        assert len(russian.sections[key]["rows"]) == len(section["rows"])
        assert russian.sections[key]["total"] == section["total"]
    assert "Турция" in [
        label for label, _ in russian.sections["victims-country-of-exploitation"]["rows"]
    ]


def test_the_home_pages_figures_link_to_the_page(client, world):
    links = parse(client.get("/en/")).urls
    assert links.count("/en/impact/") >= 2  # the main navigation and "More figures"


def test_the_page_is_in_the_sitemap(client):
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/en/impact/" in xml
    assert "http://testserver/ru/impact/" in xml
