"""`svoboda bench`: figures beside their floors, merged by scale into one JSON file."""

import json

import pytest
from django.core.management import CommandError, call_command

from bench import report
from bench.figures import MB, MS, REQUESTS_PER_S, Figure


def test_a_ratio_says_how_many_times_slower_than_the_floor_whatever_the_unit():
    slow_page = Figure("a", "A", MS, value=30.0, floor=10.0, target_value=100.0, target_ratio=3)
    assert slow_page.ratio == 3.0 and slow_page.met
    slow_rate = Figure("b", "B", REQUESTS_PER_S, value=400.0, floor=1000.0, target_ratio=2)
    assert slow_rate.ratio == 2.5 and slow_rate.met is False
    assert Figure("c", "C", MB, value=120.0, target_value=300).met
    assert Figure("d", "D", MS, value=5.0).met is None


@pytest.mark.django_db
def test_bench_measures_the_lists_of_a_seeded_database_and_merges_scales(tmp_path, settings):
    settings.DEBUG = True
    path = tmp_path / "results.json"
    call_command("bench", "--scale", "30", "--only", "lists", "--repeat", "2", "--json", path)
    data = json.loads(path.read_text())
    figures = data["scales"]["30"]["figures"]
    assert set(figures) == {
        "lists.stack_baseline",
        "lists.requests_queue",
        "lists.cases_assistance",
        "lists.cases_closed",
        "lists.people_search",
        "lists.case_page",
    }
    for figure in figures.values():
        assert figure["value"] > 0 and figure["floor"] > 0
        assert figure["ratio"] == pytest.approx(figure["value"] / figure["floor"], rel=1e-2)
        assert figure["details"]["queries"] > 0
    assert data["scales"]["30"]["seeded"]["rows"]["cases"] == 30
    assert data["machine"]["cores"] >= 1
    # The tables of bench/README.md come from the file.
    document = report.document([data])
    assert "`lists.case_page`" in document and "30 cases" in document
    # Another database at another scale is refused: its cases are not that many.
    with pytest.raises(CommandError, match="holds 30 cases, not 100"):
        call_command("bench", "--scale", "100", "--only", "lists", "--json", path)


@pytest.mark.parametrize(
    "command",
    [
        ["bench", "--scale", "5"],
        ["seed_bench", "--cases", "5"],
        ["bench_search"],
        ["bench_reports"],
        ["loadtest"],
    ],
    ids=lambda command: command[0],
)
def test_every_benchmark_refuses_a_production_database_without_force(settings, command):
    # DEBUG off looks like production: refused before the database is read or written (no
    # database access is allowed in this test).
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command(*command)


def test_timings_stop_at_their_budget_once_enough_runs_are_timed():
    from bench.figures import MIN_RUNS, Timings

    calls = []
    timings = Timings.of(lambda: calls.append(1), repeat=1000, warmup=2, budget=0)
    assert len(timings.seconds) == MIN_RUNS
    # One warm-up run, then the budget was spent.
    assert len(calls) == MIN_RUNS + 1
    assert len(Timings.of(lambda: None, repeat=7, budget=60).seconds) == 7
