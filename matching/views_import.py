"""The workspace's spreadsheet import of people: upload, preview, confirm (administrators).

The app servers keep no state between requests, so the uploaded file waits for the
confirmation in the storage backend, encrypted (svoboda.encryption.files), under a random name
that starts with the uploader's id. The confirm form carries a signed ticket naming that file,
the uploader, the branch and the options; it is good for UPLOAD_LIFETIME. The file is deleted
once imported or discarded, and any upload older than that is deleted on the next upload.
"""

import logging
import re
import secrets
import time

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import staff_required
from accounts.queries import branches_visible_to
from matching.import_actions import PERMISSION, AlreadyImported, duplicates_for, import_people
from matching.import_forms import ConfirmForm, UploadForm
from matching.importing import max_file_size, max_workspace_rows, read_people
from svoboda.encryption.files import encrypted_storage
from svoboda.errors import DomainError

logger = logging.getLogger(__name__)

UPLOAD_DIR = "people-imports"
UPLOAD_LIFETIME = 60 * 60  # seconds
TICKET_SALT = "matching.people-import"
# The preview lists this many rows; errors and duplicates are listed whatever their number.
PREVIEW_ROWS = 500
_STORED_NAME = re.compile(r"^(\d+)-([0-9a-f]{32})\.(csv|xlsx)$")


def _check_access(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


@staff_required
@require_http_methods(["GET", "POST"])
def upload(request):
    """The upload form; a good upload shows the preview with the confirm button."""
    _check_access(request)
    size = max_file_size()
    if request.method != "POST":
        return _upload_page(request, UploadForm(user=request.user, max_size=size))
    form = UploadForm(request.POST, request.FILES, user=request.user, max_size=size)
    if not form.is_valid():
        return _upload_page(request, form)
    upload_file = form.cleaned_data["file"]
    data = upload_file.read(size + 1)
    try:
        checked = read_people(
            data, file_name=upload_file.name or "", row_limit=max_workspace_rows()
        )
    except DomainError as error:
        form.add_error("file", error.message)
        return _upload_page(request, form)
    branch = form.cleaned_data["branch"]
    keep = form.cleaned_data["keep_duplicates"]
    ticket = ""
    if checked.rows:
        _purge_expired()
        name = _store(request.user, data)
        ticket = signing.dumps(
            {"file": name, "user": str(request.user.pk), "branch": branch.pk, "keep": keep},
            salt=TICKET_SALT,
        )
    # Only matches with people the user may see: the preview is no way to search the branch.
    duplicates, _not_told = duplicates_for(request.user, checked.rows, branch.people.all())
    return render(
        request,
        "matching/import_preview.html",
        {
            "checked": checked,
            "branch": branch,
            "keep_duplicates": keep,
            "entries": _entries(checked, duplicates)[:PREVIEW_ROWS],
            "preview_rows": PREVIEW_ROWS,
            "duplicates": sorted(duplicates.items()),
            "to_create": sum(1 for row in checked.rows if keep or row.line not in duplicates),
            "confirm_form": ConfirmForm(initial={"ticket": ticket}) if ticket else None,
        },
    )


@staff_required
@require_POST
def confirm(request):
    """Import the file the ticket names, or discard it."""
    _check_access(request)
    form = ConfirmForm(request.POST)
    ticket = _open_ticket(form, request.user)
    if ticket is None:
        messages.error(
            request, _("This upload has expired or was already imported: upload the file again.")
        )
        return redirect("people-import:upload")
    storage = encrypted_storage()
    if "discard" in request.POST:
        _delete(ticket["file"])
        messages.success(request, _("The upload was discarded: nothing was imported."))
        return redirect("people-import:upload")
    branch = branches_visible_to(request.user).filter(pk=ticket["branch"]).first()
    try:
        with storage.open(ticket["file"]) as stored:
            data = stored.read()
    except (OSError, ValueError):
        branch = None
    if branch is None:
        messages.error(
            request, _("This upload has expired or was already imported: upload the file again.")
        )
        return redirect("people-import:upload")
    try:
        checked = read_people(data, file_name=ticket["file"], row_limit=max_workspace_rows())
    except DomainError as error:
        _delete(ticket["file"])
        messages.error(request, error.message)
        return redirect("people-import:upload")
    try:
        outcome = import_people(
            actor=request.user,
            branch=branch,
            rows=checked.rows,
            keep_duplicates=ticket["keep"],
            rows_rejected=len(checked.bad_lines),
            upload_id=_upload_id(ticket["file"]),
        )
    except AlreadyImported as error:
        messages.error(request, error.message)
        return redirect("people-import:upload")
    _delete(ticket["file"])
    return render(
        request,
        "matching/import_result.html",
        {
            "branch": branch,
            "checked": checked,
            "outcome": outcome,
            "keep_duplicates": ticket["keep"],
            "duplicates": sorted(outcome.duplicates.items()),
        },
    )


def _upload_page(request, form):
    return render(
        request,
        "matching/import_upload.html",
        {
            "form": form,
            "max_size_mb": round(max_file_size() / (1024 * 1024), 1),
            "max_rows": max_workspace_rows(),
        },
    )


def _entries(checked, duplicates):
    """Every row of the file in order: what it records, or what is wrong with it."""
    errors = {}
    for error in checked.errors:
        errors.setdefault(error.line, []).append(error)
    entries = [
        {"line": row.line, "row": row, "errors": [], "matches": duplicates.get(row.line, [])}
        for row in checked.rows
    ]
    entries.extend(
        {"line": line, "row": None, "errors": errors.get(line, []), "matches": []}
        for line in checked.bad_lines
    )
    entries.sort(key=lambda entry: entry["line"])
    return entries


def _store(user, data):
    kind = "xlsx" if data.startswith(b"PK\x03\x04") else "csv"
    name = f"{UPLOAD_DIR}/{user.pk}/{int(time.time())}-{secrets.token_hex(16)}.{kind}"
    return encrypted_storage().save(name, ContentFile(data))


def _upload_id(name):
    """The random part of the stored name: what the audit entry of the import keeps."""
    return _STORED_NAME.match(name.rsplit("/", 1)[1]).group(2)


def _open_ticket(form, user):
    """The ticket's content when it is genuine, fresh and the user's own; None otherwise."""
    if not form.is_valid():
        return None
    try:
        ticket = signing.loads(
            form.cleaned_data["ticket"], salt=TICKET_SALT, max_age=UPLOAD_LIFETIME
        )
    except signing.BadSignature:
        return None
    prefix = f"{UPLOAD_DIR}/{user.pk}/"
    name = ticket.get("file", "")
    if ticket.get("user") != str(user.pk) or not name.startswith(prefix):
        return None
    if not _STORED_NAME.match(name[len(prefix) :]):
        return None
    return ticket


def _delete(name):
    try:
        encrypted_storage().delete(name)
    except OSError:
        logger.warning("could not delete an uploaded people file")


def _purge_expired():
    """Delete the uploads nobody confirmed within their lifetime, whoever made them."""
    storage = encrypted_storage()
    oldest = time.time() - UPLOAD_LIFETIME
    try:
        folders, _files = storage.listdir(UPLOAD_DIR)
    except (OSError, NotImplementedError):
        return
    for folder in folders:
        try:
            _dirs, files = storage.listdir(f"{UPLOAD_DIR}/{folder}")
        except OSError:
            continue
        for file_name in files:
            match = _STORED_NAME.match(file_name)
            if match and int(match.group(1)) < oldest:
                _delete(f"{UPLOAD_DIR}/{folder}/{file_name}")
