"""Reading a spreadsheet of people (CSV or XLSX) and finding which rows are people already known.

The columns are HTCDS person fields (prs_FirstName, prs_SecondName, ...) plus birth_year,
aliases and notes, in any order, named on the first line in any letter case and spacing. Each
row is checked by matching.import_forms.PersonRowForm; a bad row is reported by its line as
the spreadsheet shows it (the header is line 1) and by its column.

Nothing here writes: matching.import_actions.import_people stores the good rows. The command
(svoboda import_people) and the workspace pages both read files through read_people().

Cells are only ever read as text: a formula is not evaluated (XLSX is opened without the
cached results of formulas, so a formula cell reads as its formula text), and a CSV cell that
starts with = + - @ is kept as the text it is.
"""

import codecs
import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from matching.digests import document_digest, phone_digest
from matching.import_forms import PersonRowForm
from matching.names import keys_of
from matching.reasons import label
from matching.scoring import DUPLICATE_THRESHOLD, Record, compare_records
from matching.search import names_of
from reports.importing.loading import RowError
from svoboda.errors import DomainError

# The columns a file may have, as PersonRowForm names its fields.
COLUMNS = list(PersonRowForm.base_fields)
NAME_COLUMNS = ("prs_FirstName", "prs_SecondName")
# The label row of the HTCDS Excel toolkit (row 2 there): skipped when a file keeps it.
HTCDS_LABELS = {
    "prs_FirstName": "First Name",
    "prs_MiddleName": "Middle Name",
    "prs_SecondName": "Second Name",
    "prs_Birthdate": "Birthdate",
    "prs_Gender": "Gender",
    "prs_Citizenship": "Citizenship",
    "prs_MobilePhone": "Mobile Phone",
    "prs_IdentityNumber": "Identity Number",
}
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
# Errors kept for the report; beyond these only their number is kept.
MAX_ERRORS_KEPT = 2000
# A cell longer than this is cut before it is checked (and reported as too long).
MAX_CELL = 10_000


def max_rows():
    return settings.PEOPLE_IMPORT_MAX_ROWS


def max_workspace_rows():
    """Fewer rows on the workspace pages: a row is compared with the branch's people (some
    15 ms each), twice (preview and confirm), within one request."""
    return min(max_rows(), settings.PEOPLE_IMPORT_MAX_WORKSPACE_ROWS)


def max_file_size():
    return getattr(settings, "PEOPLE_IMPORT_MAX_FILE_SIZE", settings.UPLOAD_MAX_FILE_SIZE)


def max_unpacked_size():
    """An XLSX is a zip: what it may hold unpacked, so that a small file cannot unpack into
    gigabytes."""
    return 20 * max_file_size()


@dataclass
class PersonRow:
    """A good row: what it will record, and the Record it is compared by."""

    line: int
    fields: dict
    aliases: list
    phones: list
    document: str
    record: Record

    @property
    def full_name(self):
        names = ("given_name", "patronymic", "family_name")
        return " ".join(self.fields[name] for name in names if self.fields[name])

    @property
    def gender_label(self):
        from cases.htcds import Gender

        return Gender(self.fields["gender"]).label


@dataclass
class Match:
    """A row may be the same person as another row (line) or a stored person (person)."""

    score: float
    reasons: list
    line: int | None = None
    person: object = None

    @property
    def reason_labels(self):
        return [label(reason) for reason in self.reasons]

    def describe(self, line):
        values = {
            "line": line,
            "score": f"{self.score:.2f}",
            "reasons": ", ".join(self.reason_labels) or "-",
        }
        if self.person is not None:
            values["reference"] = self.person.reference
            return (
                _(
                    "line %(line)s may be the same person as a person already recorded: "
                    "reference %(reference)s (score %(score)s: %(reasons)s)"
                )
                % values
            )
        values["other"] = self.line
        return (
            _(
                "line %(line)s may be the same person as line %(other)s "
                "(score %(score)s: %(reasons)s)"
            )
            % values
        )


@dataclass
class PeopleFile:
    """A file read and checked: its good rows, every problem, the columns not understood."""

    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    errors_not_kept: int = 0
    bad_lines: set = field(default_factory=set)
    unknown_columns: list = field(default_factory=list)
    columns: list = field(default_factory=list)

    @property
    def rows_read(self):
        return len(self.rows) + len(self.bad_lines)

    def add_error(self, line, column, message):
        self.bad_lines.add(line)
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(RowError(line, column, str(message)))
        else:
            self.errors_not_kept += 1


def read_people(data: bytes, file_name="", row_limit=None):
    """Read and check every row of a CSV or XLSX file (its bytes). Raises DomainError when the
    file as a whole cannot be read or has more than row_limit rows (max_rows() by default);
    bad rows are listed in the result, never raised."""
    if len(data) > max_file_size():
        raise DomainError(
            _("The file is larger than %(size)s MB.")
            % {"size": round(max_file_size() / (1024 * 1024), 1)}
        )
    if not data.strip():
        raise DomainError(_("The file is empty: the first line must name the columns."))
    if data.startswith(XLSX_MAGIC):
        lines = _xlsx_lines(data)
    elif data.startswith(OLE_MAGIC):
        raise DomainError(
            _("Excel 97–2003 workbooks (.xls) cannot be read: save the file as .xlsx or CSV.")
        )
    elif file_name.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise DomainError(_("The file is not an Excel workbook (.xlsx) that can be read."))
    else:
        lines = _csv_lines(data)
    return _check(lines, row_limit or max_rows())


def _check(lines, row_limit):
    result = PeopleFile()
    header = None
    for line, cells in lines:
        if header is None:
            if not any(cells):
                continue
            header = _read_header(line, cells, result)
            continue
        if not any(cells):
            continue  # A blank row is no row.
        if line == header.line + 1 and _is_label_row(header, cells):
            continue
        if result.rows_read >= row_limit:
            raise DomainError(
                ngettext(
                    "The file has more than %(count)s row: split it into smaller files.",
                    "The file has more than %(count)s rows: split it into smaller files.",
                    row_limit,
                )
                % {"count": row_limit}
            )
        _check_row(line, cells, header, result)
    if header is None:
        raise DomainError(_("The file is empty: the first line must name the columns."))
    return result


@dataclass
class _Header:
    line: int
    positions: dict  # column -> position
    width: int


def _column_key(name):
    return re.sub(r"[\s_\-]+", "", name).casefold()


_KEYS = {_column_key(column): column for column in COLUMNS}


def _read_header(line, cells, result):
    positions = {}
    for position, cell in enumerate(cells):
        name = cell.strip()
        if not name:
            continue
        column = _KEYS.get(_column_key(name))
        if column is None:
            result.unknown_columns.append(name[:100])
        elif column in positions:
            raise DomainError(
                _("The column %(column)s is named twice on the first line.") % {"column": column}
            )
        else:
            positions[column] = position
    if not any(column in positions for column in NAME_COLUMNS):
        raise DomainError(
            _(
                "The first line must name the columns, among them prs_FirstName or "
                "prs_SecondName. Known columns: %(columns)s."
            )
            % {"columns": ", ".join(COLUMNS)}
        )
    result.columns = [column for column in COLUMNS if column in positions]
    return _Header(line=line, positions=positions, width=len(cells))


def _is_label_row(header, cells):
    labelled = [column for column in header.positions if column in HTCDS_LABELS]
    if not labelled:
        return False
    same = sum(
        1
        for column in labelled
        if _cell(cells, header.positions[column]).casefold() == HTCDS_LABELS[column].casefold()
    )
    return same * 2 > len(labelled)


def _cell(cells, position):
    return cells[position].strip() if position < len(cells) else ""


def _check_row(line, cells, header, result):
    extra = [cell for cell in cells[header.width :] if cell.strip()]
    if extra:
        result.add_error(
            line,
            "",
            _("a value beyond the last column named on the first line"),
        )
        return
    data = {
        column: _cell(cells, position)[:MAX_CELL] for column, position in header.positions.items()
    }
    form = PersonRowForm(data)
    if not form.is_valid():
        for column, messages in form.errors.items():
            for message in messages:
                result.add_error(line, "" if column == "__all__" else column, message)
        return
    values = form.person_values()
    result.rows.append(
        PersonRow(
            line=line,
            fields=values["fields"],
            aliases=values["aliases"],
            phones=values["phones"],
            document=values["document"],
            record=_record_of(values),
        )
    )


def _record_of(values):
    person = SimpleNamespace(**values["fields"])
    return Record(
        names=names_of(person, values["aliases"]),
        birth_year=values["fields"]["birth_year"],
        phone_digests={phone_digest(phone) for phone in values["phones"]} - {""},
        document_digests={document_digest(values["document"])} - {""},
    )


# Reading the cells.


def _csv_lines(data):
    """(line, cells) of each row of a CSV file; line is the row's number in a spreadsheet."""
    text = _decoded(data)
    first = text.split("\n", 1)[0]
    # Spreadsheets in many locales save CSV with ";" or tabs.
    delimiter = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise DomainError(
            _("The file is not valid CSV (line %(line)s): %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from None


def _decoded(data):
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text": UTF-16 with tabs.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DomainError(_("The file is not UTF-16 text as its first bytes say.")) from None
    if b"\x00" in data[:4096]:
        raise DomainError(
            _("The file is not a CSV text file nor an Excel workbook (.xlsx): save it as one.")
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Excel on Russian Windows saves "CSV" in Windows-1251.
        return data.decode("cp1251", errors="replace")


def _xlsx_lines(data):
    """(line, cells) of each row of the workbook's first sheet, every cell as text."""
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise DomainError(
            _("The file is not an Excel workbook (.xlsx) that can be read.")
        ) from None
    if unpacked > max_unpacked_size():
        raise DomainError(_("The workbook unpacks to too much data: save it as CSV instead."))
    try:
        # data_only=False: a formula cell reads as its text; nothing is evaluated.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of error on a broken workbook.
        raise DomainError(
            _("The file is not an Excel workbook (.xlsx) that can be read.")
        ) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise DomainError(_("The workbook has no sheet."))
        # Some programs write a wrong size into the sheet; read whatever rows are there.
        sheet.reset_dimensions()
        try:
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [_text(value) for value in row]
        except DomainError:
            raise
        except Exception:
            raise DomainError(
                _("The file is not an Excel workbook (.xlsx) that can be read.")
            ) from None
    finally:
        workbook.close()


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# Possible duplicates.


def find_duplicates(rows, people):
    """{line: [Match]} for the rows that may be a stored person (within `people`, a queryset)
    or an earlier row of the same file, best first."""
    from matching.search import similar_people

    found = {}
    earlier = _RowIndex()
    anyone = people.exists()
    for row in rows:
        stored = similar_people(people, row.record, limit=3) if anyone else []
        matches = [Match(score=m.score, reasons=m.reasons, person=m.person) for m in stored]
        word_keys = _RowIndex._word_keys(row)
        matches.extend(earlier.matches(row, word_keys))
        if matches:
            matches.sort(key=lambda m: -m.score)
            found[row.line] = matches
        earlier.add(row, word_keys)
    return found


class _RowIndex:
    """The rows read so far, by the keys of their name words, phones and documents, so that a
    row is compared only with the rows that share keys with two of its words (as a search
    wants two words, matching.search.candidate_ids) or a phone or a document; comparing every
    row with every other would take hours for a large file."""

    def __init__(self):
        self.rows = []
        self.by_key = {}

    @staticmethod
    def _word_keys(row):
        found = {}
        for name in row.record.names:
            for word, _part in name:
                if word not in found:
                    found[word] = set(keys_of(word))
        return found

    @staticmethod
    def _number_keys(row):
        return {f"phone:{digest}" for digest in row.record.phone_digests} | {
            f"document:{digest}" for digest in row.record.document_digests
        }

    def add(self, row, word_keys):
        position = len(self.rows)
        self.rows.append(row)
        keys = set().union(*word_keys.values()) | self._number_keys(row)
        for key in keys:
            self.by_key.setdefault(key, []).append(position)

    def matches(self, row, word_keys):
        wanted = min(2, len(word_keys))
        words_shared = {}
        for keys in word_keys.values():
            positions = set()
            for key in keys:
                positions.update(self.by_key.get(key, ()))
            for position in positions:
                words_shared[position] = words_shared.get(position, 0) + 1
        candidates = {position for position, count in words_shared.items() if count >= wanted}
        for key in self._number_keys(row):
            candidates.update(self.by_key.get(key, ()))
        found = []
        for position in candidates:
            other = self.rows[position]
            score, reasons = compare_records(row.record, other.record)
            if score >= DUPLICATE_THRESHOLD:
                found.append(Match(score=score, reasons=reasons, line=other.line))
        found.sort(key=lambda m: (-m.score, m.line))
        return found[:3]
