"""A real PostgreSQL outage: the server refuses connections, or drops the one Django keeps.

Production keeps connections between requests (CONN_MAX_AGE) and checks them before reuse
(CONN_HEALTH_CHECKS), so neither case needs a restart. The test client skips Django's
request_started handler that runs those checks, so the tests call it where a request begins.
"""

import socket

import psycopg
import pytest
from django.db import close_old_connections, connection

pytestmark = [
    # The connection is closed and reopened, which a test wrapped in a transaction cannot survive.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a PostgreSQL server"),
]


@pytest.fixture(autouse=True)
def pages_from_the_database(settings):
    """Every request here must reach the database: a news list served from the public page
    cache (website.page_cache) would answer without it, and show nothing about the outage."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(client, path):
    close_old_connections()  # what Django does when a request starts
    return client.get(path)


def test_a_refused_connection_is_the_outage_page_and_the_site_recovers(client):
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = closed_port()
    try:
        news = request(client, "/en/news/")
        health = request(client, "/healthz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port

    assert news.status_code == 503
    assert "We cannot take your message right now" in news.content.decode()
    assert health.status_code == 503
    assert health.json()["database"] == "error"

    assert request(client, "/en/news/").status_code == 200
    assert request(client, "/healthz").status_code == 200


def test_a_dropped_kept_connection_is_replaced_at_the_next_request(client):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    assert request(client, "/en/news/").status_code == 200
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])

    assert request(client, "/en/news/").status_code == 200
    assert connection.connection.info.backend_pid != pid
