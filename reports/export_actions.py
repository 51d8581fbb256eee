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

import hashlib
import secrets
from collections.abc import Iterable
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
    """An export's rows and what k-anonymity did to them.

    Without k, `rows` is a generator read from the database as the file is written (a million
    victims in constant memory): iterate it, or csv_lines(), once. With k it is a list, as
    k-anonymity must see every row before it can write one."""

    rows: Iterable
    k: int | None
    row_count: int
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

    # In an order no one can predict (victim_rows): neither the order of rows nor which rows
    # k-anonymity suppresses follows the order in which people were registered.
    rows = htcds_export.victim_rows(branches, date_from, date_to)
    if k is None:
        # Counted apart from the rows, which are read only as the file is written: a victim
        # added in between would be in the file and not in this count.
        row_count = htcds_export.victims(branches, date_from, date_to).count()
        export = HtcdsExport(rows=_numbered(rows), k=None, row_count=row_count)
    else:
        result = kanon.anonymise(list(rows), htcds_export.QUASI_IDENTIFIERS, k)
        export = HtcdsExport(
            rows=list(_numbered(result.rows)),
            k=k,
            row_count=len(result.rows),
            generalised=result.generalised,
            suppressed=result.suppressed,
            rows_suppressed=result.rows_suppressed,
            rows_withheld=result.rows_withheld,
        )

    audit.record(
        actor=actor,
        verb="reports.htcds_exported",
        changes={
            "k": k,
            "branches": [branch.name for branch in branches],
            "from": date_from.isoformat() if date_from else None,
            "to": date_to.isoformat() if date_to else None,
            "rows": export.row_count,
            "generalised": export.generalised,
            "suppressed": export.suppressed,
            "rows_withheld": export.rows_withheld,
            "reason": reason,
        },
    )
    return export


def _numbered(rows):
    """Give each row a fresh random identifier, unique within the export, as it passes.

    The identifiers are the row's position put through a random permutation of 64-bit numbers
    (a Feistel network keyed afresh for each export), so they are unique without remembering
    the ones already given, and say nothing about the order or about any other export."""
    permute = _random_permutation()
    for position, row in enumerate(rows):
        row[htcds_export.ROW_ID] = f"{permute(position):016x}"
        yield row


def _random_permutation(rounds=4):
    """A keyed permutation of the numbers 0 .. 2**64 - 1 with a fresh random key."""
    keys = [secrets.token_bytes(16) for _ in range(rounds)]

    def permute(number):
        left, right = number >> 32, number & 0xFFFFFFFF
        for key in keys:
            digest = hashlib.blake2b(right.to_bytes(4, "big"), key=key, digest_size=4).digest()
            left, right = right, left ^ int.from_bytes(digest, "big")
        return (left << 32) | right

    return permute
