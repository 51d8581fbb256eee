"""The volunteer actions: sign-up, confirmation, vetting, and who may be given work."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import NO_RECORD, BranchFactory, UserFactory
from audit.models import AuditEntry
from cases import actions as case_actions
from cases import queries as case_queries
from cases.models import Assignment
from cases.tests.factories import CaseFactory
from network import actions, notifications
from network.models import Volunteer
from network.queries import assignment_refusal
from network.tests.factories import VolunteerFactory
from operations import actions as operation_actions
from operations import queries as operation_queries
from operations.models import Operation, TeamMember
from operations.tests.factories import plan
from svoboda.errors import DomainError
from svoboda.tests.concurrency import at_once, postgresql_only, slowed

Status = Volunteer.Status

pytestmark = pytest.mark.django_db


def _details(**overrides):
    values = {
        "full_name": "Lena Synthetic",
        "email": "lena@example.org",
        "phone": "",
        "other_contact": "",
        "city": "Moscow",
        "country": "RU",
        "languages": ["ru"],
        "other_languages": "",
        "skills": ["driving"],
        "other_skills": "",
        "availability": ["weekends"],
        "motivation": "I can drive.",
        "branch": None,
    }
    values.update(overrides)
    return values


@pytest.fixture
def public_branch(db):
    return BranchFactory(name="Tel Aviv", city="Tel Aviv", country="IL", shown_publicly=True)


def _sign_up(django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return actions.sign_up_volunteer(language="en", **_details(**overrides))


def _vet_to(actor, volunteer, status):
    path = [Status.INTERVIEWED, Status.CHECKED, Status.TRAINED, Status.ACTIVE]
    for step in path[: path.index(status) + 1]:
        volunteer = actions.move_volunteer(actor=actor, volunteer=volunteer, to_status=step)
    return volunteer


# Signing up and confirming.


def test_sign_up_stores_an_unconfirmed_application_and_mails_a_link(
    django_capture_on_commit_callbacks, mailoutbox, public_branch
):
    volunteer = _sign_up(
        django_capture_on_commit_callbacks, email=" Lena@Example.org ", branch=public_branch
    )

    assert volunteer.status == Status.APPLIED
    assert volunteer.email == "lena@example.org"
    assert volunteer.email_confirmed_at is None
    assert volunteer.consented_at is not None
    [mail] = mailoutbox
    assert mail.to == ["lena@example.org"]
    assert "/en/volunteer/confirm/" in mail.body
    entry = AuditEntry.objects.get(verb="network.volunteer_signed_up")
    assert entry.actor is None and entry.actor_label == "volunteer applicant"


def test_a_branch_that_is_not_public_cannot_be_chosen(django_capture_on_commit_callbacks):
    hidden = BranchFactory(name="Hidden", shown_publicly=False)
    with pytest.raises(DomainError):
        _sign_up(django_capture_on_commit_callbacks, branch=hidden)
    assert not Volunteer.objects.exists()


def test_signing_up_again_before_confirming_updates_the_application(
    django_capture_on_commit_callbacks, mailoutbox
):
    first = _sign_up(django_capture_on_commit_callbacks, city="Tver")
    again = _sign_up(django_capture_on_commit_callbacks, email="LENA@example.org", city="Moscow")

    assert again.pk == first.pk
    assert Volunteer.objects.get().city == "Moscow"
    assert len(mailoutbox) == 2
    assert AuditEntry.objects.filter(verb="network.volunteer_resubmitted").count() == 1


def test_signing_up_with_a_confirmed_address_changes_nothing_and_tells_its_owner(
    django_capture_on_commit_callbacks, mailoutbox
):
    existing = VolunteerFactory(email="lena@example.org", city="Tver")

    _sign_up(django_capture_on_commit_callbacks, city="Somewhere else", full_name="Someone")

    existing.refresh_from_db()
    assert existing.city == "Tver"
    assert existing.full_name != "Someone"
    [mail] = mailoutbox
    assert "already confirmed" in mail.body
    assert "/confirm/" not in mail.body


def test_the_mailed_token_confirms_the_address_once(django_capture_on_commit_callbacks):
    volunteer = _sign_up(django_capture_on_commit_callbacks)
    token = notifications.confirmation_token(volunteer)

    actions.confirm_volunteer_email(token=token)
    confirmed_at = Volunteer.objects.get().email_confirmed_at
    actions.confirm_volunteer_email(token=token)

    assert confirmed_at is not None
    assert Volunteer.objects.get().email_confirmed_at == confirmed_at
    assert AuditEntry.objects.filter(verb="network.volunteer_confirmed").count() == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "not-a-token",
    ],
)
def test_a_damaged_token_confirms_nothing(django_capture_on_commit_callbacks, damage):
    volunteer = _sign_up(django_capture_on_commit_callbacks)
    with pytest.raises(DomainError):
        actions.confirm_volunteer_email(token=damage(notifications.confirmation_token(volunteer)))
    assert not Volunteer.objects.get().is_confirmed


def test_an_expired_token_confirms_nothing(django_capture_on_commit_callbacks):
    volunteer = _sign_up(django_capture_on_commit_callbacks)
    token = notifications.confirmation_token(volunteer)
    with override_settings(VOLUNTEER_CONFIRMATION_MAX_AGE=-1), pytest.raises(DomainError):
        actions.confirm_volunteer_email(token=token)
    assert not Volunteer.objects.get().is_confirmed


# Vetting.


def test_an_unconfirmed_applicant_cannot_be_vetted_only_set_aside(coordinator, branch):
    volunteer = VolunteerFactory(branch=branch, email_confirmed_at=None)

    with pytest.raises(DomainError, match="not confirmed their email"):
        actions.move_volunteer(actor=coordinator, volunteer=volunteer, to_status="interviewed")
    actions.move_volunteer(actor=coordinator, volunteer=volunteer, to_status="left")

    assert Volunteer.objects.get().status == Status.LEFT


def test_vetting_moves_one_step_at_a_time(coordinator, branch):
    volunteer = VolunteerFactory(branch=branch)
    with pytest.raises(DomainError):
        actions.move_volunteer(actor=coordinator, volunteer=volunteer, to_status="active")
    with pytest.raises(ValueError):
        actions.move_volunteer(actor=coordinator, volunteer=volunteer, to_status="hired")
    assert Volunteer.objects.get().status == Status.APPLIED


def test_each_step_keeps_who_moved_it_and_the_note_but_the_audit_keeps_no_note(coordinator, branch):
    volunteer = VolunteerFactory(branch=branch)

    actions.move_volunteer(
        actor=coordinator,
        volunteer=volunteer,
        to_status="interviewed",
        note="Police record check requested.",
    )

    [step] = volunteer.steps.all()
    assert (step.from_status, step.to_status) == ("applied", "interviewed")
    assert step.moved_by == coordinator
    assert step.note == "Police record check requested."
    entry = AuditEntry.objects.get(verb="network.volunteer_moved")
    assert entry.changes == {"status": ["applied", "interviewed"]}
    assert "Police" not in str(entry.changes)


def test_only_vetters_of_the_volunteers_branch_may_vet(
    branch, other_branch, coordinator_other_branch, caseworker
):
    volunteer = VolunteerFactory(branch=branch)
    for actor in (coordinator_other_branch, caseworker):
        with pytest.raises(PermissionDenied):
            actions.move_volunteer(actor=actor, volunteer=volunteer, to_status="interviewed")


def test_an_application_without_a_branch_may_be_vetted_by_any_coordinator(
    coordinator_other_branch,
):
    volunteer = VolunteerFactory(branch=None)
    actions.move_volunteer(
        actor=coordinator_other_branch, volunteer=volunteer, to_status="interviewed"
    )
    assert Volunteer.objects.get().status == Status.INTERVIEWED


def test_becoming_active_needs_a_branch(coordinator):
    volunteer = VolunteerFactory(branch=None, status=Status.TRAINED)
    with pytest.raises(DomainError, match="branch"):
        actions.move_volunteer(actor=coordinator, volunteer=volunteer, to_status="active")
    assert Volunteer.objects.get().user is None


def test_becoming_active_opens_a_volunteer_account_in_the_branch(
    django_capture_on_commit_callbacks, mailoutbox, coordinator, branch
):
    volunteer = VolunteerFactory(branch=branch, status=Status.TRAINED, language="ru")

    with django_capture_on_commit_callbacks(execute=True):
        volunteer = actions.move_volunteer(
            actor=coordinator, volunteer=volunteer, to_status="active"
        )

    account = volunteer.user
    assert account.is_active
    assert account.email == volunteer.email
    assert account.language == "ru"
    assert [group.name for group in account.groups.all()] == ["volunteer"]
    assert list(account.branches.all()) == [branch]
    assert account.has_usable_password()
    [mail] = mailoutbox
    assert "/accounts/password-reset/" in mail.body
    assert AuditEntry.objects.filter(verb="network.volunteer_account_opened").exists()


def test_an_existing_deactivated_account_is_not_reopened_by_vetting(coordinator, branch):
    UserFactory(email="old@example.org", is_active=False)
    volunteer = VolunteerFactory(branch=branch, email="old@example.org", status=Status.TRAINED)

    with pytest.raises(DomainError, match="administrator"):
        actions.move_volunteer(actor=coordinator, volunteer=volunteer, to_status="active")

    assert Volunteer.objects.get().status == Status.TRAINED


# Who may be given work.


def test_an_unconfirmed_or_inactive_volunteer_cannot_be_assigned(coordinator, branch):
    case = CaseFactory(branch=branch, created_by=coordinator)
    never_vetted = UserFactory(
        roles=[Role.VOLUNTEER], branches=[branch], volunteer_status=NO_RECORD
    )
    paused = UserFactory(roles=[Role.VOLUNTEER], branches=[branch], volunteer_status="paused")
    unconfirmed = UserFactory(roles=[Role.VOLUNTEER], branches=[branch])
    Volunteer.objects.filter(user=unconfirmed).update(
        email_confirmed_at=None, status=Status.APPLIED
    )
    operation = operation_actions.create_operation(
        actor=coordinator, cases=[case], lead=coordinator, **plan()
    )

    for user in (never_vetted, paused, unconfirmed):
        assert assignment_refusal(user)
        with pytest.raises(DomainError):
            case_actions.assign_worker(actor=coordinator, case=case, user=user)
        with pytest.raises(DomainError):
            operation_actions.add_team_member(
                actor=coordinator, operation=operation, user=user, role="driver"
            )
        assert user not in case_queries.assignable_workers(case)
        assert user not in operation_queries.team_candidates_for(operation)
    assert not Assignment.objects.filter(user__in=[never_vetted, paused, unconfirmed]).exists()
    assert not TeamMember.objects.filter(user__in=[never_vetted, paused, unconfirmed]).exists()


def test_an_active_volunteer_can_be_assigned_and_staff_need_no_vetting(
    coordinator, caseworker, volunteer, branch
):
    case = CaseFactory(branch=branch, created_by=coordinator)
    assert volunteer in case_queries.assignable_workers(case)
    assert caseworker in case_queries.assignable_workers(case)

    case_actions.assign_worker(actor=coordinator, case=case, user=volunteer)
    case_actions.assign_worker(actor=coordinator, case=case, user=caseworker)

    assert Assignment.objects.filter(case=case).count() == 2


def _volunteer_with_work(coordinator, branch):
    account = UserFactory(roles=[Role.VOLUNTEER], branches=[branch])
    case = CaseFactory(branch=branch, created_by=coordinator)
    case_actions.assign_worker(actor=coordinator, case=case, user=account)
    operation = operation_actions.create_operation(
        actor=coordinator, cases=[case], lead=coordinator, **plan()
    )
    operation_actions.add_team_member(
        actor=coordinator, operation=operation, user=account, role="driver"
    )
    return account, case, operation


def test_pausing_takes_the_volunteer_off_open_cases_and_unstarted_operations(coordinator, branch):
    account, case, operation = _volunteer_with_work(coordinator, branch)

    actions.move_volunteer(
        actor=coordinator, volunteer=account.volunteer_record, to_status="paused"
    )

    assert not Assignment.objects.filter(user=account, case=case).exists()
    assert not TeamMember.objects.filter(user=account, operation=operation).exists()
    assert AuditEntry.objects.filter(verb="cases.worker_unassigned").exists()
    assert AuditEntry.objects.filter(verb="operations.team_member_removed").exists()
    account.refresh_from_db()
    assert account.is_active  # paused volunteers still read their own page


def test_a_volunteer_who_leads_an_unstarted_operation_cannot_leave_until_replaced(
    coordinator, branch
):
    account, case, _operation = _volunteer_with_work(coordinator, branch)
    led = operation_actions.create_operation(
        actor=coordinator, cases=[case], lead=account, **plan(title="Second")
    )

    with pytest.raises(DomainError, match=led.reference):
        actions.move_volunteer(
            actor=coordinator, volunteer=account.volunteer_record, to_status="left"
        )

    assert Volunteer.objects.get(user=account).status == Status.ACTIVE
    assert Assignment.objects.filter(user=account).exists()


def test_leaving_closes_the_account_and_returning_reopens_it(coordinator, branch):
    account, _case, _operation = _volunteer_with_work(coordinator, branch)
    volunteer = account.volunteer_record

    actions.move_volunteer(actor=coordinator, volunteer=volunteer, to_status="left")
    account.refresh_from_db()
    assert not account.is_active

    volunteer = actions.move_volunteer(actor=coordinator, volunteer=volunteer, to_status="applied")
    _vet_to(coordinator, volunteer, Status.ACTIVE)
    account.refresh_from_db()
    assert account.is_active
    assert Volunteer.objects.get(user=account).status == Status.ACTIVE


def test_leaving_does_not_close_an_account_that_also_has_a_staff_role(coordinator, branch):
    account = UserFactory(roles=[Role.VOLUNTEER, Role.CASEWORKER], branches=[branch])

    actions.move_volunteer(actor=coordinator, volunteer=account.volunteer_record, to_status="left")

    account.refresh_from_db()
    assert account.is_active


def test_a_started_operation_keeps_its_team(coordinator, branch):
    account, _case, operation = _volunteer_with_work(coordinator, branch)
    Operation.objects.filter(pk=operation.pk).update(
        status=Operation.Status.IN_PROGRESS, approved_by=coordinator, approved_at=timezone.now()
    )

    actions.move_volunteer(
        actor=coordinator, volunteer=account.volunteer_record, to_status="paused"
    )

    assert TeamMember.objects.filter(user=account, operation=operation).exists()


# Corrections and hours.


def test_an_active_volunteer_must_be_paused_before_moving_branch(
    administrator, volunteer, other_branch
):
    record = volunteer.volunteer_record
    with pytest.raises(DomainError, match="Pause"):
        actions.update_volunteer(actor=administrator, volunteer=record, branch=other_branch)

    actions.move_volunteer(actor=administrator, volunteer=record, to_status="paused")
    actions.update_volunteer(actor=administrator, volunteer=record, branch=other_branch)

    volunteer.refresh_from_db()
    assert list(volunteer.branches.all()) == [other_branch]
    entry = AuditEntry.objects.get(verb="network.volunteer_updated")
    assert entry.changes == {"branch": [record.branch_id, other_branch.pk]}


def test_corrections_are_audited_without_their_values(coordinator, branch):
    volunteer = VolunteerFactory(branch=branch, phone="+7 900 000-00-00")

    actions.update_volunteer(actor=coordinator, volunteer=volunteer, phone="+7 911 111-11-11")

    assert Volunteer.objects.get().phone == "+7 911 111-11-11"
    entry = AuditEntry.objects.get(verb="network.volunteer_updated")
    assert entry.changes == {"phone": None}


def test_a_volunteer_logs_their_own_time(volunteer):
    record = volunteer.volunteer_record
    today = timezone.localdate()

    actions.log_time(
        actor=volunteer, volunteer=record, date=today, hours=Decimal("3.5"), activity="training"
    )

    assert [entry.hours for entry in record.time.all()] == [Decimal("3.5")]
    assert AuditEntry.objects.get(verb="network.time_logged").changes == {
        "hours": "3.5",
        "activity": "training",
    }


def test_time_cannot_be_logged_for_tomorrow_or_beyond_a_day(volunteer):
    record = volunteer.volunteer_record
    today = timezone.localdate()
    with pytest.raises(DomainError):
        actions.log_time(
            actor=volunteer,
            volunteer=record,
            date=today + datetime.timedelta(days=1),
            hours=Decimal(2),
            activity="other",
        )
    actions.log_time(
        actor=volunteer, volunteer=record, date=today, hours=Decimal(20), activity="other"
    )
    with pytest.raises(DomainError, match="24 hours"):
        actions.log_time(
            actor=volunteer, volunteer=record, date=today, hours=Decimal(5), activity="other"
        )


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_entries_saved_at_once_cannot_take_a_day_past_24_hours(volunteer, monkeypatch):
    """Both would fit alone (13 + 13 > 24): one is stored, the other hears why not."""
    from network.models import TimeEntry

    slowed(monkeypatch, TimeEntry, "full_clean")
    record = volunteer.volunteer_record
    today = timezone.localdate()

    def log():
        return actions.log_time(
            actor=volunteer, volunteer=record, date=today, hours=Decimal(13), activity="other"
        )

    results, errors = at_once(log)
    assert len(results) == 1
    assert [type(error) for error in errors] == [DomainError]
    assert record.time.filter(date=today).count() == 1


def test_time_for_an_operation_needs_a_place_on_its_team(coordinator, volunteer, branch):
    case = CaseFactory(branch=branch, created_by=coordinator)
    operation = operation_actions.create_operation(
        actor=coordinator, cases=[case], lead=coordinator, **plan()
    )
    with pytest.raises(DomainError, match="team"):
        actions.log_time(
            actor=volunteer,
            volunteer=volunteer.volunteer_record,
            date=timezone.localdate(),
            hours=Decimal(4),
            activity="operation",
            operation=operation,
        )


def test_nobody_logs_time_for_another_volunteer_without_vetting_them(volunteer, branch):
    other = UserFactory(roles=[Role.VOLUNTEER], branches=[branch])
    with pytest.raises(PermissionDenied):
        actions.log_time(
            actor=other,
            volunteer=volunteer.volunteer_record,
            date=timezone.localdate(),
            hours=Decimal(1),
            activity="other",
        )


# What the security review found: an address is anyone's to type.


def test_signing_up_with_a_staff_members_address_never_takes_over_their_account(
    coordinator, coordinator_other_branch, other_branch
):
    """A sign-up with the Moscow coordinator's address, for Harare, vetted by Harare's
    coordinator, must not give the Moscow coordinator Harare's cases."""
    volunteer = VolunteerFactory(
        email=coordinator.email, branch=other_branch, status=Status.TRAINED
    )

    with pytest.raises(DomainError, match="administrator"):
        actions.move_volunteer(
            actor=coordinator_other_branch, volunteer=volunteer, to_status="active"
        )

    assert Volunteer.objects.get().user is None
    assert other_branch not in coordinator.branches.all()


def test_a_paused_volunteer_no_longer_opens_a_running_operation_or_sees_its_tasks(
    client, coordinator, branch
):
    account, case, operation = _volunteer_with_work(coordinator, branch)
    case_actions.add_task(
        actor=coordinator, case=case, title="Check the place where S. is held", owner=account
    )
    Operation.objects.filter(pk=operation.pk).update(
        status=Operation.Status.IN_PROGRESS, approved_by=coordinator, approved_at=timezone.now()
    )
    assert operation_queries.access_to(account, operation) is not None

    actions.move_volunteer(
        actor=coordinator, volunteer=account.volunteer_record, to_status="paused"
    )

    assert operation_queries.access_to(account, operation) is None
    assert operation not in operation_queries.operations_visible_to(account)
    client.force_login(account)
    own_page = client.get("/workspace/volunteering/").content.decode()
    assert "S. is held" not in own_page
    assert operation.reference not in own_page
    assert client.get(operation.get_absolute_url()).status_code == 404


def test_unconfirmed_sign_ups_are_forgotten_once_their_link_expires(
    django_capture_on_commit_callbacks, settings
):
    stale = _sign_up(django_capture_on_commit_callbacks, email="stale@example.org")
    fresh = _sign_up(django_capture_on_commit_callbacks, email="fresh@example.org")
    confirmed = VolunteerFactory(email="kept@example.org")
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Volunteer.objects.filter(pk__in=[stale.pk, confirmed.pk]).update(updated_at=long_ago)

    assert actions.forget_unconfirmed_applications() == 1

    assert set(Volunteer.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}
    entry = AuditEntry.objects.get(verb="network.unconfirmed_sign_up_deleted")
    assert entry.target_id == str(stale.pk)
    assert entry.changes == {}


def test_the_command_forgets_unconfirmed_sign_ups(django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    stale = _sign_up(django_capture_on_commit_callbacks)
    Volunteer.objects.filter(pk=stale.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=8)
    )
    out = StringIO()
    call_command("forget_unconfirmed_volunteers", stdout=out)
    assert "1 unconfirmed" in out.getvalue()
    assert not Volunteer.objects.exists()


def test_one_address_gets_at_most_three_sign_up_mails_a_day(
    django_capture_on_commit_callbacks, mailoutbox
):
    for _attempt in range(5):
        _sign_up(django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 3


def test_mail_is_plain_text_not_html_escaped(
    django_capture_on_commit_callbacks, mailoutbox, coordinator, branch
):
    volunteer = VolunteerFactory(full_name="Shona O'Neil", branch=branch, status=Status.TRAINED)
    with django_capture_on_commit_callbacks(execute=True):
        actions.move_volunteer(actor=coordinator, volunteer=volunteer, to_status="active")
    [mail] = mailoutbox
    assert "O'Neil" in mail.body
    assert "&#x27;" not in mail.body
