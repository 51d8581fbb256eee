"""Rules of the case actions: workflow, closing, team, notes, details, and their audit entries."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from audit.models import AuditEntry
from cases import actions
from cases.models import Case, Note
from cases.tests.factories import AssignmentFactory, CaseFactory, TaskFactory
from svoboda.errors import DomainError

pytestmark = pytest.mark.django_db

Status = Case.Status


@pytest.fixture
def case(branch, coordinator, caseworker):
    case = CaseFactory(branch=branch, created_by=coordinator)
    AssignmentFactory(case=case, user=caseworker)
    return case


def entries(verb):
    return list(AuditEntry.objects.filter(verb=verb))


# Opening and details.


def test_coordinator_opens_a_case_in_their_branch(branch, coordinator):
    case = actions.open_case(actor=coordinator, branch=branch, title="Kiln", risk=Case.Risk.HIGH)
    assert case.status == Status.NEW
    assert case.created_by == coordinator


def test_opening_a_case_is_audited_with_branch_and_risk(branch, coordinator):
    case = actions.open_case(actor=coordinator, branch=branch, title="Kiln", risk=Case.Risk.HIGH)
    [entry] = entries("cases.case_opened")
    assert entry.target_id == str(case.pk)
    assert entry.changes == {"branch": branch.pk, "risk": Case.Risk.HIGH}


def test_coordinator_cannot_open_a_case_in_another_branch(other_branch, coordinator):
    with pytest.raises(PermissionDenied):
        actions.open_case(actor=coordinator, branch=other_branch, title="Kiln")


def test_caseworker_cannot_open_a_case(branch, caseworker):
    with pytest.raises(PermissionDenied):
        actions.open_case(actor=caseworker, branch=branch, title="Kiln")


def test_update_case_details_records_only_field_names_for_personal_fields(case, caseworker):
    actions.update_case_details(
        actor=caseworker,
        case=case,
        title="Kiln near the river",
        summary="Three men, passports taken by the owner.",
        exploitation_place="Brick works, 5 Lenina street",
        risk=Case.Risk.CRITICAL,
    )
    [entry] = entries("cases.case_updated")
    assert entry.changes == {
        "title": None,
        "summary": None,
        "exploitation_place": None,
        "risk": Case.Risk.CRITICAL,
    }


def test_update_case_details_without_changes_writes_no_entry(case, caseworker):
    actions.update_case_details(actor=caseworker, case=case, title=case.title)
    assert entries("cases.case_updated") == []


def test_volunteer_cannot_change_case_details(case, volunteer):
    AssignmentFactory(case=case, user=volunteer)
    with pytest.raises(PermissionDenied):
        actions.update_case_details(actor=volunteer, case=case, title="Changed")


# The status workflow.


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (Status.NEW, Status.VERIFYING),
        (Status.NEW, Status.RESCUE_PLANNED),
        (Status.VERIFYING, Status.RESCUE_PLANNED),
        (Status.RESCUE_PLANNED, Status.EXITED),
        (Status.EXITED, Status.ASSISTANCE),
        (Status.ASSISTANCE, Status.EXITED),
    ],
)
def test_allowed_status_transitions_are_made(case, caseworker, old, new):
    Case.objects.filter(pk=case.pk).update(status=old)
    case.refresh_from_db()
    actions.change_case_status(actor=caseworker, case=case, status=new)
    case.refresh_from_db()
    assert case.status == new


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (Status.EXITED, Status.NEW),
        (Status.ASSISTANCE, Status.RESCUE_PLANNED),
        (Status.VERIFYING, Status.NEW),
        (Status.EXITED, Status.VERIFYING),
    ],
)
def test_refused_status_transitions_raise_and_change_nothing(case, caseworker, old, new):
    Case.objects.filter(pk=case.pk).update(status=old)
    case.refresh_from_db()
    with pytest.raises(DomainError):
        actions.change_case_status(actor=caseworker, case=case, status=new)
    case.refresh_from_db()
    assert case.status == old
    assert entries("cases.status_changed") == []


def test_changing_the_status_to_closed_is_refused(case, coordinator):
    with pytest.raises(DomainError):
        actions.change_case_status(actor=coordinator, case=case, status=Status.CLOSED)


def test_status_change_is_audited_with_old_and_new_status(case, caseworker):
    actions.change_case_status(actor=caseworker, case=case, status=Status.VERIFYING)
    [entry] = entries("cases.status_changed")
    assert entry.changes == {"status": ["new", "verifying"]}
    assert entry.actor == caseworker


def test_volunteer_cannot_change_the_status(case, volunteer):
    AssignmentFactory(case=case, user=volunteer)
    with pytest.raises(PermissionDenied):
        actions.change_case_status(actor=volunteer, case=case, status=Status.VERIFYING)


# Closing and reopening.


def test_coordinator_closes_a_case_with_an_outcome(case, coordinator):
    actions.close_case(actor=coordinator, case=case, outcome=Case.Outcome.EXITED_AND_SUPPORTED)
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert case.outcome == Case.Outcome.EXITED_AND_SUPPORTED
    assert case.closed_at is not None


def test_closing_is_audited_with_the_outcome(case, coordinator):
    actions.close_case(actor=coordinator, case=case, outcome=Case.Outcome.REFERRED)
    [entry] = entries("cases.case_closed")
    assert entry.changes == {"outcome": "referred"}


def test_caseworker_cannot_close_a_case(case, caseworker):
    with pytest.raises(PermissionDenied):
        actions.close_case(actor=caseworker, case=case, outcome=Case.Outcome.EXITED)


def test_coordinator_of_another_branch_cannot_close_a_case(case, coordinator_other_branch):
    with pytest.raises(PermissionDenied):
        actions.close_case(actor=coordinator_other_branch, case=case, outcome=Case.Outcome.EXITED)


def test_closing_a_closed_case_raises(case, coordinator):
    actions.close_case(actor=coordinator, case=case, outcome=Case.Outcome.EXITED)
    with pytest.raises(DomainError):
        actions.close_case(actor=coordinator, case=case, outcome=Case.Outcome.DECLINED)


def test_coordinator_reopens_a_closed_case_for_verification(case, coordinator):
    actions.close_case(actor=coordinator, case=case, outcome=Case.Outcome.EXITED)
    actions.change_case_status(actor=coordinator, case=case, status=Status.VERIFYING)
    case.refresh_from_db()
    assert (case.status, case.outcome, case.closed_at) == (Status.VERIFYING, "", None)


def test_caseworker_cannot_reopen_a_closed_case(case, coordinator, caseworker):
    actions.close_case(actor=coordinator, case=case, outcome=Case.Outcome.EXITED)
    with pytest.raises(PermissionDenied):
        actions.change_case_status(actor=caseworker, case=case, status=Status.VERIFYING)


def test_a_closed_case_reopens_only_for_verification(case, coordinator):
    actions.close_case(actor=coordinator, case=case, outcome=Case.Outcome.EXITED)
    with pytest.raises(DomainError):
        actions.change_case_status(actor=coordinator, case=case, status=Status.ASSISTANCE)


def test_details_of_a_closed_case_cannot_be_changed(case, coordinator):
    actions.close_case(actor=coordinator, case=case, outcome=Case.Outcome.EXITED)
    with pytest.raises(DomainError):
        actions.update_case_details(actor=coordinator, case=case, title="New title")


# The team.


def test_coordinator_assigns_an_active_member_of_the_branch(case, coordinator, volunteer):
    actions.assign_worker(actor=coordinator, case=case, user=volunteer)
    assert case.assignments.filter(user=volunteer).exists()


def test_assigning_is_audited_with_the_worker(case, coordinator, volunteer):
    actions.assign_worker(actor=coordinator, case=case, user=volunteer)
    [entry] = entries("cases.worker_assigned")
    assert entry.changes == {"user": volunteer.pk}


def test_assign_worker_refuses_an_inactive_user(case, coordinator, branch):
    inactive = UserFactory(roles=[Role.CASEWORKER], branches=[branch], is_active=False)
    with pytest.raises(DomainError):
        actions.assign_worker(actor=coordinator, case=case, user=inactive)
    assert not case.assignments.filter(user=inactive).exists()


def test_assign_worker_refuses_a_user_of_another_branch(case, coordinator, other_branch):
    stranger = UserFactory(roles=[Role.CASEWORKER], branches=[other_branch])
    with pytest.raises(DomainError):
        actions.assign_worker(actor=coordinator, case=case, user=stranger)
    assert not case.assignments.filter(user=stranger).exists()


def test_assign_worker_refuses_a_role_that_does_not_work_on_cases(case, coordinator, editor):
    with pytest.raises(DomainError):
        actions.assign_worker(actor=coordinator, case=case, user=editor)


def test_caseworker_cannot_assign_workers(case, caseworker, volunteer):
    with pytest.raises(PermissionDenied):
        actions.assign_worker(actor=caseworker, case=case, user=volunteer)


def test_unassigning_removes_the_worker_and_is_audited(case, coordinator, caseworker):
    actions.unassign_worker(actor=coordinator, case=case, user=caseworker)
    assert not case.assignments.filter(user=caseworker).exists()
    assert entries("cases.worker_unassigned")[0].changes == {"user": caseworker.pk}


def test_granting_access_is_audited_without_the_free_text_reason(
    case, coordinator, coordinator_other_branch
):
    grant = actions.grant_access(
        actor=coordinator, case=case, user=coordinator_other_branch, reason="Ivan's lawyer"
    )
    [entry] = entries("cases.access_granted")
    assert entry.changes == {"user": coordinator_other_branch.pk}
    assert grant.reason == "Ivan's lawyer"


@pytest.mark.parametrize("persona", ["volunteer", "editor"])
def test_access_cannot_be_granted_to_a_role_that_does_not_work_on_cases(
    case, coordinator, personas, persona
):
    with pytest.raises(DomainError):
        actions.grant_access(actor=coordinator, case=case, user=personas[persona], reason="x")


def test_revoking_access_is_audited(case, coordinator, coordinator_other_branch):
    actions.grant_access(actor=coordinator, case=case, user=coordinator_other_branch, reason="r")
    actions.revoke_access(actor=coordinator, case=case, user=coordinator_other_branch)
    assert not case.access_grants.exists()
    assert entries("cases.access_revoked")[0].changes == {"user": coordinator_other_branch.pk}


# Tasks.


def test_adding_a_task_is_audited_with_owner_and_due_date(case, caseworker):
    import datetime

    task = actions.add_task(
        actor=caseworker,
        case=case,
        title="Call the consulate",
        owner=caseworker,
        due_on=datetime.date(2030, 1, 31),
    )
    [entry] = entries("cases.task_added")
    assert entry.changes == {"task": task.pk, "owner": caseworker.pk, "due_on": "2030-01-31"}


def test_a_task_cannot_go_to_someone_who_does_not_see_the_case(case, caseworker, branch):
    outsider = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    with pytest.raises(DomainError):
        actions.add_task(actor=caseworker, case=case, title="Call", owner=outsider)


def test_volunteer_completes_their_own_task(case, coordinator, volunteer):
    AssignmentFactory(case=case, user=volunteer)
    task = TaskFactory(case=case, owner=volunteer, created_by=coordinator)
    actions.complete_task(actor=volunteer, task=task)
    task.refresh_from_db()
    assert task.is_done
    assert entries("cases.task_done")[0].changes == {"task": task.pk}


def test_volunteer_cannot_complete_someone_elses_task(case, caseworker, volunteer):
    AssignmentFactory(case=case, user=volunteer)
    task = TaskFactory(case=case, owner=caseworker)
    with pytest.raises(PermissionDenied):
        actions.complete_task(actor=volunteer, task=task)


# Notes and files.


def test_volunteer_adds_a_note_everyone_may_read(case, volunteer):
    AssignmentFactory(case=case, user=volunteer)
    note = actions.add_note(
        actor=volunteer, case=case, body="Bought a SIM card.", is_sensitive=False
    )
    assert note.is_sensitive is False
    assert entries("cases.note_added")[0].changes == {"note": note.pk, "sensitive": False}


def test_volunteer_cannot_add_sensitive_notes(case, volunteer):
    AssignmentFactory(case=case, user=volunteer)
    with pytest.raises(DomainError):
        actions.add_note(actor=volunteer, case=case, body="Address", is_sensitive=True)
    assert not Note.objects.exists()


def test_caseworker_adds_a_sensitive_note(case, caseworker):
    note = actions.add_note(actor=caseworker, case=case, body="Address", is_sensitive=True)
    assert note.is_sensitive is True


def test_unassigned_caseworker_cannot_add_a_note(case, branch):
    outsider = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    with pytest.raises(PermissionDenied):
        actions.add_note(actor=outsider, case=case, body="x", is_sensitive=False)


def test_adding_a_file_is_audited_without_its_name(case, caseworker):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("Ivanov passport.pdf", b"%PDF-1.4 test")
    case_file = actions.add_case_file(
        actor=caseworker, case=case, upload=upload, content_type="application/pdf"
    )
    [entry] = entries("cases.file_added")
    assert entry.changes == {"file": str(case_file.pk)}
    assert "Ivanov" not in str(entry.changes)
