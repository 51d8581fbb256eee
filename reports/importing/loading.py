"""Loading a file into a branch as StatisticalRecords: the one way in, for the command and pages.

The file is streamed (a partner's export can hold a million rows) and written in batches inside
one transaction, so an import is either whole or absent. Every row is checked; a bad row is
reported by its line in the file and its column. By default the good rows are stored and the bad
ones counted in the ImportBatch; strict mode stores nothing when any row is bad.

A file is recognised by its content (sha256): importing it into the same branch again adds
nothing. Rows are never de-duplicated by content: CTDC files hold identical rows that are
different victims.
"""

import csv
import hashlib
import io
import itertools
import logging
import os
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

import audit
from accounts.permissions import require
from reports.models import ImportBatch, StatisticalRecord
from svoboda.errors import DomainError

from . import ctdc_global_2020, ctdc_vp_2022, htcds, values

logger = logging.getLogger(__name__)

Layout = ImportBatch.Layout
AUTO = "auto"

# Checked in this order when the layout is detected: CTDC's headers are exact, HTCDS's is
# whatever subset of the standard's columns a partner keeps.
LAYOUTS = {
    Layout.CTDC_VP_2022: ctdc_vp_2022,
    Layout.CTDC_GLOBAL_2020: ctdc_global_2020,
    Layout.HTCDS: htcds,
}

BATCH_SIZE = 5000
# Errors kept for the report; beyond these only their number is kept, so a wrong file of a
# million rows does not fill the memory with messages.
MAX_ERRORS_KEPT = 1000
# Distinct values remembered per column: most columns hold a few codes repeated on every row.
MAX_CACHED_VALUES = 1000
PERMISSION = "reports.import_htcds"

# What each layout's parse() returns, in the order rows are kept before they are written;
# exploitation_types last (_copy prepares it).
PARSED_FIELDS = [
    "year_from",
    "year_to",
    "gender",
    "age_group",
    "citizenship",
    "exploitation_place",
    "exploitation_types",
]
_ATTNAMES = ["batch_id", "branch_id", "line", *PARSED_FIELDS]
_STORED_FIELDS = [StatisticalRecord._meta.get_field(name) for name in _ATTNAMES]


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self):
        if not self.column:
            return _("line %(line)s: %(problem)s") % {"line": self.line, "problem": self.message}
        return _("line %(line)s, column %(column)s: %(problem)s") % {
            "line": self.line,
            "column": self.column,
            "problem": self.message,
        }


@dataclass
class ImportResult:
    layout: str
    file_name: str
    sha256: str
    batch: ImportBatch | None = None
    already_imported: bool = False
    rows_read: int = 0
    rows_stored: int = 0
    rows_rejected: int = 0
    errors: list = field(default_factory=list)
    errors_not_kept: int = 0
    # Columns of the layout the file does not have: unknown in every record.
    missing_columns: list = field(default_factory=list)

    @property
    def stored(self):
        """Whether this call stored the file (strict mode with bad rows stores nothing)."""
        return self.batch is not None and not self.already_imported

    def add_error(self, error):
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(error)
        else:
            self.errors_not_kept += 1


class _Rejected(Exception):
    """Nothing is to be kept (a dry run, or a bad row in strict mode): leaving the transaction
    this way rolls everything back."""

    def __init__(self, result):
        self.result = result


def import_file(
    path_or_fileobj, *, branch, actor, strict=False, layout=AUTO, file_name=None, dry_run=False
):
    """Store a CSV file's rows as a branch's statistical records, once per file and branch.

    `path_or_fileobj` is a path or a seekable binary file (an upload). `actor` is a user holding
    reports.import_htcds for the branch, or audit.SYSTEM_ACTOR for the command line (whoever
    runs commands already holds the server). Raises DomainError when the file cannot be read
    as any layout; bad rows are not raised but listed in the result. `dry_run` checks every row
    and stores nothing.
    """
    _check_permission(actor, branch)
    if layout != AUTO and layout not in LAYOUTS:
        raise DomainError(_("Unknown layout: %(layout)s.") % {"layout": layout})
    if isinstance(path_or_fileobj, (str, os.PathLike)):
        name = file_name or os.path.basename(path_or_fileobj)
        with open(path_or_fileobj, "rb") as binary:
            return _import(binary, branch, actor, strict, layout, name, dry_run)
    name = file_name or os.path.basename(getattr(path_or_fileobj, "name", None) or "")
    return _import(path_or_fileobj, branch, actor, strict, layout, name, dry_run)


def _check_permission(actor, branch):
    if actor is audit.SYSTEM_ACTOR:
        return
    require(actor, PERMISSION)
    from accounts.queries import branches_visible_to

    if not branches_visible_to(actor).filter(pk=branch.pk).exists():
        raise PermissionDenied(PERMISSION)


def _import(binary, branch, actor, strict, layout, name, dry_run):
    digest = _sha256(binary)
    name = str(name)[:255]
    existing = ImportBatch.objects.filter(branch=branch, sha256=digest).first()
    if existing is not None:
        return _already(existing, digest)
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
    try:
        with transaction.atomic():
            result = _load(text, branch, actor, strict, layout, name, digest)
            if dry_run:
                result.batch, result.rows_stored = None, 0
                raise _Rejected(result)
    except _Rejected as rejected:
        return rejected.result
    except IntegrityError:
        # The same file, imported into the same branch at the same moment by someone else.
        existing = ImportBatch.objects.filter(branch=branch, sha256=digest).first()
        if existing is None:
            raise
        return _already(existing, digest)
    finally:
        # The caller owns the file: detaching keeps the wrapper from closing it.
        text.detach()
    logger.info(
        "import %s into branch %s: %s rows stored, %s rejected",
        result.batch.pk,
        branch.pk,
        result.rows_stored,
        result.rows_rejected,
    )
    return result


def _already(batch, digest):
    return ImportResult(
        layout=batch.layout,
        file_name=batch.file_name,
        sha256=digest,
        batch=batch,
        already_imported=True,
    )


def _sha256(binary):
    if not binary.seekable():
        raise ValueError("import_file needs a seekable file: it is read twice")
    binary.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: binary.read(1 << 20), b""):
        digest.update(chunk)
    binary.seek(0)
    return digest.hexdigest()


def _load(text, branch, actor, strict, layout, name, digest):
    reader, header = _open_csv(text)
    layout = _layout_for(header, layout)
    module = LAYOUTS[layout]
    result = ImportResult(
        layout=layout,
        file_name=name,
        sha256=digest,
        missing_columns=module.missing_columns(header),
    )
    batch = ImportBatch.objects.create(
        branch=branch,
        layout=layout,
        file_name=name,
        sha256=digest,
        imported_by=None if actor is audit.SYSTEM_ACTOR else actor,
    )
    parse = module.parser(header)
    cells = _Cells(header)
    pending = []
    line = reader.line_num
    try:
        for row in reader:
            start, line = line + 1, reader.line_num
            if not row:
                continue  # A blank line is no row.
            result.rows_read += 1
            problems = cells.read(row, parse)
            if problems:
                result.rows_rejected += 1
                for column, message in problems:
                    result.add_error(RowError(start, column, message))
                continue
            if strict and result.rows_rejected:
                continue  # Nothing will be stored; keep checking to report every bad row.
            pending.append((batch.pk, branch.pk, start, *map(cells.fields.get, PARSED_FIELDS)))
            if len(pending) >= BATCH_SIZE:
                _flush(pending, result)
    except UnicodeDecodeError:
        raise DomainError(
            _("The file is not UTF-8 text (line %(line)s).") % {"line": line + 1}
        ) from None
    except csv.Error as error:
        raise DomainError(
            _("The file is not valid CSV (line %(line)s): %(error)s")
            % {"line": line + 1, "error": error}
        ) from None
    if strict and result.rows_rejected:
        result.rows_stored = 0
        raise _Rejected(result)
    _flush(pending, result)
    batch.rows_read = result.rows_read
    batch.rows_stored = result.rows_stored
    batch.rows_rejected = result.rows_rejected
    batch.save(update_fields=["rows_read", "rows_stored", "rows_rejected"])
    result.batch = batch
    audit.record(
        actor=actor,
        verb="reports.data_imported",
        target=batch,
        changes={
            "branch": branch.name,
            "layout": layout,
            "rows_read": result.rows_read,
            "rows_stored": result.rows_stored,
            "rows_rejected": result.rows_rejected,
        },
    )
    return result


def _flush(pending, result):
    if connection.vendor == "postgresql":
        _copy(pending)
    else:
        StatisticalRecord.objects.bulk_create(
            [StatisticalRecord(**dict(zip(_ATTNAMES, row, strict=True))) for row in pending],
            batch_size=BATCH_SIZE,
        )
    result.rows_stored += len(pending)
    pending.clear()


def _copy(pending):
    """PostgreSQL's COPY into the records' table: two to four times the rows per second of
    bulk_create's INSERTs, which build a model instance and prepare every value of every row.
    The parsers' values are already what the columns hold (codes, years, ""), except the list
    of exploitation types."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in _STORED_FIELDS)
    types = StatisticalRecord._meta.get_field("exploitation_types")
    sql = f"COPY {quote(StatisticalRecord._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in pending:
            copy.write_row((*row[:-1], types.get_prep_value(row[-1])))


def _open_csv(text):
    """A csv reader positioned after the header, and the header's column names."""
    try:
        first = text.readline()
    except UnicodeDecodeError:
        raise DomainError(_("The file is not UTF-8 text (line 1).")) from None
    if not first.strip():
        raise DomainError(_("The file is empty: the first line must name the columns."))
    # Spreadsheets in many locales save CSV with ";" or tabs; CTDC has published both.
    delimiter = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(itertools.chain([first], text), delimiter=delimiter)
    header = [name.strip() for name in next(reader)]
    return reader, header


def _layout_for(header, layout):
    if layout == AUTO:
        for candidate, module in LAYOUTS.items():
            if module.matches(header):
                return candidate
        raise DomainError(
            _(
                "The file's columns match no known layout (HTCDS CSV, CTDC 2020 or CTDC "
                "victim–perpetrator 2022). Its first line must name the columns."
            )
        )
    module = LAYOUTS[layout]
    missing = [column for column in module.REQUIRED_COLUMNS if column not in header]
    if missing or not module.matches(header):
        raise DomainError(
            _("The file is not in the %(layout)s layout: it lacks the columns %(columns)s.")
            % {
                "layout": Layout(layout).label,
                "columns": ", ".join(missing or module.COLUMNS),
            }
        )
    return layout


class _Cells:
    """Reads the cells of one row by column name, checking each distinct value only once."""

    def __init__(self, header):
        self.width = len(header)
        self.index = {}
        for position, name in enumerate(header):
            self.index.setdefault(name, position)
        self.cache = {}
        self.row = ()
        self.problems = []
        self.fields = {}

    def read(self, row, parse):
        """Fill self.fields from the row; return the (column, message) problems found."""
        self.row, self.problems = row, []
        if len(row) != self.width:
            return [
                (
                    "",
                    _("%(found)s values where the first line names %(expected)s columns")
                    % {"found": len(row), "expected": self.width},
                )
            ]
        self.fields = parse(self)
        return self.problems

    def __call__(self, column, convert):
        position = self.index.get(column)
        raw = self.row[position].strip() if position is not None else ""
        cache = self.cache.setdefault((column, convert), {})
        known = cache.get(raw)
        if known is None:
            try:
                known = (convert(raw), None)
            except values.BadValue as bad:
                known = (None, bad.message)
            if len(cache) < MAX_CACHED_VALUES:
                cache[raw] = known
        value, problem = known
        if problem is not None:
            self.problems.append((column, problem))
        return value
