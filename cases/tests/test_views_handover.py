"""Handing a leaving worker's open work over (/workspace/handover/)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from audit.models import AuditEntry
from cases.models import Assignment, Task
from cases.tests.factories import AssignmentFactory, CaseFactory, TaskFactory
from intake.models import HelpRequest
from intake.tests.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db

URL = reverse("handover:handover")


def member_url(user):
    return f"{URL}?user={user.pk}"


def give_work(user, branch, coordinator, count=1):
    for _n in range(count):
        case = CaseFactory(branch=branch, created_by=coordinator)
        AssignmentFactory(case=case, user=user)
        TaskFactory(case=case, owner=user, created_by=coordinator)
        HelpRequestFactory(branch=branch, assignee=user)


@pytest.fixture
def successor(branch):
    return UserFactory(email="successor@example.org", roles=[Role.CASEWORKER], branches=[branch])


@pytest.fixture
def work(branch, coordinator, caseworker):
    case = CaseFactory(branch=branch, created_by=coordinator, title="Кирпичный завод")
    AssignmentFactory(case=case, user=caseworker)
    return {
        "case": case,
        "task": TaskFactory(case=case, owner=caseworker, created_by=coordinator, title="Позвонить"),
        "request": HelpRequestFactory(branch=branch, assignee=caseworker),
    }


def test_the_coordinator_sees_who_holds_open_work_with_counts(
    client, coordinator, caseworker, work
):
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    [member] = response.context["members"]
    assert member == caseworker
    assert (member.open_requests, member.open_cases, member.open_tasks) == (1, 1, 1)


def test_deactivated_workers_come_first_and_are_marked(
    client, branch, coordinator, caseworker, work
):
    leaver = UserFactory(full_name="Zoe Leaver", roles=[Role.CASEWORKER], branches=[branch])
    give_work(leaver, branch, coordinator)
    leaver.is_active = False
    leaver.save()
    client.force_login(coordinator)
    response = client.get(URL)
    assert list(response.context["members"]) == [leaver, caseworker]
    assert "deactivated" in response.content.decode()


def test_people_without_open_work_are_not_listed(client, coordinator, caseworker):
    client.force_login(coordinator)
    assert list(client.get(URL).context["members"]) == []


def test_work_in_other_branches_is_neither_listed_nor_counted(
    client, other_branch, coordinator, coordinator_other_branch, caseworker, work
):
    caseworker.branches.add(other_branch)
    give_work(caseworker, other_branch, coordinator_other_branch, count=2)
    client.force_login(coordinator)
    [member] = client.get(URL).context["members"]
    assert (member.open_requests, member.open_cases, member.open_tasks) == (1, 1, 1)


def test_choosing_a_person_lists_their_open_work(client, coordinator, caseworker, work):
    client.force_login(coordinator)
    response = client.get(member_url(caseworker))
    page = response.content.decode()
    assert response.status_code == 200
    assert work["request"].reference in page
    assert "Кирпичный завод" in page
    assert "Позвонить" in page
    assert reverse("cases:case-detail", args=[work["case"].pk]) in page


def test_only_active_colleagues_who_work_cases_are_offered(
    client, branch, coordinator, caseworker, volunteer, successor, work
):
    UserFactory(roles=[Role.CASEWORKER], branches=[branch], is_active=False)
    client.force_login(coordinator)
    response = client.get(member_url(caseworker))
    offered = set(response.context["form"].fields["to_user"].queryset)
    assert offered == {coordinator, successor}


@pytest.mark.parametrize("persona", ["caseworker", "volunteer", "editor"])
def test_other_roles_are_refused(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == 403


def test_a_user_of_another_branch_is_404(client, coordinator, coordinator_other_branch):
    client.force_login(coordinator)
    assert client.get(member_url(coordinator_other_branch)).status_code == 404


@pytest.mark.parametrize("value", ["abc", "", "999999"])
def test_a_nonsense_user_is_404(client, coordinator, value):
    client.force_login(coordinator)
    assert client.get(f"{URL}?user={value}").status_code == 404


def test_one_post_hands_everything_over(client, coordinator, caseworker, successor, work):
    client.force_login(coordinator)
    response = client.post(member_url(caseworker), {"to_user": successor.pk})
    assert response.status_code == 302
    assert response.url == URL
    assert HelpRequest.objects.get(pk=work["request"].pk).assignee == successor
    assert list(work["case"].workers.all()) == [successor]
    assert Task.objects.get(pk=work["task"].pk).owner == successor


def test_the_result_message_gives_the_counts(client, coordinator, caseworker, successor, work):
    client.force_login(coordinator)
    response = client.post(member_url(caseworker), {"to_user": successor.pk}, follow=True)
    [message] = [str(message) for message in response.context["messages"]]
    assert "Requests: 1, cases: 1, tasks: 1." in message


def test_handing_over_to_the_same_person_moves_nothing(client, coordinator, caseworker, work):
    client.force_login(coordinator)
    response = client.post(member_url(caseworker), {"to_user": caseworker.pk})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Task.objects.get(pk=work["task"].pk).owner == caseworker
    assert not AuditEntry.objects.filter(verb="cases.work_handed_over").exists()


def test_handing_over_to_a_deactivated_account_moves_nothing(
    client, coordinator, caseworker, successor, work
):
    successor.is_active = False
    successor.save()
    client.force_login(coordinator)
    response = client.post(member_url(caseworker), {"to_user": successor.pk})
    assert response.status_code == 200
    assert "to_user" in response.context["form"].errors
    assert HelpRequest.objects.get(pk=work["request"].pk).assignee == caseworker


def test_a_refusal_by_the_rules_is_shown_on_the_form_and_moves_nothing(
    client, branch, other_branch, caseworker, successor, work
):
    both = UserFactory(roles=[Role.COORDINATOR], branches=[branch, other_branch])
    caseworker.branches.add(other_branch)
    give_work(caseworker, other_branch, both)
    client.force_login(both)
    response = client.post(member_url(caseworker), {"to_user": successor.pk})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Assignment.objects.filter(user=caseworker).count() == 2


def test_a_coordinator_cannot_take_work_from_another_branch(
    client, coordinator, coordinator_other_branch, other_branch
):
    worker = UserFactory(roles=[Role.CASEWORKER], branches=[other_branch])
    give_work(worker, other_branch, coordinator_other_branch)
    client.force_login(coordinator)
    response = client.post(member_url(worker), {"to_user": coordinator.pk})
    assert response.status_code == 404
    assert Assignment.objects.get().user == worker


def test_a_caseworker_cannot_post_a_hand_over(client, caseworker, successor, work):
    client.force_login(caseworker)
    response = client.post(member_url(caseworker), {"to_user": successor.pk})
    assert response.status_code == 403
    assert Task.objects.get(pk=work["task"].pk).owner == caseworker


def test_a_post_without_a_person_changes_nothing(client, coordinator, successor, work):
    client.force_login(coordinator)
    assert client.post(URL, {"to_user": successor.pk}).status_code == 302
    assert not AuditEntry.objects.filter(verb="cases.work_handed_over").exists()


def test_the_list_queries_do_not_grow_with_members(
    client, branch, coordinator, django_assert_num_queries
):
    def add_members(count):
        for _n in range(count):
            give_work(UserFactory(roles=[Role.CASEWORKER], branches=[branch]), branch, coordinator)

    add_members(3)
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    add_members(17)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert len(response.context["members"]) == 20


def test_the_work_lists_do_not_grow_in_queries_with_items(
    client, branch, coordinator, caseworker, django_assert_num_queries
):
    give_work(caseworker, branch, coordinator, count=3)
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get(member_url(caseworker))
    give_work(caseworker, branch, coordinator, count=17)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(member_url(caseworker))
    assert len(response.context["tasks"]) == 20
