"""Closing a request that does not become a case."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from intake.models import HelpRequest
from intake.tests.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db


def url(help_request):
    return reverse("intake:request-close", args=[help_request.pk])


def test_coordinator_closes_a_request_with_a_reason(client, coordinator):
    help_request = HelpRequestFactory()
    client.force_login(coordinator)
    response = client.post(url(help_request), {"reason": "duplicate", "note": "Same as 1A2B."})
    assert response.status_code == 302
    help_request.refresh_from_db()
    assert (help_request.status, help_request.closure_reason, help_request.closure_note) == (
        HelpRequest.Status.CLOSED,
        "duplicate",
        "Same as 1A2B.",
    )


def test_a_missing_reason_is_explained_and_changes_nothing(client, coordinator):
    help_request = HelpRequestFactory()
    client.force_login(coordinator)
    response = client.post(url(help_request), {"reason": "", "note": "kept"})
    assert response.status_code == 200
    assert response.context["forms"]["close"].errors["reason"]
    assert "kept" in response.content.decode()
    assert HelpRequest.objects.get(pk=help_request.pk).status == HelpRequest.Status.NEW
    assert not AuditEntry.objects.filter(verb="intake.request_closed").exists()


def test_closing_a_closed_request_is_explained(client, coordinator):
    help_request = HelpRequestFactory()
    client.force_login(coordinator)
    client.post(url(help_request), {"reason": "spam"})
    response = client.post(url(help_request), {"reason": "duplicate"})
    assert response.status_code == 200
    assert "This request has already been dealt with." in response.content.decode()
    assert HelpRequest.objects.get(pk=help_request.pk).closure_reason == "spam"


def test_caseworker_may_not_close(client, caseworker, branch):
    help_request = HelpRequestFactory(branch=branch, assignee=caseworker)
    client.force_login(caseworker)
    assert client.post(url(help_request), {"reason": "spam"}).status_code == 403


def test_coordinator_of_another_branch_gets_404(client, coordinator_other_branch, branch):
    help_request = HelpRequestFactory(branch=branch)
    client.force_login(coordinator_other_branch)
    assert client.post(url(help_request), {"reason": "spam"}).status_code == 404
