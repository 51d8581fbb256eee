"""The operation page: what each reader sees, and the status steps with their messages."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from cases.models import Participant
from operations import actions
from operations.models import Operation
from operations.tests.factories import tick_all

pytestmark = pytest.mark.django_db


def page(client, user, operation):
    client.force_login(user)
    response = client.get(operation.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def post(client, user, operation, name, data=None, *extra):
    client.force_login(user)
    return client.post(reverse(f"operations:{name}", args=[operation.pk, *extra]), data or {})


def test_the_coordinator_sees_cases_survivors_and_contacts(client, operation, coordinator, case):
    actions.add_contact(
        actor=coordinator, operation=operation, kind="law_enforcement", name="Station 5"
    )
    html = page(client, coordinator, operation)
    assert case.title in html
    assert "Ivan Kuznetsov" in html
    assert "Station 5" in html


def test_opening_the_page_is_audited(client, operation, coordinator):
    page(client, coordinator, operation)
    assert AuditEntry.objects.filter(
        verb="operations.operation_viewed", target_id=str(operation.pk), actor=coordinator
    ).exists()


def test_html_in_the_plan_is_shown_as_text(client, operation, coordinator):
    actions.update_plan(actor=coordinator, operation=operation, brief="<script>alert(1)</script>")
    html = page(client, coordinator, operation)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_marking_ready_with_the_checklist_incomplete_says_what_is_missing(
    client, operation, coordinator
):
    actions.approve_operation(actor=coordinator, operation=operation)
    response = post(client, coordinator, operation, "operation-ready")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The risk checklist is not complete" in html
    assert "Exit route agreed" in html
    operation.refresh_from_db()
    assert operation.status == Operation.Status.PLANNING


def test_marking_ready_without_approval_says_so(client, operation, coordinator):
    tick_all(operation, coordinator)
    response = post(client, coordinator, operation, "operation-ready")
    assert "must approve the plan first" in response.content.decode()


def test_ticking_an_item_from_the_page(client, operation, coordinator, checklist):
    response = post(
        client, coordinator, operation, "checklist-tick", {"ticked": "on"}, checklist[0].pk
    )
    assert response.status_code == 302
    assert operation.ticks.filter(item=checklist[0]).exists()


def test_unticking_an_item_from_the_page(client, operation, coordinator, checklist):
    tick_all(operation, coordinator)
    post(client, coordinator, operation, "checklist-tick", {}, checklist[0].pk)
    assert not operation.ticks.filter(item=checklist[0]).exists()


def test_a_retired_item_is_not_found(client, operation, coordinator, checklist):
    checklist[0].is_active = False
    checklist[0].save()
    response = post(client, coordinator, operation, "checklist-tick", {"ticked": "on"}, 999_999)
    assert response.status_code == 404


def test_aborting_without_a_reason_shows_the_form_again(client, operation, coordinator):
    response = post(client, coordinator, operation, "operation-abort", {"reason": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    operation.refresh_from_db()
    assert operation.status == Operation.Status.PLANNING


def test_a_blank_reason_is_refused_by_the_rule(client, operation, coordinator):
    response = post(client, coordinator, operation, "operation-abort", {"reason": "   "})
    assert response.status_code == 200
    operation.refresh_from_db()
    assert operation.status == Operation.Status.PLANNING


def test_bad_transport_input_shows_the_form_again_with_what_was_typed(
    client, operation, coordinator
):
    response = post(
        client,
        coordinator,
        operation,
        "transport-add",
        {"description": "Night train", "cost": "-5", "currency": "RUB"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Night train" in html
    assert 'id="form-transport" open' in html
    assert not operation.transport.exists()


def test_a_wrong_currency_code_is_refused(client, operation, coordinator):
    response = post(
        client,
        coordinator,
        operation,
        "transport-add",
        {"description": "Train", "cost": "5", "currency": "R1"},
    )
    assert "three-letter currency code" in response.content.decode()
    assert not operation.transport.exists()


def test_putting_someone_twice_on_the_team_is_refused(client, operation, coordinator, driver):
    actions.add_team_member(actor=coordinator, operation=operation, user=driver, role="driver")
    response = post(
        client, coordinator, operation, "team-add", {"user": driver.pk, "role": "medic"}
    )
    # The person is no longer offered, so the form refuses the choice itself.
    assert response.status_code == 200
    assert operation.team.count() == 2


def test_removing_a_team_member_from_the_page(client, operation_with_driver, coordinator, driver):
    member = operation_with_driver.team.get(user=driver)
    response = post(client, coordinator, operation_with_driver, "team-remove", {}, member.pk)
    assert response.status_code == 302
    assert not operation_with_driver.team.filter(user=driver).exists()


def test_a_change_after_approval_warns_that_the_approval_was_withdrawn(
    client, operation, coordinator
):
    actions.approve_operation(actor=coordinator, operation=operation)
    response = post(
        client,
        coordinator,
        operation,
        "transport-add",
        {"description": "Train", "cost": "5", "currency": "RUB"},
    )
    response = client.get(response["Location"])
    assert "its approval was withdrawn" in response.content.decode()


def test_the_status_buttons_follow_the_status(client, ready_operation, coordinator):
    html = page(client, coordinator, ready_operation)
    assert reverse("operations:operation-start", args=[ready_operation.pk]) in html
    assert reverse("operations:operation-ready", args=[ready_operation.pk]) not in html


def test_a_caseworker_sees_no_buttons_to_change_the_operation(
    client, operation, caseworker_on_case
):
    html = page(client, caseworker_on_case, operation)
    assert reverse("operations:operation-approve", args=[operation.pk]) not in html
    assert reverse("operations:operation-edit", args=[operation.pk]) not in html


def test_the_debrief_lists_the_people_who_left(client, running_operation, coordinator, case):
    rescued = list(Participant.objects.filter(case=case))
    actions.complete_operation(
        actor=coordinator,
        operation=running_operation,
        outcome="all_out",
        summary="All out.",
        media_links="https://news.example.org/kiln",
        rescued=rescued,
    )
    html = page(client, coordinator, running_operation)
    assert "Ivan Kuznetsov" in html
    assert 'href="https://news.example.org/kiln"' in html


def people_viewed(user, via):
    return {
        entry.target_id
        for entry in AuditEntry.objects.filter(verb="cases.person_viewed", actor=user)
        if entry.changes.get("via") == via
    }


def test_each_survivor_named_on_the_page_is_recorded_as_viewed(
    client, operation, coordinator, case
):
    survivors = {str(p.person_id) for p in case.participants.filter(role=Participant.Role.VICTIM)}
    assert survivors
    page(client, coordinator, operation)
    assert people_viewed(coordinator, "operation") == survivors
    [entry] = AuditEntry.objects.filter(verb="cases.person_viewed", actor=coordinator)[:1]
    assert entry.changes["operation"] == str(operation.pk)


def test_a_team_member_without_the_cases_sees_no_names_and_views_no_one(client, operation, driver):
    actions.add_team_member(actor=operation.lead, operation=operation, user=driver, role="driver")
    page(client, driver, operation)
    assert people_viewed(driver, "operation") == set()


def test_the_brief_and_the_debrief_form_record_the_people_they_name(
    client, running_operation, coordinator, case
):
    survivors = {str(p.person_id) for p in case.participants.filter(role=Participant.Role.VICTIM)}
    client.force_login(coordinator)
    client.get(reverse("operations:operation-brief", args=[running_operation.pk]))
    assert people_viewed(coordinator, "operation brief") == survivors
    client.get(reverse("operations:operation-complete", args=[running_operation.pk]))
    assert people_viewed(coordinator, "operation debrief") == survivors


def test_a_running_operation_offers_to_add_a_cost(client, running_operation, coordinator):
    html = page(client, coordinator, running_operation)
    assert reverse("operations:transport-add", args=[running_operation.pk]) in html
    response = post(
        client,
        coordinator,
        running_operation,
        "transport-add",
        {"description": "Night taxi", "cost": "2400", "currency": "RUB"},
    )
    assert response.status_code == 302
    assert running_operation.transport.get().description == "Night taxi"
