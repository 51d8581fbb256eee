"""`svoboda import_htcds FILE --branch NAME`: the operator's way to load a partner's file."""

import io

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from reports.models import ImportBatch, StatisticalRecord

pytestmark = pytest.mark.django_db

HEADER = (
    "yearOfRegistration,gender,ageBroad,citizenship,isForcedLabour,isSexualExploit,"
    "CountryOfExploitation\n"
)
GOOD = "2016,Female,18--20,UA,0,1,RU\n"
BAD = "2016,F,18--20,UA,0,1,RU\n"


@pytest.fixture
def csv_file(tmp_path):
    def write(text):
        path = tmp_path / "ctdc.csv"
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_htcds", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_into_the_named_branch(branch, csv_file):
    out, _err = run(csv_file(HEADER + GOOD + GOOD), "--branch", "Moscow")

    assert "ctdc_global_2020: 2 rows read, 2 stored, 0 rejected." in out
    assert StatisticalRecord.objects.filter(branch=branch).count() == 2
    batch = ImportBatch.objects.get()
    assert (batch.file_name, batch.imported_by) == ("ctdc.csv", None)


def test_command_acts_as_the_system_and_is_audited(branch, csv_file):
    run(csv_file(HEADER + GOOD), "--branch", "Moscow")

    entry = AuditEntry.objects.get(verb="reports.data_imported")
    assert (entry.actor, entry.actor_label) == (None, "system")
    assert entry.changes["rows_stored"] == 1


def test_command_lists_bad_rows_by_line_and_column(branch, csv_file):
    out, err = run(csv_file(HEADER + GOOD + BAD), "--branch", "Moscow")

    assert 'line 3, column gender: unknown value "F"' in err
    assert "2 rows read, 1 stored, 1 rejected." in out
    assert StatisticalRecord.objects.count() == 1


def test_strict_command_with_a_bad_row_fails_and_stores_nothing(branch, csv_file):
    with pytest.raises(CommandError, match="1 bad row: nothing stored"):
        run(csv_file(HEADER + GOOD + BAD), "--branch", "Moscow", "--strict")

    assert not ImportBatch.objects.exists()
    assert not StatisticalRecord.objects.exists()


def test_second_run_says_the_file_is_already_imported(branch, csv_file):
    path = csv_file(HEADER + GOOD)
    run(path, "--branch", "Moscow")

    out, _err = run(path, "--branch", "Moscow")

    assert "already imported into Moscow" in out
    assert "nothing added" in out
    assert StatisticalRecord.objects.count() == 1


def test_unknown_branch_is_named_in_the_error(branch, csv_file):
    with pytest.raises(CommandError) as error:
        run(csv_file(HEADER + GOOD), "--branch", "Atlantis")

    assert str(error.value) == 'No branch is named "Atlantis". Branches: Moscow.'

    assert not ImportBatch.objects.exists()


def test_missing_file_is_a_clear_error(branch, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "absent.csv"), "--branch", "Moscow")


def test_file_of_another_layout_is_refused(branch, csv_file):
    with pytest.raises(CommandError, match="lacks the columns"):
        run(csv_file(HEADER + GOOD), "--branch", "Moscow", "--layout", "ctdc_vp_2022")


def test_dry_run_stores_nothing(branch, csv_file):
    out, _err = run(csv_file(HEADER + GOOD), "--branch", "Moscow", "--dry-run")

    assert "Dry run: nothing stored." in out
    assert not ImportBatch.objects.exists()
