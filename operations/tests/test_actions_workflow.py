"""The operation's way from planning to its end: approval, the checklist, start, completion with
the debrief, and abort."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from assistance.models import AssistancePlan
from audit.models import AuditEntry
from cases.models import Case, Participant, Person
from cases.tests.factories import CaseFactory, ParticipantFactory
from operations import actions, queries
from operations.models import Debrief, Operation, RescuedPerson
from operations.tests.factories import tick_all
from svoboda.errors import DomainError

pytestmark = pytest.mark.django_db

Status = Operation.Status


def entries(operation, verb):
    return AuditEntry.objects.filter(verb=verb, target_id=str(operation.pk))


def victims(case):
    return list(Participant.objects.filter(case=case, role="victim").order_by("pk"))


# Approval.


def test_a_coordinator_of_the_branch_approves_the_plan(operation, coordinator):
    actions.approve_operation(actor=coordinator, operation=operation)
    operation.refresh_from_db()
    assert operation.approved_by == coordinator
    assert entries(operation, "operations.operation_approved").get().actor == coordinator


def test_a_caseworker_who_sees_the_case_cannot_approve(operation, caseworker_on_case):
    with pytest.raises(PermissionDenied):
        actions.approve_operation(actor=caseworker_on_case, operation=operation)


def test_a_coordinator_of_another_branch_cannot_approve(operation, coordinator_other_branch):
    with pytest.raises(PermissionDenied):
        actions.approve_operation(actor=coordinator_other_branch, operation=operation)


def test_a_volunteer_lead_cannot_approve(case, coordinator, driver, checklist):
    from operations.tests.factories import plan

    operation = actions.create_operation(actor=coordinator, cases=[case], lead=driver, **plan())
    with pytest.raises(PermissionDenied):
        actions.approve_operation(actor=driver, operation=operation)


def test_an_approved_plan_is_not_approved_twice(operation, coordinator):
    actions.approve_operation(actor=coordinator, operation=operation)
    with pytest.raises(DomainError, match="already approved"):
        actions.approve_operation(actor=coordinator, operation=operation)


# Ready.


def test_an_operation_is_not_ready_with_the_checklist_incomplete(operation, coordinator):
    actions.approve_operation(actor=coordinator, operation=operation)
    with pytest.raises(DomainError, match=r"checklist is not complete.*Exit route agreed"):
        actions.mark_operation_ready(actor=coordinator, operation=operation)
    operation.refresh_from_db()
    assert operation.status == Status.PLANNING


def test_an_operation_is_not_ready_without_approval(operation, coordinator):
    tick_all(operation, coordinator)
    with pytest.raises(DomainError, match="approve the plan"):
        actions.mark_operation_ready(actor=coordinator, operation=operation)


def test_an_approved_operation_with_a_complete_checklist_is_ready(operation, coordinator):
    tick_all(operation, coordinator)
    actions.approve_operation(actor=coordinator, operation=operation)
    actions.mark_operation_ready(actor=coordinator, operation=operation)
    assert operation.status == Status.READY
    assert entries(operation, "operations.operation_ready").exists()


def test_a_new_checklist_item_must_be_ticked_too(operation, coordinator):
    tick_all(operation, coordinator)
    actions.approve_operation(actor=coordinator, operation=operation)
    actions.add_checklist_item(actor=coordinator, text_ru="Рации", text_en="Radios checked")
    with pytest.raises(DomainError, match="Radios checked"):
        actions.mark_operation_ready(actor=coordinator, operation=operation)


# Start.


def test_a_planned_operation_cannot_start(operation, coordinator):
    with pytest.raises(DomainError, match="ready"):
        actions.start_operation(actor=coordinator, operation=operation)


def test_a_ready_operation_starts(ready_operation, coordinator):
    actions.start_operation(actor=coordinator, operation=ready_operation)
    assert ready_operation.status == Status.IN_PROGRESS
    assert ready_operation.started_at is not None
    assert entries(ready_operation, "operations.operation_started").exists()


def test_a_volunteer_on_the_team_cannot_start_the_operation(ready_operation, coordinator, driver):
    ready_operation.team.create(user=driver, role="driver")
    with pytest.raises(PermissionDenied):
        actions.start_operation(actor=driver, operation=ready_operation)


# Abort.


def test_aborting_needs_a_reason(operation, coordinator):
    with pytest.raises(DomainError, match="why"):
        actions.abort_operation(actor=coordinator, operation=operation, reason="   ")
    operation.refresh_from_db()
    assert operation.status == Status.PLANNING


def test_an_operation_is_aborted_with_a_reason(running_operation, coordinator):
    actions.abort_operation(actor=coordinator, operation=running_operation, reason="Police raid")
    running_operation.refresh_from_db()
    assert running_operation.status == Status.ABORTED
    assert running_operation.abort_reason == "Police raid"


def test_the_abort_reason_stays_out_of_the_audit_trail(operation, coordinator):
    actions.abort_operation(actor=coordinator, operation=operation, reason="Ivan was moved")
    entry = entries(operation, "operations.operation_aborted").get()
    assert "Ivan" not in str(entry.changes)


def test_an_ended_operation_cannot_be_aborted(operation, coordinator):
    actions.abort_operation(actor=coordinator, operation=operation, reason="Called off")
    with pytest.raises(DomainError, match="already ended"):
        actions.abort_operation(actor=coordinator, operation=operation, reason="Again")


# Completion with the debrief.


def complete(operation, actor, **overrides):
    values = {
        "outcome": Debrief.Outcome.ALL_OUT,
        "summary": "Both men left with the team at dawn.",
        "rescued": [],
        "new_people": [],
    }
    values.update(overrides)
    return actions.complete_operation(actor=actor, operation=operation, **values)


def test_completing_records_the_debrief_and_the_people_who_left(
    running_operation, coordinator, case
):
    complete(running_operation, coordinator, rescued=victims(case))
    running_operation.refresh_from_db()
    assert running_operation.status == Status.COMPLETED
    assert RescuedPerson.objects.filter(debrief__operation=running_operation).count() == 2


def test_completing_moves_the_rescued_peoples_case_to_exited(running_operation, coordinator, case):
    complete(running_operation, coordinator, rescued=victims(case))
    case.refresh_from_db()
    assert case.status == Case.Status.EXITED


def test_completing_opens_the_rescued_peoples_assistance_plans(
    running_operation, coordinator, case
):
    complete(running_operation, coordinator, rescued=victims(case))
    people = [p.person for p in victims(case)]
    assert AssistancePlan.objects.filter(person__in=people, case=case).count() == 2


def test_a_new_person_is_recorded_as_a_survivor_of_the_case(running_operation, coordinator, case):
    complete(
        running_operation,
        coordinator,
        new_people=[
            actions.NewRescuedPerson(
                case=case, fields={"given_name": "Timur", "gender": "Masculine"}
            )
        ],
    )
    person = Person.objects.get(given_name="Timur")
    assert Participant.objects.filter(case=case, person=person, role="victim").exists()
    assert AssistancePlan.objects.filter(person=person).exists()


def test_the_rescued_count_rises_by_the_number_of_people_linked(
    running_operation, coordinator, case
):
    before = queries.rescued_people().count()
    complete(
        running_operation,
        coordinator,
        rescued=victims(case)[:1],
        new_people=[actions.NewRescuedPerson(case=case, fields={"given_name": "Timur"})],
    )
    assert queries.rescued_people().count() == before + 2


def test_completion_is_audited_with_ids_only(running_operation, coordinator, case):
    complete(running_operation, coordinator, rescued=victims(case))
    entry = entries(running_operation, "operations.operation_completed").get()
    assert sorted(entry.changes["rescued"]) == sorted(str(p.person_id) for p in victims(case))
    assert entry.changes["cases_exited"] == [str(case.pk)]
    assert "Ivan" not in str(entry.changes)


def test_a_case_already_in_assistance_stays_in_assistance(running_operation, coordinator, case):
    Case.objects.filter(pk=case.pk).update(status=Case.Status.ASSISTANCE)
    complete(running_operation, coordinator, rescued=victims(case))
    case.refresh_from_db()
    assert case.status == Case.Status.ASSISTANCE


def test_completion_without_a_summary_is_refused(running_operation, coordinator, case):
    with pytest.raises(DomainError, match="what happened"):
        complete(running_operation, coordinator, summary=" ", rescued=victims(case))
    assert not Debrief.objects.exists()


def test_an_operation_that_did_not_start_cannot_be_completed(ready_operation, coordinator, case):
    with pytest.raises(DomainError, match="in progress"):
        complete(ready_operation, coordinator, rescued=victims(case))


def test_nobody_out_with_people_recorded_is_refused(running_operation, coordinator, case):
    with pytest.raises(DomainError, match="nobody"):
        complete(
            running_operation,
            coordinator,
            outcome=Debrief.Outcome.NOBODY_OUT,
            rescued=victims(case),
        )


def test_someone_out_with_nobody_recorded_is_refused(running_operation, coordinator):
    with pytest.raises(DomainError, match="Record the people"):
        complete(running_operation, coordinator, outcome=Debrief.Outcome.SOME_OUT)


def test_an_operation_where_nobody_left_completes_without_people(running_operation, coordinator):
    complete(running_operation, coordinator, outcome=Debrief.Outcome.NOBODY_OUT)
    running_operation.refresh_from_db()
    assert running_operation.status == Status.COMPLETED


def test_a_survivor_of_another_case_is_refused_and_nothing_is_stored(
    running_operation, coordinator, case, other_case
):
    stranger = victims(other_case)[0]
    with pytest.raises(DomainError, match="operation's cases"):
        complete(
            running_operation,
            coordinator,
            rescued=[stranger],
            new_people=[actions.NewRescuedPerson(case=case, fields={"given_name": "Timur"})],
        )
    assert not Debrief.objects.exists()
    assert not Person.objects.filter(given_name="Timur").exists()


def test_a_failure_late_in_completion_leaves_nothing_half_stored(
    running_operation, coordinator, case
):
    # The same person twice is found only after the new person was recorded: all rolls back.
    first = victims(case)[0]
    with pytest.raises(DomainError, match="twice"):
        complete(
            running_operation,
            coordinator,
            rescued=[first, first],
            new_people=[actions.NewRescuedPerson(case=case, fields={"given_name": "Timur"})],
        )
    running_operation.refresh_from_db()
    case.refresh_from_db()
    assert running_operation.status == Status.IN_PROGRESS
    assert not Person.objects.filter(given_name="Timur").exists()
    assert not AssistancePlan.objects.exists()
    assert case.status == Case.Status.RESCUE_PLANNED


def test_a_caseworker_on_the_case_cannot_complete_the_operation(
    running_operation, caseworker_on_case, case
):
    with pytest.raises(PermissionDenied):
        complete(running_operation, caseworker_on_case, rescued=victims(case))


def test_survivors_of_two_cases_move_both_cases(branch, coordinator, checklist):
    from operations.tests.factories import plan

    first = CaseFactory(branch=branch, status=Case.Status.VERIFYING)
    second = CaseFactory(branch=branch, status=Case.Status.NEW)
    people = [ParticipantFactory(case=first), ParticipantFactory(case=second)]
    operation = actions.create_operation(
        actor=coordinator, cases=[first, second], lead=coordinator, **plan()
    )
    tick_all(operation, coordinator)
    actions.approve_operation(actor=coordinator, operation=operation)
    actions.mark_operation_ready(actor=coordinator, operation=operation)
    actions.start_operation(actor=coordinator, operation=operation)
    complete(operation, coordinator, rescued=people)
    assert set(Case.objects.values_list("status", flat=True)) == {"exited"}


def test_a_coordinator_who_is_also_a_volunteer_elsewhere_still_needs_the_branch(
    operation, other_branch
):
    outsider = UserFactory(roles=[Role.COORDINATOR], branches=[other_branch])
    with pytest.raises(PermissionDenied):
        actions.mark_operation_ready(actor=outsider, operation=operation)
