"""Changes made from the case pages: PRG on success; on bad input or a broken rule the page again
with the error (status 200) and nothing stored."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from audit.models import AuditEntry
from cases import actions
from cases.models import AccessGrant, Case, CaseFile, Note, Participant, Person, Task
from cases.tests.factories import (
    AssignmentFactory,
    CaseFactory,
    ParticipantFactory,
    PersonFactory,
    TaskFactory,
)
from intake.models import HelpRequest, Message
from intake.tests.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(branch, coordinator, caseworker):
    case = CaseFactory(branch=branch, created_by=coordinator)
    AssignmentFactory(case=case, user=caseworker)
    return case


def post(client, user, name, args, data=None):
    client.force_login(user)
    return client.post(reverse(name, args=args), data or {})


def verbs():
    return list(AuditEntry.objects.values_list("verb", flat=True))


# Opening a case.


def test_coordinator_opens_a_case_and_lands_on_it(client, branch, coordinator):
    response = post(
        client,
        coordinator,
        "cases:case-new",
        [],
        {"branch": branch.pk, "title": "Kiln", "risk": "3", "exploitation_types": ["ForcedLabour"]},
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert (case.branch, case.risk, case.exploitation_types) == (branch, 3, ["ForcedLabour"])


def test_a_case_cannot_be_opened_in_a_branch_the_coordinator_does_not_coordinate(
    client, other_branch, coordinator
):
    response = post(
        client, coordinator, "cases:case-new", [], {"branch": other_branch.pk, "title": "Kiln"}
    )
    assert response.status_code == 200
    assert "branch" in response.context["form"].errors
    assert not Case.objects.exists()


def test_the_new_case_form_offers_only_the_coordinators_branches(
    client, branch, other_branch, coordinator
):
    client.force_login(coordinator)
    response = client.get(reverse("cases:case-new"))
    assert list(response.context["form"].fields["branch"].queryset) == [branch]


def test_a_missing_title_is_explained_and_the_input_kept(client, branch, coordinator):
    response = post(
        client, coordinator, "cases:case-new", [], {"branch": branch.pk, "summary": "Three men"}
    )
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert "Three men" in response.content.decode()
    assert not Case.objects.exists()


# Editing the details.


def test_the_edit_form_shows_the_current_details(client, case, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("cases:case-edit", args=[case.pk]))
    assert response.context["form"]["title"].value() == case.title


def test_editing_saves_the_details_and_records_field_names(client, case, caseworker):
    response = post(
        client,
        caseworker,
        "cases:case-edit",
        [case.pk],
        {
            "title": "Kiln near Kizlyar",
            "risk": "4",
            "exploitation_types": ["ForcedLabour"],
            "means_of_control": ["DebtBondage", "WithholdsDocuments"],
            "exploitation_country": "RU",
            "exploitation_place": "Brick works",
            "exploitation_started_on": "2024-03-01",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.means_of_control == ["DebtBondage", "WithholdsDocuments"]
    entry = AuditEntry.objects.get(verb="cases.case_updated")
    assert entry.changes["exploitation_place"] is None
    assert entry.changes["risk"] == 4


def test_exploitation_ending_before_it_began_is_explained(client, case, caseworker):
    response = post(
        client,
        caseworker,
        "cases:case-edit",
        [case.pk],
        {
            "title": "Changed",
            "risk": "2",
            "exploitation_started_on": "2024-03-01",
            "exploitation_ended_on": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert "exploitation_ended_on" in response.context["form"].errors
    case.refresh_from_db()
    assert case.title != "Changed"


def test_a_closed_case_cannot_be_edited(client, case, coordinator):
    actions.close_case(actor=coordinator, case=case, outcome="exited")
    response = post(client, coordinator, "cases:case-edit", [case.pk], {"title": "X", "risk": "2"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    case.refresh_from_db()
    assert case.title != "X"


# Status and closing.


def test_changing_the_status_redirects_to_the_case_with_a_message(client, case, caseworker):
    response = post(client, caseworker, "cases:case-status", [case.pk], {"status": "verifying"})
    assert response["Location"] == case.get_absolute_url() + "#status"
    case.refresh_from_db()
    assert case.status == "verifying"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["The status was changed."]


def test_a_refused_transition_shows_the_case_page_with_the_error(client, case, caseworker):
    Case.objects.filter(pk=case.pk).update(status="exited")
    response = post(client, caseworker, "cases:case-status", [case.pk], {"status": "new"})
    assert response.status_code == 200
    assert response.context["open_form"] == "status"
    assert response.context["forms"]["status"].errors
    case.refresh_from_db()
    assert case.status == "exited"
    assert "cases.status_changed" not in verbs()


def test_the_case_page_shown_again_with_an_error_is_recorded_as_a_view(client, case, caseworker):
    post(client, caseworker, "cases:case-status", [case.pk], {"status": "nonsense"})
    assert verbs() == ["cases.case_viewed"]


def test_coordinator_closes_the_case_with_an_outcome(client, case, coordinator):
    post(client, coordinator, "cases:case-close", [case.pk], {"outcome": "referred"})
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("closed", "referred")
    assert case.closed_at is not None


def test_closing_without_an_outcome_is_explained(client, case, coordinator):
    response = post(client, coordinator, "cases:case-close", [case.pk], {})
    assert response.status_code == 200
    assert "outcome" in response.context["forms"]["close"].errors
    case.refresh_from_db()
    assert case.status == "new"


def test_coordinator_reopens_a_closed_case(client, case, coordinator):
    actions.close_case(actor=coordinator, case=case, outcome="exited")
    post(client, coordinator, "cases:case-status", [case.pk], {"status": "verifying"})
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("verifying", "")


# The team.


def test_coordinator_assigns_a_member_of_the_branch(client, case, coordinator, volunteer):
    post(client, coordinator, "cases:case-assign", [case.pk], {"user": volunteer.pk})
    assert case.assignments.filter(user=volunteer).exists()


def test_a_worker_of_another_branch_is_not_offered_and_not_assigned(
    client, case, coordinator, other_branch
):
    stranger = UserFactory(roles=[Role.CASEWORKER], branches=[other_branch])
    response = post(client, coordinator, "cases:case-assign", [case.pk], {"user": stranger.pk})
    assert response.status_code == 200
    assert "user" in response.context["forms"]["assign"].errors
    assert not case.assignments.filter(user=stranger).exists()


def test_coordinator_takes_a_worker_off_the_case(client, case, coordinator, caseworker):
    post(client, coordinator, "cases:case-unassign", [case.pk, caseworker.pk])
    assert not case.assignments.filter(user=caseworker).exists()


def test_taking_off_someone_not_on_the_case_is_404(client, case, coordinator, volunteer):
    response = post(client, coordinator, "cases:case-unassign", [case.pk, volunteer.pk])
    assert response.status_code == 404


def test_coordinator_gives_access_by_email_with_a_reason(
    client, case, coordinator, coordinator_other_branch
):
    post(
        client,
        coordinator,
        "cases:case-grant",
        [case.pk],
        {"email": "COORDINATOR.harare@example.org", "reason": "Return journey"},
    )
    grant = AccessGrant.objects.get()
    assert (grant.user, grant.reason) == (coordinator_other_branch, "Return journey")


def test_access_for_an_unknown_address_is_explained(client, case, coordinator):
    response = post(
        client,
        coordinator,
        "cases:case-grant",
        [case.pk],
        {"email": "nobody@example.org", "reason": "x"},
    )
    assert response.status_code == 200
    assert "email" in response.context["forms"]["grant"].errors
    assert not AccessGrant.objects.exists()


def test_coordinator_takes_access_back(client, case, coordinator, coordinator_other_branch):
    actions.grant_access(actor=coordinator, case=case, user=coordinator_other_branch, reason="r")
    post(client, coordinator, "cases:case-revoke", [case.pk, coordinator_other_branch.pk])
    assert not AccessGrant.objects.exists()


# Tasks.


def test_caseworker_adds_a_task_with_owner_and_due_date(client, case, caseworker):
    post(
        client,
        caseworker,
        "cases:task-add",
        [case.pk],
        {"title": "Call the consulate", "owner": caseworker.pk, "due_on": "2030-05-01"},
    )
    task = Task.objects.get()
    assert (task.owner, task.due_on) == (caseworker, datetime.date(2030, 5, 1))


def test_a_task_for_someone_off_the_case_is_refused(client, case, caseworker, branch):
    outsider = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    response = post(
        client, caseworker, "cases:task-add", [case.pk], {"title": "x", "owner": outsider.pk}
    )
    assert response.status_code == 200
    assert not Task.objects.exists()


def test_a_task_is_marked_done(client, case, caseworker):
    task = TaskFactory(case=case, owner=caseworker)
    response = post(client, caseworker, "cases:task-done", [task.pk])
    assert response["Location"] == case.get_absolute_url() + "#tasks"
    task.refresh_from_db()
    assert task.is_done


def test_volunteer_marks_their_own_task_done(client, case, coordinator, volunteer):
    AssignmentFactory(case=case, user=volunteer)
    task = TaskFactory(case=case, owner=volunteer, created_by=coordinator)
    assert post(client, volunteer, "cases:task-done", [task.pk]).status_code == 302
    task.refresh_from_db()
    assert task.is_done


# Notes.


def test_caseworker_adds_a_sensitive_note(client, case, caseworker):
    post(client, caseworker, "cases:note-add", [case.pk], {"body": "Address", "is_sensitive": "on"})
    assert Note.objects.get().is_sensitive is True


def test_a_volunteers_note_is_never_sensitive(client, case, volunteer):
    AssignmentFactory(case=case, user=volunteer)
    post(client, volunteer, "cases:note-add", [case.pk], {"body": "SIM", "is_sensitive": "on"})
    assert Note.objects.get().is_sensitive is False


def test_a_100_kb_note_is_refused_with_a_clear_error(client, case, caseworker):
    response = post(client, caseworker, "cases:note-add", [case.pk], {"body": "x" * 100_000})
    assert response.status_code == 200
    [error] = response.context["forms"]["note"].errors["body"]
    assert "20000" in error
    assert response.context["open_form"] == "note"
    assert not Note.objects.exists()
    assert verbs() == ["cases.case_viewed"]  # the page shown again, nothing changed


def test_an_empty_note_is_refused(client, case, caseworker):
    response = post(client, caseworker, "cases:note-add", [case.pk], {"body": "   "})
    assert response.status_code == 200
    assert not Note.objects.exists()


def test_a_note_never_reaches_the_writers_thread(client, case, caseworker):
    HelpRequestFactory(case=case, status=HelpRequest.Status.ACCEPTED)
    post(client, caseworker, "cases:note-add", [case.pk], {"body": "Internal", "is_sensitive": ""})
    assert not Message.objects.exists()


# Files.


def _png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_caseworker_uploads_a_photo(client, case, caseworker):
    upload = SimpleUploadedFile("photo.png", _png_bytes(), content_type="image/png")
    response = post(client, caseworker, "cases:file-add", [case.pk], {"file": upload})
    assert response.status_code == 302
    case_file = CaseFile.objects.get()
    assert (case_file.content_type, case_file.original_name) == ("image/png", "photo.png")


def test_a_disguised_file_is_refused_and_nothing_stored(client, case, caseworker):
    upload = SimpleUploadedFile(
        "photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg"
    )
    response = post(client, caseworker, "cases:file-add", [case.pk], {"file": upload})
    assert response.status_code == 200
    assert response.context["forms"]["file"].errors["file"]
    assert not CaseFile.objects.exists()
    assert verbs() == ["cases.case_viewed"]  # the page shown again, nothing changed


def test_an_empty_file_is_refused(client, case, caseworker):
    upload = SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf")
    response = post(client, caseworker, "cases:file-add", [case.pk], {"file": upload})
    assert response.status_code == 200
    assert not CaseFile.objects.exists()


# Replies to the writer.


def test_a_reply_goes_into_the_writers_thread(client, case, caseworker):
    request = HelpRequestFactory(case=case, status=HelpRequest.Status.ACCEPTED)
    response = post(
        client, caseworker, "cases:case-reply", [case.pk, request.pk], {"body": "Мы звоним завтра"}
    )
    assert response["Location"] == case.get_absolute_url() + "#thread"
    message = Message.objects.get()
    assert (message.direction, message.body, message.author) == (
        Message.Direction.TO_WRITER,
        "Мы звоним завтра",
        caseworker,
    )


def test_a_reply_to_a_phone_request_is_explained_and_not_stored(client, case, caseworker):
    request = HelpRequestFactory(
        case=case, status=HelpRequest.Status.ACCEPTED, channel=HelpRequest.Channel.PHONE
    )
    response = post(
        client, caseworker, "cases:case-reply", [case.pk, request.pk], {"body": "Hello"}
    )
    assert response.status_code == 200
    assert "did not come through the website" in response.content.decode()
    assert not Message.objects.exists()


def test_an_empty_reply_is_explained_and_its_form_open(client, case, caseworker):
    request = HelpRequestFactory(case=case, status=HelpRequest.Status.ACCEPTED)
    response = post(client, caseworker, "cases:case-reply", [case.pk, request.pk], {"body": ""})
    assert response.status_code == 200
    assert response.context["open_form"] == f"reply-{request.pk}"
    assert not Message.objects.exists()


def test_a_reply_to_another_cases_request_is_404(client, case, caseworker, branch):
    other_case = CaseFactory(branch=branch)
    request = HelpRequestFactory(case=other_case, status=HelpRequest.Status.ACCEPTED)
    response = post(client, caseworker, "cases:case-reply", [case.pk, request.pk], {"body": "x"})
    assert response.status_code == 404
    assert not Message.objects.exists()


# People.


def test_caseworker_adds_a_new_person_with_aliases(client, case, caseworker):
    post(
        client,
        caseworker,
        "cases:participant-add",
        [case.pk],
        {
            "role": "victim",
            "given_name": "Магомед",
            "family_name": "Алиев",
            "gender": "Masculine",
            "birth_year": "1991",
            "aliases": "Magomed Aliev\n\nМага\n",
        },
    )
    participant = Participant.objects.get(case=case)
    person = participant.person
    assert (participant.role, person.birth_year) == ("victim", 1991)
    assert sorted(person.aliases.values_list("name", flat=True)) == ["Magomed Aliev", "Мага"]


def test_a_person_without_any_name_is_refused(client, case, caseworker):
    response = post(
        client,
        caseworker,
        "cases:participant-add",
        [case.pk],
        {"role": "victim", "patronymic": "Ivanovich", "gender": "Masculine"},
    )
    assert response.status_code == 200
    assert response.context["forms"]["new_person"].non_field_errors()
    assert not Person.objects.exists()


def test_a_visible_person_is_linked_in_another_role(client, case, caseworker, branch):
    other_case = CaseFactory(branch=branch)
    AssignmentFactory(case=other_case, user=caseworker)
    person = ParticipantFactory(case=other_case).person
    post(
        client,
        caseworker,
        "cases:participant-link",
        [case.pk],
        {"person": str(person.pk), "role": "witness"},
    )
    assert Participant.objects.filter(case=case, person=person, role="witness").exists()


def test_linking_finds_people_by_name_and_offers_them_to_choose(
    client, case, caseworker, branch, other_branch
):
    other_case = CaseFactory(branch=branch)
    AssignmentFactory(case=other_case, user=caseworker)
    seen = ParticipantFactory(
        case=other_case, person=PersonFactory(given_name="Мария", family_name="Петрова")
    ).person
    hidden = PersonFactory(branch=other_branch, given_name="Мария", family_name="Петрова")
    response = post(
        client,
        caseworker,
        "cases:participant-link",
        [case.pk],
        {"query": "Maria Petrova", "role": "witness"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    # The person the user may see is offered as a choice, with what was typed kept.
    assert f'value="{seen.pk}"' in html and 'type="radio"' in html
    assert 'value="Maria Petrova"' in html
    assert str(hidden.pk) not in html
    # Nobody was added yet: the second step chooses.
    assert not Participant.objects.filter(case=case).exists()
    post(
        client,
        caseworker,
        "cases:participant-link",
        [case.pk],
        {"query": "Maria Petrova", "person": str(seen.pk), "role": "witness"},
    )
    assert Participant.objects.filter(case=case, person=seen, role="witness").exists()


def test_the_case_page_does_not_list_everyone_to_link(client, case, caseworker, branch):
    other_case = CaseFactory(branch=branch)
    AssignmentFactory(case=other_case, user=caseworker)
    person = ParticipantFactory(case=other_case).person
    client.force_login(caseworker)
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Add someone already recorded" in html
    assert str(person.pk) not in html


@pytest.mark.parametrize("query", ["", "Nobody Such"])
def test_linking_without_a_match_says_what_to_do(client, case, caseworker, query):
    response = post(
        client, caseworker, "cases:participant-link", [case.pk], {"query": query, "role": "witness"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Type a name, phone or document number to find the person." in html
        if not query
        else "Nobody you may see matches this." in html
    )
    assert not Participant.objects.filter(case=case).exists()


def test_linking_a_person_the_user_cannot_see_is_404(client, case, caseworker, other_branch):
    hidden = PersonFactory(branch=other_branch)
    response = post(
        client,
        caseworker,
        "cases:participant-link",
        [case.pk],
        {"person": str(hidden.pk), "role": "witness"},
    )
    assert response.status_code == 404
    assert not Participant.objects.exists()


@pytest.mark.parametrize("query", ["Мария Петрова", ""])
def test_a_volunteer_on_the_case_cannot_search_people_to_link(
    client, case, volunteer, monkeypatch, query
):
    AssignmentFactory(case=case, user=volunteer)  # the outline only
    searched = []
    monkeypatch.setattr("cases.queries.find_people", lambda *a, **k: searched.append(1) or [])
    response = post(
        client, volunteer, "cases:participant-link", [case.pk], {"query": query, "role": "witness"}
    )
    assert response.status_code == 403
    assert not searched


def test_a_match_the_user_may_not_see_answers_as_no_match_at_all(
    client, case, caseworker, other_branch
):
    def answer():
        response = post(
            client,
            caseworker,
            "cases:participant-link",
            [case.pk],
            {"query": "Зульфия Абдурахманова", "role": "witness"},
        )
        html = response.content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)

    nobody = answer()
    PersonFactory(branch=other_branch, given_name="Зульфия", family_name="Абдурахманова")
    assert answer() == nobody
    assert "Nobody you may see matches this." in nobody


def test_a_person_is_taken_off_the_case(client, case, caseworker):
    participant = ParticipantFactory(case=case)
    response = post(client, caseworker, "cases:participant-remove", [participant.pk])
    assert response["Location"] == case.get_absolute_url() + "#people"
    assert not Participant.objects.exists()
    assert Person.objects.filter(pk=participant.person_id).exists()


def test_taking_a_person_off_a_closed_case_is_explained(client, case, coordinator):
    participant = ParticipantFactory(case=case)
    actions.close_case(actor=coordinator, case=case, outcome="exited")
    response = post(client, coordinator, "cases:participant-remove", [participant.pk])
    assert response.status_code == 200
    assert "This case is closed" in response.content.decode()
    assert Participant.objects.exists()
