"""The help pages keep no trace of where a writer is: a known address and user agent sent with a
request and a follow-up message appear in no row, no log line, no audit entry and no cache key.

Traffickers who seize a server look for exactly this. The scan is deliberately blunt: every
column of every table (raw, and through the models so that encrypted fields are read in the
clear), every session decoded, every log record at DEBUG including the SQL sent.
"""

import logging
import pickle

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import caches
from django.db import connection

from audit.models import AuditEntry
from intake.models import HelpRequest, Message
from intake.tests.test_views_public_request import form_data

CONNECTION_ADDRESS = "203.0.113.77"
PROXY_ADDRESS = "198.51.100.23"
USER_AGENT = "AbsenceProbe/1.0 (test)"
PROBES = [CONNECTION_ADDRESS, PROXY_ADDRESS, "AbsenceProbe"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def traced_client(client):
    """A browser that announces its address and user agent in every way a request can."""
    client.defaults.update(
        REMOTE_ADDR=CONNECTION_ADDRESS,
        HTTP_X_REAL_IP=PROXY_ADDRESS,
        HTTP_X_FORWARDED_FOR=f"{PROXY_ADDRESS}, {CONNECTION_ADDRESS}",
        HTTP_USER_AGENT=USER_AGENT,
    )
    return client


@pytest.fixture
def every_log_record(caplog):
    # Every logger, not only the root: Django's own stop at INFO unless told otherwise.
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)
    # Log the SQL too, with its parameters: whatever is written passes through here.
    connection.force_debug_cursor = True
    yield caplog
    connection.force_debug_cursor = False


def found_in(text):
    return [probe for probe in PROBES if probe in text]


def raw_rows():
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                yield table, row


def model_values():
    for model in apps.get_models():
        fields = [field.attname for field in model._meta.concrete_fields]
        for values in model._base_manager.values_list(*fields):
            yield model._meta.label, values


def as_text(value):
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("latin-1")
    return str(value)


def write_to_us_and_come_back(client):
    response = client.post("/en/help/", form_data())
    code = response.context["code"]
    assert client.post("/en/help/follow-up/", {"code": code}).status_code == 302
    assert client.get("/en/help/follow-up/").status_code == 200
    response = client.post("/en/help/follow-up/message/", {"body": "One more thing."})
    assert response.status_code == 302


@pytest.mark.parametrize("behind_proxy", [False, True], ids=["direct", "behind-proxy"])
def test_a_writers_address_and_user_agent_are_kept_nowhere(
    traced_client, every_log_record, settings, behind_proxy
):
    if behind_proxy:
        # Then the rate limits count by the proxy's X-Real-IP (intake.ratelimit).
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    write_to_us_and_come_back(traced_client)
    assert HelpRequest.objects.count() == 1
    assert Message.objects.count() == 1
    assert AuditEntry.objects.filter(verb__startswith="intake.").exists()
    # The scan below has something to look at: the SQL sent, and the rate-limit counters.
    assert any(r.name == "django.db.backends" for r in every_log_record.records)
    assert caches["default"]._cache

    leaks = []
    for table, row in raw_rows():
        leaks += [(table, probe) for value in row for probe in found_in(as_text(value))]
    for label, values in model_values():
        leaks += [(label, probe) for value in values for probe in found_in(as_text(value))]
    for session in Session.objects.all():
        leaks += [("session", probe) for probe in found_in(str(session.get_decoded()))]
    for entry in AuditEntry.objects.all():
        text = f"{entry.actor_label} {entry.verb} {entry.target_id} {entry.changes}"
        leaks += [("audit", probe) for probe in found_in(text)]
    for record in every_log_record.records:
        text = f"{record.getMessage()} {record.args} {getattr(record, 'request', '')!r}"
        leaks += [("log", probe) for probe in found_in(text)]
    # The rate limits live in the cache, under keys django-ratelimit hashes.
    cache = caches["default"]
    for key, value in cache._cache.items():
        leaks += [("cache key", probe) for probe in found_in(key)]
        leaks += [("cache value", probe) for probe in found_in(repr(pickle.loads(value)))]  # noqa: S301
    for message in mail.outbox:
        leaks += [("mail", probe) for probe in found_in(str(message.message()))]
    assert leaks == []


def test_the_scan_would_see_an_address_if_one_were_stored(traced_client, every_log_record):
    """The scan itself is checked: an address put in a row and a log line is found."""
    write_to_us_and_come_back(traced_client)
    HelpRequest.objects.update(place=CONNECTION_ADDRESS)
    logging.getLogger("intake").debug("from %s", PROXY_ADDRESS)
    models = {
        label for label, values in model_values() if any(found_in(as_text(v)) for v in values)
    }
    assert HelpRequest._meta.label in models
    logged = [r for r in every_log_record.records if found_in(r.getMessage())]
    assert logged
