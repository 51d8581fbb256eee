from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.decorators import staff_required
from reports.export_actions import export_htcds
from reports.export_forms import HtcdsExportForm
from svoboda.errors import DomainError


@staff_required
@require_http_methods(["GET", "POST"])
def htcds_export(request):
    """The export form; a valid POST answers with the CSV file itself, streamed."""
    if not request.user.has_perm("reports.export_htcds"):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = HtcdsExportForm(data, user=request.user)
    if form.is_valid():
        try:
            export = export_htcds(actor=request.user, **form.export_arguments())
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            response = StreamingHttpResponse(export.csv_lines(), content_type="text/csv")
            filename = f"htcds-{timezone.localdate():%Y-%m-%d}.csv"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            # Survivors' data, even anonymised: never kept by a browser or proxy cache.
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "reports/htcds_export.html", {"form": form})
