"""`svoboda bench_reports` seeds, measures and reports on a small database. Its timings belong to
the machine and are not checked here (README.md, "Performance of the reports")."""

import json
from io import StringIO

from django.core.management import call_command


def test_the_benchmark_runs_on_a_small_database(db, tmp_path):
    out = StringIO()
    path = tmp_path / "bench.json"
    call_command(
        "bench_reports",
        *("--records", "200", "--own-victims", "10", "--repeat", "1", "--force"),
        *("--json", str(path)),
        stdout=out,
    )
    result = json.loads(path.read_text())
    assert result["data"]["imported_records"] == 200
    assert result["data"]["own_victims"] == 10
    assert list(result["measurements"]) == [
        "compute_all_time",
        "compute_one_year",
        "compute_one_branch",
        "compute_period_comparison",
        "dashboard_all_time",
        "dashboard_this_year",
    ]
    assert all(figures["queries"] > 0 for figures in result["measurements"].values())
    assert "| Dashboard page (administrator): all time |" in out.getvalue()
