"""A shelter's page: the facts, who stays there for those who may see them, numbers for others,
and never the street address."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from cases.tests.factories import AssignmentFactory, CaseFactory
from shelters.tests.factories import ShelterFactory

pytestmark = pytest.mark.django_db


def detail(client, user, shelter):
    client.force_login(user)
    response = client.get(reverse("shelters:shelter-detail", args=[shelter.pk]))
    assert response.status_code == 200
    return response


def test_the_page_shows_the_city_and_the_occupancy(client, caseworker, shelter, stay):
    response = detail(client, caseworker, shelter)
    page = response.content.decode()
    assert shelter.city in page
    assert response.context["placements"].occupancy == 1


def test_the_page_never_shows_the_street_address(client, coordinator, shelter, address, stay):
    page = detail(client, coordinator, shelter).content.decode()
    assert address.street_address not in page


def test_the_worker_on_the_case_sees_who_stays_there(client, caseworker, shelter, stay):
    response = detail(client, caseworker, shelter)
    assert response.context["placements"].current == [stay]
    assert stay.person.full_name in response.content.decode()


def test_each_person_shown_as_staying_is_recorded_as_viewed(client, caseworker, shelter, stay):
    from audit.models import AuditEntry

    detail(client, caseworker, shelter)
    [entry] = AuditEntry.objects.filter(verb="cases.person_viewed")
    assert entry.target_id == str(stay.person.pk)


def test_someone_who_sees_only_the_number_leaves_no_person_viewed_entry(
    client, coordinator_other_branch, shelter, stay
):
    from audit.models import AuditEntry

    detail(client, coordinator_other_branch, shelter)
    assert not AuditEntry.objects.filter(verb="cases.person_viewed").exists()


def test_the_worker_on_the_case_may_end_the_stay(client, caseworker, shelter, stay):
    page = detail(client, caseworker, shelter).content.decode()
    assert reverse("shelters:placement-end", args=[stay.pk]) in page


def test_a_worker_on_other_cases_sees_only_the_number(client, branch, shelter, stay):
    other = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    AssignmentFactory(case=CaseFactory(branch=branch), user=other)
    response = detail(client, other, shelter)
    placements = response.context["placements"]
    assert (placements.current, placements.occupancy, placements.unseen_today) == ([], 1, 1)
    assert stay.person.family_name not in response.content.decode()


def test_a_coordinator_of_another_branch_sees_only_the_number(
    client, coordinator_other_branch, shelter, stay
):
    response = detail(client, coordinator_other_branch, shelter)
    assert response.context["placements"].unseen_today == 1
    assert stay.person.family_name not in response.content.decode()


def test_the_show_address_button_is_there_for_the_branch_coordinator(client, coordinator, shelter):
    page = detail(client, coordinator, shelter).content.decode()
    assert reverse("shelters:shelter-address", args=[shelter.pk]) in page


def test_the_show_address_button_is_there_for_the_worker_of_someone_staying(
    client, caseworker, shelter, stay
):
    page = detail(client, caseworker, shelter).content.decode()
    assert reverse("shelters:shelter-address", args=[shelter.pk]) in page


def test_no_show_address_button_for_others(client, coordinator_other_branch, shelter):
    page = detail(client, coordinator_other_branch, shelter).content.decode()
    assert reverse("shelters:shelter-address", args=[shelter.pk]) not in page


def test_only_a_coordinator_of_the_branch_gets_the_edit_link(
    client, coordinator_other_branch, shelter
):
    page = detail(client, coordinator_other_branch, shelter).content.decode()
    assert reverse("shelters:shelter-edit", args=[shelter.pk]) not in page


def test_html_in_the_contact_is_shown_as_text(client, caseworker, branch):
    shelter = ShelterFactory(branch=branch, contact='<img src=x onerror="alert(1)">')
    page = detail(client, caseworker, shelter).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x" in page


def test_an_unknown_shelter_is_not_found(client, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse("shelters:shelter-detail", args=[999999])).status_code == 404
