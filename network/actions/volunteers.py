"""Volunteers: signing up on the public site, confirming the address, vetting, hours.

Vetting is done by coordinators of the volunteer's branch (and administrators); every step
is kept with its note (VolunteerStep) and audited without the note, which may hold what a
background check found. Becoming active opens the volunteer's workspace account; pausing or
leaving ends their case assignments and unstarted operation places at once, because a
volunteer may stop for reasons that make further access dangerous.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from accounts.models import User
from accounts.permissions import require
from accounts.roles import Role
from network import notifications
from network.models import TimeEntry, Volunteer, VolunteerStep
from svoboda.errors import DomainError

Status = Volunteer.Status

SIGN_UP_FIELDS = [
    "full_name",
    "email",
    "phone",
    "other_contact",
    "city",
    "country",
    "languages",
    "other_languages",
    "skills",
    "other_skills",
    "availability",
    "motivation",
    "branch",
]
# What a vetter may correct. The address is the applicant's identity (it was confirmed, and
# their account logs in with it), so it is not among them.
VOLUNTEER_FIELDS = [name for name in SIGN_UP_FIELDS if name not in ("email", "motivation")]


def _check_public_branch(branch):
    if branch is not None and not (branch.is_active and branch.shown_publicly):
        raise DomainError(_("Choose one of the branches in the list."))


@transaction.atomic
def sign_up_volunteer(*, language: str, **fields) -> Volunteer:
    """Someone offers their help on the public site and gives consent to keep their data.

    The page that follows says the same whatever happens here, so it never reveals whether
    an address has applied before: a new address gets a confirmation link; an unconfirmed one
    is updated with the latest details and gets a new link; a confirmed one changes nothing
    and its owner is told by mail.
    """
    unexpected = set(fields) - set(SIGN_UP_FIELDS)
    if unexpected:
        raise TypeError(f"unexpected sign-up fields {sorted(unexpected)}")
    fields["email"] = User.objects.normalize_email(fields["email"])
    _check_public_branch(fields.get("branch"))
    existing = Volunteer.objects.select_for_update().filter(email__iexact=fields["email"]).first()
    if existing is not None and existing.is_confirmed:
        notifications.already_applied(existing)
        return existing
    volunteer = existing or Volunteer()
    for name, value in fields.items():
        setattr(volunteer, name, value)
    volunteer.language = language
    volunteer.consented_at = timezone.now()
    volunteer.confirmation_nonce = secrets.token_urlsafe(24)
    # An unconfirmed application that was set aside is waiting again.
    volunteer.status = Status.APPLIED
    volunteer.full_clean()
    try:
        with transaction.atomic():
            volunteer.save()
    except IntegrityError:
        # The same address sent twice at once: the first one stands.
        return Volunteer.objects.get(email__iexact=fields["email"])
    audit.record(
        actor=audit.VOLUNTEER_APPLICANT,
        verb="network.volunteer_signed_up" if existing is None else "network.volunteer_resubmitted",
        target=volunteer,
    )
    notifications.confirm_sign_up(volunteer)
    return volunteer


@transaction.atomic
def forget_unconfirmed_applications() -> int:
    """Delete sign-ups nobody confirmed before their link expired: the confirmation mail
    promises that we keep nothing of them, and anyone can type anyone's address. Returns how
    many were deleted; each is audited by the system (without any of its details)."""
    expired = timezone.now() - datetime.timedelta(seconds=settings.VOLUNTEER_CONFIRMATION_MAX_AGE)
    stale = Volunteer.objects.filter(email_confirmed_at__isnull=True, updated_at__lt=expired)
    count = 0
    for volunteer in stale.select_for_update():
        audit.record(
            actor=audit.SYSTEM_ACTOR, verb="network.unconfirmed_sign_up_deleted", target=volunteer
        )
        volunteer.delete()
        count += 1
    return count


@transaction.atomic
def confirm_volunteer_email(*, token: str) -> Volunteer:
    """The applicant opened the link we mailed: the address is theirs. Confirming twice is
    harmless; a forged, damaged or expired link gets one message."""
    nonce = notifications.read_confirmation_token(token)
    volunteer = None
    if nonce is not None:
        volunteer = Volunteer.objects.select_for_update().filter(confirmation_nonce=nonce).first()
    if volunteer is None:
        raise DomainError(
            _(
                "This confirmation link is not valid or has expired. Sign up again and we will "
                "send a new one."
            )
        )
    if not volunteer.is_confirmed:
        volunteer.email_confirmed_at = timezone.now()
        volunteer.save(update_fields=["email_confirmed_at", "updated_at"])
        audit.record(
            actor=audit.VOLUNTEER_APPLICANT, verb="network.volunteer_confirmed", target=volunteer
        )
    return volunteer


@transaction.atomic
def move_volunteer(
    *, actor: User, volunteer: Volunteer, to_status: str, note: str = ""
) -> Volunteer:
    """A vetter moves a volunteer one step through the pipeline and says why."""
    require(actor, "network.vet_this_volunteer", volunteer)
    # of=("self",): PostgreSQL cannot lock the nullable side of the branch's outer join.
    volunteer = (
        Volunteer.objects.select_for_update(of=("self",))
        .select_related("branch")
        .get(pk=volunteer.pk)
    )
    to_status = Status(to_status)
    from_status = Status(volunteer.status)
    if to_status not in volunteer.next_statuses:
        raise DomainError(
            _("A volunteer cannot go from “%(from)s” to “%(to)s”.")
            % {"from": from_status.label, "to": to_status.label}
        )
    if not volunteer.is_confirmed and to_status != Status.LEFT:
        raise DomainError(
            _(
                "%(name)s has not confirmed their email address yet. Vetting starts once they "
                "have: ask them to open the link we sent, or to sign up again for a new one."
            )
            % {"name": volunteer.full_name}
        )
    if to_status == Status.ACTIVE:
        _open_account(actor, volunteer)
    if to_status in (Status.PAUSED, Status.LEFT):
        _end_work(actor, volunteer)
    if to_status == Status.LEFT:
        _close_account(actor, volunteer)
    volunteer.status = to_status
    volunteer.save(update_fields=["status", "user", "updated_at"])
    VolunteerStep.objects.create(
        volunteer=volunteer,
        from_status=from_status,
        to_status=to_status,
        note=note.strip(),
        moved_by=actor,
    )
    audit.record(
        actor=actor,
        verb="network.volunteer_moved",
        target=volunteer,
        changes={"status": [from_status.value, to_status.value]},
    )
    return volunteer


def _volunteer_only(user):
    """An account that holds the volunteer role and nothing else: the only kind vetting opens,
    and the only kind pausing or leaving may change. Staff and editors are managed by the
    administrators."""
    return {group.name for group in user.groups.all()} == {Role.VOLUNTEER.value}


def _open_account(actor, volunteer):
    """The active volunteer's workspace account, in their branch with the volunteer role.

    The first time, a new account with a random password and a mail with a link to choose
    their own. A returning volunteer's own account opens again. An account that has gained
    another role since is left as it is: the administrators manage staff accounts, and
    vetting never widens one.
    """
    if volunteer.branch is None:
        raise DomainError(_("Choose the volunteer's branch before making them active."))
    user, created = volunteer.user, False
    if user is None:
        # Anyone can sign up with any address, so an existing account is never taken over:
        # giving a staff member's account a volunteer's branch would widen what they see.
        if User.objects.filter(email__iexact=volunteer.email).exists():
            raise DomainError(
                _(
                    "A workspace account already uses the address %(email)s. An administrator "
                    "must decide what to do with it before this volunteer can become active."
                )
                % {"email": volunteer.email}
            )
        user = User.objects.create_user(
            email=volunteer.email,
            password=secrets.token_urlsafe(32),
            full_name=volunteer.full_name,
            language=volunteer.language,
        )
        created = True
        volunteer.user = user
    elif not _volunteer_only(user):
        return
    elif not user.is_active:
        # Their own account, closed when they left, opens again with their return.
        user.is_active = True
        user.save(update_fields=["is_active"])
    user.groups.add(Group.objects.get(name=Role.VOLUNTEER.value))
    user.branches.add(volunteer.branch)
    audit.record(
        actor=actor,
        verb="network.volunteer_account_opened",
        target=volunteer,
        changes={"user": user.pk, "new": created},
    )
    if created:
        notifications.account_opened(volunteer, user)


def _end_work(actor, volunteer):
    """Take a pausing or leaving volunteer off their open cases and unstarted operations."""
    from cases.actions import end_assignments_of
    from operations.actions import take_off_unstarted_teams

    if volunteer.user is None or not _volunteer_only(volunteer.user):
        return
    take_off_unstarted_teams(actor=actor, user=volunteer.user)
    end_assignments_of(actor=actor, user=volunteer.user)


def _close_account(actor, volunteer):
    """Someone who left keeps no access; an account that also has a staff role is left to the
    administrators, who manage staff accounts."""
    user = volunteer.user
    if user is None or not user.is_active or not _volunteer_only(user):
        return
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit.record(
        actor=actor,
        verb="network.volunteer_account_closed",
        target=volunteer,
        changes={"user": user.pk},
    )


@transaction.atomic
def update_volunteer(*, actor: User, volunteer: Volunteer, **fields) -> Volunteer:
    """A vetter corrects a volunteer's details or moves them to another branch."""
    require(actor, "network.vet_this_volunteer", volunteer)
    unexpected = set(fields) - set(VOLUNTEER_FIELDS)
    if unexpected:
        raise TypeError(f"unexpected volunteer fields {sorted(unexpected)}")
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    old_branch = volunteer.branch
    before = {name: getattr(volunteer, name) for name in fields}
    for name, value in fields.items():
        setattr(volunteer, name, value)
    new_branch = volunteer.branch
    if new_branch != old_branch:
        _check_branch_move(actor, volunteer, old_branch, new_branch)
    volunteer.full_clean()
    changed = [name for name in fields if not _same(before[name], getattr(volunteer, name))]
    if not changed:
        return volunteer
    volunteer.save()
    if new_branch != old_branch and volunteer.user is not None:
        _move_account(volunteer.user, old_branch, new_branch)
    # Names of what changed; the values are personal data and stay on the record.
    changes = {name: None for name in changed}
    if "branch" in changes:
        changes["branch"] = [getattr(old_branch, "pk", None), getattr(new_branch, "pk", None)]
    audit.record(actor=actor, verb="network.volunteer_updated", target=volunteer, changes=changes)
    return volunteer


def _check_branch_move(actor, volunteer, old_branch, new_branch):
    if volunteer.status == Status.ACTIVE:
        raise DomainError(
            _(
                "Pause the volunteer before moving them to another branch: pausing ends their "
                "work in this one."
            )
        )
    if new_branch is None:
        raise DomainError(_("A volunteer who has been vetted stays with a branch."))
    if not (
        actor.has_perm("accounts.view_all_branches")
        or actor.branches.filter(pk=new_branch.pk).exists()
    ):
        raise DomainError(_("You can only move a volunteer to a branch you belong to."))


def _move_account(user, old_branch, new_branch):
    if not _volunteer_only(user):
        return
    if old_branch is not None:
        user.branches.remove(old_branch)
    user.branches.add(new_branch)


def _same(old, new):
    if isinstance(old, (list, tuple)) or isinstance(new, (list, tuple)):
        return sorted(old or []) == sorted(new or [])
    if old in ("", None) and new in ("", None):
        return True
    return old == new


@transaction.atomic
def log_time(
    *,
    actor: User,
    volunteer: Volunteer,
    date: datetime.date,
    hours,
    activity: str,
    operation=None,
    note: str = "",
) -> TimeEntry:
    """A volunteer logs the time they gave, or a vetter logs it for them."""
    is_own = volunteer.user_id is not None and volunteer.user_id == actor.pk
    if is_own:
        require(actor, "network.keep_own_volunteer_record")
    else:
        require(actor, "network.vet_this_volunteer", volunteer)
    if volunteer.status not in (Status.ACTIVE, Status.PAUSED):
        raise DomainError(_("Time can be logged only for a volunteer who has been vetted."))
    if date > timezone.localdate():
        raise DomainError(_("Time cannot be logged for a day that has not come yet."))
    if operation is not None and not operation.team.filter(user_id=volunteer.user_id).exists():
        raise DomainError(_("The volunteer was not on that operation's team."))
    # One volunteer's entries are added one at a time, so that two saved at once cannot both
    # see room left in the day (SQLite's writes are serial anyway; this is for PostgreSQL).
    Volunteer.objects.select_for_update().filter(pk=volunteer.pk).first()
    same_day = sum(entry.hours for entry in volunteer.time.filter(date=date))
    if same_day + hours > 24:
        raise DomainError(
            _("A day has 24 hours: %(hours)s are already logged for that date.")
            % {"hours": same_day}
        )
    entry = TimeEntry(
        volunteer=volunteer,
        date=date,
        hours=hours,
        activity=TimeEntry.Activity(activity),
        operation=operation,
        note=note.strip(),
        recorded_by=actor,
    )
    entry.full_clean()
    entry.save()
    audit.record(
        actor=actor,
        verb="network.time_logged",
        target=volunteer,
        changes={"hours": str(entry.hours), "activity": entry.activity},
    )
    return entry
