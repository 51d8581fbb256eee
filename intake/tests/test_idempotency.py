"""An acknowledged help request is never lost, and one form sent many times is one request.

The form carries a hidden token made for each page view (intake.public_forms); the request is
stored under it and committed before the code page is rendered.
"""

import threading
import uuid

import pytest
from django.db import close_old_connections, connection
from django.test import Client

from intake.models import FollowUpCode, HelpRequest
from intake.tests.test_views_public_request import FORM_URL, form_data, submit

RECEIVED_PAGES = {"intake/public/request_sent.html", "intake/public/request_received_again.html"}


def templates_of(response):
    return {template.name for template in response.templates}


@pytest.mark.django_db
def test_ten_identical_posts_store_one_request_and_each_is_acknowledged(client):
    token = str(uuid.uuid4())
    responses = [submit(client, submission_token=token) for _ in range(10)]
    assert HelpRequest.objects.count() == 1
    for response in responses:
        assert response.status_code == 200
        assert RECEIVED_PAGES & templates_of(response)


@pytest.mark.django_db
def test_the_same_form_past_the_rate_limit_hears_it_arrived_without_a_new_code(client, settings):
    settings.INTAKE_SUBMIT_RATE = "1/h"
    token = str(uuid.uuid4())
    submit(client, submission_token=token)
    response = submit(client, submission_token=token)
    assert response.status_code == 200
    assert "intake/public/request_received_again.html" in templates_of(response)
    assert FollowUpCode.objects.count() == 1


@pytest.mark.django_db
def test_a_new_form_past_the_rate_limit_is_still_refused(client, settings):
    settings.INTAKE_SUBMIT_RATE = "1/h"
    submit(client)
    response = submit(client)
    assert response.status_code == 429
    assert HelpRequest.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_code_page_is_rendered_only_after_the_request_is_committed(client, monkeypatch):
    from intake.views import public

    seen = {}
    render_code_page = public._code_page

    def checking(request, help_request, code):
        # No transaction left open: what the writer is about to be told is already stored.
        seen["in_transaction"] = connection.in_atomic_block
        seen["stored"] = HelpRequest.objects.filter(pk=help_request.pk).exists()
        return render_code_page(request, help_request, code)

    monkeypatch.setattr(public, "_code_page", checking)
    response = submit(client)
    assert response.context["code"]
    assert seen == {"in_transaction": False, "stored": True}


@pytest.mark.django_db(transaction=True)
def test_the_code_page_follows_the_commit_even_with_atomic_requests(client, monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", True)
    from intake.views import public

    seen = {}
    render_code_page = public._code_page

    def checking(request, help_request, code):
        seen["in_transaction"] = connection.in_atomic_block
        return render_code_page(request, help_request, code)

    monkeypatch.setattr(public, "_code_page", checking)
    submit(client)
    assert seen == {"in_transaction": False}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_at_once_from_several_connections_stores_one_request(settings):
    settings.INTAKE_SUBMIT_RATE = "100/h"
    data = form_data()
    ready = threading.Barrier(6)
    responses, errors = [], []

    def send():
        try:
            ready.wait(timeout=30)
            response = Client().post(FORM_URL, data, REMOTE_ADDR="203.0.113.77")
            responses.append(response)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert HelpRequest.objects.count() == 1
    assert len(responses) == 6
    for response in responses:
        assert response.status_code == 200
        assert RECEIVED_PAGES & templates_of(response)
