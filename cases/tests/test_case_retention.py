"""Retention of closed cases (cases/retention.py, run by `svoboda apply_retention`): a case closed
more than RETENTION_CLOSED_CASE_YEARS ago is erased, its victims kept as anonymous statistics."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit import chain
from audit.models import AuditEntry
from cases import erasure
from cases import retention as case_retention
from cases.models import Case, Note, Participant, Person
from cases.tests.factories import CaseFactory, NoteFactory, ParticipantFactory
from intake.models import HelpRequest
from intake.tests.factories import HelpRequestFactory, MessageFactory
from operations.tests.factories import OperationFactory
from reports import statistics
from reports.models import StatisticalRecord
from shelters.tests.factories import PlacementFactory
from svoboda.retention import apply_retention

pytestmark = pytest.mark.django_db

SECRET = "Qzsecret"


@pytest.fixture(autouse=True)
def five_years(settings):
    settings.RETENTION_CLOSED_CASE_YEARS = 5


def closed_case(branch, *, years_ago, **person):
    case = CaseFactory(branch=branch, summary=f"{SECRET} summary", exploitation_place=SECRET)
    participant = ParticipantFactory(
        case=case, person__given_name=f"{SECRET} name", person__gender="Feminine", **person
    )
    NoteFactory(case=case, body=f"{SECRET} note")
    request = HelpRequestFactory(
        branch=branch, status="accepted", case=case, description=f"{SECRET} request"
    )
    MessageFactory(request=request, body=f"{SECRET} message")
    when = timezone.now() - timedelta(days=365 * years_ago + 2)
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED, outcome="exited", closed_at=when, updated_at=when
    )
    return case, participant.person


def test_a_case_closed_long_ago_is_erased_and_the_figures_stay(branch):
    old, old_person = closed_case(branch, years_ago=6)
    recent, recent_person = closed_case(branch, years_ago=4)
    before = statistics.compute()

    counts = apply_retention()

    assert counts["closed_cases"] == {"cases": 1, "people": 1, "statistical_records": 1}
    after = statistics.compute()
    for key in ("total", "by_gender", "by_exploitation_type", "by_branch", "by_age_group"):
        assert after["victims"][key] == before["victims"][key]
    assert after["requests"] == before["requests"]
    old.refresh_from_db()
    assert old.title == erasure.ERASED and old.summary == "" and old.exploitation_place == ""
    assert not Note.objects.filter(case=old).exists()
    assert not Participant.objects.filter(case=old).exists()
    assert erasure.is_erased(Person.objects.get(pk=old_person.pk))
    assert SECRET not in HelpRequest.objects.get(case=old).description
    # The recent case is untouched.
    recent.refresh_from_db()
    assert recent.summary == f"{SECRET} summary"
    assert Person.objects.get(pk=recent_person.pk).given_name == f"{SECRET} name"
    assert StatisticalRecord.objects.count() == 1


def test_the_run_is_audited_as_the_system_with_counts_only(branch):
    closed_case(branch, years_ago=6)
    apply_retention()
    [entry] = AuditEntry.objects.filter(verb="svoboda.retention_applied")
    assert entry.actor is None and entry.actor_label == "system"
    assert entry.changes["deleted"]["closed_cases"] == {
        "cases": 1,
        "people": 1,
        "statistical_records": 1,
    }
    assert entry.changes["periods"]["closed_case_years"] == 5
    assert SECRET not in str(entry.changes)
    assert chain.verify().broken is None


def test_time_is_what_now_says(branch):
    case, _person = closed_case(branch, years_ago=4)
    assert apply_retention()["closed_cases"]["cases"] == 0
    later = timezone.now() + timedelta(days=2 * 365)
    assert apply_retention(now=later)["closed_cases"]["cases"] == 1
    case.refresh_from_db()
    assert case.title == erasure.ERASED


def test_a_second_run_finds_nothing_more(branch):
    closed_case(branch, years_ago=6)
    apply_retention()
    later = timezone.now() + timedelta(days=10 * 365)
    assert apply_retention(now=later)["closed_cases"]["cases"] == 0


def test_someone_also_in_an_open_case_keeps_their_record(branch):
    _old, person = closed_case(branch, years_ago=6)
    ParticipantFactory(case=CaseFactory(branch=branch), person=person)
    before = statistics.compute()["victims"]["total"]
    counts = apply_retention()["closed_cases"]
    assert counts == {"cases": 1, "people": 0, "statistical_records": 0}
    assert Person.objects.get(pk=person.pk).given_name == f"{SECRET} name"
    assert statistics.compute()["victims"]["total"] == before


def test_open_cases_and_cases_in_an_unfinished_operation_are_kept(branch):
    open_case = CaseFactory(branch=branch)
    Case.objects.filter(pk=open_case.pk).update(
        updated_at=timezone.now() - timedelta(days=365 * 10)
    )
    in_operation, _person = closed_case(branch, years_ago=6)
    OperationFactory(branch=branch, cases=[in_operation], status="planning")
    assert apply_retention()["closed_cases"]["cases"] == 0


def test_zero_keeps_cases_for_ever(branch, settings):
    settings.RETENTION_CLOSED_CASE_YEARS = 0
    closed_case(branch, years_ago=30)
    assert apply_retention()["closed_cases"]["cases"] == 0


def test_the_command_prints_counts_and_a_dry_run_changes_nothing(branch):
    case, _person = closed_case(branch, years_ago=6)
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "closed_cases: 1 case(s) would be erased" in out.getvalue()
    case.refresh_from_db()
    assert case.title != erasure.ERASED
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert (
        "closed_cases: 1 case(s), 1 person record(s), 1 victim(s) kept as anonymous statistics "
        "erased" in out.getvalue()
    )
    assert SECRET not in out.getvalue()


def test_a_case_waits_while_someone_in_it_is_staying_in_a_shelter(branch):
    """Erasing the case now would leave the person in no case, where no later run finds them:
    the case waits, and goes with the person once the stay is over."""
    old, person = closed_case(branch, years_ago=6)
    placement = PlacementFactory(person=person, shelter__branch=branch, end_on=None)

    assert apply_retention()["closed_cases"]["cases"] == 0
    old.refresh_from_db()
    assert old.summary == f"{SECRET} summary"

    placement.end_on = timezone.localdate() - timedelta(days=1)
    placement.save(update_fields=["end_on"])
    before = statistics.compute()["victims"]["total"]
    counts = apply_retention()["closed_cases"]

    assert counts == {"cases": 1, "people": 1, "statistical_records": 1}
    assert erasure.is_erased(Person.objects.get(pk=person.pk))
    assert statistics.compute()["victims"]["total"] == before


def test_a_case_reopened_after_the_run_listed_it_is_left_alone(branch):
    """The run lists expired cases before it locks each one: a case worker may reopen one in
    between (new evidence), and it must then stay whole."""
    old, person = closed_case(branch, years_ago=6)
    [listed] = case_retention.expired_closed_cases(timezone.now())
    Case.objects.filter(pk=old.pk).update(status=Case.Status.VERIFYING, outcome="", closed_at=None)

    counts = erasure.erase_case(actor=None, case=listed)

    assert counts == {"statistical_records": 0, "people": 0, "cases": 0}
    old.refresh_from_db()
    assert old.summary == f"{SECRET} summary"
    assert Person.objects.get(pk=person.pk).given_name == f"{SECRET} name"
