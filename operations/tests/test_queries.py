"""Who sees which operation, and how much of it; what counts as rescued."""

import pytest
from django.http import Http404

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from audit.models import AuditEntry
from cases.models import AccessGrant, Participant
from cases.tests.factories import AssignmentFactory, CaseFactory, ParticipantFactory
from operations import actions, queries
from operations.models import Debrief, RescuedPerson
from operations.tests.factories import OperationFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def visible(user):
    return list(queries.operations_visible_to(user))


def test_a_coordinator_of_the_branch_sees_the_operation_in_full(operation, coordinator, case):
    access = queries.access_to(coordinator, operation)
    assert access.full and access.manages and access.approves
    assert access.case_ids == {case.pk}
    assert visible(coordinator) == [operation]


def test_a_coordinator_of_another_branch_does_not_see_it(operation, coordinator_other_branch):
    assert queries.access_to(coordinator_other_branch, operation) is None
    assert visible(coordinator_other_branch) == []


def test_a_caseworker_who_sees_the_case_in_full_sees_the_operation(
    operation, caseworker_on_case, case
):
    access = queries.access_to(caseworker_on_case, operation)
    assert access.full and not access.manages
    assert visible(caseworker_on_case) == [operation]


def test_a_caseworker_with_a_grant_sees_the_operation(operation, case, coordinator, other_branch):
    lawyer = UserFactory(roles=[Role.CASEWORKER], branches=[other_branch])
    AccessGrant.objects.create(case=case, user=lawyer, reason="Court", granted_by=coordinator)
    assert visible(lawyer) == [operation]


def test_a_caseworker_without_the_case_does_not_see_it(operation, caseworker):
    assert queries.access_to(caseworker, operation) is None
    assert visible(caseworker) == []


def test_a_caseworker_sees_only_the_cases_of_the_operation_they_see_in_full(
    branch, coordinator, caseworker, checklist
):
    from operations.tests.factories import plan

    mine, theirs = CaseFactory(branch=branch), CaseFactory(branch=branch)
    AssignmentFactory(case=mine, user=caseworker)
    operation = actions.create_operation(
        actor=coordinator, cases=[mine, theirs], lead=coordinator, **plan()
    )
    assert queries.access_to(caseworker, operation).case_ids == {mine.pk}


def test_free_text_is_hidden_from_someone_who_sees_only_some_of_the_cases(
    branch, coordinator, caseworker, checklist
):
    from operations.tests.factories import plan

    mine, theirs = CaseFactory(branch=branch), CaseFactory(branch=branch)
    AssignmentFactory(case=mine, user=caseworker)
    AssignmentFactory(case=theirs, user=coordinator)
    operation = actions.create_operation(
        actor=coordinator, cases=[mine, theirs], lead=coordinator, **plan()
    )
    partly = queries.access_to(caseworker, operation)
    assert not partly.view_debrief and not partly.view_contacts
    AssignmentFactory(case=theirs, user=caseworker)
    assert queries.access_to(caseworker, operation).view_debrief


def test_a_volunteer_on_the_team_sees_the_operation_as_a_team_member(operation_with_driver, driver):
    access = queries.access_to(driver, operation_with_driver)
    assert not access.full
    assert access.team_role == "driver"
    assert access.case_ids == frozenset()
    assert visible(driver) == [operation_with_driver]


def test_a_volunteer_off_the_team_does_not_see_it(operation, volunteer):
    assert queries.access_to(volunteer, operation) is None
    assert visible(volunteer) == []


def test_a_volunteer_assigned_to_the_case_but_not_on_the_team_does_not_see_it(
    operation, case, volunteer
):
    AssignmentFactory(case=case, user=volunteer)
    assert queries.access_to(volunteer, operation) is None


def test_a_deactivated_team_member_sees_nothing(operation_with_driver, driver):
    driver.is_active = False
    driver.save()
    assert visible(driver) == []


def test_an_editor_sees_no_operations_even_on_a_team(branch, editor):
    operation = OperationFactory(branch=branch)
    TeamMemberFactory(operation=operation, user=editor)
    assert queries.access_to(editor, operation) is None
    assert visible(editor) == []


def test_operation_for_answers_404_out_of_scope(operation, volunteer):
    with pytest.raises(Http404):
        queries.operation_for(volunteer, operation.pk)


def test_read_operation_records_the_view(operation, coordinator):
    queries.read_operation(coordinator, operation.pk)
    entry = AuditEntry.objects.get(verb="operations.operation_viewed")
    assert entry.target_id == str(operation.pk)
    assert entry.actor == coordinator


def test_operation_for_does_not_audit(operation, coordinator):
    queries.operation_for(coordinator, operation.pk)
    assert not AuditEntry.objects.filter(verb="operations.operation_viewed").exists()


def test_a_team_member_gets_no_cases_contacts_or_people(operation_with_driver, driver):
    access = queries.access_to(driver, operation_with_driver)
    contents = queries.operation_contents(operation_with_driver, access)
    assert list(contents.cases) == []
    assert list(contents.contacts) == []
    assert list(contents.people_to_meet) == []
    assert contents.debrief is None


# Rescued.


def rescue(operation, coordinator, participants):
    debrief = Debrief.objects.create(
        operation=operation, outcome="all_out", summary="Out.", recorded_by=coordinator
    )
    for participant in participants:
        RescuedPerson.objects.create(
            debrief=debrief, person=participant.person, case=participant.case
        )
    return debrief


def test_a_person_linked_by_a_debrief_counts_as_rescued(operation, coordinator, case):
    participant = Participant.objects.filter(case=case).first()
    rescue(operation, coordinator, [participant])
    assert list(queries.rescued_people()) == [participant.person]


def test_a_survivor_not_linked_by_a_debrief_is_not_rescued(operation, case):
    assert not queries.rescued_people().exists()


def test_a_person_rescued_twice_counts_once(branch, coordinator, case):
    participant = Participant.objects.filter(case=case).first()
    for _n in range(2):
        operation = OperationFactory(branch=branch, lead=coordinator, cases=[case])
        rescue(operation, coordinator, [participant])
    assert queries.rescued_people().count() == 1


def test_rescued_people_for_a_user_are_those_they_may_see(
    operation, coordinator, coordinator_other_branch, case
):
    rescue(operation, coordinator, list(Participant.objects.filter(case=case)))
    assert queries.rescued_people(coordinator).count() == 2
    assert queries.rescued_people(coordinator_other_branch).count() == 0


def test_rescued_people_filter_by_branch(operation, coordinator, case, other_branch):
    rescue(operation, coordinator, list(Participant.objects.filter(case=case)))
    assert queries.rescued_people(branch=case.branch).count() == 2
    assert queries.rescued_people(branch=other_branch).count() == 0


def test_the_candidates_for_the_debrief_are_the_survivors_of_its_cases(operation, case):
    ParticipantFactory(case=case, role=Participant.Role.REPORTER)
    people = {p.person.given_name for p in queries.rescue_candidates(operation)}
    assert people == {"Ivan", "Oleg"}


def test_team_candidates_are_active_members_of_the_branch_with_an_operations_role(
    operation, branch, driver, editor, caseworker
):
    UserFactory(roles=[Role.VOLUNTEER], branches=[branch], is_active=False)
    candidates = set(queries.team_candidates_for(operation))
    assert driver in candidates and caseworker in candidates
    assert editor not in candidates
    assert operation.lead not in candidates  # already on the team
    assert all(user.is_active for user in candidates)
