import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import BranchFactory, UserFactory


def test_coordinator_sees_only_their_own_branch_in_the_list(
    client, coordinator, branch, other_branch
):
    client.force_login(coordinator)
    response = client.get(reverse("team:branch-list"))
    assert list(response.context["branches"]) == [branch]


def test_administrator_sees_every_branch(client, administrator, branch, other_branch):
    client.force_login(administrator)
    response = client.get(reverse("team:branch-list"))
    assert set(response.context["branches"]) == {branch, other_branch}


def test_coordinator_gets_404_for_another_branch(client, coordinator, other_branch):
    client.force_login(coordinator)
    response = client.get(reverse("team:branch-detail", args=[other_branch.pk]))
    assert response.status_code == 404


def test_coordinator_sees_the_members_of_their_branch(client, coordinator, caseworker, branch):
    client.force_login(coordinator)
    response = client.get(reverse("team:branch-detail", args=[branch.pk]))
    assert response.status_code == 200
    assert caseworker.email in response.content.decode()


def test_caseworker_sees_their_branch_but_not_its_member_list(
    client, caseworker, coordinator, branch
):
    client.force_login(caseworker)
    response = client.get(reverse("team:branch-detail", args=[branch.pk]))
    assert response.status_code == 200
    assert coordinator.email not in response.content.decode()


def test_volunteer_may_not_open_the_branch_list(client, volunteer):
    client.force_login(volunteer)
    assert client.get(reverse("team:branch-list")).status_code == 403


def test_deactivated_members_are_not_listed(client, coordinator, branch):
    UserFactory(email="gone@example.org", branches=[branch], is_active=False)
    client.force_login(coordinator)
    response = client.get(reverse("team:branch-detail", args=[branch.pk]))
    assert "gone@example.org" not in response.content.decode()


@pytest.mark.django_db
def test_branch_list_queries_do_not_grow_with_branches(
    client, administrator, django_assert_max_num_queries
):
    for n in range(3):
        BranchFactory(name=f"Small {n}")
    client.force_login(administrator)
    client.get(reverse("team:branch-list"))  # warm the permission cache of the session
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("team:branch-list"))
    for n in range(20):
        UserFactory(branches=[BranchFactory(name=f"More {n}")], roles=[Role.CASEWORKER])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("team:branch-list"))


def test_member_list_queries_do_not_grow_with_members(
    client, coordinator, branch, django_assert_max_num_queries
):
    client.force_login(coordinator)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("team:branch-detail", args=[branch.pk]))
    for _n in range(15):
        UserFactory(branches=[branch], roles=[Role.CASEWORKER])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("team:branch-detail", args=[branch.pk]))


def test_profile_saves_the_workspace_language(client, caseworker):
    client.force_login(caseworker)
    response = client.post(reverse("team:profile"), {"full_name": "Anna K", "language": "ru"})
    assert response.status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.language == "ru"


def test_workspace_speaks_the_users_language(client, caseworker):
    caseworker.language = "ru"
    caseworker.save()
    client.force_login(caseworker)
    response = client.get(reverse("workspace:dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Ваши роли" in response.content.decode()


def test_profile_with_an_empty_name_shows_the_error_and_keeps_the_old_name(client, caseworker):
    old_name = caseworker.full_name
    client.force_login(caseworker)
    response = client.post(reverse("team:profile"), {"full_name": "", "language": "xx"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"full_name", "language"}
    caseworker.refresh_from_db()
    assert caseworker.full_name == old_name
