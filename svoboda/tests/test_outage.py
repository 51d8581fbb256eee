"""While the database does not answer, pages say so calmly with a 503, and work again after.

The outage is simulated where Django opens (or reuses) its connection for every query:
BaseDatabaseWrapper.ensure_connection raises the OperationalError a refused connection gives.
"""

import logging
import uuid
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from intake.models import HelpRequest

pytestmark = pytest.mark.django_db

HELP_FORM = "/{language}/help/"
PHONE = "+7 800 555-35-35"
MESSENGER = "https://t.me/svoboda_help_example"
STORY = "Брата держат на кирпичном заводе, паспорт забрали."
SENDER_ADDRESS = "203.0.113.77"
SENDER_AGENT = "Outage-Test-Agent/1.0"


@contextmanager
def database_down():
    refused = OperationalError('connection to server at "127.0.0.1", port 5432 failed')
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=refused):
        yield


@pytest.fixture(autouse=True)
def contacts(settings):
    settings.HELP_PHONE = PHONE
    settings.HELP_MESSENGER = MESSENGER


def help_form_data():
    return {
        "submission_token": str(uuid.uuid4()),
        "website": "",
        "writer_kind": HelpRequest.WriterKind.RELATIVE,
        "danger": HelpRequest.Danger.YES,
        "situations": [HelpRequest.Situation.FORCED_LABOUR],
        "description": STORY,
        "country": "RU",
        "city": "Кизляр",
        "people_count": "1",
    }


def submit(client, language):
    return client.post(
        HELP_FORM.format(language=language),
        help_form_data(),
        REMOTE_ADDR=SENDER_ADDRESS,
        HTTP_USER_AGENT=SENDER_AGENT,
    )


def assert_calm_outage_page(response):
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "Traceback" not in body
    assert "OperationalError" not in body
    assert "5432" not in body
    return body


def test_the_help_form_sent_in_russian_gets_a_calm_russian_page_with_the_contacts(client):
    with database_down():
        response = submit(client, "ru")
    body = assert_calm_outage_page(response)
    assert '<html lang="ru">' in body
    # An existing, translated sentence stands for the page's language.
    assert "звоните в экстренные службы по номеру 112" in body
    assert 'href="tel:+78005553535"' in body
    assert PHONE in body
    assert f'href="{MESSENGER}"' in body
    assert STORY not in body


def test_the_help_form_sent_in_english_gets_the_english_page(client):
    with database_down():
        response = submit(client, "en")
    body = assert_calm_outage_page(response)
    assert '<html lang="en">' in body
    assert "We cannot take your message right now" in body
    assert "Please try again in a few minutes" in body
    assert "call the emergency services on 112" in body
    assert PHONE in body


def test_the_page_leaves_out_contacts_that_are_not_configured(client, settings):
    settings.HELP_PHONE = ""
    settings.HELP_MESSENGER = "@svoboda_help"
    with database_down():
        body = assert_calm_outage_page(submit(client, "en"))
    assert "tel:" not in body
    assert "@svoboda_help" in body
    assert 'href="@svoboda_help"' not in body


def test_nothing_is_stored_and_the_form_works_again_when_the_database_returns(client):
    with database_down():
        assert submit(client, "en").status_code == 503
    assert not HelpRequest.objects.exists()

    response = submit(client, "en")

    assert response.status_code == 200
    assert HelpRequest.objects.count() == 1


def test_the_log_names_the_error_but_nothing_about_the_writer(client, caplog):
    with caplog.at_level(logging.INFO), database_down():
        submit(client, "ru")
    logged = "\n".join(
        record.getMessage() + str(record.exc_info or "") + str(vars(record))
        for record in caplog.records
    )
    assert "database unavailable" in logged
    assert "/ru/help/" in logged
    for trace in (STORY, SENDER_ADDRESS, SENDER_AGENT, "Кизляр"):
        assert trace not in logged
    # Django's own "Service Unavailable" request log (which carries the request) is skipped.
    assert not [r for r in caplog.records if r.name == "django.request"]


def test_a_signed_in_caseworker_gets_the_workspace_outage_page(client, caseworker):
    """The session and the user are read from the database before any view runs."""
    client.force_login(caseworker)
    with database_down():
        response = client.get("/workspace/", HTTP_ACCEPT_LANGUAGE="en")
    body = assert_calm_outage_page(response)
    assert "The database is not answering" in body
    assert PHONE not in body

    assert client.get("/workspace/").status_code == 200


def test_a_public_page_that_reads_the_database_gets_the_outage_page(client):
    """No session here: the view's own query fails (OutageMiddleware.process_exception)."""
    with database_down():
        response = client.get("/en/news/")
    body = assert_calm_outage_page(response)
    assert "We cannot take your message right now" in body

    assert client.get("/en/news/").status_code == 200


class FailingMiddleware:
    """Stands for any middleware that touches the database after OutageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise OperationalError("server closed the connection unexpectedly")


def test_an_outage_in_a_later_middleware_is_the_outage_page_too(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.FailingMiddleware"]
    # A real server: the exception is turned into a response, not raised into the test.
    client = Client(raise_request_exception=False)
    response = client.get("/en/help/")
    body = assert_calm_outage_page(response)
    assert "We cannot take your message right now" in body


def test_other_errors_stay_ordinary_server_errors(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.FailingMiddleware"]
    with mock.patch(f"{__name__}.FailingMiddleware.__call__", side_effect=ValueError("no")):
        response = Client(raise_request_exception=False).get("/en/help/")
    assert response.status_code == 500
    assert "Retry-After" not in response
