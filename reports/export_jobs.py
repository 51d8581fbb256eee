"""The background job that makes a report file (reports.models.ReportExport), run by
`svoboda db_worker`.

Its steps write their progress to the export's row as they finish (each write commits at once:
the worker runs jobs outside any transaction), so the export's page can show how far it got.
A failure marks the export failed with a message for its owner that names the kind of error and
nothing else, then re-raises so that the worker records the job as failed for the operators.
"""

import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from reports import export_job_queries as queries
from reports import impact_report, xlsx_export
from reports.models import ReportExport
from reports.statistics import compute

logger = logging.getLogger(__name__)

# Where each step leaves the progress bar.
STARTED = 5
COUNTED = 60
DRAWN = 90
DONE = 100


@task()
def build_report_export(*, export_id):
    """Make one export's file. Runs once: an export that is no longer queued is left alone."""
    return build(export_id)


def build(export_id):
    claimed = ReportExport.objects.filter(pk=export_id, status=ReportExport.Status.QUEUED).update(
        status=ReportExport.Status.RUNNING, progress=STARTED
    )
    if not claimed:
        return "skipped"
    export = ReportExport.objects.prefetch_related("branches").get(pk=export_id)
    try:
        with override(export.language):
            name = _make(export)
    except Exception as error:
        _fail(export, error)
        raise
    ReportExport.objects.filter(pk=export.pk).update(
        status=ReportExport.Status.DONE,
        progress=DONE,
        file=name,
        finished_at=timezone.now(),
    )
    logger.info("report export %s made (%s)", export.pk, export.kind)
    return "done"


def _make(export):
    scope = queries.export_scope(export)
    periods = queries.export_periods(export)
    results = []
    for index, period in enumerate(periods, start=1):
        results.append(compute(scope, date_from=period.start, date_to=period.end))
        _progress(export, STARTED + (COUNTED - STARTED) * index // len(periods))
    # Counts and file layouts only (see compute()): the printable page shows what the file does.
    figures = {
        "results": results,
        "imported_layouts": sorted(queries.imported_layouts(scope, periods)),
    }
    ReportExport.objects.filter(pk=export.pk).update(figures=figures)

    if export.kind == ReportExport.Kind.PDF:
        html = impact_report.render_html(report_context(export, figures))
        _progress(export, (COUNTED + DRAWN) // 2)
        content = impact_report.pdf_bytes(html)
        filename = f"impact-report-{export.date_from}-{export.date_to}.pdf"
    else:
        content = xlsx_export.workbook_bytes(
            results=results, periods=periods, scope_label=queries.scope_label(export)
        )
        filename = f"report-tables-{export.date_from}-{export.date_to}.xlsx"
    _progress(export, DRAWN)
    # A random folder per file: names in storage cannot be guessed from one another.
    return default_storage.save(
        f"reports/exports/{get_random_string(24)}/{filename}", ContentFile(content)
    )


def report_context(export, figures):
    """The impact report's context for an export, from the figures its job kept."""
    return impact_report.report_context(
        results=figures["results"],
        periods=queries.export_periods(export),
        scope_label=queries.scope_label(export),
        sources=queries.data_sources(figures["imported_layouts"]),
    )


def _progress(export, percent):
    ReportExport.objects.filter(pk=export.pk).update(progress=percent)


def _fail(export, error):
    with override(export.language):
        message = _(
            "The file could not be made (%(error)s). Ask for it again; if it fails again, tell "
            "an administrator."
        ) % {"error": type(error).__name__}
    ReportExport.objects.filter(pk=export.pk).update(
        status=ReportExport.Status.FAILED, error=message[:300], finished_at=timezone.now()
    )
    # The kind of error and the export's id only: the message of an exception may quote data.
    logger.error("report export %s failed: %s", export.pk, type(error).__name__)
