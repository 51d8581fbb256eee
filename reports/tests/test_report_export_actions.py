"""Asking for a report file and deleting expired ones: the rules hold whoever calls them."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEntry
from reports.export_job_actions import purge_expired_exports, request_report_export
from reports.models import ReportExport
from svoboda.errors import DomainError

D = datetime.date
YEAR_2025 = {"kind": "xlsx", "date_from": D(2025, 1, 1), "date_to": D(2025, 12, 31)}


def test_a_coordinator_cannot_ask_for_another_branch(coordinator, other_branch):
    with pytest.raises(PermissionDenied):
        request_report_export(actor=coordinator, branches=[other_branch], **YEAR_2025)

    assert not ReportExport.objects.exists()


def test_a_caseworker_cannot_ask_for_a_report(caseworker, branch):
    with pytest.raises(PermissionDenied):
        request_report_export(actor=caseworker, **YEAR_2025)


def test_without_branches_a_coordinator_gets_their_own(coordinator, branch, other_branch):
    export = request_report_export(actor=coordinator, **YEAR_2025)

    assert not export.whole_organisation
    assert list(export.branches.all()) == [branch]


def test_a_period_that_ends_before_it_starts_is_refused(coordinator):
    with pytest.raises(DomainError):
        request_report_export(
            actor=coordinator, kind="pdf", date_from=D(2025, 2, 1), date_to=D(2025, 1, 1)
        )


def test_the_comparison_of_a_leap_day_is_the_28th(coordinator):
    export = request_report_export(
        actor=coordinator, kind="pdf", date_from=D(2024, 2, 29), date_to=D(2024, 3, 31)
    )

    assert (export.compare_from, export.compare_to) == (D(2023, 2, 28), D(2023, 3, 31))


def test_the_file_is_made_in_the_language_of_who_asks(coordinator):
    coordinator.language = "ru"
    coordinator.save()

    export = request_report_export(actor=coordinator, **YEAR_2025)

    assert export.language == "ru"


def test_the_file_expires_after_the_days_set(coordinator, settings):
    settings.REPORT_EXPORT_KEEP_DAYS = 3

    export = request_report_export(actor=coordinator, **YEAR_2025)

    assert export.expires_at - export.created_at == pytest.approx(
        datetime.timedelta(days=3), abs=datetime.timedelta(seconds=5)
    )


def test_asking_is_audited_with_the_scope_and_period(coordinator):
    export = request_report_export(actor=coordinator, compare=False, **YEAR_2025)

    entry = AuditEntry.objects.get(verb="reports.export_requested")
    assert entry.target_id == str(export.pk)
    assert entry.changes == {
        "kind": "xlsx",
        "branches": ["Moscow"],
        "from": "2025-01-01",
        "to": "2025-12-31",
        "compared_with_year_before": False,
    }


def _export_with_file(user, *, expires_in_days):
    name = default_storage.save("reports/exports/test/report.xlsx", io.BytesIO(b"PK"))
    return ReportExport.objects.create(
        requested_by=user,
        kind="xlsx",
        date_from=D(2025, 1, 1),
        date_to=D(2025, 12, 31),
        language="en",
        status=ReportExport.Status.DONE,
        progress=100,
        file=name,
        finished_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(days=expires_in_days),
    )


def test_purging_deletes_expired_files_and_their_rows(coordinator):
    expired = _export_with_file(coordinator, expires_in_days=-1)
    kept = _export_with_file(coordinator, expires_in_days=1)

    assert purge_expired_exports() == 1

    assert not default_storage.exists(expired.file.name)
    assert default_storage.exists(kept.file.name)
    assert list(ReportExport.objects.all()) == [kept]


def test_purging_is_audited_by_the_system(coordinator):
    expired = _export_with_file(coordinator, expires_in_days=-1)

    purge_expired_exports()

    entry = AuditEntry.objects.get(verb="reports.export_expired")
    assert (entry.actor, entry.actor_label, entry.target_id) == (None, "system", str(expired.pk))


def test_the_purge_command_says_how_many_it_deleted(coordinator):
    _export_with_file(coordinator, expires_in_days=-1)
    out = io.StringIO()

    call_command("purge_report_exports", stdout=out)

    assert out.getvalue().strip() == "1 expired report file(s) deleted"
    assert not ReportExport.objects.exists()
