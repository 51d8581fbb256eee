"""Asking for a report file, downloading it, and deleting it once it has expired.

The file itself is made by a background job (reports.export_jobs), never in the request: a
report counts every figure twice (the period and a year earlier) and draws a PDF, which may take
longer than a page should wait.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from accounts.permissions import require
from accounts.queries import branches_visible_to
from reports.forms import Period
from reports.models import ReportExport
from svoboda.errors import DomainError

logger = logging.getLogger(__name__)


@transaction.atomic
def request_report_export(
    *,
    actor,
    kind: str,
    date_from: datetime.date,
    date_to: datetime.date,
    branches=(),
    compare: bool = True,
) -> ReportExport:
    """Queue a report file of `kind` for the branches (none: every branch the actor may see; for
    someone who sees every branch, the whole organisation) and the period, compared with the
    same dates a year earlier when `compare`. The job starts once this transaction commits."""
    require(actor, "reports.view_reports")
    if kind not in ReportExport.Kind.values:
        raise DomainError(_("Choose what kind of file to make."))
    if date_from > date_to:
        raise DomainError(_("The start date is after the end date."))
    visible = list(branches_visible_to(actor))
    branches = list(branches)
    visible_ids = {branch.pk for branch in visible}
    if any(branch.pk not in visible_ids for branch in branches):
        # As for a page of another branch: refused without saying whether the branch exists.
        raise PermissionDenied("reports.view_reports")
    whole_organisation = not branches and actor.has_perm("accounts.view_all_branches")
    if not branches and not whole_organisation:
        if not visible:
            raise DomainError(_("You are not a member of any branch to report on."))
        branches = visible
    previous = Period(date_from, date_to).previous if compare else None

    export = ReportExport.objects.create(
        requested_by=actor,
        kind=kind,
        whole_organisation=whole_organisation,
        date_from=date_from,
        date_to=date_to,
        compare_from=previous.start if previous else None,
        compare_to=previous.end if previous else None,
        language=actor.language,
        expires_at=timezone.now() + datetime.timedelta(days=settings.REPORT_EXPORT_KEEP_DAYS),
    )
    export.branches.set(branches)
    audit.record(
        actor=actor,
        verb="reports.export_requested",
        target=export,
        changes={
            "kind": kind,
            "branches": None if whole_organisation else sorted(branch.name for branch in branches),
            "from": date_from.isoformat(),
            "to": date_to.isoformat(),
            "compared_with_year_before": previous is not None,
        },
    )
    transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def _enqueue(export_id):
    from reports.export_jobs import build_report_export

    build_report_export.enqueue(export_id=export_id)


@transaction.atomic
def record_export_download(*, actor, export: ReportExport, shown_as: str = "file") -> None:
    """A report leaves the workspace when it is downloaded or printed: audited each time.
    `export` comes from export_job_queries.export_for, which checked who may open it."""
    require(actor, "reports.view_reports")
    if export.status != ReportExport.Status.DONE:
        raise DomainError(_("This file is not ready."))
    audit.record(
        actor=actor,
        verb="reports.export_downloaded",
        target=export,
        changes={"kind": export.kind, "as": shown_as},
    )


def purge_expired_exports(*, now=None) -> int:
    """Delete the exports whose time is up, their files first: a file whose deletion fails keeps
    its row, so the next run tries again. Returns how many were deleted; each is audited by the
    system."""
    now = now or timezone.now()
    deleted = 0
    for export_id in ReportExport.objects.filter(expires_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            export = (
                ReportExport.objects.select_for_update()
                .filter(pk=export_id, expires_at__lte=now)
                .first()
            )
            if export is None:
                continue  # another run took it
            if export.file:
                try:
                    default_storage.delete(export.file.name)
                except OSError:
                    logger.warning("report export %s: its file could not be deleted", export.pk)
                    continue
            audit.record(
                actor=audit.SYSTEM_ACTOR,
                verb="reports.export_expired",
                target=export,
                changes={"kind": export.kind},
            )
            export.delete()
            deleted += 1
    return deleted
