"""`svoboda export_htcds` from the command line."""

import csv
import io
import stat

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from cases.tests.factories import CaseFactory, ParticipantFactory
from reports import htcds_columns as col


@pytest.fixture
def victims(branch, other_branch):
    for place, country in ((branch, "RU"), (other_branch, "ZW")):
        for _ in range(6):
            ParticipantFactory(case=CaseFactory(branch=place, exploitation_country=country))


def export(*args):
    stdout = io.StringIO()
    call_command("export_htcds", *args, stdout=stdout)
    return stdout.getvalue()


def rows_of(path):
    with path.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_it_writes_a_k_anonymised_file_and_says_what_it_changed(victims, tmp_path):
    out = tmp_path / "export.csv"

    printed = export("--out", str(out), "--k", "5")

    assert len(rows_of(out)) == 12
    assert "12 row(s) written" in printed
    assert "k=5: 0 value(s) generalised, 0 suppressed" in printed


def test_the_file_is_readable_by_its_owner_only(victims, tmp_path):
    out = tmp_path / "export.csv"

    export("--out", str(out), "--k", "5")

    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_it_exports_the_named_branches(victims, tmp_path):
    out = tmp_path / "export.csv"

    export("--out", str(out), "--k", "5", "--branch", "Harare")

    assert {row[col.COUNTRY_OF_EXPLOITATION] for row in rows_of(out)} == {"ZW"}


def test_it_refuses_an_unknown_branch(victims, tmp_path):
    with pytest.raises(CommandError, match="No branch named Atlantis"):
        export("--out", str(tmp_path / "x.csv"), "--k", "5", "--branch", "Atlantis")


def test_without_k_it_refuses_to_run_without_a_user_and_a_reason(victims, tmp_path):
    out = tmp_path / "export.csv"

    with pytest.raises(CommandError, match="--reason"):
        export("--out", str(out), "--user", "admin@example.org")

    assert not out.exists()
    assert not AuditEntry.objects.filter(verb="reports.htcds_exported").exists()


def test_an_administrator_makes_a_trusted_export_with_a_reason(administrator, victims, tmp_path):
    out = tmp_path / "export.csv"

    export("--out", str(out), "--user", "admin@example.org", "--reason", "IOM agreement")

    assert len(rows_of(out)) == 12
    entry = AuditEntry.objects.get(verb="reports.htcds_exported")
    assert (entry.actor, entry.changes["k"], entry.changes["reason"]) == (
        administrator,
        None,
        "IOM agreement",
    )


def test_a_coordinator_cannot_make_a_trusted_export(coordinator, victims, tmp_path):
    out = tmp_path / "export.csv"

    with pytest.raises(CommandError, match="may not"):
        export("--out", str(out), "--user", coordinator.email, "--reason", "Asked")

    assert not out.exists()


def test_a_named_coordinator_cannot_export_another_branch(coordinator, victims, tmp_path):
    with pytest.raises(CommandError, match="may not"):
        export(
            "--out", str(tmp_path / "x.csv"), "--k", "5", "--user", coordinator.email,
            "--branch", "Harare",
        )  # fmt: skip


def test_a_named_coordinator_exports_their_own_branch(coordinator, victims, tmp_path):
    out = tmp_path / "export.csv"

    export("--out", str(out), "--k", "5", "--user", coordinator.email)

    assert {row[col.COUNTRY_OF_EXPLOITATION] for row in rows_of(out)} == {"RU"}
    assert AuditEntry.objects.get(verb="reports.htcds_exported").actor == coordinator


def test_the_period_takes_iso_dates(victims, tmp_path):
    out = tmp_path / "export.csv"

    printed = export("--out", str(out), "--k", "5", "--from", "1990-01-01", "--to", "1990-12-31")

    assert rows_of(out) == []
    assert "0 row(s) written" in printed
