"""Both real CTDC files import whole: every row becomes a record, and the figures the dashboards
show (by gender, age group, registration period, countries, type of exploitation) equal counts
made straight from the file with the csv module, unknowns counted as unknown.

The files are read from ../shared/data/ctdc next to the repository (see its README.md).
"""

import csv
from collections import Counter
from pathlib import Path

import pytest
from django.db.models import Count

import audit
from reports.importing import import_file
from reports.models import StatisticalRecord

CTDC = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ctdc"
GLOBAL_2020 = CTDC / "ctdc_global_kanon_2020_core.csv"
VP_2022 = CTDC / "ctdc_vp_synthetic_condensed.csv"

pytestmark = [pytest.mark.django_db, pytest.mark.ctdc_data]


def file_rows(path):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def stored(branch, field):
    return Counter(
        dict(
            StatisticalRecord.objects.filter(branch=branch)
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .values_list(field, "n")
        )
    )


def stored_types(branch):
    records = StatisticalRecord.objects.filter(branch=branch)
    return {
        "ForcedLabour": records.filter(exploitation_types__contains=" ForcedLabour ").count(),
        "SexualExploitation": records.filter(
            exploitation_types__contains=" SexualExploitation "
        ).count(),
        "unknown": records.filter(exploitation_types="").count(),
    }


def test_every_row_of_the_ctdc_2020_file_is_counted(branch):
    rows = file_rows(GLOBAL_2020)
    result = import_file(GLOBAL_2020, branch=branch, actor=audit.SYSTEM_ACTOR)

    assert len(rows) == 48_773
    assert (result.layout, result.rows_read, result.rows_stored) == (
        "ctdc_global_2020",
        48_773,
        48_773,
    )
    assert result.rows_rejected == 0
    assert StatisticalRecord.objects.filter(branch=branch).count() == 48_773

    gender = {"Female": "Feminine", "Male": "Masculine"}
    assert stored(branch, "gender") == Counter(gender[row["gender"]] for row in rows)
    bands = Counter(row["ageBroad"].replace("--", "-") for row in rows)
    assert stored(branch, "age_group") == bands
    years = Counter(int(row["yearOfRegistration"]) for row in rows)
    assert stored(branch, "year_from") == years
    assert stored(branch, "year_to") == years

    def country(code):
        return "" if code in ("", "0") else code

    assert stored(branch, "exploitation_place") == Counter(
        country(row["CountryOfExploitation"]) for row in rows
    )
    assert stored(branch, "citizenship") == Counter(country(row["citizenship"]) for row in rows)
    assert stored_types(branch) == {
        "ForcedLabour": sum(row["isForcedLabour"] == "1" for row in rows),
        "SexualExploitation": sum(row["isSexualExploit"] == "1" for row in rows),
        "unknown": sum(
            row["isForcedLabour"] != "1" and row["isSexualExploit"] != "1" for row in rows
        ),
    }


def test_every_row_of_the_ctdc_victim_perpetrator_file_is_counted(branch):
    rows = file_rows(VP_2022)
    result = import_file(VP_2022, branch=branch, actor=audit.SYSTEM_ACTOR)

    assert len(rows) == 21_195
    assert (result.layout, result.rows_read, result.rows_stored) == (
        "ctdc_vp_2022",
        21_195,
        21_195,
    )
    assert result.rows_rejected == 0
    assert StatisticalRecord.objects.filter(branch=branch).count() == 21_195

    gender = {"Female": "Feminine", "Male": "Masculine", "": "NonSpecifiedUnknown"}
    assert stored(branch, "gender") == Counter(gender[row["gender"]] for row in rows)
    assert stored(branch, "age_group") == Counter(row["majorityStatus"].lower() for row in rows)

    periods = Counter(
        StatisticalRecord.objects.filter(branch=branch).values_list("year_from", "year_to")
    )
    expected_periods = Counter()
    for row in rows:
        band = row["yearRegister"]
        first, _, last = band.partition("-")
        expected_periods[(int(first), int(last or first)) if band else (None, None)] += 1
    assert periods == expected_periods

    def region(name):
        return "UN:" + name if name else ""

    assert stored(branch, "exploitation_place") == Counter(
        region(row["UN_COE_Region"]) for row in rows
    )
    assert stored(branch, "citizenship") == Counter(region(row["UN_COO_Region"]) for row in rows)
    assert stored_types(branch) == {
        "ForcedLabour": sum(row["isForcedLabour"] == "1" for row in rows),
        "SexualExploitation": sum(row["isSexualExploit"] == "1" for row in rows),
        "unknown": sum(not row["isForcedLabour"] and not row["isSexualExploit"] for row in rows),
    }
