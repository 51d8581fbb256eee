"""The case page: what each reader sees, what is recorded, and that nothing leaks or runs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from cases import actions
from cases.models import Case
from cases.tests.factories import (
    AssignmentFactory,
    CaseFactory,
    NoteFactory,
    ParticipantFactory,
    TaskFactory,
)
from intake.models import HelpRequest, Message
from intake.tests.factories import HelpRequestFactory, MessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(branch, coordinator, caseworker, volunteer):
    case = CaseFactory(branch=branch, created_by=coordinator, title="Kiln by the river")
    AssignmentFactory(case=case, user=caseworker)
    AssignmentFactory(case=case, user=volunteer)
    return case


def page(client, user, case, **params):
    client.force_login(user)
    return client.get(reverse("cases:case-detail", args=[case.pk]), params)


def test_each_view_of_the_case_page_writes_exactly_one_case_viewed_entry(client, case, caseworker):
    page(client, caseworker, case)
    page(client, caseworker, case)
    entries = AuditEntry.objects.filter(verb="cases.case_viewed", target_id=str(case.pk))
    assert [entry.actor for entry in entries] == [caseworker, caseworker]


def test_the_page_writes_no_other_audit_entry(client, case, caseworker):
    page(client, caseworker, case)
    assert list(AuditEntry.objects.values_list("verb", flat=True)) == ["cases.case_viewed"]


def test_an_out_of_scope_view_writes_no_entry(client, case, coordinator_other_branch):
    assert page(client, coordinator_other_branch, case).status_code == 404
    assert not AuditEntry.objects.exists()


def test_caseworker_sees_people_with_links_to_their_records(client, case, caseworker):
    person = ParticipantFactory(case=case).person
    response = page(client, caseworker, case)
    html = response.content.decode()
    assert person.full_name in html
    assert reverse("people:person-detail", args=[person.pk]) in html


def test_caseworker_sees_sensitive_notes(client, case, caseworker):
    NoteFactory(case=case, body="Hidden at the aunt's flat", is_sensitive=True)
    assert "Hidden at the aunt&#x27;s flat" in page(client, caseworker, case).content.decode()


def test_caseworker_sees_file_links(client, case, caseworker, coordinator):
    case_file = actions.add_case_file(
        actor=coordinator,
        case=case,
        upload=SimpleUploadedFile("scan.pdf", b"%PDF-1.4 x"),
        content_type="application/pdf",
    )
    html = page(client, caseworker, case).content.decode()
    assert reverse("cases:file-download", args=[case_file.pk]) in html


@pytest.fixture
def busy_case(case, coordinator, caseworker, volunteer):
    """A case with a person, a sensitive note, a shared note, a file, tasks and a thread."""
    ParticipantFactory(case=case, person__given_name="Магомед", person__family_name="Алиев")
    NoteFactory(case=case, body="Hidden at the aunt's flat", is_sensitive=True, author=caseworker)
    NoteFactory(case=case, body="Bring warm clothes", is_sensitive=False, author=caseworker)
    actions.add_case_file(
        actor=coordinator,
        case=case,
        upload=SimpleUploadedFile("passport-aliev.pdf", b"%PDF-1.4 x"),
        content_type="application/pdf",
    )
    TaskFactory(case=case, owner=volunteer, title="Buy a SIM card", created_by=caseworker)
    TaskFactory(case=case, owner=caseworker, title="Call the consulate")
    HelpRequestFactory(
        case=case, status=HelpRequest.Status.ACCEPTED, description="Брата держат на заводе"
    )
    return case


def test_volunteer_page_shows_no_person_names(client, busy_case, volunteer):
    html = page(client, volunteer, busy_case).content.decode()
    assert "Алиев" not in html
    assert "Магомед" not in html


def test_volunteer_page_shows_no_sensitive_note_text(client, busy_case, volunteer):
    html = page(client, volunteer, busy_case).content.decode()
    assert "aunt" not in html
    assert "Bring warm clothes" in html


def test_volunteer_page_shows_no_file_links(client, busy_case, volunteer):
    html = page(client, volunteer, busy_case).content.decode()
    assert "/cases/files/" not in html
    assert "passport-aliev" not in html


def test_volunteer_page_shows_only_their_own_tasks(client, busy_case, volunteer):
    html = page(client, volunteer, busy_case).content.decode()
    assert "Buy a SIM card" in html
    assert "Call the consulate" not in html


def test_volunteer_page_shows_no_thread_and_no_timeline(client, busy_case, volunteer):
    html = page(client, volunteer, busy_case).content.decode()
    assert "Брата держат" not in html
    assert 'id="timeline"' not in html
    assert 'id="thread"' not in html


def test_volunteer_page_offers_a_note_form_without_the_sensitive_choice(
    client, busy_case, volunteer
):
    response = page(client, volunteer, busy_case)
    assert "is_sensitive" not in response.context["forms"]["note"].fields
    assert reverse("cases:note-add", args=[busy_case.pk]) in response.content.decode()


def test_volunteer_page_offers_no_change_forms(client, busy_case, volunteer):
    forms = page(client, volunteer, busy_case).context["forms"]
    assert set(forms) == {"note"}


def test_html_in_a_note_is_escaped(client, case, caseworker):
    NoteFactory(case=case, body="<script>alert(1)</script>", is_sensitive=False)
    html = page(client, caseworker, case).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_html_in_the_title_is_escaped(client, branch, coordinator):
    case = CaseFactory(branch=branch, created_by=coordinator, title='<img src=x onerror="x()">')
    html = page(client, coordinator, case).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html


def test_the_timeline_shows_the_label_time_actor_and_status_change(client, case, coordinator):
    actions.change_case_status(actor=coordinator, case=case, status="verifying")
    response = page(client, coordinator, case)
    [row] = response.context["timeline"]
    assert row.label == "Case status changed"
    assert row.actor == coordinator.email
    assert row.details == ["Status: New → Verifying"]
    assert "Status: New → Verifying" in response.content.decode()


def test_the_timeline_shows_the_outcome_and_risk(client, case, coordinator):
    actions.update_case_details(actor=coordinator, case=case, risk=Case.Risk.CRITICAL)
    actions.close_case(actor=coordinator, case=case, outcome=Case.Outcome.REFERRED)
    rows = page(client, coordinator, case).context["timeline"]
    assert rows[0].details == ["Outcome: Referred to another organisation"]
    assert rows[1].details == ["Risk: Critical"]


def test_the_timeline_names_changed_fields_but_not_their_values(client, case, coordinator):
    actions.update_case_details(
        actor=coordinator, case=case, title="Aliev at the kiln", exploitation_place="Lenina 5"
    )
    response = page(client, coordinator, case)
    [row] = response.context["timeline"]
    assert row.details == ["Changed: title, place of exploitation"]
    timeline = response.content.decode().split('id="timeline"')[1]
    assert "Lenina 5" not in timeline


def test_the_timeline_never_shows_a_persons_name(client, case, caseworker):
    actions.add_new_person_to_case(
        actor=caseworker, case=case, role="victim", given_name="Магомед", family_name="Алиев"
    )
    response = page(client, caseworker, case)
    assert [row.details for row in response.context["timeline"]] == [["Role: Victim or survivor"]]
    timeline = response.content.decode().split('id="timeline"')[1]
    assert "Алиев" not in timeline


def test_the_timeline_leaves_out_reads(client, case, coordinator):
    page(client, coordinator, case)
    assert page(client, coordinator, case).context["timeline"] == []


def test_the_thread_shows_the_writers_messages_and_replies(client, case, caseworker):
    request = HelpRequestFactory(case=case, status=HelpRequest.Status.ACCEPTED)
    MessageFactory(request=request, body="Его перевезли в другой город")
    Message.objects.create(
        request=request, direction=Message.Direction.TO_WRITER, body="Мы звоним", author=caseworker
    )
    html = page(client, caseworker, case).content.decode()
    assert "Его перевезли в другой город" in html
    assert "Мы звоним" in html
    assert reverse("cases:case-reply", args=[case.pk, request.pk]) in html


def test_a_request_not_from_the_website_has_no_reply_form(client, case, caseworker):
    request = HelpRequestFactory(
        case=case, status=HelpRequest.Status.ACCEPTED, channel=HelpRequest.Channel.PHONE
    )
    html = page(client, caseworker, case).content.decode()
    assert reverse("cases:case-reply", args=[case.pk, request.pk]) not in html


def test_caseworker_is_not_offered_closing_or_team_changes(client, case, caseworker):
    forms = page(client, caseworker, case).context["forms"]
    assert "close" not in forms
    assert "assign" not in forms
    assert "grant" not in forms


def test_coordinator_is_offered_closing_and_team_changes(client, case, coordinator):
    forms = page(client, coordinator, case).context["forms"]
    assert {"close", "assign", "grant", "status"} <= set(forms)


def test_a_closed_case_offers_reopening_to_its_coordinator(client, case, coordinator):
    actions.close_case(actor=coordinator, case=case, outcome=Case.Outcome.EXITED)
    forms = page(client, coordinator, case).context["forms"]
    assert [value for value, _label in forms["status"].fields["status"].choices] == ["verifying"]
    assert "task" not in forms


def test_a_closed_case_offers_no_status_change_to_a_caseworker(
    client, case, coordinator, caseworker
):
    actions.close_case(actor=coordinator, case=case, outcome=Case.Outcome.EXITED)
    assert "status" not in page(client, caseworker, case).context["forms"]


def test_the_page_links_every_section_it_shows(client, busy_case, caseworker):
    html = page(client, caseworker, busy_case).content.decode()
    for section in ("people", "exploitation", "tasks", "notes", "files", "thread", "timeline"):
        assert f'href="#{section}"' in html
        assert f'id="{section}"' in html


def _fill(case, coordinator, caseworker, count):
    for n in range(count):
        ParticipantFactory(case=case)
        TaskFactory(case=case, owner=caseworker)
        NoteFactory(case=case, author=caseworker)
        actions.add_case_file(
            actor=coordinator,
            case=case,
            upload=SimpleUploadedFile(f"scan{n}.pdf", b"%PDF-1.4 x"),
            content_type="application/pdf",
        )
        request = HelpRequestFactory(case=case, status=HelpRequest.Status.ACCEPTED)
        MessageFactory(request=request)
        following = "rescue_planned" if case.status == "verifying" else "verifying"
        actions.change_case_status(actor=coordinator, case=case, status=following)


def test_the_page_queries_do_not_grow_with_its_contents(
    client, case, coordinator, caseworker, django_assert_max_num_queries, django_assert_num_queries
):
    _fill(case, coordinator, caseworker, 1)
    page(client, coordinator, case)
    with django_assert_max_num_queries(60) as one:
        page(client, coordinator, case)
    _fill(case, coordinator, caseworker, 6)
    with django_assert_num_queries(len(one.captured_queries)):
        page(client, coordinator, case)
