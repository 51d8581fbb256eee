"""What an HTCDS export contains: HTCDS codes only, each victim once, nothing that names anyone,
and with k no combination of quasi-identifiers smaller than k."""

import csv
import datetime
import io
import random
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_countries import countries

from cases.models import Case, Participant
from cases.tests.factories import CaseFactory, ParticipantFactory, PersonFactory
from reports import htcds_columns as col
from reports import htcds_export
from reports.export_actions import export_htcds
from reports.kanon import anonymise, smallest_combination
from reports.models import AGE_GROUPS
from reports.tests.export_data import make_victims

FIELDS_CSV = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "htcds" / "fields.csv"
QI_COLUMNS = [qi.column for qi in htcds_export.QUASI_IDENTIFIERS]
REGIONS = {"UN:Africa", "UN:Americas", "UN:Asia", "UN:Europe", "UN:Oceania"}


def htcds_code_lists():
    """HTCDS field name -> its allowed values, read from the standard's field list."""
    with FIELDS_CSV.open(encoding="utf-8") as file:
        return {
            row["field"]: set(row["allowed_values"].split("|"))
            for row in csv.DictReader(file)
            if row["field"] and row["type"] in {"Picklist", "Multiselect Picklist"}
        }


def read(export):
    text = "".join(export.csv_lines())
    return list(csv.DictReader(io.StringIO(text))), text


def assert_valid_htcds(rows):
    code_lists = htcds_code_lists()
    coded = [
        col.GENDER,
        col.EXPLOITATION_TYPES,
        htcds_export.METHODS_OF_CONTROL,
        htcds_export.RECRUITMENT,
        htcds_export.CASE_STATUS,
    ]
    age_groups = {code for code, _label in AGE_GROUPS}
    for row in rows:
        for column in coded:
            for value in filter(None, row[column].split(col.MULTI_VALUE_SEPARATOR)):
                assert value in code_lists[column], (column, value)
        for column in (col.CITIZENSHIP, col.COUNTRY_OF_EXPLOITATION):
            for value in filter(None, row[column].split(col.MULTI_VALUE_SEPARATOR)):
                assert value in countries or value in REGIONS, (column, value)
        assert row[col.AGE_GROUP] in age_groups | {""}
        assert re.fullmatch(r"(\d{4}(-\d{4})?)?", row[col.YEAR_OF_REGISTRATION])
        assert re.fullmatch(r"[0-9a-f]{16}", row[htcds_export.ROW_ID])


@pytest.fixture
def victims(branch, other_branch):
    return make_victims([branch, other_branch], 80)


def test_the_field_list_of_the_standard_is_there():
    assert {"prs_Gender", "vic_TypeOfExploitation", "cas_Status"} <= set(htcds_code_lists())


def test_a_trusted_export_of_demo_like_data_uses_only_htcds_codes(administrator, victims):
    export = export_htcds(actor=administrator, reason="Data sharing agreement with IOM")

    rows, _text = read(export)

    assert len(rows) == 80
    assert_valid_htcds(rows)


def test_a_k_anonymised_export_of_demo_like_data_uses_only_htcds_codes(administrator, victims):
    rows, _text = read(export_htcds(actor=administrator, k=5))

    assert_valid_htcds(rows)


@pytest.mark.parametrize("k", [5, 10, 25])
def test_with_k_no_combination_of_quasi_identifiers_occurs_fewer_than_k_times(
    administrator, victims, k
):
    rows, _text = read(export_htcds(actor=administrator, k=k))

    assert len(rows) == 80
    assert smallest_combination(rows, QI_COLUMNS) >= k


def test_the_demo_like_data_needs_the_protection(administrator, victims):
    """Without k some combination describes a single person: the tests above test something."""
    rows, _text = read(export_htcds(actor=administrator, reason="Checking the test data"))

    assert smallest_combination(rows, QI_COLUMNS) == 1


@pytest.mark.parametrize("k", [None, 5])
def test_no_name_contact_document_number_or_note_appears_in_the_file(administrator, victims, k):
    _rows, text = read(export_htcds(actor=administrator, k=k, reason="Partner"))

    data = text.encode("utf-8")
    assert victims
    assert [secret for secret in victims if secret.encode("utf-8") in data] == []


def test_the_columns_are_the_allow_list(administrator, victims):
    rows, text = read(export_htcds(actor=administrator, k=5))

    assert text.splitlines()[0].split(",") == htcds_export.EXPORT_COLUMNS
    assert all(list(row) == htcds_export.EXPORT_COLUMNS for row in rows)


def test_the_seeded_demo_data_exports_as_valid_htcds_without_names(db, settings, tmp_path):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    out = tmp_path / "demo.csv"

    call_command("export_htcds", "--out", str(out), "--k", "5", stdout=io.StringIO())

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert_valid_htcds(rows)
    assert not rows or smallest_combination(rows, QI_COLUMNS) >= 5
    data = out.read_bytes()
    for participant in Participant.objects.select_related("person"):
        for name in (participant.person.given_name, participant.person.family_name):
            assert not name or name.encode() not in data
        for contact in participant.person.contacts.all():
            assert contact.value.encode() not in data
        # Document numbers are encrypted (no lookups): skip the empty ones in Python.
        for document in participant.person.documents.all():
            assert not document.number or document.number.encode() not in data


def _opened(case, year, month=6, day=15):
    when = timezone.make_aware(datetime.datetime(year, month, day, 12))
    Case.objects.filter(pk=case.pk).update(created_at=when)


def test_a_victim_of_several_cases_is_one_row_described_by_the_earliest(administrator, branch):
    person = PersonFactory(branch=branch, birth_year=2000)
    later = CaseFactory(branch=branch, exploitation_country="AE")
    earlier = CaseFactory(branch=branch, exploitation_country="TR")
    _opened(later, 2024)
    _opened(earlier, 2019)
    ParticipantFactory(case=later, person=person)
    ParticipantFactory(case=earlier, person=person)

    rows, _text = read(export_htcds(actor=administrator, reason="Test"))

    assert [(r[col.YEAR_OF_REGISTRATION], r[col.COUNTRY_OF_EXPLOITATION]) for r in rows] == [
        ("2019", "TR")
    ]
    assert rows[0][col.AGE_GROUP] == "18-20"


def test_only_victims_are_exported(administrator, branch):
    case = CaseFactory(branch=branch)
    ParticipantFactory(case=case)
    for role in (Participant.Role.REPORTER, Participant.Role.SUSPECTED_EXPLOITER):
        ParticipantFactory(case=case, role=role)

    rows, _text = read(export_htcds(actor=administrator, reason="Test"))

    assert len(rows) == 1


def test_the_period_is_the_date_the_case_was_opened(administrator, branch):
    for year, month in [(2022, 12), (2023, 1), (2023, 12), (2024, 1)]:
        case = CaseFactory(branch=branch)
        ParticipantFactory(case=case)
        _opened(case, year, month, 31 if month == 12 else 1)

    rows, _text = read(
        export_htcds(
            actor=administrator,
            date_from=datetime.date(2023, 1, 1),
            date_to=datetime.date(2023, 12, 31),
            reason="Test",
        )
    )

    assert [row[col.YEAR_OF_REGISTRATION] for row in rows] == ["2023", "2023"]


def test_only_the_chosen_branches_are_exported(administrator, branch, other_branch):
    ParticipantFactory(case=CaseFactory(branch=branch, exploitation_country="RU"))
    ParticipantFactory(case=CaseFactory(branch=other_branch, exploitation_country="ZW"))

    rows, _text = read(export_htcds(actor=administrator, branches=[other_branch], reason="T"))

    assert [row[col.COUNTRY_OF_EXPLOITATION] for row in rows] == ["ZW"]


def test_svoboda_values_are_mapped_to_htcds_codes(administrator, branch):
    case = CaseFactory(
        branch=branch,
        exploitation_types=["DomesticViolence", "ForcedLabour"],
        means_of_control=["DebtBondage", "WithholdsDocuments"],
        recruitment_methods=["AtWork"],
    )
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED, outcome=Case.Outcome.REFERRED, closed_at=timezone.now()
    )
    person = PersonFactory(
        branch=branch,
        gender="Masculine",
        birth_year=None,
        age_estimate=16,
        citizenship=["UZ", "RU"],
    )
    ParticipantFactory(case=case, person=person)

    [row], _text = read(export_htcds(actor=administrator, reason="Test"))

    assert row[col.EXPLOITATION_TYPES] == "Other;ForcedLabour"
    assert row[htcds_export.METHODS_OF_CONTROL] == "DebtBondage;WithholdsDocuments"
    assert row[htcds_export.RECRUITMENT] == "AtWork"
    assert row[htcds_export.CASE_STATUS] == "ClosedReferred"
    assert row[htcds_export.CLOSURE] == "Referred to another organisation"
    assert row[col.GENDER] == "Masculine"
    assert row[col.AGE_GROUP] == "9-17"
    assert row[col.CITIZENSHIP] == "RU;UZ"


def test_unknown_values_are_empty_and_gender_is_the_htcds_unknown_code(administrator, branch):
    case = CaseFactory(branch=branch, exploitation_types=[], exploitation_country="")
    person = PersonFactory(branch=branch, birth_year=None, age_estimate=None, citizenship=[])
    ParticipantFactory(case=case, person=person)

    [row], _text = read(export_htcds(actor=administrator, reason="Test"))

    assert row[col.GENDER] == "NonSpecifiedUnknown"
    assert row[col.AGE_GROUP] == row[col.CITIZENSHIP] == row[col.COUNTRY_OF_EXPLOITATION] == ""
    assert row[htcds_export.CASE_STATUS] == "Active"
    assert row[htcds_export.CLOSURE] == ""


def test_row_ids_are_fresh_in_every_export_and_never_database_keys(administrator, victims):
    first, _text = read(export_htcds(actor=administrator, reason="Test"))
    second, _text = read(export_htcds(actor=administrator, reason="Test"))

    first_ids = {row[htcds_export.ROW_ID] for row in first}
    keys = {str(pk) for pk in Participant.objects.values_list("pk", flat=True)}
    keys |= {str(pk) for pk in Participant.objects.values_list("person_id", flat=True)}
    keys |= {pk.hex for pk in Participant.objects.values_list("person_id", flat=True)}
    assert len(first_ids) == len(first)
    assert not first_ids & {row[htcds_export.ROW_ID] for row in second}
    assert not first_ids & keys


@pytest.mark.parametrize(
    ("age", "group"),
    [(None, ""), (-1, ""), (0, "0-8"), (8, "0-8"), (17, "9-17"), (18, "18-20"), (48, "48+")],
)
def test_ages_are_banded_as_the_statistics_band_them(age, group):
    assert htcds_export.age_group_for(age) == group


def _ladder(column):
    return next(qi for qi in htcds_export.QUASI_IDENTIFIERS if qi.column == column)


def test_years_become_five_year_periods_that_end_this_year_at_the_latest():
    this_year = timezone.localdate().year
    period = _ladder(col.YEAR_OF_REGISTRATION).ladder[0]

    assert period("2021") == "2020-2024"
    assert period(str(this_year)) in {f"{this_year // 5 * 5}-{this_year}", str(this_year)}


def test_countries_become_un_regions():
    regions = _ladder(col.CITIZENSHIP).ladder[0]

    assert regions("RU;UZ;TJ") == "UN:Europe;UN:Asia"
    assert regions("AQ") == ""


def random_export_rows(seed, n):
    rng = random.Random(seed)  # noqa: S311 (seeded on purpose: the same rows every run)
    ages = [code for code, _label in AGE_GROUPS] + [""]
    return [
        {
            col.YEAR_OF_REGISTRATION: str(rng.randint(2010, 2025)),
            col.GENDER: rng.choice(["Feminine", "Masculine", "NonSpecifiedUnknown"]),
            col.AGE_GROUP: rng.choice(ages),
            col.CITIZENSHIP: ";".join(
                rng.sample(["RU", "UZ", "TJ", "NG", "BR", "UA"], k=rng.randint(0, 2))
            ),
            col.COUNTRY_OF_EXPLOITATION: rng.choice(["RU", "AE", "TR", "TH", "DE", "US", ""]),
        }
        for _ in range(n)
    ]


@pytest.mark.parametrize(("seed", "k"), [(seed, k) for seed in range(5) for k in (5, 10, 20)])
def test_the_export_ladders_keep_the_values_importable_and_reach_k(seed, k):
    result = anonymise(random_export_rows(seed, 300), htcds_export.QUASI_IDENTIFIERS, k)

    assert smallest_combination(result.rows, QI_COLUMNS) >= k
    age_groups = {code for code, _label in AGE_GROUPS} | {""}
    for row in result.rows:
        assert row[col.AGE_GROUP] in age_groups
        assert row[col.GENDER] in {"Feminine", "Masculine", "NonSpecifiedUnknown"}
        assert re.fullmatch(r"(\d{4}(-\d{4})?)?", row[col.YEAR_OF_REGISTRATION])
        for column in (col.CITIZENSHIP, col.COUNTRY_OF_EXPLOITATION):
            for value in filter(None, row[column].split(";")):
                assert value in countries or value in REGIONS
