"""The reports dashboard: every figure it shows is the count of the records in the reader's
branches, and nobody sees another branch's figures."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import BranchFactory, UserFactory
from audit.models import AuditEntry
from reports.dashboard import figure
from reports.tests import stats_world

URL = reverse("reports:dashboard")
YEAR_2025 = {"date_from": "2025-01-01", "date_to": "2025-12-31"}
ALL_TIME = {"date_from": "", "date_to": ""}
D = datetime.date


@pytest.fixture
def world(branch, other_branch):
    return stats_world.build(branch, other_branch)


def _shown(value, path):
    """What a cell says for a figure: waiting times in hours, or days from 48 hours."""
    if path[-1] != "median_hours":
        return value
    if value is None:
        return "—"
    return f"{value:.1f} h" if value < 48 else f"{value / 24:.1f} d"


def assert_every_figure_matches(response, expected_per_column):
    """Each cell of each table equals the figure counted in Python for its column's period
    (open cases: now, one column)."""
    checked = 0
    for table in response.context["tables"]:
        rows = [*table.rows, *([table.total] if table.total else [])]
        for row in rows:
            assert len(row.cells) == len(table.columns)
            for cell, expected in zip(row.cells, expected_per_column, strict=False):
                assert cell.value == _shown(figure(expected, row.path), row.path), (
                    table.key,
                    row.path,
                )
                checked += 1
    assert checked > 80


@pytest.mark.parametrize(
    ("params", "periods"),
    [
        (YEAR_2025, [(D(2025, 1, 1), D(2025, 12, 31)), (D(2024, 1, 1), D(2024, 12, 31))]),
        (
            {"date_from": "2025-03-01", "date_to": "2025-08-31"},
            [(D(2025, 3, 1), D(2025, 8, 31)), (D(2024, 3, 1), D(2024, 8, 31))],
        ),
        (ALL_TIME, [(None, None)]),
        ({"date_from": "", "date_to": "2024-12-31"}, [(None, D(2024, 12, 31))]),
    ],
)
def test_coordinator_sees_the_counts_of_their_branch(
    client, world, coordinator, branch, params, periods
):
    client.force_login(coordinator)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert_every_figure_matches(
        response, [stats_world.expected([branch.pk], *period) for period in periods]
    )


def test_coordinator_of_the_other_branch_sees_only_theirs(
    client, world, coordinator_other_branch, other_branch
):
    client.force_login(coordinator_other_branch)
    response = client.get(URL, YEAR_2025)
    assert_every_figure_matches(
        response,
        [
            stats_world.expected([other_branch.pk], D(2025, 1, 1), D(2025, 12, 31)),
            stats_world.expected([other_branch.pk], D(2024, 1, 1), D(2024, 12, 31)),
        ],
    )
    assert "Moscow" not in response.content.decode()


@pytest.mark.parametrize("branch_name", [None, "Moscow", "Harare"])
def test_administrator_sees_the_whole_organisation_or_one_branch(
    client, world, administrator, branch_name
):
    client.force_login(administrator)
    params = dict(ALL_TIME)
    ids = None
    if branch_name:
        chosen = BranchFactory(name=branch_name)
        params["branch"] = chosen.pk
        ids = [chosen.pk]
    response = client.get(URL, params)
    assert_every_figure_matches(response, [stats_world.expected(ids)])


def test_without_filters_this_year_is_compared_with_the_same_days_last_year(
    client, world, coordinator, branch
):
    client.force_login(coordinator)
    response = client.get(URL)
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    last_year = (start.replace(year=start.year - 1), today.replace(year=today.year - 1, day=28))
    if not (today.month == 2 and today.day == 29):
        last_year = (last_year[0], today.replace(year=today.year - 1))
    assert_every_figure_matches(
        response,
        [
            stats_world.expected([branch.pk], start, today),
            stats_world.expected([branch.pk], *last_year),
        ],
    )


def test_another_branch_in_the_address_is_not_found(client, world, coordinator, other_branch):
    client.force_login(coordinator)
    assert client.get(URL, {"branch": other_branch.pk}).status_code == 404


@pytest.mark.parametrize("value", ["abc", "999999", "-1"])
def test_a_made_up_branch_is_not_found(client, world, coordinator, value):
    client.force_login(coordinator)
    assert client.get(URL, {"branch": value}).status_code == 404


@pytest.mark.parametrize("persona", ["caseworker", "volunteer", "editor", "no role"])
def test_roles_without_reports_are_refused(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response.url


def test_dates_in_the_wrong_order_are_refused_on_the_form(client, world, coordinator):
    client.force_login(coordinator)
    response = client.get(URL, {"date_from": "2025-12-31", "date_to": "2025-01-01"})
    assert response.status_code == 200
    assert "The start date is after the end date." in response.content.decode()


def _link(response, table_key, path, column=0):
    for table in response.context["tables"]:
        if table.key == table_key:
            for row in [*table.rows, *([table.total] if table.total else [])]:
                if row.path == path:
                    return row.cells[column]
    raise AssertionError(f"no row {path} in {table_key}")


@pytest.mark.parametrize(
    ("table_key", "path", "column"),
    [
        ("headline", ("requests", "received"), 0),
        ("headline", ("requests", "received"), 1),
        ("requests-status", ("requests", "by_status", "accepted"), 0),
        ("requests-status", ("requests", "by_status", "closed"), 1),
        ("cases-by_status", ("open_cases", "by_status", "verifying"), 0),
        ("cases-by_status", ("open_cases", "total"), 0),
        ("cases-by_risk", ("open_cases", "by_risk", "high"), 0),
        ("operations-status", ("operations", "by_status", "completed"), 0),
        ("operations-status", ("operations", "total"), 1),
    ],
)
def test_a_figure_links_to_the_list_of_its_records(
    client, world, coordinator, table_key, path, column
):
    client.force_login(coordinator)
    cell = _link(client.get(URL, YEAR_2025), table_key, path, column)
    assert cell.url
    listed = client.get(cell.url)
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == cell.value


def test_figures_without_a_list_have_no_link(client, world, coordinator):
    client.force_login(coordinator)
    response = client.get(URL, YEAR_2025)
    assert _link(response, "headline", ("rescued",)).url is None
    assert _link(response, "victims-by_gender", ("victims", "by_gender", "Feminine")).url is None


def test_administrator_gets_no_links_to_lists_they_cannot_open(client, world, administrator):
    client.force_login(administrator)
    response = client.get(URL, YEAR_2025)
    assert _link(response, "headline", ("requests", "received")).url is None


def test_figures_of_several_branches_have_no_links(client, world, branch, other_branch):
    """A list filters by one branch: for two it would show other records than those counted."""
    both = UserFactory(roles=[Role.COORDINATOR], branches=[branch, other_branch])
    client.force_login(both)
    response = client.get(URL, YEAR_2025)
    assert _link(response, "headline", ("requests", "received")).url is None
    chosen = client.get(URL, {**YEAR_2025, "branch": branch.pk})
    assert _link(chosen, "headline", ("requests", "received")).url


def test_charts_are_inline_svg_with_titles_and_a_table_beside_each(client, world, coordinator):
    client.force_login(coordinator)
    response = client.get(URL, YEAR_2025)
    html = response.content.decode()
    charts = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    tables_with_charts = [t for t in response.context["tables"] if t.chart]
    assert len(charts) == len(tables_with_charts) > 10
    for chart in charts:
        assert "<title" in chart
        assert "<script" not in chart
        assert "href" not in chart
    assert html.count("<table") == len(response.context["tables"])
    assert "<script" not in html


def test_viewing_the_dashboard_records_nothing(client, world, coordinator):
    """Only counts are shown, never a person, so there is nothing to audit."""
    client.force_login(coordinator)
    before = AuditEntry.objects.count()
    client.get(URL, YEAR_2025)
    assert AuditEntry.objects.count() == before


def _records(branch, n, offset):
    """n cases with a victim, a request with a reply, a completed operation that rescued the
    victim, a delivered service and an imported record."""
    staff = UserFactory()
    for i in range(offset, offset + n):
        when = stats_world.at(2025, 1 + i % 12, 1 + i % 28)
        case = stats_world.case(branch, when)
        person = stats_world.victim(case, birth_year=1980 + i)
        stats_world.request(
            branch,
            when,
            reply_after=datetime.timedelta(hours=i + 1),
            status="accepted",
            case=case,
            author=staff,
        )
        stats_world.operation(
            branch,
            when,
            status="completed",
            ended=when + datetime.timedelta(days=1),
            outcome="all_out",
            rescued=[(person, case)],
            lead=staff,
        )
        plan = stats_world.PlanFactory(case=case, person=person)
        stats_world.ServiceFactory(plan=plan, status="done", kind="medical", ended_on=when.date())
    _imported(branch, n, offset)


def _imported(branch, n, offset):
    from reports.models import ImportBatch, StatisticalRecord

    batch = ImportBatch.objects.create(
        branch=branch, layout="htcds", file_name="partner.csv", sha256=f"{offset:064d}"
    )
    StatisticalRecord.objects.bulk_create(
        StatisticalRecord(batch=batch, branch=branch, line=i, year_from=2025, year_to=2025)
        for i in range(n)
    )


def test_the_number_of_queries_does_not_grow_with_the_records(
    client, coordinator, branch, django_assert_max_num_queries
):
    client.force_login(coordinator)
    _records(branch, 1, 0)
    client.get(URL, YEAR_2025)  # the session and the user are loaded once, like every page
    with CaptureQueriesContext(connection) as few:
        response = client.get(URL, YEAR_2025)
    assert _link(response, "headline", ("victims", "total")).value == 2
    _records(branch, 29, 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, YEAR_2025)
    assert _link(response, "headline", ("victims", "total")).value == 60
