"""/healthz tells the proxy and monitoring whether the database, cache and job queue answer."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from svoboda.mail import enqueue_email
from svoboda.tests.test_outage import database_down

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_all_parts_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "cache": "ok",
        "jobs": "ok",
        "jobs_oldest_ready_seconds": None,
    }
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response.headers
    assert not response.cookies


def test_it_answers_without_a_language_prefix_or_a_csrf_token(client):
    assert client.get("/healthz", HTTP_ACCEPT_LANGUAGE="ru").status_code == 200
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_an_unreachable_database_is_a_503_that_names_it(client):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert response.json()["cache"] == "ok"
    assert "5432" not in response.content.decode()

    assert client.get("/healthz").status_code == 200


def test_a_broken_cache_is_a_503(client):
    with mock.patch("svoboda.health.cache.get", side_effect=ConnectionError("redis down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "error"
    assert response.json()["database"] == "ok"


def test_the_age_of_the_oldest_waiting_job_shows_a_stalled_worker(client):
    with override_settings(TASKS=DATABASE_TASKS):
        enqueue_email(subject="Hello", body="Body", to=["someone@example.org"])
        DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["jobs"] == "ok"
    assert 590 <= response.json()["jobs_oldest_ready_seconds"] <= 700


def test_an_unreadable_job_queue_is_a_503(client):
    with (
        override_settings(TASKS=DATABASE_TASKS),
        mock.patch("django_tasks_db.models.DBTaskResult.objects.filter", side_effect=RuntimeError),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["jobs"] == "error"


def test_monitoring_may_probe_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/en/help/").status_code == 301
