"""What one Svoboda exports, another imports: the export read back by `import_htcds --strict`."""

import csv
import io

import pytest
from django.core.management import call_command

from accounts.tests.factories import BranchFactory
from reports import htcds_columns as col
from reports.models import StatisticalRecord
from reports.tests.export_data import make_victims


@pytest.fixture
def victims(branch, other_branch):
    return make_victims([branch, other_branch], 40)


def export_then_import(tmp_path, *export_args):
    out = tmp_path / "export.csv"
    call_command("export_htcds", "--out", str(out), *export_args, stdout=io.StringIO())
    target = BranchFactory(name="Partner")
    call_command("import_htcds", str(out), "--branch", "Partner", "--strict", stdout=io.StringIO())
    with out.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    records = StatisticalRecord.objects.filter(branch=target).order_by("line")
    return rows, list(records)


def as_exported(record):
    """A record written back in the export's terms, for comparison with the exported row."""
    if record.year_from is None:
        period = ""
    elif record.year_from == record.year_to:
        period = str(record.year_from)
    else:
        period = f"{record.year_from}-{record.year_to}"
    return {
        col.YEAR_OF_REGISTRATION: period,
        col.GENDER: record.gender,
        col.AGE_GROUP: record.age_group,
        col.CITIZENSHIP: record.citizenship,
        col.COUNTRY_OF_EXPLOITATION: record.exploitation_place,
        col.EXPLOITATION_TYPES: col.MULTI_VALUE_SEPARATOR.join(record.exploitation_types),
    }


def exported(row):
    values = {column: row[column] for column in col.COLUMNS}
    # A record keeps one citizenship, the first listed.
    values[col.CITIZENSHIP] = row[col.CITIZENSHIP].split(col.MULTI_VALUE_SEPARATOR)[0]
    return values


@pytest.mark.parametrize(
    "export_args",
    [
        ["--user", "admin@example.org", "--reason", "Round trip"],
        ["--k", "5"],
    ],
    ids=["trusted", "k=5"],
)
def test_every_exported_row_imports_as_it_was_written(
    administrator, victims, tmp_path, export_args
):
    rows, records = export_then_import(tmp_path, *export_args)

    assert len(records) == len(rows) == 40
    assert [as_exported(record) for record in records] == [exported(row) for row in rows]
