"""The operations list: scoped to need-to-know, filterable, paginated, a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from operations.models import Operation
from operations.tests.factories import OperationFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

URL = reverse("operations:operation-list")


def listed(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_the_list_shows_the_operations_of_the_coordinators_branch(
    client, branch, other_branch, coordinator
):
    mine = OperationFactory(branch=branch)
    OperationFactory(branch=other_branch)
    assert listed(client, coordinator) == [mine]


def test_a_volunteer_lists_only_the_operations_they_are_on(client, branch, volunteer):
    theirs = OperationFactory(branch=branch)
    TeamMemberFactory(operation=theirs, user=volunteer)
    OperationFactory(branch=branch)
    assert listed(client, volunteer) == [theirs]


def test_filter_by_status(client, branch, coordinator):
    aborted = OperationFactory(branch=branch, status="aborted", abort_reason="Moved")
    OperationFactory(branch=branch)
    assert listed(client, coordinator, status="aborted") == [aborted]


def test_filter_by_branch(client, branch, other_branch, coordinator):
    coordinator.branches.add(other_branch)
    OperationFactory(branch=branch)
    harare = OperationFactory(branch=other_branch)
    assert listed(client, coordinator, branch=other_branch.pk) == [harare]


def test_filter_by_date(client, branch, coordinator):
    soon = timezone.now() + datetime.timedelta(days=2)
    later = OperationFactory(branch=branch, starts_at=soon + datetime.timedelta(days=30))
    OperationFactory(branch=branch, starts_at=soon)
    day = (soon + datetime.timedelta(days=10)).date().isoformat()
    assert listed(client, coordinator, date_from=day) == [later]


def test_dates_in_the_wrong_order_show_a_message(client, coordinator):
    client.force_login(coordinator)
    response = client.get(URL, {"date_from": "2030-02-01", "date_to": "2030-01-01"})
    assert "The start date is after the end date." in response.content.decode()


def test_the_list_is_paginated(client, branch, coordinator):
    OperationFactory.create_batch(30, branch=branch)
    client.force_login(coordinator)
    response = client.get(URL, {"page": 2})
    assert len(response.context["page"].object_list) == 5


def test_newest_start_comes_first(client, branch, coordinator):
    soon = timezone.now() + datetime.timedelta(days=1)
    first = OperationFactory(branch=branch, starts_at=soon)
    second = OperationFactory(branch=branch, starts_at=soon + datetime.timedelta(days=1))
    assert listed(client, coordinator) == [second, first]


def test_an_editor_is_refused_the_list(client, editor):
    client.force_login(editor)
    assert client.get(URL).status_code == 403


def test_the_plan_link_shows_only_to_those_who_plan(client, branch, coordinator, caseworker):
    client.force_login(caseworker)
    assert reverse("operations:operation-new") not in client.get(URL).content.decode()
    client.force_login(coordinator)
    assert reverse("operations:operation-new") in client.get(URL).content.decode()


def test_list_queries_do_not_grow_with_operations(
    client, branch, coordinator, django_assert_max_num_queries, django_assert_num_queries
):
    OperationFactory.create_batch(2, branch=branch)
    client.force_login(coordinator)
    client.get(URL)
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    OperationFactory.create_batch(15, branch=branch)
    assert Operation.objects.count() == 17
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(URL)
