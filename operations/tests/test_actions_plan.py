"""Planning an operation: who may plan it, what the plan may contain, and how a change to an
approved plan withdraws the approval."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from audit.models import AuditEntry
from cases.models import Case
from cases.tests.factories import CaseFactory
from network.models import Partner
from operations import actions
from operations.models import ChecklistTick, Operation, TeamMember
from operations.tests.factories import ChecklistItemFactory, plan
from svoboda.errors import DomainError

pytestmark = pytest.mark.django_db


def entries(operation, verb):
    return AuditEntry.objects.filter(verb=verb, target_id=str(operation.pk))


# Creating.


def test_a_coordinator_plans_an_operation_for_a_case_of_their_branch(case, coordinator):
    operation = actions.create_operation(
        actor=coordinator, cases=[case], lead=coordinator, **plan()
    )
    assert operation.branch == case.branch
    assert list(operation.cases.all()) == [case]
    assert operation.status == Operation.Status.PLANNING


def test_planning_an_operation_is_audited_without_the_place(case, coordinator):
    operation = actions.create_operation(
        actor=coordinator, cases=[case], lead=coordinator, **plan()
    )
    entry = entries(operation, "operations.operation_created").get()
    assert entry.actor == coordinator
    assert entry.changes["cases"] == [str(case.pk)]
    assert "Кизляр" not in str(entry.changes)


def test_the_lead_is_put_on_the_team_as_lead(case, coordinator):
    operation = actions.create_operation(
        actor=coordinator, cases=[case], lead=coordinator, **plan()
    )
    assert operation.team.get().role == TeamMember.Role.LEAD


def test_a_caseworker_cannot_plan_an_operation(case, caseworker_on_case, coordinator):
    with pytest.raises(PermissionDenied):
        actions.create_operation(actor=caseworker_on_case, cases=[case], lead=coordinator, **plan())


def test_a_coordinator_of_another_branch_cannot_plan_for_the_case(case, coordinator_other_branch):
    with pytest.raises(PermissionDenied):
        actions.create_operation(
            actor=coordinator_other_branch,
            cases=[case],
            lead=coordinator_other_branch,
            **plan(),
        )


def test_cases_of_two_branches_cannot_share_an_operation(case, coordinator, other_branch):
    coordinator.branches.add(other_branch)
    elsewhere = CaseFactory(branch=other_branch)
    with pytest.raises(DomainError, match="one branch"):
        actions.create_operation(
            actor=coordinator, cases=[case, elsewhere], lead=coordinator, **plan()
        )


def test_an_operation_needs_a_case(coordinator):
    with pytest.raises(DomainError, match="at least one case"):
        actions.create_operation(actor=coordinator, cases=[], lead=coordinator, **plan())


def test_a_closed_case_cannot_get_an_operation(branch, coordinator):
    closed = CaseFactory(
        branch=branch, status=Case.Status.CLOSED, outcome="exited", closed_at=timezone.now()
    )
    with pytest.raises(DomainError, match="closed"):
        actions.create_operation(actor=coordinator, cases=[closed], lead=coordinator, **plan())


def test_an_editor_cannot_lead_an_operation(case, coordinator, editor):
    with pytest.raises(DomainError, match="no role"):
        actions.create_operation(actor=coordinator, cases=[case], lead=editor, **plan())


def test_the_window_cannot_end_before_it_starts(case, coordinator):
    starts = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError):
        actions.create_operation(
            actor=coordinator,
            cases=[case],
            lead=coordinator,
            **plan(starts_at=starts, ends_at=starts - datetime.timedelta(hours=1)),
        )
    assert not Operation.objects.exists()


def test_a_latitude_without_a_longitude_is_refused(case, coordinator):
    with pytest.raises(ValidationError):
        actions.create_operation(
            actor=coordinator, cases=[case], lead=coordinator, **plan(latitude=Decimal("43.1"))
        )


# Changing the plan.


def test_changing_the_plan_is_audited_by_field_name_only(operation, coordinator):
    actions.update_plan(actor=coordinator, operation=operation, address="Behind the market")
    entry = entries(operation, "operations.plan_updated").get()
    assert entry.changes == {"address": None}


def test_saving_an_unchanged_plan_records_nothing(operation, coordinator):
    actions.update_plan(actor=coordinator, operation=operation, city=operation.city)
    assert not entries(operation, "operations.plan_updated").exists()


def test_changing_the_plan_withdraws_the_approval(operation, coordinator):
    actions.approve_operation(actor=coordinator, operation=operation)
    actions.update_plan(actor=coordinator, operation=operation, address="Behind the market")
    operation.refresh_from_db()
    assert operation.approved_at is None
    assert entries(operation, "operations.approval_withdrawn").exists()


def test_changing_a_ready_plan_sends_it_back_to_planning(ready_operation, coordinator):
    actions.update_plan(actor=coordinator, operation=ready_operation, brief="New meeting point")
    ready_operation.refresh_from_db()
    assert ready_operation.status == Operation.Status.PLANNING


def test_adding_a_team_member_withdraws_the_approval(operation, coordinator, driver):
    actions.approve_operation(actor=coordinator, operation=operation)
    actions.add_team_member(actor=coordinator, operation=operation, user=driver, role="driver")
    operation.refresh_from_db()
    assert not operation.is_approved


def test_adding_transport_withdraws_the_approval(operation, coordinator):
    actions.approve_operation(actor=coordinator, operation=operation)
    actions.add_transport_item(
        actor=coordinator, operation=operation, description="Train", cost=100, currency="rub"
    )
    operation.refresh_from_db()
    assert not operation.is_approved


def test_a_cost_that_arises_during_the_operation_is_recorded_and_audited(
    running_operation, coordinator
):
    item = actions.add_transport_item(
        actor=coordinator,
        operation=running_operation,
        description="Night taxi to the safe house",
        cost=Decimal("2400"),
        currency="rub",
    )
    running_operation.refresh_from_db()
    assert running_operation.status == Operation.Status.IN_PROGRESS
    assert list(running_operation.transport.all()) == [item]
    assert entries(running_operation, "operations.transport_added").exists()
    actions.remove_transport_item(actor=coordinator, item=item)
    assert entries(running_operation, "operations.transport_removed").exists()


def test_only_the_operations_managers_add_costs_after_the_start(running_operation, caseworker):
    with pytest.raises(PermissionDenied):
        actions.add_transport_item(
            actor=caseworker,
            operation=running_operation,
            description="Taxi",
            cost=Decimal("10"),
            currency="USD",
        )


def test_the_plan_cannot_change_once_the_operation_started(running_operation, coordinator):
    with pytest.raises(DomainError, match="started"):
        actions.update_plan(actor=coordinator, operation=running_operation, brief="Too late")


def test_a_caseworker_on_the_case_cannot_change_the_plan(operation, caseworker_on_case):
    with pytest.raises(PermissionDenied):
        actions.update_plan(actor=caseworker_on_case, operation=operation, brief="Mine")


def test_changing_the_lead_keeps_the_old_lead_on_the_team(operation, coordinator, caseworker):
    actions.update_plan(actor=coordinator, operation=operation, lead=caseworker)
    roles = dict(operation.team.values_list("user__email", "role"))
    assert roles == {caseworker.email: "lead", coordinator.email: "other"}


# The team.


def test_a_volunteer_of_the_branch_joins_the_team_in_a_role(operation, coordinator, driver):
    member = actions.add_team_member(
        actor=coordinator, operation=operation, user=driver, role="driver"
    )
    assert member.role == TeamMember.Role.DRIVER
    entry = entries(operation, "operations.team_member_added").get()
    assert entry.changes == {"user": driver.pk, "role": "driver"}


def test_an_inactive_volunteer_cannot_join_the_team(operation, coordinator, driver):
    driver.is_active = False
    driver.save()
    with pytest.raises(DomainError, match="not active"):
        actions.add_team_member(actor=coordinator, operation=operation, user=driver, role="medic")


def test_a_volunteer_of_another_branch_cannot_join_the_team(operation, coordinator, other_branch):
    stranger = UserFactory(roles=[Role.VOLUNTEER], branches=[other_branch])
    with pytest.raises(DomainError, match="not a member"):
        actions.add_team_member(actor=coordinator, operation=operation, user=stranger, role="medic")


def test_a_user_without_a_role_cannot_join_the_team(operation, coordinator, user_without_role):
    with pytest.raises(DomainError, match=r"not active|no role"):
        actions.add_team_member(
            actor=coordinator, operation=operation, user=user_without_role, role="medic"
        )


def test_nobody_joins_the_team_twice(operation_with_driver, coordinator, driver):
    with pytest.raises(DomainError, match="already"):
        actions.add_team_member(
            actor=coordinator, operation=operation_with_driver, user=driver, role="medic"
        )


def test_a_second_lead_is_not_added_through_the_team(operation, coordinator, driver):
    with pytest.raises(DomainError, match="lead"):
        actions.add_team_member(actor=coordinator, operation=operation, user=driver, role="lead")


def test_a_team_member_is_taken_off_the_team(operation_with_driver, coordinator, driver):
    member = operation_with_driver.team.get(user=driver)
    actions.remove_team_member(actor=coordinator, member=member)
    assert not operation_with_driver.team.filter(user=driver).exists()
    assert entries(operation_with_driver, "operations.team_member_removed").exists()


def test_the_lead_cannot_be_taken_off_the_team(operation, coordinator):
    member = operation.team.get(user=coordinator)
    with pytest.raises(DomainError, match="another lead"):
        actions.remove_team_member(actor=coordinator, member=member)


# Contacts and transport.


def test_a_contact_links_to_a_partner_organisation(operation, coordinator):
    partner = Partner.objects.create(name="Legal aid", kind=Partner.Kind.NGO)
    contact = actions.add_contact(
        actor=coordinator,
        operation=operation,
        kind="partner",
        name="Duty lawyer",
        details="+7 900 000-00-00",
        partner=partner,
    )
    assert contact.partner == partner
    entry = entries(operation, "operations.contact_added").get()
    assert "+7" not in str(entry.changes)


def test_a_contact_is_removed(operation, coordinator):
    contact = actions.add_contact(
        actor=coordinator, operation=operation, kind="law_enforcement", name="Station 5"
    )
    actions.remove_contact(actor=coordinator, contact=contact)
    assert not operation.contacts.exists()
    assert entries(operation, "operations.contact_removed").exists()


def test_a_transport_item_records_its_cost_in_capitals(operation, coordinator):
    item = actions.add_transport_item(
        actor=coordinator,
        operation=operation,
        description="Train",
        cost=Decimal("1200.50"),
        currency="rub",
    )
    assert item.currency == "RUB"
    entry = entries(operation, "operations.transport_added").get()
    assert entry.changes["cost"] == "1200.50"


def test_a_negative_cost_is_refused(operation, coordinator):
    with pytest.raises(ValidationError):
        actions.add_transport_item(
            actor=coordinator, operation=operation, description="Train", cost=-1, currency="RUB"
        )
    assert not operation.transport.exists()


def test_a_transport_item_is_removed(operation, coordinator):
    item = actions.add_transport_item(
        actor=coordinator, operation=operation, description="Taxi", cost=10, currency="USD"
    )
    actions.remove_transport_item(actor=coordinator, item=item)
    assert not operation.transport.exists()
    assert entries(operation, "operations.transport_removed").exists()


# The checklist.


def test_ticking_a_checklist_item_is_audited(operation, coordinator, checklist):
    actions.tick_checklist_item(
        actor=coordinator, operation=operation, item=checklist[0], ticked=True
    )
    assert ChecklistTick.objects.filter(operation=operation, item=checklist[0]).exists()
    entry = entries(operation, "operations.checklist_ticked").get()
    assert entry.changes == {"item": checklist[0].pk}


def test_unticking_a_checklist_item_is_audited(operation, coordinator, checklist):
    actions.tick_checklist_item(
        actor=coordinator, operation=operation, item=checklist[0], ticked=True
    )
    actions.tick_checklist_item(
        actor=coordinator, operation=operation, item=checklist[0], ticked=False
    )
    assert not ChecklistTick.objects.filter(operation=operation).exists()
    assert entries(operation, "operations.checklist_unticked").exists()


def test_a_retired_checklist_item_cannot_be_ticked(operation, coordinator):
    retired = ChecklistItemFactory(is_active=False)
    with pytest.raises(DomainError, match="no longer"):
        actions.tick_checklist_item(
            actor=coordinator, operation=operation, item=retired, ticked=True
        )


def test_the_checklist_is_fixed_once_the_operation_is_ready(
    ready_operation, coordinator, checklist
):
    with pytest.raises(DomainError, match="checklist"):
        actions.tick_checklist_item(
            actor=coordinator, operation=ready_operation, item=checklist[0], ticked=False
        )


def test_a_volunteer_on_the_team_cannot_tick_the_checklist(
    operation_with_driver, driver, checklist
):
    with pytest.raises(PermissionDenied):
        actions.tick_checklist_item(
            actor=driver, operation=operation_with_driver, item=checklist[0], ticked=True
        )


# The checklist itself.


def test_a_coordinator_adds_a_checklist_item(coordinator):
    item = actions.add_checklist_item(
        actor=coordinator, text_ru="Рации проверены", text_en="Radios checked", position=5
    )
    assert item.is_active
    assert AuditEntry.objects.filter(
        verb="operations.checklist_item_added", target_id=str(item.pk)
    ).exists()


def test_a_caseworker_cannot_change_the_checklist(caseworker):
    with pytest.raises(PermissionDenied):
        actions.add_checklist_item(actor=caseworker, text_ru="Да", text_en="Yes")


def test_a_coordinator_retires_a_checklist_item(coordinator, checklist):
    actions.update_checklist_item(actor=coordinator, item=checklist[0], is_active=False)
    checklist[0].refresh_from_db()
    assert not checklist[0].is_active
    assert AuditEntry.objects.filter(
        verb="operations.checklist_item_changed", target_id=str(checklist[0].pk)
    ).exists()


def test_planning_an_operation_marks_a_verifying_case_as_rescue_planned(
    branch, coordinator, checklist
):
    from cases.models import Case
    from cases.tests.factories import CaseFactory
    from operations.tests.factories import plan

    verifying = CaseFactory(branch=branch, created_by=coordinator, status=Case.Status.VERIFYING)
    exited = CaseFactory(branch=branch, created_by=coordinator, status=Case.Status.EXITED)
    actions.create_operation(
        actor=coordinator, cases=[verifying, exited], lead=coordinator, **plan()
    )
    verifying.refresh_from_db()
    exited.refresh_from_db()
    assert (verifying.status, exited.status) == ("rescue_planned", "exited")
