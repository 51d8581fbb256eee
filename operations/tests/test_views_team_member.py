"""A volunteer on the team: sees the operation and what their part needs, and nothing else of
the branch — not the cases, their people, notes or contacts."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from cases.models import Participant
from cases.tests.factories import NoteFactory
from operations import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(operation_with_driver, coordinator, case):
    actions.add_contact(
        actor=coordinator,
        operation=operation_with_driver,
        kind="law_enforcement",
        name="Major Sidorov",
        details="+7 900 111-22-33",
    )
    actions.add_transport_item(
        actor=coordinator,
        operation=operation_with_driver,
        description="Minibus from the station",
        cost=4500,
        currency="RUB",
    )
    NoteFactory(case=case, body="Ivan's sister phoned.", author=coordinator)
    return operation_with_driver


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_volunteer_sees_place_time_team_role_transport_checklist_and_brief(
    client, busy, driver
):
    html = page(client, driver, busy.get_absolute_url())
    for text in (
        "Road to the kiln, second gate",  # place
        busy.starts_at.strftime("%Y-%m-%d"),  # time window
        "Vera Driver",  # team
        "Driver",  # their role
        "Minibus from the station",  # transport
        "Exit route agreed",  # checklist
        "Meet at the station at 6.",  # brief
    ):
        assert text in html


def test_the_volunteer_sees_no_case_survivor_note_or_contact(client, busy, driver, case):
    html = page(client, driver, busy.get_absolute_url())
    for text in (case.title, case.reference, "Ivan", "Kuznetsov", "sister", "Major Sidorov"):
        assert text not in html


def test_the_volunteer_cannot_open_the_operations_case(client, busy, driver, case):
    client.force_login(driver)
    assert client.get(case.get_absolute_url()).status_code == 404


def test_the_volunteer_cannot_open_other_cases_of_the_branch(client, busy, driver, other_case):
    client.force_login(driver)
    assert client.get(other_case.get_absolute_url()).status_code == 404


def test_the_volunteer_lists_no_cases_of_the_branch(client, busy, driver, other_case):
    client.force_login(driver)
    response = client.get(reverse("cases:case-list"), {"status": "all"})
    assert list(response.context["page"].object_list) == []


def test_the_volunteer_lists_the_operation(client, busy, driver):
    client.force_login(driver)
    response = client.get(reverse("operations:operation-list"))
    assert list(response.context["page"].object_list) == [busy]


def test_the_volunteers_brief_has_no_survivor_names(client, busy, driver, case):
    html = page(client, driver, reverse("operations:operation-brief", args=[busy.pk]))
    for participant in Participant.objects.filter(case=case).select_related("person"):
        assert participant.person.given_name not in html
        assert participant.person.family_name not in html
    assert "Major Sidorov" not in html
    assert "2 people" in html  # how many, for the seats in the minibus; never who


def test_the_volunteers_brief_shows_their_role_and_the_team(client, busy, driver):
    html = page(client, driver, reverse("operations:operation-brief", args=[busy.pk]))
    assert "Vera Driver" in html
    assert "Meet at the station at 6." in html


def test_the_coordinators_brief_has_first_names_only(client, busy, coordinator):
    html = page(client, coordinator, reverse("operations:operation-brief", args=[busy.pk]))
    assert "Ivan" in html and "Oleg" in html
    assert "Kuznetsov" not in html and "Petrov" not in html


def test_the_brief_is_audited(client, busy, driver):
    page(client, driver, reverse("operations:operation-brief", args=[busy.pk]))
    assert AuditEntry.objects.filter(
        verb="operations.brief_viewed", target_id=str(busy.pk), actor=driver
    ).exists()


def test_the_brief_has_print_styles(client, busy, driver):
    html = page(client, driver, reverse("operations:operation-brief", args=[busy.pk]))
    assert "operations/brief.css" in html


def test_after_completion_the_volunteer_sees_no_rescued_names(
    client, running_operation, coordinator, driver, case
):
    running_operation.team.create(user=driver, role="driver")
    actions.complete_operation(
        actor=coordinator,
        operation=running_operation,
        outcome="all_out",
        summary="Ivan and Oleg left with us.",
        rescued=list(Participant.objects.filter(case=case)),
    )
    html = page(client, driver, running_operation.get_absolute_url())
    assert "Ivan" not in html
    assert "Completed" in html


def test_a_volunteer_off_the_team_gets_404(client, busy, volunteer):
    client.force_login(volunteer)
    assert client.get(busy.get_absolute_url()).status_code == 404
    assert client.get(reverse("operations:operation-brief", args=[busy.pk])).status_code == 404
