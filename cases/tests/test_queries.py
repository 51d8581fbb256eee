"""Need-to-know: who sees a case, how much of it, and what each read records."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from audit.models import AuditEntry
from cases import actions, queries
from cases.models import AccessGrant
from cases.tests.factories import (
    AssignmentFactory,
    CaseFactory,
    NoteFactory,
    ParticipantFactory,
    TaskFactory,
)
from intake.tests.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(branch, coordinator):
    return CaseFactory(branch=branch, created_by=coordinator)


@pytest.fixture
def assigned_caseworker(case, caseworker):
    AssignmentFactory(case=case, user=caseworker)
    return caseworker


@pytest.fixture
def assigned_volunteer(case, volunteer):
    AssignmentFactory(case=case, user=volunteer)
    return volunteer


# The matrix: access_to and cases_visible_to answer the same.


def test_coordinator_of_the_branch_sees_the_case_in_full(case, coordinator):
    access = queries.access_to(coordinator, case)
    assert (access.full, access.coordinates) == (True, True)
    assert list(queries.cases_visible_to(coordinator)) == [case]


def test_coordinator_of_another_branch_does_not_see_the_case(case, coordinator_other_branch):
    assert queries.access_to(coordinator_other_branch, case) is None
    assert list(queries.cases_visible_to(coordinator_other_branch)) == []


def test_assigned_caseworker_sees_the_case_in_full(case, assigned_caseworker):
    access = queries.access_to(assigned_caseworker, case)
    assert (access.full, access.coordinates) == (True, False)
    assert list(queries.cases_visible_to(assigned_caseworker)) == [case]


def test_unassigned_caseworker_does_not_see_the_case(case, caseworker):
    assert queries.access_to(caseworker, case) is None
    assert list(queries.cases_visible_to(caseworker)) == []


def test_assigned_volunteer_sees_the_outline_only(case, assigned_volunteer):
    access = queries.access_to(assigned_volunteer, case)
    assert access.full is False
    assert not (access.view_people or access.view_files or access.view_sensitive)
    assert not (access.view_thread or access.view_timeline or access.edit)
    assert list(queries.cases_visible_to(assigned_volunteer)) == [case]


def test_unassigned_volunteer_does_not_see_the_case(case, volunteer):
    assert queries.access_to(volunteer, case) is None


def test_explicit_grant_gives_full_access(case, coordinator, coordinator_other_branch):
    AccessGrant.objects.create(
        case=case, user=coordinator_other_branch, reason="Return trip", granted_by=coordinator
    )
    access = queries.access_to(coordinator_other_branch, case)
    assert (access.full, access.coordinates) == (True, False)
    assert list(queries.cases_visible_to(coordinator_other_branch)) == [case]


def test_inactive_user_sees_nothing(case, assigned_caseworker):
    assigned_caseworker.is_active = False
    assigned_caseworker.save()
    assert queries.access_to(assigned_caseworker, case) is None
    assert list(queries.cases_visible_to(assigned_caseworker)) == []


@pytest.mark.parametrize("persona", ["administrator", "editor", "no role"])
def test_roles_without_assignment_see_nothing(case, personas, persona):
    user = personas[persona]
    assert queries.access_to(user, case) is None
    assert list(queries.cases_visible_to(user)) == []


def test_case_for_answers_404_for_a_case_out_of_scope(case, caseworker):
    with pytest.raises(Http404):
        queries.case_for(caseworker, case.pk)


def test_case_for_answers_404_for_a_malformed_id(coordinator):
    with pytest.raises(Http404):
        queries.case_for(coordinator, "not-a-uuid")


def test_case_for_does_not_audit(case, coordinator):
    queries.case_for(coordinator, case.pk)
    assert not AuditEntry.objects.filter(verb="cases.case_viewed").exists()


def test_read_case_records_one_view(case, coordinator):
    queries.read_case(coordinator, case.pk)
    [entry] = AuditEntry.objects.filter(verb="cases.case_viewed")
    assert (entry.actor, entry.target_id) == (coordinator, str(case.pk))


def test_read_case_out_of_scope_records_nothing(case, caseworker):
    with pytest.raises(Http404):
        queries.read_case(caseworker, case.pk)
    assert not AuditEntry.objects.exists()


# What the case page shows.


def test_volunteer_contents_hold_only_their_tasks_and_notes_anyone_may_read(
    case, assigned_volunteer, assigned_caseworker
):
    own = TaskFactory(case=case, owner=assigned_volunteer)
    TaskFactory(case=case, owner=assigned_caseworker)
    shared = NoteFactory(case=case, is_sensitive=False)
    NoteFactory(case=case, is_sensitive=True)
    ParticipantFactory(case=case)
    HelpRequestFactory(case=case, status="accepted")
    access = queries.access_to(assigned_volunteer, case)
    contents = queries.case_contents(assigned_volunteer, case, access)
    assert list(contents.tasks) == [own]
    assert list(contents.notes) == [shared]
    assert not contents.participants.exists()
    assert not contents.files.exists()
    assert not contents.requests.exists()
    assert not contents.assignments.exists()
    assert not contents.timeline.exists()


def test_full_contents_hold_every_task_note_and_person(case, assigned_caseworker, coordinator):
    TaskFactory(case=case, owner=assigned_caseworker)
    TaskFactory(case=case, owner=coordinator)
    NoteFactory.create_batch(2, case=case)
    ParticipantFactory(case=case)
    access = queries.access_to(assigned_caseworker, case)
    contents = queries.case_contents(assigned_caseworker, case, access)
    assert (contents.tasks.count(), contents.notes.count()) == (2, 2)
    assert contents.participants.count() == 1


def test_timeline_is_newest_first_without_reads(case, coordinator):
    actions.change_case_status(actor=coordinator, case=case, status="verifying")
    queries.read_case(coordinator, case.pk)
    actions.change_case_status(actor=coordinator, case=case, status="rescue_planned")
    verbs = [entry.changes["status"][1] for entry in queries.timeline_of(case)]
    assert verbs == ["rescue_planned", "verifying"]


def test_timeline_includes_the_help_requests_of_the_case(case, coordinator):
    import audit

    help_request = HelpRequestFactory(case=case, status="accepted")
    audit.record(actor=coordinator, verb="intake.request_triaged", target=help_request)
    assert [e.verb for e in queries.timeline_of(case)] == ["intake.request_triaged"]


# Files, tasks, people and requests found through a case.


@pytest.fixture
def case_file(case, coordinator):
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 test")
    return actions.add_case_file(
        actor=coordinator, case=case, upload=upload, content_type="application/pdf"
    )


def test_read_case_file_records_the_download(case_file, assigned_caseworker):
    assert queries.read_case_file(assigned_caseworker, case_file.pk) == case_file
    [entry] = AuditEntry.objects.filter(verb="cases.file_downloaded")
    assert entry.changes == {"file": str(case_file.pk)}


def test_read_case_file_answers_404_to_an_assigned_volunteer(case_file, assigned_volunteer):
    with pytest.raises(Http404):
        queries.read_case_file(assigned_volunteer, case_file.pk)
    assert not AuditEntry.objects.filter(verb="cases.file_downloaded").exists()


def test_read_case_file_answers_404_out_of_scope(case_file, coordinator_other_branch):
    with pytest.raises(Http404):
        queries.read_case_file(coordinator_other_branch, case_file.pk)


def test_volunteer_finds_their_own_task(case, assigned_volunteer):
    task = TaskFactory(case=case, owner=assigned_volunteer)
    found, _access = queries.task_for(assigned_volunteer, task.pk)
    assert found == task


def test_volunteer_does_not_find_someone_elses_task(case, assigned_volunteer, coordinator):
    task = TaskFactory(case=case, owner=coordinator)
    with pytest.raises(Http404):
        queries.task_for(assigned_volunteer, task.pk)


def test_participant_for_answers_404_to_a_volunteer(case, assigned_volunteer):
    participant = ParticipantFactory(case=case)
    with pytest.raises(Http404):
        queries.participant_for(assigned_volunteer, participant.pk)


def test_case_request_for_answers_404_for_another_cases_request(case, coordinator, branch):
    other = HelpRequestFactory(case=CaseFactory(branch=branch), status="accepted")
    access = queries.access_to(coordinator, case)
    with pytest.raises(Http404):
        queries.case_request_for(case, access, other.pk)


def test_people_of_a_case_are_visible_to_its_caseworker_only(case, assigned_caseworker, branch):
    person = ParticipantFactory(case=case).person
    outsider = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    assert list(queries.people_visible_to(assigned_caseworker)) == [person]
    assert list(queries.people_visible_to(outsider)) == []


def test_assignable_workers_are_active_case_roles_of_the_branch(
    case, caseworker, volunteer, editor, coordinator_other_branch, branch
):
    UserFactory(roles=[Role.CASEWORKER], branches=[branch], is_active=False)
    AssignmentFactory(case=case, user=volunteer)
    workers = set(queries.assignable_workers(case))
    assert caseworker in workers
    assert volunteer not in workers  # already on the case
    assert editor not in workers
    assert coordinator_other_branch not in workers


def test_branches_to_open_cases_in_are_those_the_user_coordinates(coordinator, caseworker, branch):
    assert list(queries.branches_to_open_cases_in(coordinator)) == [branch]
    assert list(queries.branches_to_open_cases_in(caseworker)) == []


def test_a_grant_made_before_a_role_change_opens_nothing_to_an_editor(branch, coordinator, editor):
    from cases.models import AccessGrant
    from cases.queries import access_to, cases_visible_to
    from cases.tests.factories import CaseFactory

    case = CaseFactory(branch=branch, created_by=coordinator)
    AccessGrant.objects.create(case=case, user=editor, reason="x", granted_by=coordinator)
    assert access_to(editor, case) is None
    assert not cases_visible_to(editor).exists()


def test_a_grant_shows_a_volunteer_only_the_outline(branch, coordinator, volunteer):
    from cases.models import AccessGrant
    from cases.queries import access_to, people_visible_to
    from cases.tests.factories import CaseFactory, ParticipantFactory

    case = CaseFactory(branch=branch, created_by=coordinator)
    ParticipantFactory(case=case)
    AccessGrant.objects.create(case=case, user=volunteer, reason="x", granted_by=coordinator)
    assert access_to(volunteer, case).full is False
    assert not people_visible_to(volunteer).exists()


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.EDITOR, Role.ADMINISTRATOR])
def test_the_people_filter_offers_no_branch_to_whom_sees_no_people_of_their_cases(
    other_branch, coordinator, role
):
    # An assignment or a grant shows such a user no person (people_visible_to); the branches
    # to filter people by are none, as they were when read off the people they see.
    user = UserFactory(roles=[role], branches=[])
    assigned, granted = CaseFactory(branch=other_branch), CaseFactory(branch=other_branch)
    ParticipantFactory(case=assigned)
    AssignmentFactory(case=assigned, user=user)
    AccessGrant.objects.create(case=granted, user=user, reason="Court", granted_by=coordinator)
    assert not queries.people_visible_to(user).exists()
    assert list(queries.branches_of_people_visible_to(user)) == []
