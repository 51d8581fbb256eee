from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from accounts.decorators import staff_required
from svoboda.errors import DomainError

from .forms import DataImportForm
from .loading import PERMISSION, import_file
from .queries import RECENT_IMPORTS, imports_visible_to


@staff_required
@require_http_methods(["GET", "POST"])
def data_import(request):
    """The upload form; after a POST the same page shows what was stored and every bad row."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    if request.method == "POST":
        form = DataImportForm(request.POST, request.FILES, user=request.user)
    else:
        form = DataImportForm(user=request.user)
    result = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_file(
                upload,
                branch=form.cleaned_data["branch"],
                actor=request.user,
                strict=form.cleaned_data["strict"],
                layout=form.cleaned_data["layout"],
                file_name=upload.name,
            )
        except DomainError as error:
            form.add_error(None, error.message)
    imports = list(imports_visible_to(request.user)[:RECENT_IMPORTS])
    return render(
        request,
        "reports/data_import.html",
        {"form": form, "result": result, "imports": imports},
    )
