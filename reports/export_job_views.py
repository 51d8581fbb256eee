"""Report files in the workspace (/workspace/reports/exports/): ask for one, follow its job,
download it, or open the impact report as a printable page. For holders of reports.view_reports;
each file only for the person who asked and administrators (export_job_queries.export_for)."""

from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import staff_required
from reports import export_job_queries as queries
from reports import impact_report
from reports.export_job_actions import record_export_download, request_report_export
from reports.export_job_forms import ReportExportForm
from reports.export_jobs import report_context
from reports.models import ReportExport
from reports.queries import require_reports
from svoboda.errors import DomainError

CONTENT_TYPES = {
    ReportExport.Kind.PDF: "application/pdf",
    ReportExport.Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The list shows the latest few; older ones expire within days anyway.
LISTED = 20


@staff_required
@require_http_methods(["GET", "POST"])
def report_exports(request):
    """The form, and the files asked for lately. A valid POST queues the job and goes to the
    new file's page."""
    require_reports(request.user)
    today = timezone.localdate()
    form = ReportExportForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial={"date_from": today.replace(month=1, day=1), "date_to": today},
    )
    if form.is_valid():
        try:
            export = request_report_export(actor=request.user, **form.request_arguments())
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("reports:report-export", pk=export.pk)
    exports = list(queries.exports_visible_to(request.user)[:LISTED])
    return render(request, "reports/report_exports.html", {"form": form, "exports": exports})


@staff_required
@require_GET
def report_export(request, pk):
    """One file's status: reloads itself every few seconds while the job runs."""
    require_reports(request.user)
    export = queries.export_for(request.user, pk)
    return render(
        request,
        "reports/report_export.html",
        {
            "export": export,
            "scope": queries.scope_label(export),
            "ready": export.status == ReportExport.Status.DONE and bool(export.file),
        },
    )


@staff_required
@require_GET
def report_export_download(request, pk):
    require_reports(request.user)
    export = queries.export_for(request.user, pk)
    if export.status != ReportExport.Status.DONE or not export.file:
        raise Http404
    try:
        handle = export.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    record_export_download(actor=request.user, export=export)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=export.file.name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES[export.kind],
    )
    return _private(response)


@staff_required
@require_GET
def report_export_print(request, pk):
    """The impact report as a page to print, with the figures its job counted, in the reader's
    language."""
    require_reports(request.user)
    export = queries.export_for(request.user, pk)
    if export.kind != ReportExport.Kind.PDF or export.status != ReportExport.Status.DONE:
        raise Http404
    record_export_download(actor=request.user, export=export, shown_as="page")
    html = impact_report.render_html(
        {**report_context(export, export.figures), "back_url": export_url(export)},
        stylesheet_url=staticfiles_storage.url("reports/impact-report.css"),
    )
    return _private(HttpResponse(html))


def export_url(export):
    return reverse("reports:report-export", kwargs={"pk": export.pk})


def _private(response):
    # Figures for donors, still the organisation's: never kept by a browser or proxy cache.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
