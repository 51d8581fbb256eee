"""The rules of the staff-side intake actions, and the audit entry each one writes."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEntry
from cases.models import Assignment, Case
from cases.tests.factories import AssignmentFactory, CaseFactory
from intake import actions, queries
from intake.models import HelpRequest, Message
from intake.tests.factories import HelpRequestFactory, MessageFactory
from svoboda.errors import DomainError

pytestmark = pytest.mark.django_db


def entries(verb, help_request):
    return AuditEntry.objects.filter(verb=verb, target_id=str(help_request.pk))


def record(actor, **overrides):
    fields = {
        "channel": HelpRequest.Channel.PHONE,
        "language": "ru",
        "writer_kind": HelpRequest.WriterKind.SELF,
        "situations": [HelpRequest.Situation.FORCED_LABOUR],
        "description": "Звонок: держат на стройке.",
        "danger": HelpRequest.Danger.NO,
    }
    fields.update(overrides)
    return actions.record_request(actor=actor, **fields)


# mark_request_read


def test_first_read_sets_read_at_and_moves_a_new_request_into_triage(coordinator):
    help_request = HelpRequestFactory()
    actions.mark_request_read(actor=coordinator, request=help_request)
    help_request.refresh_from_db()
    assert help_request.read_at is not None
    assert help_request.status == HelpRequest.Status.IN_TRIAGE


def test_every_read_is_recorded_but_read_at_keeps_the_first_time(coordinator):
    help_request = HelpRequestFactory()
    actions.mark_request_read(actor=coordinator, request=help_request)
    first = HelpRequest.objects.get(pk=help_request.pk).read_at
    actions.mark_request_read(actor=coordinator, request=help_request)
    assert HelpRequest.objects.get(pk=help_request.pk).read_at == first
    assert entries("intake.request_viewed", help_request).count() == 2


# record_request


def test_staff_record_a_phone_request_already_in_triage(coordinator, branch):
    help_request = record(coordinator, branch=branch)
    assert help_request.channel == HelpRequest.Channel.PHONE
    assert help_request.status == HelpRequest.Status.IN_TRIAGE
    assert help_request.recorded_by == coordinator
    assert help_request.branch == branch


def test_recording_a_request_is_audited_with_its_channel(caseworker):
    help_request = record(caseworker, channel=HelpRequest.Channel.MESSENGER)
    entry = entries("intake.request_recorded", help_request).get()
    assert entry.actor == caseworker
    assert entry.changes == {"channel": "messenger"}


def test_a_recorded_request_takes_its_urgency_from_danger_unless_chosen(coordinator):
    suggested = record(coordinator, danger=HelpRequest.Danger.YES)
    chosen = record(coordinator, urgency=HelpRequest.Urgency.URGENT)
    assert suggested.urgency == HelpRequest.Urgency.IMMEDIATE_DANGER
    assert chosen.urgency == HelpRequest.Urgency.URGENT


@pytest.mark.parametrize("persona", ["volunteer", "editor", "no role"])
def test_recording_a_request_needs_the_permission(personas, persona):
    with pytest.raises(PermissionDenied):
        record(personas[persona])
    assert not HelpRequest.objects.exists()


def test_staff_cannot_record_a_request_for_a_branch_not_theirs(coordinator, other_branch):
    with pytest.raises(DomainError):
        record(coordinator, branch=other_branch)
    assert not HelpRequest.objects.exists()


def test_staff_cannot_record_a_request_as_coming_from_the_website(coordinator):
    with pytest.raises(DomainError):
        record(coordinator, channel=HelpRequest.Channel.WEB_FORM)
    assert not AuditEntry.objects.filter(verb="intake.request_recorded").exists()


# triage_request


def test_coordinator_routes_a_request_to_a_branch_and_a_person(coordinator, caseworker, branch):
    help_request = HelpRequestFactory()
    actions.triage_request(
        actor=coordinator,
        request=help_request,
        urgency=HelpRequest.Urgency.URGENT,
        branch=branch,
        assignee=caseworker,
    )
    help_request.refresh_from_db()
    assert (help_request.urgency, help_request.branch, help_request.assignee) == (
        HelpRequest.Urgency.URGENT,
        branch,
        caseworker,
    )
    assert help_request.status == HelpRequest.Status.IN_TRIAGE


def test_triage_records_what_changed(coordinator, caseworker, branch):
    help_request = HelpRequestFactory()
    actions.triage_request(
        actor=coordinator, request=help_request, urgency=3, branch=branch, assignee=caseworker
    )
    entry = entries("intake.request_triaged", help_request).get()
    assert entry.changes == {"branch": branch.pk, "assignee": caseworker.pk}


def test_triage_may_route_to_a_branch_the_coordinator_is_not_in(coordinator, other_branch):
    help_request = HelpRequestFactory()
    actions.triage_request(
        actor=coordinator, request=help_request, urgency=1, branch=other_branch, assignee=None
    )
    assert HelpRequest.objects.get(pk=help_request.pk).branch == other_branch


def test_triage_refuses_an_assignee_outside_the_chosen_branch(
    coordinator, caseworker, other_branch
):
    help_request = HelpRequestFactory()
    with pytest.raises(DomainError):
        actions.triage_request(
            actor=coordinator,
            request=help_request,
            urgency=1,
            branch=other_branch,
            assignee=caseworker,
        )
    assert HelpRequest.objects.get(pk=help_request.pk).assignee is None


def test_triage_refuses_an_assignee_who_does_not_work_on_requests(coordinator, volunteer, branch):
    help_request = HelpRequestFactory()
    with pytest.raises(DomainError):
        actions.triage_request(
            actor=coordinator, request=help_request, urgency=1, branch=branch, assignee=volunteer
        )


def test_caseworker_may_not_triage(caseworker, branch):
    help_request = HelpRequestFactory(assignee=caseworker, branch=branch)
    with pytest.raises(PermissionDenied):
        actions.triage_request(
            actor=caseworker, request=help_request, urgency=1, branch=branch, assignee=None
        )


def test_a_closed_request_cannot_be_triaged(coordinator, branch):
    help_request = HelpRequestFactory()
    actions.close_request(actor=coordinator, request=help_request, reason="spam")
    with pytest.raises(DomainError):
        actions.triage_request(
            actor=coordinator, request=help_request, urgency=1, branch=branch, assignee=None
        )


# accept_request_into_new_case / accept_request_into_case


def test_accepting_into_a_new_case_opens_the_case_in_the_chosen_branch(coordinator, branch):
    help_request = HelpRequestFactory(urgency=HelpRequest.Urgency.IMMEDIATE_DANGER)
    case = actions.accept_request_into_new_case(
        actor=coordinator, request=help_request, title="Kiln", branch=branch
    )
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.ACCEPTED
    assert help_request.case == case
    assert (case.branch, case.risk, case.exploitation_types) == (
        branch,
        Case.Risk.HIGH,
        ["ForcedLabour"],
    )


def test_accepting_is_audited_with_the_case(coordinator, branch):
    help_request = HelpRequestFactory()
    case = actions.accept_request_into_new_case(
        actor=coordinator, request=help_request, title="Kiln", branch=branch
    )
    assert entries("intake.request_accepted", help_request).get().changes == {"case": str(case.pk)}
    assert AuditEntry.objects.filter(verb="cases.case_opened", target_id=str(case.pk)).exists()


def test_the_assignee_of_the_request_is_put_on_the_new_case(coordinator, caseworker, branch):
    help_request = HelpRequestFactory(branch=branch, assignee=caseworker)
    case = actions.accept_request_into_new_case(
        actor=coordinator, request=help_request, title="Kiln", branch=branch
    )
    assert Assignment.objects.filter(case=case, user=caseworker).exists()


def test_coordinator_cannot_open_a_case_in_a_branch_not_theirs(coordinator, other_branch):
    help_request = HelpRequestFactory()
    with pytest.raises(PermissionDenied):
        actions.accept_request_into_new_case(
            actor=coordinator, request=help_request, title="Kiln", branch=other_branch
        )
    assert HelpRequest.objects.get(pk=help_request.pk).status == HelpRequest.Status.NEW
    assert not Case.objects.exists()


def test_a_request_cannot_be_accepted_twice(coordinator, branch):
    help_request = HelpRequestFactory()
    actions.accept_request_into_new_case(
        actor=coordinator, request=help_request, title="Kiln", branch=branch
    )
    with pytest.raises(DomainError):
        actions.accept_request_into_new_case(
            actor=coordinator, request=help_request, title="Again", branch=branch
        )
    assert Case.objects.count() == 1


def test_a_request_joins_an_existing_case(coordinator, branch):
    case = CaseFactory(branch=branch)
    help_request = HelpRequestFactory()
    actions.accept_request_into_case(actor=coordinator, request=help_request, case=case)
    help_request.refresh_from_db()
    assert (help_request.status, help_request.case, help_request.branch) == (
        HelpRequest.Status.ACCEPTED,
        case,
        branch,
    )
    assert entries("intake.request_accepted", help_request).get().changes == {"case": str(case.pk)}


def test_a_request_cannot_join_a_case_of_another_branch(coordinator, other_branch):
    case = CaseFactory(branch=other_branch)
    help_request = HelpRequestFactory()
    with pytest.raises(PermissionDenied):
        actions.accept_request_into_case(actor=coordinator, request=help_request, case=case)
    assert HelpRequest.objects.get(pk=help_request.pk).case is None


def test_an_accepted_request_cannot_join_another_case(coordinator, branch):
    first, second = CaseFactory(branch=branch), CaseFactory(branch=branch)
    help_request = HelpRequestFactory()
    actions.accept_request_into_case(actor=coordinator, request=help_request, case=first)
    with pytest.raises(DomainError):
        actions.accept_request_into_case(actor=coordinator, request=help_request, case=second)
    assert HelpRequest.objects.get(pk=help_request.pk).case == first


def test_the_writers_thread_stays_attached_after_acceptance(coordinator, branch):
    help_request = HelpRequestFactory()
    message = MessageFactory(request=help_request)
    actions.accept_request_into_new_case(
        actor=coordinator, request=help_request, title="Kiln", branch=branch
    )
    assert list(queries.thread_of(help_request)) == [message]


# close_request


def test_coordinator_closes_a_request_with_a_reason(coordinator):
    help_request = HelpRequestFactory()
    actions.close_request(
        actor=coordinator, request=help_request, reason="not_our_mandate", note="Sent to IOM."
    )
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.CLOSED
    assert help_request.closure_reason == HelpRequest.ClosureReason.NOT_OUR_MANDATE
    assert help_request.closed_at is not None


def test_closing_is_audited_with_the_reason_but_not_the_note(coordinator):
    help_request = HelpRequestFactory()
    actions.close_request(actor=coordinator, request=help_request, reason="duplicate", note="x")
    assert entries("intake.request_closed", help_request).get().changes == {"reason": "duplicate"}


def test_caseworker_may_not_close_a_request(caseworker):
    help_request = HelpRequestFactory(assignee=caseworker)
    with pytest.raises(PermissionDenied):
        actions.close_request(actor=caseworker, request=help_request, reason="spam")


def test_a_closed_request_cannot_be_closed_again(coordinator):
    help_request = HelpRequestFactory()
    actions.close_request(actor=coordinator, request=help_request, reason="spam")
    with pytest.raises(DomainError):
        actions.close_request(actor=coordinator, request=help_request, reason="duplicate")
    assert entries("intake.request_closed", help_request).count() == 1


# reply_to_writer


def test_coordinator_replies_to_the_writer_of_a_web_request(coordinator):
    help_request = HelpRequestFactory()
    message = actions.reply_to_writer(actor=coordinator, request=help_request, body="We read it.")
    assert (message.direction, message.author) == (Message.Direction.TO_WRITER, coordinator)
    assert entries("intake.reply_sent", help_request).get().changes == {"message": message.pk}


def test_a_reply_is_refused_for_a_request_taken_by_phone(coordinator):
    help_request = HelpRequestFactory(channel=HelpRequest.Channel.PHONE)
    with pytest.raises(DomainError):
        actions.reply_to_writer(actor=coordinator, request=help_request, body="Hello")
    assert not Message.objects.exists()


def test_an_empty_reply_is_refused(coordinator):
    help_request = HelpRequestFactory()
    with pytest.raises(DomainError):
        actions.reply_to_writer(actor=coordinator, request=help_request, body="  \n ")
    assert not Message.objects.exists()


def test_caseworker_of_the_case_replies_after_acceptance(coordinator, caseworker, branch):
    help_request = HelpRequestFactory()
    case = actions.accept_request_into_new_case(
        actor=coordinator, request=help_request, title="Kiln", branch=branch
    )
    AssignmentFactory(case=case, user=caseworker)
    actions.reply_to_writer(actor=caseworker, request=help_request, body="Мы работаем.")
    assert list(queries.thread_of(help_request).values_list("body", flat=True)) == ["Мы работаем."]


def test_caseworker_may_not_reply_before_the_request_is_a_case(caseworker):
    help_request = HelpRequestFactory(assignee=caseworker)
    with pytest.raises(PermissionDenied):
        actions.reply_to_writer(actor=caseworker, request=help_request, body="Hello")


def test_a_coordinator_cannot_close_another_branchs_request_by_its_id(
    branch, coordinator_other_branch
):
    from django.core.exceptions import PermissionDenied

    from intake import actions
    from intake.models import HelpRequest
    from intake.tests.factories import HelpRequestFactory

    request = HelpRequestFactory(branch=branch)
    with pytest.raises(PermissionDenied):
        actions.close_request(actor=coordinator_other_branch, request=request, reason="spam")
    assert HelpRequest.objects.get(pk=request.pk).status == HelpRequest.Status.NEW
