"""Fixtures for the operations tests: a case with two survivors, a short checklist, and an
operation planned for the case by the branch's coordinator."""

import pytest
from django.utils import translation

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from cases.models import Case
from cases.tests.factories import AssignmentFactory, CaseFactory, ParticipantFactory
from operations import actions
from operations.models import ChecklistItem
from operations.tests.factories import ChecklistItemFactory, plan, tick_all


@pytest.fixture(autouse=True)
def in_english():
    """Messages are asserted in English; the workspace's default language is Russian."""
    with translation.override("en"):
        yield


@pytest.fixture
def case(branch, coordinator):
    case = CaseFactory(
        branch=branch,
        created_by=coordinator,
        status=Case.Status.RESCUE_PLANNED,
        title="Brickworks on the river",
    )
    ParticipantFactory(case=case, person__given_name="Ivan", person__family_name="Kuznetsov")
    ParticipantFactory(case=case, person__given_name="Oleg", person__family_name="Petrov")
    return case


@pytest.fixture
def other_case(branch, coordinator):
    """Another case of the same branch that is not part of the operation."""
    case = CaseFactory(branch=branch, created_by=coordinator, title="Sewing workshop")
    ParticipantFactory(case=case, person__given_name="Zarina", person__family_name="Alieva")
    return case


@pytest.fixture
def checklist(db):
    """Exactly two active items, whatever the data migration seeded."""
    ChecklistItem.objects.update(is_active=False)
    return [
        ChecklistItemFactory(text_en="Exit route agreed", text_ru="Маршрут отхода согласован"),
        ChecklistItemFactory(text_en="Team briefed", text_ru="Команда проинструктирована"),
    ]


@pytest.fixture
def caseworker_on_case(case, caseworker):
    AssignmentFactory(case=case, user=caseworker)
    return caseworker


@pytest.fixture
def driver(branch):
    """A volunteer of the branch, to be put on the team."""
    return UserFactory(
        email="driver@example.org",
        full_name="Vera Driver",
        roles=[Role.VOLUNTEER],
        branches=[branch],
    )


@pytest.fixture
def operation(case, coordinator, checklist):
    return actions.create_operation(actor=coordinator, cases=[case], lead=coordinator, **plan())


@pytest.fixture
def operation_with_driver(operation, coordinator, driver):
    actions.add_team_member(actor=coordinator, operation=operation, user=driver, role="driver")
    return operation


@pytest.fixture
def ready_operation(operation, coordinator):
    tick_all(operation, coordinator)
    actions.approve_operation(actor=coordinator, operation=operation)
    return actions.mark_operation_ready(actor=coordinator, operation=operation)


@pytest.fixture
def running_operation(ready_operation, coordinator):
    return actions.start_operation(actor=coordinator, operation=ready_operation)
