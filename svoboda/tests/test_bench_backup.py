"""`svoboda bench_backup` at a tiny size, so the benchmark `make bench-backup` runs cannot rot: it
seeds through the actions, restores with a separate process into an empty database of the
suite's vendor, and says so only when every count, file and the audit chain match."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from accounts.tests.factories import UserFactory
from audit.models import AuditEntry
from cases.models import Case, CaseFile, Person
from svoboda.backups import archive, bench
from svoboda.tests.test_backup import (  # noqa: F401 (a fixture)
    ON_POSTGRESQL,
    empty_postgresql_database,
)

CASES = 20


@pytest.fixture
def restore_url(request, tmp_path):
    """An empty database of the suite's vendor for the restore."""
    if ON_POSTGRESQL:
        url, _connect = request.getfixturevalue("empty_postgresql_database")
        return url
    return f"sqlite:///{tmp_path / 'restored.sqlite3'}"


def bench_backup(*arguments, tmp_path):
    out = io.StringIO()
    call_command(
        "bench_backup", *arguments, "--work-dir", str(tmp_path / "work"), "--keep", stdout=out
    )
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_benchmark_restores_every_case_file_and_audit_entry(storage, restore_url, tmp_path):
    figures_file = tmp_path / "figures.json"

    output = bench_backup(
        "--cases",
        str(CASES),
        "--restore-into",
        restore_url,
        "--json",
        str(figures_file),
        tmp_path=tmp_path,
    )

    assert "all counts match, files match, chain verified" in output
    figures = json.loads(figures_file.read_text())
    # The site it made: people, notes and files through the actions, each with its audit entry.
    assert Case.objects.count() == figures["cases"] == CASES
    assert Person.objects.count() > CASES
    assert CaseFile.objects.count() == figures["files"] >= 1
    assert len(list(archive.stored_names(storage))) == figures["files"]
    # The backup's own entry came after the counted snapshot.
    assert AuditEntry.objects.count() == figures["audit_entries"] + 1
    assert AuditEntry.objects.latest("id").verb == "svoboda.backup_made"
    # The restored database really holds them: its counts read independently.
    restored, verbs = bench._restored_counts(restore_url)
    assert restored["cases_case"] == CASES
    assert restored["cases_casefile"] == figures["files"]
    assert restored["audit_auditentry"] == figures["audit_entries"] + 1
    assert verbs[0] == "svoboda.backup_restored"
    assert figures["counts_match"] and figures["files_match"] and figures["chain_verified"]
    restored_files = list((tmp_path / "work" / "restored-media").rglob("*"))
    assert len([path for path in restored_files if path.is_file()]) == figures["files"]


@pytest.mark.django_db(transaction=True)
def test_the_benchmark_refuses_a_site_that_holds_data(storage, tmp_path):
    UserFactory(email="someone@example.org")

    with pytest.raises(CommandError, match="already holds data"):
        bench_backup("--cases", "1", "--restore-into", "sqlite:///unused", tmp_path=tmp_path)

    assert not Case.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_benchmark_fails_when_the_restore_is_refused(storage, restore_url, tmp_path):
    # The target holds a site already: the restore refuses it, and the benchmark must not pass.
    bench_backup("--cases", "1", "--restore-into", restore_url, tmp_path=tmp_path / "first")

    with pytest.raises(CommandError, match="not empty"):
        bench_backup(
            "--cases", "1", "--restore-into", restore_url, "--force", tmp_path=tmp_path / "second"
        )
