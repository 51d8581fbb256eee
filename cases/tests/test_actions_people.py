import json

import pytest
from django.core.exceptions import PermissionDenied

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from audit.models import AuditEntry
from cases import actions, queries
from cases.models import Assignment, Case, Contact, IdentityDocument, Person, Task
from cases.tests.factories import AssignmentFactory, CaseFactory, TaskFactory
from intake.models import HelpRequest
from intake.tests.factories import HelpRequestFactory
from svoboda.errors import DomainError

pytestmark = pytest.mark.django_db


def entries(verb):
    return list(AuditEntry.objects.filter(verb=verb))


def all_changes_text():
    return json.dumps([entry.changes for entry in AuditEntry.objects.all()], ensure_ascii=False)


@pytest.fixture
def person(branch, coordinator):
    return actions.create_person(
        actor=coordinator, branch=branch, given_name="Магомед", family_name="Алиев"
    )


# Person records.


def test_creating_a_person_is_audited(branch, coordinator):
    person = actions.create_person(
        actor=coordinator, branch=branch, given_name="Магомед", family_name="Алиев"
    )
    [entry] = entries("cases.person_created")
    assert entry.target_id == str(person.pk)


def test_creating_a_person_keeps_names_out_of_the_audit_trail(branch, coordinator):
    actions.create_person(
        actor=coordinator,
        branch=branch,
        given_name="Магомед",
        family_name="Алиев",
        aliases=["Aliev"],
        contacts=[{"kind": "phone", "value": "+7 900 000-00-00"}],
    )
    text = all_changes_text()
    assert "Магомед" not in text
    assert "Aliev" not in text
    assert "+7 900" not in text


def test_a_worker_cannot_record_a_person_in_another_branch(other_branch, caseworker):
    with pytest.raises(PermissionDenied):
        actions.create_person(actor=caseworker, branch=other_branch, family_name="Алиев")
    assert not Person.objects.exists()


def test_updating_names_records_field_names_without_values(coordinator, person):
    actions.update_person(
        actor=coordinator, person=person, given_name="Магомедик", family_name="Алиев-Оглы"
    )
    [entry] = entries("cases.person_updated")
    assert entry.changes == {"given_name": None, "family_name": None}


def test_updating_the_gender_records_its_value(coordinator, person):
    actions.update_person(actor=coordinator, person=person, gender="Masculine")
    [entry] = entries("cases.person_updated")
    assert entry.changes == {"gender": "Masculine"}


def test_updating_nothing_records_nothing(coordinator, person):
    actions.update_person(actor=coordinator, person=person, given_name="Магомед", aliases=[])
    assert entries("cases.person_updated") == []


def test_new_aliases_make_the_person_findable_by_them(coordinator, person):
    actions.update_person(actor=coordinator, person=person, aliases=["Aliev Magomed", "Магомедик"])
    found = queries.search_people(queries.people_visible_to(coordinator), "magomed ALIEV")
    assert list(found) == [person]


def test_removed_aliases_no_longer_find_the_person(coordinator, person):
    actions.update_person(actor=coordinator, person=person, aliases=["Aliev"])
    actions.update_person(actor=coordinator, person=person, aliases=[])
    found = queries.search_people(queries.people_visible_to(coordinator), "aliev")
    assert list(found) == []


def test_changed_aliases_are_recorded_without_values(coordinator, person):
    actions.update_person(actor=coordinator, person=person, aliases=["Aliev"])
    [entry] = entries("cases.person_updated")
    assert entry.changes == {"aliases": None}


def test_a_person_without_any_name_is_refused(coordinator, person):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.update_person(actor=coordinator, person=person, given_name="", family_name="")
    person.refresh_from_db()
    assert person.family_name == "Алиев"


def test_someone_who_cannot_see_the_person_cannot_change_them(coordinator_other_branch, person):
    with pytest.raises(PermissionDenied):
        actions.update_person(actor=coordinator_other_branch, person=person, given_name="X")


def test_adding_a_contact_is_audited_without_its_value(coordinator, person):
    actions.add_contact(actor=coordinator, person=person, kind="phone", value="+7 900 111-22-33")
    [entry] = entries("cases.person_updated")
    assert entry.changes == {"contacts": None}
    assert Contact.objects.get(person=person).value == "+7 900 111-22-33"


def test_adding_a_document_is_audited_without_its_number(coordinator, person):
    actions.add_document(
        actor=coordinator, person=person, kind="passport", number="4509 123456", is_withheld=True
    )
    [entry] = entries("cases.person_updated")
    assert entry.changes == {"documents": None}
    assert IdentityDocument.objects.get(person=person).is_withheld


def test_someone_who_cannot_see_the_person_cannot_add_a_contact(coordinator_other_branch, person):
    with pytest.raises(PermissionDenied):
        actions.add_contact(actor=coordinator_other_branch, person=person, kind="phone", value="1")
    assert not Contact.objects.exists()


# Handing work over.


@pytest.fixture
def successor(branch):
    return UserFactory(roles=[Role.CASEWORKER], branches=[branch])


@pytest.fixture
def work(branch, coordinator, caseworker):
    """Open work of the caseworker in Moscow: a request, a case and a task in that case."""
    case = CaseFactory(branch=branch, created_by=coordinator)
    AssignmentFactory(case=case, user=caseworker)
    return {
        "request": HelpRequestFactory(branch=branch, assignee=caseworker),
        "case": case,
        "task": TaskFactory(case=case, owner=caseworker, created_by=coordinator),
    }


def test_hand_over_moves_open_requests(coordinator, caseworker, successor, work):
    actions.hand_over_work(actor=coordinator, from_user=caseworker, to_user=successor)
    assert HelpRequest.objects.get(pk=work["request"].pk).assignee == successor


def test_hand_over_moves_case_assignments(coordinator, caseworker, successor, work):
    actions.hand_over_work(actor=coordinator, from_user=caseworker, to_user=successor)
    assert list(work["case"].workers.all()) == [successor]


def test_hand_over_moves_open_tasks(coordinator, caseworker, successor, work):
    actions.hand_over_work(actor=coordinator, from_user=caseworker, to_user=successor)
    assert Task.objects.get(pk=work["task"].pk).owner == successor


def test_hand_over_returns_how_much_moved(coordinator, caseworker, successor, work):
    moved = actions.hand_over_work(actor=coordinator, from_user=caseworker, to_user=successor)
    assert moved == {"requests": 1, "cases": 1, "tasks": 1}


def test_hand_over_records_an_entry_per_item_and_one_summary(
    coordinator, caseworker, successor, work
):
    actions.hand_over_work(actor=coordinator, from_user=caseworker, to_user=successor)
    targets = sorted(entry.target_id for entry in entries("cases.work_handed_over"))
    assert targets == sorted([str(work["request"].pk), str(work["case"].pk), str(caseworker.pk)])
    [task_entry] = entries("cases.task_reassigned")
    assert task_entry.changes == {
        "task": work["task"].pk,
        "from": caseworker.pk,
        "to": successor.pk,
    }


def test_hand_over_leaves_work_in_branches_the_coordinator_does_not_coordinate(
    other_branch, coordinator, coordinator_other_branch, caseworker, successor
):
    caseworker.branches.add(other_branch)
    case = CaseFactory(branch=other_branch, created_by=coordinator_other_branch)
    AssignmentFactory(case=case, user=caseworker)
    request = HelpRequestFactory(branch=other_branch, assignee=caseworker)
    task = TaskFactory(case=case, owner=caseworker, created_by=coordinator_other_branch)

    moved = actions.hand_over_work(actor=coordinator, from_user=caseworker, to_user=successor)

    assert moved == {"requests": 0, "cases": 0, "tasks": 0}
    assert HelpRequest.objects.get(pk=request.pk).assignee == caseworker
    assert list(case.workers.all()) == [caseworker]
    assert Task.objects.get(pk=task.pk).owner == caseworker


def test_hand_over_leaves_closed_cases_and_their_tasks_alone(
    branch, coordinator, caseworker, successor
):
    case = CaseFactory(branch=branch, created_by=coordinator)
    AssignmentFactory(case=case, user=caseworker)
    task = TaskFactory(case=case, owner=caseworker, created_by=coordinator)
    actions.close_case(actor=coordinator, case=case, outcome="exited")

    moved = actions.hand_over_work(actor=coordinator, from_user=caseworker, to_user=successor)

    assert moved == {"requests": 0, "cases": 0, "tasks": 0}
    assert list(case.workers.all()) == [caseworker]
    assert Task.objects.get(pk=task.pk).owner == caseworker


def test_hand_over_leaves_requests_already_accepted_or_closed(
    branch, coordinator, caseworker, successor
):
    request = HelpRequestFactory(
        branch=branch,
        assignee=caseworker,
        status=HelpRequest.Status.CLOSED,
        closure_reason=HelpRequest.ClosureReason.SPAM,
        closed_at="2026-01-01T00:00:00Z",
    )
    actions.hand_over_work(actor=coordinator, from_user=caseworker, to_user=successor)
    assert HelpRequest.objects.get(pk=request.pk).assignee == caseworker


def test_hand_over_refuses_an_inactive_target(coordinator, caseworker, successor, work):
    successor.is_active = False
    successor.save()
    with pytest.raises(DomainError):
        actions.hand_over_work(actor=coordinator, from_user=caseworker, to_user=successor)
    assert Task.objects.get(pk=work["task"].pk).owner == caseworker


def test_hand_over_refuses_the_same_person(coordinator, caseworker, work):
    with pytest.raises(DomainError):
        actions.hand_over_work(actor=coordinator, from_user=caseworker, to_user=caseworker)


def test_hand_over_refuses_a_volunteer_as_target(coordinator, caseworker, volunteer, work):
    with pytest.raises(DomainError):
        actions.hand_over_work(actor=coordinator, from_user=caseworker, to_user=volunteer)
    assert HelpRequest.objects.get(pk=work["request"].pk).assignee == caseworker


def test_hand_over_moves_nothing_when_the_target_is_outside_one_of_the_branches(
    branch, other_branch, caseworker, work
):
    both = UserFactory(roles=[Role.COORDINATOR], branches=[branch, other_branch])
    caseworker.branches.add(other_branch)
    harare_case = CaseFactory(branch=other_branch, created_by=both)
    AssignmentFactory(case=harare_case, user=caseworker)
    moscow_only = UserFactory(roles=[Role.CASEWORKER], branches=[branch])

    with pytest.raises(DomainError):
        actions.hand_over_work(actor=both, from_user=caseworker, to_user=moscow_only)

    assert HelpRequest.objects.get(pk=work["request"].pk).assignee == caseworker
    assert Assignment.objects.filter(user=caseworker).count() == 2
    assert not entries("cases.work_handed_over")


def test_a_caseworker_cannot_hand_over_work(caseworker, successor, work):
    with pytest.raises(PermissionDenied):
        actions.hand_over_work(actor=caseworker, from_user=successor, to_user=caseworker)


def test_a_coordinator_can_take_the_work_over_themselves(coordinator, caseworker, work):
    actions.hand_over_work(actor=coordinator, from_user=caseworker, to_user=coordinator)
    assert Case.objects.get(pk=work["case"].pk).workers.get() == coordinator


def test_taking_over_a_task_on_a_case_records_the_new_assignment(
    branch, coordinator, caseworker, successor
):
    case = CaseFactory(branch=branch, created_by=coordinator)
    TaskFactory(case=case, owner=caseworker, created_by=coordinator)  # a task, no assignment
    actions.hand_over_work(actor=coordinator, from_user=caseworker, to_user=successor)
    [entry] = entries("cases.worker_assigned")
    assert (entry.target_id, entry.changes) == (str(case.pk), {"user": successor.pk})
