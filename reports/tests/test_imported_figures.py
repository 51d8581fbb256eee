"""An imported CTDC file shows in `svoboda stats --json` (and so in the dashboard, which reads the
same compute()) exactly as counted straight from the file: totals by gender, age group, year of
registration and country of exploitation, with missing values as "unknown", none dropped."""

import csv
import io
import json
from collections import Counter

import pytest
from django.core.management import call_command

import audit
from reports.importing import import_file
from reports.tests.test_import_ctdc_files import GLOBAL_2020, VP_2022

pytestmark = [pytest.mark.django_db, pytest.mark.ctdc_data]


def rows_of(path):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def stats(branch):
    out = io.StringIO()
    call_command("stats", "--json", "--branch", branch.name, stdout=out)
    return json.loads(out.getvalue())["victims"]


def nonzero(breakdown):
    return {key: value for key, value in breakdown.items() if value}


def test_the_2020_file_appears_in_the_figures_as_counted_from_the_file(branch):
    rows = rows_of(GLOBAL_2020)
    import_file(GLOBAL_2020, branch=branch, actor=audit.SYSTEM_ACTOR)
    victims = stats(branch)

    assert victims["total"] == len(rows) == 48_773
    gender = {"Female": "Feminine", "Male": "Masculine"}
    assert nonzero(victims["by_gender"]) == Counter(gender[row["gender"]] for row in rows)
    assert nonzero(victims["by_age_group"]) == Counter(
        row["ageBroad"].replace("--", "-") or "unknown" for row in rows
    )
    assert nonzero(victims["by_period"]) == Counter(row["yearOfRegistration"] for row in rows)
    assert nonzero(victims["by_country_of_exploitation"]) == Counter(
        "unknown" if row["CountryOfExploitation"] in ("", "0") else row["CountryOfExploitation"]
        for row in rows
    )


def test_the_victim_perpetrator_file_appears_in_the_figures_as_counted_from_the_file(branch):
    rows = rows_of(VP_2022)
    import_file(VP_2022, branch=branch, actor=audit.SYSTEM_ACTOR)
    victims = stats(branch)

    assert victims["total"] == len(rows) == 21_195
    gender = {"Female": "Feminine", "Male": "Masculine", "": "unknown"}
    assert nonzero(victims["by_gender"]) == Counter(gender[row["gender"]] for row in rows)
    assert nonzero(victims["by_age_group"]) == Counter(
        row["majorityStatus"].lower() or "unknown" for row in rows
    )
    assert nonzero(victims["by_period"]) == Counter(
        row["yearRegister"] or "unknown" for row in rows
    )
    assert nonzero(victims["by_country_of_exploitation"]) == Counter(
        "UN:" + row["UN_COE_Region"] if row["UN_COE_Region"] else "unknown" for row in rows
    )
