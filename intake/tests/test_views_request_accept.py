"""Accepting a request into a new case or into a case that already exists."""

import pytest
from django.urls import reverse

from cases.models import Case
from cases.tests.factories import CaseFactory
from intake import actions
from intake.models import HelpRequest
from intake.tests.factories import HelpRequestFactory, MessageFactory

pytestmark = pytest.mark.django_db


def accept_url(help_request):
    return reverse("intake:request-accept", args=[help_request.pk])


def link_url(help_request):
    return reverse("intake:request-link", args=[help_request.pk])


# Into a new case


def test_coordinator_opens_a_case_and_lands_on_its_page(client, coordinator, branch):
    help_request = HelpRequestFactory()
    client.force_login(coordinator)
    response = client.post(accept_url(help_request), {"title": "Kiln", "branch": branch.pk})
    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cases:case-detail", args=[case.pk])
    assert HelpRequest.objects.get(pk=help_request.pk).case == case


def test_the_writers_thread_goes_with_the_request_into_the_case(client, coordinator, branch):
    help_request = HelpRequestFactory()
    MessageFactory(request=help_request, body="Ещё подробности")
    client.force_login(coordinator)
    client.post(accept_url(help_request), {"title": "Kiln", "branch": branch.pk})
    page = client.get(help_request.get_absolute_url()).content.decode()
    assert "Ещё подробности" in page


def test_a_branch_not_theirs_is_not_a_valid_choice(client, coordinator, other_branch):
    help_request = HelpRequestFactory()
    client.force_login(coordinator)
    response = client.post(accept_url(help_request), {"title": "Kiln", "branch": other_branch.pk})
    assert response.status_code == 200
    assert response.context["forms"]["accept"].errors["branch"]
    assert not Case.objects.exists()


def test_a_missing_title_is_a_form_error(client, coordinator, branch):
    help_request = HelpRequestFactory()
    client.force_login(coordinator)
    response = client.post(accept_url(help_request), {"title": "", "branch": branch.pk})
    assert response.status_code == 200
    assert response.context["forms"]["accept"].errors["title"]
    assert not Case.objects.exists()


def test_accepting_twice_is_explained_and_opens_no_second_case(client, coordinator, branch):
    help_request = HelpRequestFactory()
    actions.accept_request_into_new_case(
        actor=coordinator, request=help_request, title="Kiln", branch=branch
    )
    client.force_login(coordinator)
    response = client.post(accept_url(help_request), {"title": "Again", "branch": branch.pk})
    assert response.status_code == 200
    assert "This request has already been dealt with." in response.content.decode()
    assert Case.objects.count() == 1


def test_caseworker_may_not_accept(client, caseworker, branch):
    help_request = HelpRequestFactory(branch=branch, assignee=caseworker)
    client.force_login(caseworker)
    response = client.post(accept_url(help_request), {"title": "Kiln", "branch": branch.pk})
    assert response.status_code == 403
    assert not Case.objects.exists()


def test_coordinator_of_another_branch_gets_404(client, coordinator_other_branch, branch):
    help_request = HelpRequestFactory(branch=branch)
    client.force_login(coordinator_other_branch)
    response = client.post(accept_url(help_request), {"title": "Kiln", "branch": branch.pk})
    assert response.status_code == 404


# Into an existing case


def test_coordinator_adds_the_request_to_an_open_case_of_their_branch(client, coordinator, branch):
    case = CaseFactory(branch=branch)
    help_request = HelpRequestFactory()
    client.force_login(coordinator)
    response = client.post(link_url(help_request), {"case": case.pk})
    assert response.status_code == 302
    assert response.url == reverse("cases:case-detail", args=[case.pk])
    assert HelpRequest.objects.get(pk=help_request.pk).case == case


def test_a_case_of_another_branch_cannot_be_chosen(client, coordinator, other_branch):
    case = CaseFactory(branch=other_branch)
    help_request = HelpRequestFactory()
    client.force_login(coordinator)
    response = client.post(link_url(help_request), {"case": case.pk})
    assert response.status_code == 200
    assert response.context["forms"]["link"].errors["case"]
    assert HelpRequest.objects.get(pk=help_request.pk).case is None


def test_no_case_chosen_is_a_form_error(client, coordinator):
    help_request = HelpRequestFactory()
    client.force_login(coordinator)
    response = client.post(link_url(help_request), {"case": ""})
    assert response.status_code == 200
    assert response.context["forms"]["link"].errors["case"]
