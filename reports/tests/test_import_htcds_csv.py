"""A flat HTCDS CSV, as Svoboda exports it or a partner keeps it, imports as records."""

import csv
import io

import pytest

import audit
from reports import htcds_columns as col
from reports.importing import import_file
from reports.models import StatisticalRecord

pytestmark = pytest.mark.django_db


def htcds_csv(rows, columns=col.COLUMNS, delimiter=","):
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return io.BytesIO(text.getvalue().encode("utf-8"))


def load(file, branch):
    return import_file(file, branch=branch, actor=audit.SYSTEM_ACTOR)


def test_svoboda_htcds_csv_imports(branch):
    file = htcds_csv(
        [
            {
                col.YEAR_OF_REGISTRATION: "2021",
                col.GENDER: "TransgenderFeminine",
                col.AGE_GROUP: "21-23",
                col.CITIZENSHIP: "KG",
                col.COUNTRY_OF_EXPLOITATION: "RU",
                col.EXPLOITATION_TYPES: "ForcedLabour;ForcedBegging",
            },
            {
                col.YEAR_OF_REGISTRATION: "2014-2018",
                col.GENDER: "",
                col.AGE_GROUP: "adult",
                col.CITIZENSHIP: "UN:Africa",
                col.COUNTRY_OF_EXPLOITATION: "",
                col.EXPLOITATION_TYPES: "",
            },
        ]
    )

    result = load(file, branch)

    assert (result.layout, result.rows_stored, result.missing_columns) == ("htcds", 2, [])
    known, coarse = StatisticalRecord.objects.order_by("line")
    assert (known.year_from, known.year_to, known.gender) == (2021, 2021, "TransgenderFeminine")
    assert (known.age_group, known.citizenship, known.exploitation_place) == ("21-23", "KG", "RU")
    assert known.exploitation_types == ["ForcedLabour", "ForcedBegging"]
    assert (coarse.year_from, coarse.year_to, coarse.gender) == (2014, 2018, "NonSpecifiedUnknown")
    assert (coarse.age_group, coarse.citizenship, coarse.exploitation_place) == (
        "adult",
        "UN:Africa",
        "",
    )
    assert coarse.exploitation_types == []


def test_htcds_lists_may_be_separated_by_bars(branch):
    load(htcds_csv([{col.EXPLOITATION_TYPES: "SexualExploitation|ForcedMarriage"}]), branch)

    assert StatisticalRecord.objects.get().exploitation_types == [
        "SexualExploitation",
        "ForcedMarriage",
    ]


def test_first_of_several_citizenships_is_kept(branch):
    load(htcds_csv([{col.CITIZENSHIP: "uz; RU"}]), branch)

    assert StatisticalRecord.objects.get().citizenship == "UZ"


def test_every_citizenship_listed_is_checked(branch):
    result = load(htcds_csv([{col.CITIZENSHIP: "UZ;Narnia"}]), branch)

    assert [str(error) for error in result.errors] == [
        'line 2, column prs_Citizenship: unknown value "Narnia"'
    ]


def test_unknown_htcds_codes_are_reported(branch):
    file = htcds_csv(
        [
            {col.GENDER: "F", col.EXPLOITATION_TYPES: "ForcedLabour;Slavery"},
            {col.YEAR_OF_REGISTRATION: "2013-2005", col.COUNTRY_OF_EXPLOITATION: "UN:Atlantis"},
        ]
    )

    result = load(file, branch)

    assert [str(error) for error in result.errors] == [
        'line 2, column prs_Gender: unknown value "F"',
        'line 2, column vic_TypeOfExploitation: unknown value "Slavery"',
        'line 3, column year_of_registration: years in the wrong order: "2013-2005"',
        'line 3, column country_of_exploitation: unknown value "UN:Atlantis"',
    ]
    assert not StatisticalRecord.objects.exists()


def test_partner_sheet_with_some_columns_imports_the_rest_as_unknown(branch):
    file = htcds_csv(
        [{"prs_FirstName": "Anna", col.GENDER: "Feminine", "prs_Birthdate": "1990-01-01"}],
        columns=["prs_FirstName", col.GENDER, "prs_Birthdate"],
        delimiter=";",
    )

    result = load(file, branch)

    record = StatisticalRecord.objects.get()
    assert (record.gender, record.age_group, record.year_from) == ("Feminine", "", None)
    assert set(result.missing_columns) == {
        col.YEAR_OF_REGISTRATION,
        col.AGE_GROUP,
        col.CITIZENSHIP,
        col.COUNTRY_OF_EXPLOITATION,
        col.EXPLOITATION_TYPES,
    }


def test_age_when_trafficked_gives_the_age_group_when_there_is_none(branch):
    file = htcds_csv(
        [{col.GENDER: "Masculine", col.AGE_WHEN_TRAFFICKED: age} for age in ("8", "17", "48", "")],
        columns=[col.GENDER, col.AGE_WHEN_TRAFFICKED],
    )

    load(file, branch)

    groups = StatisticalRecord.objects.order_by("line").values_list("age_group", flat=True)
    assert list(groups) == ["0-8", "9-17", "48+", ""]
