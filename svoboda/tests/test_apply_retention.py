"""`svoboda apply_retention`: the daily job deletes what is past its period and says so in the
audit trail, with counts only; --dry-run changes nothing."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import audit
from audit.models import AuditEntry
from intake.models import HelpRequest
from intake.tests.factories import HelpRequestFactory, MessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def periods(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.RETENTION_SPAM_REQUEST_DAYS = 30
    settings.RETENTION_CLOSED_REQUEST_DAYS = 365
    settings.RETENTION_CLOSED_CASE_YEARS = 5


def closed_request(reason, days_ago):
    when = timezone.now() - timedelta(days=days_ago)
    request = HelpRequestFactory(
        status=HelpRequest.Status.CLOSED,
        closure_reason=reason,
        closed_at=when,
        contact_handle="@secret_handle",
    )
    MessageFactory(request=request, body="Меня держат в подвале")
    HelpRequest.objects.filter(pk=request.pk).update(created_at=when, updated_at=when)
    return request


def run(*args):
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def runs():
    return AuditEntry.objects.filter(verb="svoboda.retention_applied")


def test_dry_run_deletes_nothing_and_prints_the_counts():
    closed_request(HelpRequest.ClosureReason.SPAM, days_ago=31)
    closed_request(HelpRequest.ClosureReason.DUPLICATE, days_ago=400)
    closed_request(HelpRequest.ClosureReason.DUPLICATE, days_ago=400)

    output = run("--dry-run")

    assert "spam_requests: 1 request(s), 1 message(s), 0 file(s) would be deleted" in output
    assert "closed_requests: 2 request(s), 2 message(s), 0 file(s) would be deleted" in output
    assert HelpRequest.objects.count() == 3
    assert not runs().exists()


def test_a_run_deletes_and_records_one_entry_with_counts_only(django_capture_on_commit_callbacks):
    spam = closed_request(HelpRequest.ClosureReason.SPAM, days_ago=31)
    kept = closed_request(HelpRequest.ClosureReason.SPAM, days_ago=29)

    with django_capture_on_commit_callbacks(execute=True):
        output = run()

    assert "spam_requests: 1 request(s), 1 message(s), 0 file(s) deleted" in output
    assert list(HelpRequest.objects.values_list("pk", flat=True)) == [kept.pk]
    [entry] = runs()
    assert entry.actor is None and entry.actor_label == "system"
    assert entry.target_type is None and entry.target_id == ""
    assert entry.changes["deleted"] == {
        "spam_requests": {"requests": 1, "messages": 1, "files": 0},
        "closed_requests": {"requests": 0, "messages": 0, "files": 0},
        "closed_cases": {"cases": 0, "people": 0, "statistical_records": 0},
    }
    assert entry.changes["periods"] == {
        "spam_request_days": 30,
        "closed_request_days": 365,
        "closed_case_years": 5,
    }
    # Nothing about the request or its writer is on the trail or in the output.
    recorded = str(entry.changes) + output
    for secret in (str(spam.pk), spam.reference, "@secret_handle", "подвале"):
        assert secret not in recorded


def test_a_run_with_nothing_to_delete_is_still_on_the_trail():
    run()
    assert runs().count() == 1


def test_the_trail_still_reads_after_its_request_is_deleted(
    client, administrator, django_capture_on_commit_callbacks
):
    spam = closed_request(HelpRequest.ClosureReason.SPAM, days_ago=31)
    audit.record(actor=administrator, verb="intake.request_closed", target=spam)

    with django_capture_on_commit_callbacks(execute=True):
        run()
    client.force_login(administrator)
    response = client.get(reverse("audit:entry-list"))

    assert response.status_code == 200
    assert AuditEntry.objects.filter(target_id=str(spam.pk)).exists()
    out = StringIO()
    call_command("audit", "verify", stdout=out)
