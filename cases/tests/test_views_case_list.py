"""The cases list: scoped to need-to-know, filterable, paginated, and a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from cases.models import Case
from cases.tests.factories import AssignmentFactory, CaseFactory

pytestmark = pytest.mark.django_db

URL = reverse("cases:case-list")


def listed(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_the_list_shows_the_cases_of_the_coordinators_branch(
    client, branch, other_branch, coordinator
):
    mine = CaseFactory(branch=branch)
    CaseFactory(branch=other_branch)
    assert listed(client, coordinator) == [mine]


def test_a_caseworker_lists_only_assigned_cases(client, branch, caseworker):
    assigned = CaseFactory(branch=branch)
    AssignmentFactory(case=assigned, user=caseworker)
    CaseFactory(branch=branch)
    assert listed(client, caseworker) == [assigned]


def test_closed_cases_are_left_out_by_default(client, branch, coordinator):
    open_case = CaseFactory(branch=branch)
    CaseFactory(
        branch=branch, status=Case.Status.CLOSED, outcome="exited", closed_at=timezone.now()
    )
    assert listed(client, coordinator) == [open_case]


def test_any_status_includes_closed_cases(client, branch, coordinator):
    CaseFactory(branch=branch)
    CaseFactory(
        branch=branch, status=Case.Status.CLOSED, outcome="exited", closed_at=timezone.now()
    )
    assert len(listed(client, coordinator, status="all")) == 2


def test_filter_by_status(client, branch, coordinator):
    verifying = CaseFactory(branch=branch, status=Case.Status.VERIFYING)
    CaseFactory(branch=branch)
    assert listed(client, coordinator, status="verifying") == [verifying]


def test_filter_by_branch(client, branch, other_branch, coordinator):
    coordinator.branches.add(other_branch)
    CaseFactory(branch=branch)
    harare = CaseFactory(branch=other_branch)
    assert listed(client, coordinator, branch=other_branch.pk) == [harare]


def test_filter_by_assigned_worker(client, branch, coordinator, caseworker):
    theirs = CaseFactory(branch=branch)
    AssignmentFactory(case=theirs, user=caseworker)
    CaseFactory(branch=branch)
    assert listed(client, coordinator, worker=caseworker.pk) == [theirs]


def test_filter_by_exploitation_type(client, branch, coordinator):
    begging = CaseFactory(branch=branch, exploitation_types=["ForcedBegging", "DebtBondage"])
    CaseFactory(branch=branch, exploitation_types=["ForcedLabour"])
    assert listed(client, coordinator, exploitation_type="ForcedBegging") == [begging]


def test_filter_by_risk(client, branch, coordinator):
    critical = CaseFactory(branch=branch, risk=Case.Risk.CRITICAL)
    CaseFactory(branch=branch, risk=Case.Risk.LOW)
    assert listed(client, coordinator, risk=Case.Risk.CRITICAL) == [critical]


def test_filter_by_opening_dates(client, branch, coordinator):
    old = CaseFactory(branch=branch)
    recent = CaseFactory(branch=branch)
    Case.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=40))
    since = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    until = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    assert listed(client, coordinator, opened_from=since) == [recent]
    assert listed(client, coordinator, opened_to=until) == [old]


def test_search_finds_a_title(client, branch, coordinator):
    kiln = CaseFactory(branch=branch, title="Kiln by the river")
    CaseFactory(branch=branch, title="Farm")
    assert listed(client, coordinator, q="kiln") == [kiln]


def test_search_finds_a_reference(client, branch, coordinator):
    case = CaseFactory(branch=branch, title="Farm")
    CaseFactory(branch=branch, title="Kiln")
    assert listed(client, coordinator, q=case.reference) == [case]


def test_a_reversed_date_range_is_explained(client, coordinator):
    client.force_login(coordinator)
    response = client.get(URL, {"opened_from": "2026-02-01", "opened_to": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_nonsense_filter_values_are_form_errors_not_crashes(client, coordinator):
    client.force_login(coordinator)
    response = client.get(URL, {"risk": "x", "branch": "999", "opened_from": "soon", "page": "z"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"risk", "branch", "opened_from"}


def test_the_worker_filter_offers_only_workers_of_visible_cases(
    client, branch, other_branch, coordinator
):
    stranger = UserFactory(roles=[Role.CASEWORKER], branches=[other_branch])
    AssignmentFactory(case=CaseFactory(branch=other_branch), user=stranger)
    client.force_login(coordinator)
    response = client.get(URL)
    assert stranger not in response.context["form"].fields["worker"].queryset


def test_the_list_is_paginated(client, branch, coordinator):
    CaseFactory.create_batch(30, branch=branch)
    client.force_login(coordinator)
    response = client.get(URL, {"page": 2})
    assert len(response.context["page"].object_list) == 5


def test_a_list_longer_than_the_limit_says_more_than_and_pages_through_the_first(
    client, branch, coordinator, monkeypatch
):
    monkeypatch.setattr("svoboda.pagination.DEFAULT_LIMIT", 30)
    CaseFactory.create_batch(32, branch=branch)
    client.force_login(coordinator)
    response = client.get(URL, {"page": 9})
    html = response.content.decode()
    assert "More than 30 cases" in html
    assert "Only the first 30 are listed: narrow the filters to find the others." in html
    # The last page of the first 30: five cases, not the seven beyond page 1.
    assert response.context["page"].number == 2
    assert len(response.context["page"].object_list) == 5


def test_html_in_a_title_is_escaped_in_the_list(client, branch, coordinator):
    CaseFactory(branch=branch, title="<script>alert(1)</script>")
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in html


def test_the_list_offers_opening_a_case_to_coordinators_only(client, coordinator, caseworker):
    client.force_login(coordinator)
    assert reverse("cases:case-new") in client.get(URL).content.decode()
    client.force_login(caseworker)
    assert reverse("cases:case-new") not in client.get(URL).content.decode()


def _cases_with_workers(branch, count):
    for _n in range(count):
        case = CaseFactory(branch=branch)
        AssignmentFactory(case=case, user=UserFactory(roles=[Role.CASEWORKER], branches=[branch]))


def test_the_number_of_queries_does_not_grow_with_the_cases(
    client, branch, coordinator, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(coordinator)
    _cases_with_workers(branch, 3)
    client.get(URL)  # warm up the content types and the session
    with django_assert_max_num_queries(20) as three:
        assert len(client.get(URL).context["page"].object_list) == 3
    _cases_with_workers(branch, 17)
    with django_assert_num_queries(len(three.captured_queries)):
        assert len(client.get(URL).context["page"].object_list) == 20


def test_an_assigned_volunteer_sees_no_team_names_in_the_list(
    client, branch, volunteer, caseworker
):
    from cases.tests.factories import AssignmentFactory, CaseFactory

    case = CaseFactory(branch=branch)
    AssignmentFactory(case=case, user=volunteer)
    AssignmentFactory(case=case, user=caseworker)
    client.force_login(volunteer)
    response = client.get("/workspace/cases/")
    html = response.content.decode()
    assert case.title in html
    assert caseworker.full_name not in html
