"""Background jobs: stored in the database by the real backend and run by the worker command."""

import smtplib

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from svoboda.mail import enqueue_email

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_backend():
    # django-tasks drops its cached backends when TASKS changes (setting_changed).
    with override_settings(TASKS=DATABASE_TASKS):
        yield


@pytest.mark.django_db
def test_an_enqueued_mail_waits_in_the_database_until_a_worker_runs(database_backend, mailoutbox):
    enqueue_email(subject="Hello", body="Body", to=["someone@example.org"])
    assert DBTaskResult.objects.count() == 1
    assert mailoutbox == []


# The worker closes its database connections between jobs, as a long-running process should, so
# this test cannot sit inside a rolled-back transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_queued_mail(database_backend, mailoutbox):
    enqueue_email(subject="Hello", body="Body", to=["someone@example.org"])
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [m.subject for m in mailoutbox] == ["Hello"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db
def test_tests_run_jobs_at_once(mailoutbox):
    enqueue_email(subject="Now", body="Body", to=["someone@example.org"])
    assert [m.subject for m in mailoutbox] == ["Now"]


@pytest.mark.django_db
def test_a_queued_mail_is_unreadable_in_the_job_table(database_backend):
    """A password-set link waits in the job table until a worker sends it, and stays there as a
    finished job: a dump of the table must show neither the link nor the address."""
    enqueue_email(
        subject="Set your password",
        body="https://svoboda.example/accounts/password-reset/MQ/secret-token-1234/",
        to=["staff.member@example.org"],
    )
    row = str(list(DBTaskResult.objects.values()))
    assert "secret-token-1234" not in row
    assert "staff.member@example.org" not in row
    assert "Set your password" not in row


@pytest.mark.django_db
def test_a_failed_mail_leaves_no_address_in_the_job_table_or_the_log(monkeypatch, caplog):
    """An SMTP refusal names the addresses it refused; the job's stored traceback and the
    worker's log line must not."""

    def refuse(self, fail_silently=False):
        raise smtplib.SMTPRecipientsRefused({"staff.member@example.org": (550, b"No such user")})

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)

    result = enqueue_email(subject="Hello", body="Body", to=["staff.member@example.org"])

    assert result.status == "FAILED"
    assert "SMTPRecipientsRefused" in result.errors[0].traceback
    assert "staff.member@example.org" not in result.errors[0].traceback
    assert "staff.member@example.org" not in caplog.text
