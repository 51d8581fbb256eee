"""Triage from the request page: urgency, branch and assignee."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from intake.models import HelpRequest
from intake.tests.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db


def url(help_request):
    return reverse("intake:request-triage", args=[help_request.pk])


def test_coordinator_routes_the_request_and_is_sent_back_to_it(
    client, coordinator, caseworker, branch
):
    help_request = HelpRequestFactory()
    client.force_login(coordinator)
    response = client.post(
        url(help_request), {"urgency": "2", "branch": branch.pk, "assignee": caseworker.pk}
    )
    assert response.status_code == 302
    assert response.url == help_request.get_absolute_url()
    help_request.refresh_from_db()
    assert (help_request.urgency, help_request.branch, help_request.assignee) == (
        2,
        branch,
        caseworker,
    )


def test_success_is_confirmed_with_a_message(client, coordinator, branch):
    help_request = HelpRequestFactory()
    client.force_login(coordinator)
    response = client.post(url(help_request), {"urgency": "1", "branch": branch.pk}, follow=True)
    assert "The request was triaged." in response.content.decode()


def test_an_assignee_outside_the_branch_is_explained_and_changes_nothing(
    client, coordinator, caseworker, other_branch
):
    help_request = HelpRequestFactory()
    client.force_login(coordinator)
    response = client.post(
        url(help_request),
        {"urgency": "1", "branch": other_branch.pk, "assignee": caseworker.pk},
    )
    assert response.status_code == 200
    assert "Assign the request to someone in the chosen branch." in response.content.decode()
    help_request.refresh_from_db()
    assert (help_request.branch, help_request.assignee, help_request.urgency) == (None, None, 3)
    assert not AuditEntry.objects.filter(verb="intake.request_triaged").exists()


def test_a_missing_urgency_is_a_form_error(client, coordinator):
    help_request = HelpRequestFactory()
    client.force_login(coordinator)
    response = client.post(url(help_request), {"urgency": ""})
    assert response.status_code == 200
    assert response.context["forms"]["triage"].errors["urgency"]
    assert HelpRequest.objects.get(pk=help_request.pk).status == HelpRequest.Status.NEW


def test_caseworker_may_not_triage_a_request_assigned_to_them(client, caseworker, branch):
    help_request = HelpRequestFactory(branch=branch, assignee=caseworker)
    client.force_login(caseworker)
    assert client.post(url(help_request), {"urgency": "1"}).status_code == 403


def test_coordinator_of_another_branch_gets_404(client, coordinator_other_branch, branch):
    help_request = HelpRequestFactory(branch=branch)
    client.force_login(coordinator_other_branch)
    assert client.post(url(help_request), {"urgency": "1"}).status_code == 404


def test_triage_answers_only_post(client, coordinator):
    client.force_login(coordinator)
    assert client.get(url(HelpRequestFactory())).status_code == 405


def test_the_request_page_shown_again_with_an_error_is_recorded_as_a_view(client, coordinator):
    from audit.models import AuditEntry
    from intake.tests.factories import HelpRequestFactory

    help_request = HelpRequestFactory()
    client.force_login(coordinator)
    response = client.post(
        f"/workspace/requests/{help_request.pk}/triage/", {"urgency": "not-a-number"}
    )
    assert response.status_code == 200
    assert list(AuditEntry.objects.values_list("verb", flat=True)) == ["intake.request_viewed"]
