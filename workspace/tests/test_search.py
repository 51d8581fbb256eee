"""The workspace search box (/workspace/search/): people by any spelling, cases and requests by
reference, and never anything the user could not open from its own list."""

import pytest
from django.urls import reverse

from cases.models import Contact
from cases.tests.factories import AssignmentFactory, CaseFactory, ParticipantFactory, PersonFactory

pytestmark = pytest.mark.django_db

URL = reverse("workspace:search")


@pytest.fixture
def moscow(branch, coordinator, caseworker):
    case = CaseFactory(branch=branch, created_by=coordinator, title="Brick kiln, Tver region")
    AssignmentFactory(case=case, user=caseworker)
    person = PersonFactory(branch=branch, given_name="Зарема", family_name="Вымыслова")
    ParticipantFactory(case=case, person=person, role="victim")
    Contact.objects.create(person=person, kind="phone", value="+7 928 000 11 22")
    return case, person


def search(client, user, query):
    client.force_login(user)
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("query", ["Zarema Vymyslova", "Вымыслова", "89280001122", "Zarema"])
def test_the_case_team_finds_the_person(client, caseworker, moscow, query):
    results = search(client, caseworker, query).context["results"]
    assert results.people == [moscow[1]]


def test_a_case_is_found_by_reference_and_by_title(client, coordinator, moscow):
    case = moscow[0]
    assert search(client, coordinator, case.reference).context["results"].cases == [case]
    assert search(client, coordinator, "kiln tver").context["results"].cases == [case]


@pytest.mark.parametrize("query", ["Zarema Vymyslova", "Вымыслова", "89280001122", "kiln"])
def test_another_branch_finds_nothing_and_learns_nothing(
    client, coordinator_other_branch, moscow, query
):
    response = search(client, coordinator_other_branch, query)
    results = response.context["results"]
    assert results.is_empty and results.people_count == 0
    html = response.content.decode().replace(f'value="{query}"', "")
    assert "Вымыслова" not in html and moscow[0].reference not in html
    assert "Nothing you can see matches the search." in html


def test_an_editor_gets_no_people_or_cases(client, editor, moscow):
    results = search(client, editor, "Vymyslova").context["results"]
    assert results.is_empty


def test_the_people_list_of_another_branch_does_not_count_them(
    client, coordinator_other_branch, moscow
):
    client.force_login(coordinator_other_branch)
    response = client.get(reverse("people:person-list"), {"q": "Zarema Vymyslova"})
    assert list(response.context["page"].object_list) == []
    assert response.context["page"].paginator.count == 0


def test_the_box_is_on_every_workspace_page(client, caseworker):
    client.force_login(caseworker)
    html = client.get(reverse("workspace:dashboard")).content.decode()
    assert f'action="{URL}"' in html
