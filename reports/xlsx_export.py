"""The dashboard's tables as an XLSX workbook, one sheet per table, made by the background job
(reports.export_jobs).

Each sheet: the table's title; a row with the period (and the comparison) and the branches;
the column headings; one row per figure, numbers stored as numbers (waiting times in hours,
empty when nothing was measured); the total; the table's note. The figures are the dashboard's,
exact, for use inside the organisation: unlike the impact report, nothing is suppressed.
"""

import io

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font

from reports import dashboard

# Excel refuses longer sheet names and these characters in them.
SHEET_NAME_LENGTH = 31
NOT_IN_SHEET_NAMES = str.maketrans({c: " " for c in "[]:*?/\\"})
NO_LINKS = {"requests": False, "cases": False, "operations": False}
# Rows above the column headings: the title, then the period and branches.
HEADER_ROWS = 2


def workbook_bytes(*, results, periods, scope_label):
    """The .xlsx file's bytes for compute()'s dicts (`results`, one per period in `periods`)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used = set()
    scope_row = _scope_row(periods, scope_label)
    for table in dashboard.tables(results, periods, branch=None, links=NO_LINKS):
        sheet = workbook.create_sheet(_sheet_name(table.title, used))
        _append(sheet, [str(table.title)], bold=True)
        _append(sheet, scope_row)
        _append(sheet, ["", *table.columns], bold=True)
        for row in table.rows:
            _append(sheet, _figures(row, results))
        if table.total:
            _append(sheet, _figures(table.total, results), bold=True)
        if table.note:
            _append(sheet, [])
            _append(sheet, [table.note])
        sheet.column_dimensions["A"].width = 48
        for letter in "BCDEF":
            sheet.column_dimensions[letter].width = 24
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _scope_row(periods, scope_label):
    row = [_("Period"), dashboard.period_label(periods[0])]
    if len(periods) > 1:
        row += [_("Compared with"), dashboard.period_label(periods[1])]
    return [*row, _("Branches"), scope_label]


def _figures(row, results):
    """A row's label and its numbers: a waiting time is the number of hours, not the text the
    dashboard shows for it."""
    if row.path and row.path[-1] == "median_hours":
        label = _("%(figure)s, hours") % {"figure": row.label}
        return [label, *(figure_or_none(result, row.path) for result in results)]
    return [row.label, *(cell.value for cell in row.cells)]


def figure_or_none(result, path):
    value = dashboard.figure(result, path)
    return value if isinstance(value, int | float) else None


def _append(sheet, values, *, bold=False):
    # Labels may be lazy translations; openpyxl takes plain strings only.
    sheet.append([str(value) if isinstance(value, Promise) else value for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            # Text stays text: a label or branch name starting with "=" is never a formula.
            cell.data_type = TYPE_STRING
        if bold:
            cell.font = Font(bold=True)


def _sheet_name(title, used):
    name = str(title).translate(NOT_IN_SHEET_NAMES).strip()[:SHEET_NAME_LENGTH].strip()
    candidate, number = name, 2
    while candidate.lower() in used:
        suffix = f" {number}"
        candidate = name[: SHEET_NAME_LENGTH - len(suffix)] + suffix
        number += 1
    used.add(candidate.lower())
    return candidate
