"""`svoboda stats --json` prints the numbers of reports.statistics.compute(), the dashboard's."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports.statistics import compute
from reports.tests import stats_world

D = datetime.date


@pytest.fixture
def world(branch, other_branch):
    return stats_world.build(branch, other_branch)


def stats(*args):
    out = StringIO()
    call_command("stats", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_prints_the_whole_organisation_by_default(world):
    printed = stats()
    assert printed == compute()
    assert printed == stats_world.expected()


@pytest.mark.parametrize(
    ("args", "branch_names", "date_from", "date_to"),
    [
        (["--branch", "Moscow"], ["Moscow"], None, None),
        (["--branch", "Harare", "--from", "2025-01-01"], ["Harare"], D(2025, 1, 1), None),
        (
            ["--branch", "Moscow", "--branch", "Harare", "--to", "2024-12-31"],
            ["Moscow", "Harare"],
            None,
            D(2024, 12, 31),
        ),
        (["--from", "2025-03-01", "--to", "2025-08-31"], None, D(2025, 3, 1), D(2025, 8, 31)),
    ],
)
def test_it_prints_the_same_numbers_as_compute_for_the_filters(
    world, branch, other_branch, args, branch_names, date_from, date_to
):
    by_name = {"Moscow": branch, "Harare": other_branch}
    branches = None if branch_names is None else [by_name[name] for name in branch_names]
    printed = stats(*args)
    assert printed == compute(branches, date_from=date_from, date_to=date_to)
    ids = None if branches is None else [b.pk for b in branches]
    assert printed == stats_world.expected(ids, date_from, date_to)


def test_the_keys_are_stable(world):
    printed = stats()
    assert list(printed) == [
        "period",
        "branches",
        "rescued",
        "helped",
        "requests",
        "open_cases",
        "operations",
        "services",
        "time_to_first_contact",
        "time_to_exit",
        "victims",
    ]
    assert list(printed["victims"]) == [
        "total",
        "by_period",
        "by_branch",
        "by_country_of_exploitation",
        "by_exploitation_type",
        "by_gender",
        "by_age_group",
        "own",
        "imported",
    ]
    # Unknown comes last in every breakdown that can have it.
    assert list(printed["victims"]["by_gender"])[-1] == "unknown"


def test_an_unknown_branch_is_refused(world):
    with pytest.raises(CommandError, match="No branch named Atlantis"):
        stats("--branch", "Atlantis")


def test_dates_in_the_wrong_order_are_refused(db):
    with pytest.raises(CommandError, match="after"):
        stats("--from", "2025-02-01", "--to", "2025-01-01")


def test_without_json_it_prints_the_main_figures(world):
    out = StringIO()
    call_command("stats", stdout=out)
    assert "rescued: 3" in out.getvalue()
    assert "victims: 8" in out.getvalue()
