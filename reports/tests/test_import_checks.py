"""import_file() checks every row, reports bad ones by line and column, and loads a file once."""

import io

import pytest

import audit
from audit.models import AuditEntry
from reports.importing import import_file
from reports.models import ImportBatch, StatisticalRecord
from svoboda.errors import DomainError

pytestmark = pytest.mark.django_db

HEADER_2020 = (
    "yearOfRegistration,gender,ageBroad,citizenship,isForcedLabour,isSexualExploit,"
    "CountryOfExploitation\n"
)
GOOD_2020 = "2016,Female,18--20,UA,0,1,RU\n"
HEADER_VP = (
    "yearRegister,gender,majorityStatus,isForcedLabour,isSexualExploit,UN_COO_Region,"
    "UN_COE_Region,IP_Exploiter\n"
)


def upload(text, name="partner.csv"):
    file = io.BytesIO(text.encode("utf-8"))
    file.name = name
    return file


def load(text, branch, **options):
    return import_file(upload(text), branch=branch, actor=audit.SYSTEM_ACTOR, **options)


def test_ctdc_2020_row_becomes_a_record_in_htcds_codes(branch):
    load(HEADER_2020 + GOOD_2020, branch)

    record = StatisticalRecord.objects.get()
    assert (record.year_from, record.year_to) == (2016, 2016)
    assert record.gender == "Feminine"
    assert record.age_group == "18-20"
    assert (record.citizenship, record.exploitation_place) == ("UA", "RU")
    assert record.exploitation_types == ["SexualExploitation"]
    assert record.line == 2
    assert record.branch == branch


def test_ctdc_zero_and_empty_countries_and_flags_are_unknown(branch):
    load(HEADER_2020 + "2016,Male,,0,,,\n2017,Male,48+,,0,0,0\n", branch)

    for record in StatisticalRecord.objects.all():
        assert (record.citizenship, record.exploitation_place) == ("", "")
        assert record.exploitation_types == []
    assert set(StatisticalRecord.objects.values_list("age_group", flat=True)) == {"", "48+"}


def test_ctdc_victim_perpetrator_row_keeps_the_band_of_years_and_regions(branch):
    load(HEADER_VP + "2005-2013,Male,Minor,1,1,Asia,Europe,1\n,,,,,,,\n", branch)

    banded, unknown = StatisticalRecord.objects.order_by("line")
    assert (banded.year_from, banded.year_to) == (2005, 2013)
    assert (banded.gender, banded.age_group) == ("Masculine", "minor")
    assert (banded.citizenship, banded.exploitation_place) == ("UN:Asia", "UN:Europe")
    assert banded.exploitation_types == ["ForcedLabour", "SexualExploitation"]
    assert (unknown.year_from, unknown.year_to, unknown.gender) == (
        None,
        None,
        "NonSpecifiedUnknown",
    )
    assert (unknown.age_group, unknown.citizenship, unknown.exploitation_types) == ("", "", [])


def test_identical_rows_are_different_victims(branch):
    result = load(HEADER_2020 + GOOD_2020 * 3, branch)

    assert result.rows_stored == 3
    assert StatisticalRecord.objects.count() == 3


def test_bad_value_is_reported_with_its_line_and_column(branch):
    text = HEADER_2020 + GOOD_2020 + "2016,F,18--20,UA,0,1,RU\n" + "2016,Female,18-99,XX,0,1,RU\n"

    result = load(text, branch)

    assert [str(error) for error in result.errors] == [
        'line 3, column gender: unknown value "F"',
        'line 4, column ageBroad: unknown value "18-99"',
        'line 4, column citizenship: unknown value "XX"',
    ]


def test_good_rows_are_stored_and_bad_ones_counted(branch):
    result = load(HEADER_2020 + GOOD_2020 + "2016,F,,,,,\n" + GOOD_2020, branch)

    batch = ImportBatch.objects.get()
    assert (batch.rows_read, batch.rows_stored, batch.rows_rejected) == (3, 2, 1)
    assert result.batch == batch
    assert list(StatisticalRecord.objects.order_by("line").values_list("line", flat=True)) == [2, 4]


def test_strict_import_with_a_bad_row_stores_nothing(branch):
    result = load(HEADER_2020 + GOOD_2020 + "20x6,Female,,,,,\n", branch, strict=True)

    assert not result.stored
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (2, 0, 1)
    assert [str(error) for error in result.errors] == [
        'line 3, column yearOfRegistration: not a year: "20x6"'
    ]
    assert not ImportBatch.objects.exists()
    assert not StatisticalRecord.objects.exists()
    assert not AuditEntry.objects.filter(verb="reports.data_imported").exists()


def test_strict_import_of_a_good_file_stores_it(branch):
    result = load(HEADER_2020 + GOOD_2020, branch, strict=True)

    assert result.stored
    assert StatisticalRecord.objects.count() == 1


def test_second_import_of_the_same_file_adds_nothing(branch):
    first = load(HEADER_2020 + GOOD_2020, branch)

    second = load(HEADER_2020 + GOOD_2020, branch)

    assert second.already_imported
    assert not second.stored
    assert second.batch == first.batch
    assert ImportBatch.objects.count() == 1
    assert StatisticalRecord.objects.count() == 1


def test_same_file_loads_once_into_each_branch(branch, other_branch):
    load(HEADER_2020 + GOOD_2020, branch)

    result = load(HEADER_2020 + GOOD_2020, other_branch)

    assert result.stored
    assert StatisticalRecord.objects.filter(branch=other_branch).count() == 1


def test_dry_run_checks_rows_and_stores_nothing(branch):
    result = load(HEADER_2020 + GOOD_2020 + "2016,F,,,,,\n", branch, dry_run=True)

    assert (result.rows_read, result.rows_rejected) == (2, 1)
    assert not result.stored
    assert not ImportBatch.objects.exists()


def test_import_is_audited_as_the_system_with_its_counts(branch):
    result = load(HEADER_2020 + GOOD_2020 + "2016,F,,,,,\n", branch)

    entry = AuditEntry.objects.get(verb="reports.data_imported")
    assert entry.actor is None
    assert entry.actor_label == "system"
    assert entry.target_id == str(result.batch.pk)
    assert entry.changes == {
        "branch": "Moscow",
        "layout": "ctdc_global_2020",
        "rows_read": 2,
        "rows_stored": 1,
        "rows_rejected": 1,
    }
    assert result.batch.imported_by is None


def test_line_numbers_are_the_file_lines(branch):
    text = HEADER_2020 + GOOD_2020 + "\n" + GOOD_2020 + "2016,Female,,,,,,\n"

    result = load(text, branch)

    assert list(StatisticalRecord.objects.order_by("line").values_list("line", flat=True)) == [2, 4]
    assert [str(error) for error in result.errors] == [
        "line 5: 8 values where the first line names 7 columns"
    ]


def test_semicolons_and_a_byte_order_mark_are_understood(branch):
    text = "\ufeff" + HEADER_2020.replace(",", ";") + GOOD_2020.replace(",", ";")

    result = load(text, branch)

    assert result.layout == "ctdc_global_2020"
    assert StatisticalRecord.objects.get().citizenship == "UA"


def test_file_that_is_not_utf8_is_refused(branch):
    file = io.BytesIO((HEADER_2020 + "2016,Fémale,,,,,\n").encode("latin-1"))

    with pytest.raises(DomainError, match="not UTF-8"):
        import_file(file, branch=branch, actor=audit.SYSTEM_ACTOR)
    assert not ImportBatch.objects.exists()


def test_file_of_unknown_columns_is_refused(branch):
    with pytest.raises(DomainError, match="match no known layout"):
        load("name,phone\nIvan,123\n", branch)


def test_empty_file_is_refused(branch):
    with pytest.raises(DomainError, match="empty"):
        load("", branch)


def test_layout_given_must_fit_the_columns(branch):
    with pytest.raises(DomainError, match="lacks the columns"):
        load(HEADER_2020 + GOOD_2020, branch, layout="ctdc_vp_2022")


def test_layout_given_is_used(branch):
    result = load(HEADER_2020 + GOOD_2020, branch, layout="ctdc_global_2020")

    assert result.batch.layout == "ctdc_global_2020"


def test_records_are_written_in_batches(branch, monkeypatch):
    from reports.importing import loading

    monkeypatch.setattr(loading, "BATCH_SIZE", 2)

    result = load(HEADER_2020 + GOOD_2020 * 5, branch)

    assert result.rows_stored == 5
    assert sorted(StatisticalRecord.objects.values_list("line", flat=True)) == [2, 3, 4, 5, 6]


def test_only_the_first_errors_are_kept(branch, monkeypatch):
    from reports.importing import loading

    monkeypatch.setattr(loading, "MAX_ERRORS_KEPT", 2)

    result = load(HEADER_2020 + "2016,F,,,,,\n" * 5, branch)

    assert (len(result.errors), result.errors_not_kept, result.rows_rejected) == (2, 3, 5)
