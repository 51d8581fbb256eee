"""Services in a plan: who may change them, their statuses, dates and costs, and the audit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from assistance import actions
from assistance.models import Service
from audit.models import AuditEntry
from cases import actions as case_actions
from cases.models import Participant
from cases.tests.factories import ParticipantFactory
from network.tests.factories import PartnerFactory
from svoboda.errors import DomainError

pytestmark = pytest.mark.django_db

Status = Service.Status
TODAY = timezone.localdate


def add(plan, actor, **fields):
    return actions.add_service(actor=actor, plan=plan, **{"kind": "medical", **fields})


def entries(verb):
    return list(AuditEntry.objects.filter(verb=verb))


# Opening a plan.


def test_opening_a_plan_twice_returns_the_same_plan(case, survivor, caseworker, plan):
    again = actions.open_assistance_plan(actor=caseworker, case=case, person=survivor)
    assert again == plan
    assert len(entries("assistance.plan_opened")) == 1


def test_a_plan_is_only_for_a_survivor_of_the_case(case, caseworker):
    witness = ParticipantFactory(case=case, role=Participant.Role.WITNESS).person
    with pytest.raises(DomainError):
        actions.open_assistance_plan(actor=caseworker, case=case, person=witness)


def test_an_assigned_volunteer_cannot_open_a_plan(case, survivor, volunteer):
    with pytest.raises(PermissionDenied):
        actions.open_assistance_plan(actor=volunteer, case=case, person=survivor)


# Adding and changing services.


def test_the_team_adds_a_planned_service_by_the_organisation(plan, caseworker):
    service = add(plan, caseworker)
    assert service.status == Status.PLANNED
    assert service.provider is None


def test_adding_a_service_is_audited_without_its_notes(plan, caseworker, partner):
    service = add(plan, caseworker, provider=partner, notes="HIV test, results on Friday.")
    [entry] = entries("assistance.service_added")
    assert entry.target_id == str(plan.case.pk)
    assert entry.changes == {
        "plan": plan.pk,
        "service": service.pk,
        "service_status": "planned",
        "provider": partner.pk,
    }


def test_a_caseworker_not_on_the_case_cannot_add_a_service(plan, branch):
    outsider = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    with pytest.raises(PermissionDenied):
        add(plan, outsider)


def test_an_assigned_volunteer_cannot_add_a_service(plan, volunteer):
    with pytest.raises(PermissionDenied):
        add(plan, volunteer)


def test_a_coordinator_of_another_branch_cannot_add_a_service(plan, coordinator_other_branch):
    with pytest.raises(PermissionDenied):
        add(plan, coordinator_other_branch)


def test_a_negative_cost_is_refused(plan, caseworker):
    with pytest.raises(DomainError):
        add(plan, caseworker, cost=Decimal("-1.00"), currency="RUB")
    assert not Service.objects.exists()


def test_a_cost_needs_its_currency(plan, caseworker):
    with pytest.raises(DomainError):
        add(plan, caseworker, cost=Decimal("1500.00"))


def test_the_currency_is_stored_in_capitals(plan, caseworker):
    service = add(plan, caseworker, cost=Decimal("1500.00"), currency="rub")
    assert service.currency == "RUB"


def test_a_service_cannot_end_before_it_started(plan, caseworker):
    with pytest.raises(DomainError):
        add(
            plan,
            caseworker,
            started_on=datetime.date(2026, 3, 10),
            ended_on=datetime.date(2026, 3, 9),
        )


def test_a_service_may_end_the_day_it_started(plan, caseworker):
    day = datetime.date(2026, 3, 10)
    service = add(plan, caseworker, started_on=day, ended_on=day)
    assert service.ended_on == day


def test_a_service_marked_done_without_an_end_ends_today(plan, caseworker):
    service = add(plan, caseworker, status=Status.DONE)
    assert service.ended_on == TODAY()


def test_an_inactive_partner_cannot_be_named_for_a_new_service(plan, caseworker):
    closed = PartnerFactory(is_active=False)
    with pytest.raises(DomainError):
        add(plan, caseworker, provider=closed)


def test_a_service_moves_from_planned_to_in_progress(plan, caseworker):
    service = add(plan, caseworker)
    actions.update_service(actor=caseworker, service=service, status=Status.IN_PROGRESS)
    service.refresh_from_db()
    assert service.status == Status.IN_PROGRESS


def test_a_done_service_cannot_become_declined(plan, caseworker):
    service = add(plan, caseworker, status=Status.DONE)
    with pytest.raises(DomainError):
        actions.update_service(actor=caseworker, service=service, status=Status.DECLINED)


def test_a_declined_service_can_be_planned_again(plan, caseworker):
    service = add(plan, caseworker, status=Status.DECLINED)
    actions.update_service(actor=caseworker, service=service, status=Status.PLANNED)
    service.refresh_from_db()
    assert service.status == Status.PLANNED


def test_a_status_change_is_audited_with_old_and_new_status(plan, caseworker):
    service = add(plan, caseworker)
    actions.update_service(
        actor=caseworker, service=service, status=Status.IN_PROGRESS, notes="Clinic on Monday."
    )
    [entry] = entries("assistance.service_updated")
    assert entry.changes == {
        "plan": plan.pk,
        "service": service.pk,
        "service_status": ["planned", "in_progress"],
        "notes": None,
    }


def test_an_update_without_changes_writes_no_entry(plan, caseworker):
    service = add(plan, caseworker, notes="Clinic on Monday.")
    actions.update_service(actor=caseworker, service=service, notes="Clinic on Monday.")
    assert entries("assistance.service_updated") == []


def test_a_refused_update_stores_nothing(plan, caseworker):
    service = add(plan, caseworker, cost=Decimal("10.00"), currency="USD")
    with pytest.raises(DomainError):
        actions.update_service(actor=caseworker, service=service, cost=Decimal("-5.00"))
    service.refresh_from_db()
    assert service.cost == Decimal("10.00")


def test_services_cannot_change_while_the_case_is_closed(plan, caseworker, coordinator):
    case_actions.close_case(actor=coordinator, case=plan.case, outcome="exited")
    with pytest.raises(DomainError):
        add(plan, caseworker)
