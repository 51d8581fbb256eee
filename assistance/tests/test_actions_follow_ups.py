"""Follow-up calls after a safe return home: tasks in the plan's case, scheduled once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from assistance import actions
from assistance.models import FollowUp, Service
from audit.models import AuditEntry
from cases import actions as case_actions
from cases.models import Task
from cases.tests.factories import AssignmentFactory
from svoboda.errors import DomainError

pytestmark = pytest.mark.django_db

RETURNED = datetime.date(2026, 1, 31)


def mark_return_done(plan, actor, ended_on=RETURNED, **extra):
    service = actions.add_service(
        actor=actor, plan=plan, kind=Service.Kind.RETURN_HOME, status="in_progress"
    )
    return actions.update_service(
        actor=actor, service=service, status="done", ended_on=ended_on, **extra
    )


def due_dates(plan):
    return [(f.months, f.task.due_on) for f in FollowUp.objects.filter(plan=plan)]


def test_marking_a_return_done_schedules_calls_at_one_three_and_six_months(plan, caseworker):
    mark_return_done(plan, caseworker)
    assert due_dates(plan) == [
        (1, datetime.date(2026, 2, 28)),
        (3, datetime.date(2026, 4, 30)),
        (6, datetime.date(2026, 7, 31)),
    ]


def test_the_months_come_from_the_setting(plan, caseworker, settings):
    settings.ASSISTANCE_FOLLOW_UP_MONTHS = [2, 12]
    mark_return_done(plan, caseworker)
    assert due_dates(plan) == [(2, datetime.date(2026, 3, 31)), (12, datetime.date(2027, 1, 31))]


def test_the_calls_are_tasks_in_the_plans_case_titled_by_their_month(plan, caseworker):
    mark_return_done(plan, caseworker)
    titles = list(Task.objects.filter(case=plan.case).values_list("title", flat=True))
    assert sorted(titles) == [
        "Follow-up call, 1 month after return",
        "Follow-up call, 3 months after return",
        "Follow-up call, 6 months after return",
    ]


def test_the_person_who_recorded_the_return_owns_the_calls_by_default(plan, caseworker):
    mark_return_done(plan, caseworker)
    assert {task.owner for task in Task.objects.filter(case=plan.case)} == {caseworker}


def test_a_chosen_worker_on_the_case_can_own_the_calls(plan, caseworker, branch):
    colleague = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    AssignmentFactory(case=plan.case, user=colleague)
    mark_return_done(plan, caseworker, follow_up_owner=colleague)
    assert {task.owner for task in Task.objects.filter(case=plan.case)} == {colleague}


def test_a_volunteer_cannot_own_the_calls_and_nothing_is_stored(plan, caseworker, volunteer):
    service = actions.add_service(actor=caseworker, plan=plan, kind=Service.Kind.RETURN_HOME)
    with pytest.raises(DomainError):
        actions.update_service(
            actor=caseworker, service=service, status="done", follow_up_owner=volunteer
        )
    service.refresh_from_db()
    plan.refresh_from_db()
    assert service.status == "planned"
    assert plan.returned_home_on is None
    assert not Task.objects.exists()


def test_each_call_is_audited_as_a_task_added(plan, caseworker):
    mark_return_done(plan, caseworker)
    added = AuditEntry.objects.filter(verb="cases.task_added", target_id=str(plan.case.pk))
    assert sorted(entry.changes["due_on"] for entry in added) == [
        "2026-02-28",
        "2026-04-30",
        "2026-07-31",
    ]


def test_the_return_is_recorded_on_the_plan_and_audited(plan, caseworker):
    mark_return_done(plan, caseworker)
    plan.refresh_from_db()
    assert plan.returned_home_on == RETURNED
    [entry] = AuditEntry.objects.filter(verb="assistance.return_recorded")
    assert entry.changes == {"plan": plan.pk}


def test_a_second_return_service_done_schedules_nothing_more(plan, caseworker):
    mark_return_done(plan, caseworker)
    mark_return_done(plan, caseworker, ended_on=datetime.date(2026, 2, 15))
    assert Task.objects.count() == 3
    plan.refresh_from_db()
    assert plan.returned_home_on == RETURNED


def test_marking_done_again_after_a_correction_schedules_nothing_more(plan, caseworker):
    service = mark_return_done(plan, caseworker)
    actions.update_service(actor=caseworker, service=service, status="in_progress")
    actions.update_service(actor=caseworker, service=service, status="done")
    assert Task.objects.count() == 3


def test_recording_the_return_directly_schedules_the_calls(plan, caseworker):
    actions.record_return_home(actor=caseworker, plan=plan, returned_on=RETURNED)
    assert [months for months, _due in due_dates(plan)] == [1, 3, 6]


def test_recording_the_same_return_twice_schedules_the_calls_once(plan, caseworker):
    actions.record_return_home(actor=caseworker, plan=plan, returned_on=RETURNED)
    actions.record_return_home(actor=caseworker, plan=plan, returned_on=RETURNED)
    assert Task.objects.count() == 3
    assert AuditEntry.objects.filter(verb="assistance.return_recorded").count() == 1


def test_a_month_added_to_the_setting_later_is_scheduled_once(plan, caseworker, settings):
    actions.record_return_home(actor=caseworker, plan=plan, returned_on=RETURNED)
    settings.ASSISTANCE_FOLLOW_UP_MONTHS = [1, 3, 6, 12]
    actions.record_return_home(actor=caseworker, plan=plan, returned_on=RETURNED)
    assert [months for months, _due in due_dates(plan)] == [1, 3, 6, 12]


def test_correcting_the_return_moves_the_calls_not_made_yet(plan, caseworker):
    actions.record_return_home(actor=caseworker, plan=plan, returned_on=RETURNED)
    first = FollowUp.objects.get(plan=plan, months=1).task
    case_actions.complete_task(actor=caseworker, task=first)
    actions.record_return_home(actor=caseworker, plan=plan, returned_on=datetime.date(2026, 2, 10))
    assert due_dates(plan) == [
        (1, datetime.date(2026, 2, 28)),
        (3, datetime.date(2026, 5, 10)),
        (6, datetime.date(2026, 8, 10)),
    ]


def test_a_return_in_the_future_is_refused(plan, caseworker):
    with pytest.raises(DomainError):
        actions.record_return_home(
            actor=caseworker, plan=plan, returned_on=datetime.date.today() + datetime.timedelta(2)
        )


def test_a_volunteer_cannot_record_the_return(plan, volunteer):
    with pytest.raises(PermissionDenied):
        actions.record_return_home(actor=volunteer, plan=plan, returned_on=RETURNED)


def test_months_after_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert actions.months_after(datetime.date(2026, 1, 15), 1) == datetime.date(2026, 2, 15)
    assert actions.months_after(datetime.date(2028, 1, 31), 1) == datetime.date(2028, 2, 29)
    assert actions.months_after(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)


@pytest.mark.parametrize("ended_on", [datetime.date(2099, 1, 1), datetime.date(9999, 12, 31)])
def test_a_return_home_done_in_the_future_is_refused(plan, caseworker, ended_on):
    with pytest.raises(DomainError):
        mark_return_done(plan, caseworker, ended_on=ended_on)
    assert not FollowUp.objects.exists()
