"""The HTCDS export as one action: who may export what, the anonymisation, and the audit entry.

Two kinds of export:
- k-anonymised (reports.export_htcds: administrators and coordinators, their own branches): every
  combination of quasi-identifiers occurs at least k times (kanon.py), k >= MIN_K;
- for a trusted partner, without k-anonymity (reports.export_htcds_trusted: administrators only),
  with the reason recorded.
Both are audited ("reports.htcds_exported"): who, which branches and period, k, how many rows,
the reason. The command line acts as the system for a k-anonymised export when no user is named;
a trusted export always names the person who asks.
"""

import secrets
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

import audit
from accounts.models import Branch
from accounts.permissions import require
from accounts.queries import branches_visible_to
from reports import htcds_export, kanon
from svoboda.errors import DomainError

# The smallest k an export may use. Below it a combination could describe two or three people,
# few enough for someone who knows them to tell who is who; the public figures hide cells
# smaller than 5 for the same reason.
MIN_K = 5
DEFAULT_K = 10


@dataclass(frozen=True)
class HtcdsExport:
    rows: list
    k: int | None
    generalised: int = 0
    suppressed: int = 0
    rows_suppressed: int = 0
    rows_withheld: int = 0

    @property
    def columns(self):
        return htcds_export.EXPORT_COLUMNS

    def csv_lines(self):
        return htcds_export.csv_lines(self.rows)


def _is_system(actor):
    return actor is audit.SYSTEM_ACTOR


def _branches_for(actor, branches):
    """The branches asked for, all of them allowed to the actor; all allowed when none asked."""
    allowed = Branch.objects.all() if _is_system(actor) else branches_visible_to(actor)
    if not branches:
        return list(allowed.order_by("name"))
    allowed_ids = set(allowed.values_list("pk", flat=True))
    if any(branch.pk not in allowed_ids for branch in branches):
        # As for a page of another branch: refused without saying whether the branch exists.
        raise PermissionDenied("reports.export_htcds")
    return sorted(branches, key=lambda branch: branch.name)


@transaction.atomic
def export_htcds(
    *,
    actor,
    branches=None,
    date_from: date | None = None,
    date_to: date | None = None,
    k: int | None = None,
    reason: str = "",
) -> HtcdsExport:
    """Victims of the branches as HTCDS rows: k-anonymised for anyone allowed to export, without
    k only for an administrator with a reason; every export is audited."""
    reason = (reason or "").strip()
    if not _is_system(actor):
        require(actor, "reports.export_htcds")
        if k is None:
            require(actor, "reports.export_htcds_trusted")
    elif k is None:
        raise PermissionDenied("reports.export_htcds_trusted")
    if k is None and not reason:
        raise DomainError(_("An export without k-anonymity needs a reason."))
    if k is not None and k < MIN_K:
        raise DomainError(_("k must be at least %(min)s.") % {"min": MIN_K})
    if date_from and date_to and date_from > date_to:
        raise DomainError(_("The start date is after the end date."))
    branches = _branches_for(actor, branches)

    rows = htcds_export.victim_rows(branches, date_from, date_to)
    # Shuffled before anything else: neither the order of rows nor which rows k-anonymity
    # suppresses should follow the order in which people were registered.
    secrets.SystemRandom().shuffle(rows)
    if k is None:
        export = HtcdsExport(rows=rows, k=None)
    else:
        result = kanon.anonymise(rows, htcds_export.QUASI_IDENTIFIERS, k)
        export = HtcdsExport(
            rows=result.rows,
            k=k,
            generalised=result.generalised,
            suppressed=result.suppressed,
            rows_suppressed=result.rows_suppressed,
            rows_withheld=result.rows_withheld,
        )
    _number_rows(export.rows)

    audit.record(
        actor=actor,
        verb="reports.htcds_exported",
        changes={
            "k": k,
            "branches": [branch.name for branch in branches],
            "from": date_from.isoformat() if date_from else None,
            "to": date_to.isoformat() if date_to else None,
            "rows": len(export.rows),
            "generalised": export.generalised,
            "suppressed": export.suppressed,
            "rows_withheld": export.rows_withheld,
            "reason": reason,
        },
    )
    return export


def _number_rows(rows):
    """Give each row a fresh random identifier, unique within the export."""
    used = set()
    for row in rows:
        row_id = secrets.token_hex(8)
        while row_id in used:
            row_id = secrets.token_hex(8)
        used.add(row_id)
        row[htcds_export.ROW_ID] = row_id
