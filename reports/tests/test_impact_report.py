"""The impact report for donors leaves the workspace: small groups of victims are never shown as
numbers, in the tables or in the charts, while the headline figures stay exact."""

import datetime

import pytest
from django.utils.html import escape
from django_countries import countries

from cases.htcds import Gender
from reports import impact_report
from reports.export_job_queries import data_sources
from reports.forms import Period
from reports.models import ImportBatch, StatisticalRecord
from reports.statistics import compute

D = datetime.date
PERIODS = [Period(D(2025, 1, 1), D(2025, 12, 31)), Period(D(2024, 1, 1), D(2024, 12, 31))]


def records(branch, count, year, **fields):
    batch = ImportBatch.objects.create(
        branch=branch,
        layout=ImportBatch.Layout.HTCDS,
        file_name="partner.csv",
        sha256=f"{ImportBatch.objects.count():064d}",
    )
    StatisticalRecord.objects.bulk_create(
        StatisticalRecord(batch=batch, branch=branch, line=line, year_from=year, year_to=year, **f)
        for line, f in enumerate([fields] * count, start=2)
    )


@pytest.fixture
def context(branch):
    # 2025: 7 women, 3 men (in Turkey); 2024: 1 woman.
    records(branch, 7, 2025, gender=Gender.FEMININE, exploitation_place="TR")
    records(branch, 3, 2025, gender=Gender.MASCULINE, exploitation_place="TR")
    records(branch, 1, 2024, gender=Gender.FEMININE, exploitation_place="KZ")
    results = [compute([branch.pk], date_from=p.start, date_to=p.end) for p in PERIODS]
    return impact_report.report_context(
        results=results, periods=PERIODS, scope_label="Moscow", sources=data_sources(set())
    )


def breakdown(context, key):
    table = next(table for table in context["breakdowns"] if table.key == key)
    return {row.label: row.cells for row in table.rows}, table


@pytest.mark.parametrize(("value", "shown"), [(0, "<5"), (1, "<5"), (4, "<5"), (5, 5), (12, 12)])
def test_cells_below_five_read_less_than_five(value, shown):
    assert impact_report.shown(value) == shown


def test_small_groups_are_suppressed_in_every_period(context):
    genders, _table = breakdown(context, "by_gender")

    assert genders["Female"] == [7, "<5"]
    assert genders["Male"] == ["<5", "<5"]


def test_groups_that_are_empty_in_every_period_are_left_out(context):
    genders, _table = breakdown(context, "by_gender")

    assert list(genders) == ["Female", "Male"]


def test_the_charts_draw_only_groups_of_five_or_more(context):
    _countries, table = breakdown(context, "by_country_of_exploitation")

    assert countries.name("TR") in table.chart
    assert countries.name("KZ") not in table.chart


def test_a_chart_draws_no_bar_for_a_small_group(context):
    _genders, table = breakdown(context, "by_gender")

    assert table.chart.count("<rect") == 1  # 7 women; the 3 men are not drawn


def test_a_breakdown_of_small_groups_only_has_no_chart(branch):
    records(branch, 2, 2025, gender=Gender.MASCULINE)
    results = [compute([branch.pk], date_from=p.start, date_to=p.end) for p in PERIODS]
    context = impact_report.report_context(
        results=results, periods=PERIODS, scope_label="Moscow", sources=[]
    )

    genders, table = breakdown(context, "by_gender")
    assert genders == {"Male": ["<5", "<5"]}
    assert table.chart == ""


def test_headline_figures_stay_exact(db):
    result = compute() | {"rescued": 3, "helped": 2}
    result["operations"]["total"] = 1
    context = impact_report.report_context(
        results=[result, result], periods=PERIODS, scope_label="Moscow", sources=[]
    )

    figures = {item.label: item.values for item in context["headline"]}
    assert figures["People rescued"] == [3, 3]
    assert figures["People helped"] == [2, 2]
    assert figures["Rescue operations"] == [1, 1]


def test_the_report_names_no_one_and_shows_no_small_number(context, branch):
    html = impact_report.render_html(context)

    assert "&lt;5" in html
    assert "<td>3</td>" not in html
    assert "<td>1</td>" not in html


def test_every_figure_has_its_definition(context):
    html = impact_report.render_html(context)

    for item in context["headline"]:
        assert escape(item.definition) in html
    assert escape(context["victims_definition"]) in html


def test_sources_name_our_own_records_and_cite_ctdc_only_when_counted():
    assert len(data_sources(set())) == 1
    with_ctdc = data_sources({ImportBatch.Layout.CTDC_VP_2022})
    assert "Source: Counter-Trafficking Data Collaborative (CTDC)" in with_ctdc
    assert any("HTCDS" in source for source in data_sources({ImportBatch.Layout.HTCDS}))
