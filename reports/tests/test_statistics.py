"""reports.statistics.compute() agrees with the same figures counted row by row in Python, for
every scope and period, and counts what its documentation says."""

import datetime

import pytest

from reports.statistics import compute
from reports.tests import stats_world

D = datetime.date
PERIODS = [
    (None, None),
    (D(2025, 1, 1), D(2025, 12, 31)),
    (D(2024, 1, 1), D(2024, 12, 31)),
    (D(2025, 3, 1), D(2025, 3, 31)),
    (D(2019, 1, 1), D(2025, 12, 31)),
    (D(2005, 1, 1), D(2013, 12, 31)),
    (D(2025, 6, 1), None),
    (None, D(2024, 12, 31)),
]


@pytest.fixture
def world(branch, other_branch):
    return stats_world.build(branch, other_branch)


@pytest.mark.parametrize(("date_from", "date_to"), PERIODS)
@pytest.mark.parametrize("scope", ["all", "moscow", "harare", "both"])
def test_every_figure_equals_the_count_of_the_records(
    world, branch, other_branch, scope, date_from, date_to
):
    branches = {
        "all": None,
        "moscow": [branch],
        "harare": [other_branch],
        "both": [branch, other_branch],
    }[scope]
    ids = None if branches is None else [b.pk for b in branches]
    result = compute(branches, date_from=date_from, date_to=date_to)
    assert result == stats_world.expected(ids, date_from, date_to)


def test_whole_organisation_figures_for_all_time(world):
    """The fixture's figures, checked by hand once, so both ways of counting can't share a bug."""
    result = compute()
    assert result["rescued"] == 3
    assert result["helped"] == 2
    assert result["requests"]["received"] == 7
    assert result["requests"]["by_closure_reason"]["spam"] == 1
    assert result["open_cases"]["total"] == 3
    assert result["operations"]["by_status"]["completed"] == 3
    assert result["operations"]["by_outcome"] == {"all_out": 1, "some_out": 1, "nobody_out": 1}
    assert result["services"]["delivered"] == 3
    # Replies after 2, 5, 9 and 30 hours: the median is halfway between 5 and 9.
    assert result["time_to_first_contact"] == {"measured": 4, "median_hours": 7.0}
    victims = result["victims"]
    assert (victims["own"]["total"], victims["imported"]["total"], victims["total"]) == (4, 4, 8)


def test_a_victim_in_several_cases_counts_once_by_the_earliest(world):
    own = compute()["victims"]["own"]
    # Anna (2024 and 2025) counts in 2024; Dina (2024 in Moscow, 2025 in Harare) in 2024 too.
    assert own["by_period"] == {"2024": 2, "2025": 2, "unknown": 0}
    assert sum(own["by_branch"].values()) == own["total"]


def test_a_victim_counts_in_each_branch_where_they_were_a_victim(world, other_branch):
    """Within one branch's figures, that branch's case describes the person."""
    harare = compute([other_branch])["victims"]["own"]
    assert harare["total"] == 2
    assert harare["by_country_of_exploitation"] == {"KZ": 2, "unknown": 0}


def test_unknown_values_are_reported_as_unknown(world):
    victims = compute()["victims"]
    assert victims["by_gender"]["unknown"] == 2  # one own victim, one imported record
    assert victims["by_age_group"]["unknown"] == 2  # nothing known, and an import's blank band
    assert victims["by_exploitation_type"]["unknown"] == 2  # Anna's 2024 case, one record
    assert victims["by_country_of_exploitation"]["unknown"] == 2
    assert victims["by_period"]["unknown"] == 1


def test_ages_are_banded_from_the_year_of_birth_else_the_estimate(world):
    ages = compute()["victims"]["own"]["by_age_group"]
    # Anna: 2024 - 2000 = 24; Boris: estimated 16; Dina: 2024 - 1970 = 54.
    assert (ages["24-26"], ages["9-17"], ages["48+"]) == (1, 1, 1)


def test_each_type_of_exploitation_counts_every_victim_who_has_it(world):
    types = compute()["victims"]["by_exploitation_type"]
    # Boris (kiln), Dina (farm) and two imported records.
    assert types["ForcedLabour"] == 4
    assert types["SexualExploitation"] == 2


def test_an_imported_band_of_years_counts_only_in_a_period_covering_it(world):
    assert compute(date_from=D(2005, 1, 1), date_to=D(2013, 12, 31))["victims"]["imported"][
        "by_period"
    ] == {"2005-2013": 1, "unknown": 0}
    assert (
        compute(date_from=D(2010, 1, 1), date_to=D(2013, 12, 31))["victims"]["imported"]["total"]
        == 0
    )


def test_requests_not_routed_to_a_branch_count_only_for_the_whole_organisation(
    world, branch, other_branch
):
    whole = compute()["requests"]["received"]
    branches = compute([branch, other_branch])["requests"]["received"]
    assert whole == branches + 1


def test_waiting_time_to_exit_runs_to_the_end_of_the_rescue_operation(world):
    # The kiln request (1 March, noon) to the end of its operation (6 March, noon): 120 hours;
    # the market request (1 June) to its operation's end (2 August): 1488 hours.
    assert compute()["time_to_exit"] == {"measured": 2, "median_hours": 804.0}


def test_nothing_measured_gives_no_median(db):
    result = compute()
    assert result["time_to_first_contact"] == {"measured": 0, "median_hours": None}
    assert result["victims"]["total"] == 0


def test_no_branches_counts_nothing(world):
    result = compute([])
    assert result["rescued"] == result["helped"] == result["victims"]["total"] == 0
    assert result["requests"]["received"] == 0
