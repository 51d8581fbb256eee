"""The case page's section on rescue operations (cases/templates/cases/_case_operations.html)."""

import pytest
from django.urls import reverse

from cases.tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


def case_page(client, user, case):
    client.force_login(user)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_case_page_links_to_the_cases_operations(client, operation, coordinator, case):
    html = case_page(client, coordinator, case)
    assert operation.get_absolute_url() in html


def test_the_coordinator_may_plan_an_operation_from_the_case(client, case, coordinator):
    html = case_page(client, coordinator, case)
    assert f"{reverse('operations:operation-new')}?case={case.pk}" in html


def test_a_caseworker_sees_the_operation_but_no_plan_link(
    client, operation, caseworker_on_case, case
):
    html = case_page(client, caseworker_on_case, case)
    assert operation.get_absolute_url() in html
    assert reverse("operations:operation-new") not in html


def test_an_assigned_volunteer_off_the_team_sees_no_operation(client, operation, volunteer, case):
    AssignmentFactory(case=case, user=volunteer)
    html = case_page(client, volunteer, case)
    assert operation.get_absolute_url() not in html
