"""The dashboard benchmark's floors (bench/dashboard.py) count what reports.statistics counts:
each hand-written query gives exactly the numbers of the ORM code compute() runs, so that the
ratio to the floor compares the same work. No timing is checked here."""

import pytest
from django.db import connection

from bench import dashboard
from reports.statistics import compute
from reports.tests import stats_world

# compute()'s key for each figure group's floor.
KEYS = {
    "rescued": ("rescued",),
    "helped": ("helped",),
    "requests": ("requests",),
    "open_cases": ("open_cases",),
    "operations": ("operations",),
    "services": ("services",),
    "time_to_first_contact": ("time_to_first_contact",),
    "time_to_exit": ("time_to_exit",),
    "victims_own": ("victims", "own"),
    "victims_imported": ("victims", "imported"),
}


def _check_every_floor():
    result = compute(None)
    groups = dashboard._figure_groups()
    assert [key for key, *_rest in groups] == list(KEYS)
    checked = []
    for key, _label, orm, floor in groups:
        expected = result
        for part in KEYS[key]:
            expected = expected[part]
        assert orm() == expected, key
        if floor is None:
            # Medians: percentile_cont is PostgreSQL's; SQLite has no floor for them.
            assert connection.vendor != "postgresql"
            continue
        assert floor() == expected, key
        checked.append(key)
    return result, checked


def test_every_floor_gives_compute_s_numbers_on_the_statistics_fixture(branch, other_branch):
    """stats_world has a bit of everything: rescues, replies, debriefs, bands of years, unknown
    values, a victim in several cases."""
    stats_world.build(branch, other_branch)
    result, checked = _check_every_floor()
    assert result["rescued"] and result["time_to_first_contact"]["measured"]
    assert result["victims"]["own"]["total"] and result["victims"]["imported"]["total"]
    if connection.vendor == "postgresql":
        assert result["time_to_exit"]["measured"]
        assert len(checked) == len(KEYS)


@pytest.mark.django_db
def test_every_floor_gives_compute_s_numbers_on_a_seeded_organisation():
    from bench import seeding

    seeding.seed(cases=300, out=lambda *args: None)
    result, _checked = _check_every_floor()
    assert result["open_cases"]["total"] and result["services"]["delivered"]
    assert result["victims"]["own"]["total"] == result["victims"]["total"] - 300


def test_measure_gives_every_figure_with_the_same_numbers(branch, other_branch):
    """The section runs end to end (the page through the test client included); on SQLite the
    medians have no floor and say why. Only the figures' shape is checked, never a time."""
    from bench import users
    from bench.harness import Context

    stats_world.build(branch, other_branch)
    users.branches()
    figures = {f.key: f for f in dashboard.measure(Context(scale=0, repeat=1, out=lambda _: 0))}
    assert list(figures) == [f"dashboard.{key}" for key in KEYS] + [
        "dashboard.compute_total",
        "dashboard.page",
    ]
    for key in KEYS:
        figure = figures[f"dashboard.{key}"]
        if figure.floor is None:
            assert connection.vendor != "postgresql"
            assert figure.details["floor_missing"]
        else:
            assert figure.details["same_numbers"] is True
    assert figures["dashboard.compute_total"].details["same_numbers"] is True
    assert figures["dashboard.page"].floor == figures["dashboard.compute_total"].floor
