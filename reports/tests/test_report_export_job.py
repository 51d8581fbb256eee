"""The background job that makes report files: a real PDF and a real XLSX with the figures of
statistics.compute(), progress up to 100, and a failure that leaves a message instead of a
half-made file."""

import datetime
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.tests.factories import UserFactory
from reports import export_jobs, impact_report
from reports.dashboard import figure, tables
from reports.export_job_actions import request_report_export
from reports.export_job_queries import export_periods
from reports.models import ImportBatch, ReportExport, StatisticalRecord
from reports.statistics import compute
from reports.tests import stats_world
from reports.xlsx_export import HEADER_ROWS, NO_LINKS

D = datetime.date
YEAR_2025 = {"date_from": D(2025, 1, 1), "date_to": D(2025, 12, 31)}


@pytest.fixture
def world(branch, other_branch):
    return stats_world.build(branch, other_branch)


@pytest.fixture
def make(django_capture_on_commit_callbacks):
    """Ask for a file and let the job run (tests run jobs at once, when the request commits)."""

    def make(actor, **arguments):
        with django_capture_on_commit_callbacks(execute=True):
            export = request_report_export(actor=actor, **{**YEAR_2025, **arguments})
        export.refresh_from_db()
        return export

    return make


def stored(export):
    with export.file.open("rb") as handle:
        return handle.read()


def test_the_job_makes_a_pdf_and_reaches_100(world, coordinator, make):
    export = make(coordinator, kind=ReportExport.Kind.PDF)

    assert (export.status, export.progress, export.error) == ("done", 100, "")
    assert export.finished_at is not None
    content = stored(export)
    assert content.startswith(b"%PDF-")
    assert export.file.name.endswith(".pdf")


def test_the_pdf_has_the_headline_figures_of_both_periods(world, coordinator, branch, make):
    export = make(coordinator, kind=ReportExport.Kind.PDF)

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(stored(export))).pages)
    now = compute([branch.pk], date_from=D(2025, 1, 1), date_to=D(2025, 12, 31))
    before = compute([branch.pk], date_from=D(2024, 1, 1), date_to=D(2024, 12, 31))
    assert "Impact report" in text
    for label, path in [
        ("People rescued", ("rescued",)),
        ("People helped", ("helped",)),
        ("Rescue operations", ("operations", "total")),
        ("Help requests received", ("requests", "received")),
        ("Services delivered", ("services", "delivered")),
    ]:
        assert f"{label} {figure(now, path)} {figure(before, path)}" in text


def test_the_pdf_is_the_rendered_report_laid_out_on_pages(world, coordinator, make):
    export = make(coordinator, kind=ReportExport.Kind.PDF)

    html = impact_report.render_html(export_jobs.report_context(export, export.figures))
    document = impact_report.pdf_document(html)
    assert len(document.pages) >= 2
    assert len(PdfReader(io.BytesIO(stored(export))).pages) == len(document.pages)


def test_the_job_keeps_the_figures_it_counted(world, coordinator, branch, make):
    export = make(coordinator, kind=ReportExport.Kind.PDF)

    assert export.figures["results"] == [
        compute([branch.pk], date_from=D(2025, 1, 1), date_to=D(2025, 12, 31)),
        compute([branch.pk], date_from=D(2024, 1, 1), date_to=D(2024, 12, 31)),
    ]


def test_without_comparison_only_the_period_is_counted(world, coordinator, make):
    export = make(coordinator, kind=ReportExport.Kind.PDF, compare=False)

    assert export.compare_from is None
    assert len(export.figures["results"]) == 1


def test_the_xlsx_has_one_sheet_per_dashboard_table_with_compute_numbers(
    world, coordinator, branch, make
):
    export = make(coordinator, kind=ReportExport.Kind.XLSX)

    assert (export.status, export.progress) == ("done", 100)
    workbook = load_workbook(io.BytesIO(stored(export)))
    results = [
        compute([branch.pk], date_from=D(2025, 1, 1), date_to=D(2025, 12, 31)),
        compute([branch.pk], date_from=D(2024, 1, 1), date_to=D(2024, 12, 31)),
    ]
    expected_tables = tables(results, export_periods(export), branch=None, links=NO_LINKS)
    assert len(workbook.worksheets) == len(expected_tables)
    checked = 0
    for sheet, table in zip(workbook.worksheets, expected_tables, strict=True):
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == table.title
        assert rows[HEADER_ROWS][1 : 1 + len(table.columns)] == tuple(table.columns)
        figures = [*table.rows, *([table.total] if table.total else [])]
        for offset, row in enumerate(figures, start=HEADER_ROWS + 1):
            numbers = rows[offset][1 : 1 + len(row.cells)]
            for value, result in zip(numbers, results, strict=False):
                assert value == figure(result, row.path), (table.key, row.path)
                checked += 1
    assert checked > 80


def test_the_xlsx_header_row_gives_the_period_and_the_branches(world, coordinator, make):
    export = make(coordinator, kind=ReportExport.Kind.XLSX)

    sheet = load_workbook(io.BytesIO(stored(export))).worksheets[0]
    scope = [cell.value for cell in sheet[2] if cell.value is not None]
    assert scope[0] == "Period"
    assert "Compared with" in scope
    assert scope[-2:] == ["Branches", "Moscow"]


def test_the_xlsx_stores_numbers_as_numbers(world, coordinator, make):
    export = make(coordinator, kind=ReportExport.Kind.XLSX)

    sheet = load_workbook(io.BytesIO(stored(export))).worksheets[0]
    rescued = next(row for row in sheet.iter_rows(min_row=4) if row[0].value == "People rescued")
    assert all(cell.data_type == "n" for cell in rescued[1:3])


def test_a_branch_name_that_looks_like_a_formula_stays_text(branch, make):
    branch.name = "=HYPERLINK(1)"
    branch.save()
    user = UserFactory(roles=["coordinator"], branches=[branch])

    export = make(user, kind=ReportExport.Kind.XLSX)

    sheet = load_workbook(io.BytesIO(stored(export))).worksheets[0]
    assert sheet["F2"].value == "=HYPERLINK(1)"
    assert sheet["F2"].data_type == "s"


def test_a_failing_job_marks_the_export_failed_with_a_message(
    world, coordinator, make, monkeypatch
):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("some figure")

    monkeypatch.setattr(export_jobs.impact_report, "pdf_bytes", broken)

    export = make(coordinator, kind=ReportExport.Kind.PDF)

    assert export.status == "failed"
    assert "ZeroDivisionError" in export.error
    assert "some figure" not in export.error
    assert export.finished_at is not None
    assert not export.file


def test_the_job_leaves_an_export_that_is_no_longer_queued_alone(world, coordinator, make):
    export = make(coordinator, kind=ReportExport.Kind.PDF)
    name = export.file.name

    assert export_jobs.build(export.pk) == "skipped"

    export.refresh_from_db()
    assert export.file.name == name


def test_the_report_is_made_in_the_language_of_who_asked(world, coordinator, make):
    coordinator.language = "ru"
    coordinator.save()

    export = make(coordinator, kind=ReportExport.Kind.XLSX)

    sheet = load_workbook(io.BytesIO(stored(export))).worksheets[0]
    assert sheet["A1"].value != "Main figures"
    assert export.language == "ru"


def _import(branch, layout, rows):
    batch = ImportBatch.objects.create(
        branch=branch, layout=layout, file_name="partner.csv", sha256=layout.ljust(64, "0")
    )
    StatisticalRecord.objects.bulk_create(
        StatisticalRecord(batch=batch, branch=branch, line=line, **row)
        for line, row in enumerate(rows, start=2)
    )


def test_counted_ctdc_data_is_cited(branch, coordinator, make):
    _import(branch, ImportBatch.Layout.CTDC_GLOBAL_2020, [{"year_from": 2025, "year_to": 2025}])

    export = make(coordinator, kind=ReportExport.Kind.PDF)

    html = impact_report.render_html(export_jobs.report_context(export, export.figures))
    assert "Source: Counter-Trafficking Data Collaborative (CTDC)" in html


def test_ctdc_data_outside_the_period_is_not_cited(branch, coordinator, make):
    _import(branch, ImportBatch.Layout.CTDC_GLOBAL_2020, [{"year_from": 2010, "year_to": 2010}])

    export = make(coordinator, kind=ReportExport.Kind.PDF)

    html = impact_report.render_html(export_jobs.report_context(export, export.figures))
    assert "Counter-Trafficking Data Collaborative" not in html


def test_progress_moves_forward_step_by_step(world, coordinator, make, monkeypatch):
    seen = []
    original = export_jobs._progress

    def watched(export, percent):
        original(export, percent)
        seen.append(ReportExport.objects.get(pk=export.pk).progress)

    monkeypatch.setattr(export_jobs, "_progress", watched)

    export = make(coordinator, kind=ReportExport.Kind.PDF)

    assert seen == sorted(seen)
    assert len(seen) >= 3
    assert seen[0] > 0 and seen[-1] < 100
    assert export.progress == 100


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


# The worker closes its database connections between jobs, so this test cannot sit inside a
# rolled-back transaction (as svoboda/tests/test_jobs.py).
@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_a_queued_file(branch, coordinator, settings):
    settings.TASKS = DATABASE_TASKS
    export = request_report_export(actor=coordinator, kind=ReportExport.Kind.XLSX, **YEAR_2025)
    export.refresh_from_db()
    assert (export.status, export.progress) == ("queued", 0)

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    export.refresh_from_db()
    assert (export.status, export.progress) == ("done", 100)
    assert stored(export).startswith(b"PK")
