"""Reads of the partner registry and of volunteers.

The partner registry is one list for the whole organisation: who may read it is a role
permission (network.view_partner), not a branch's scope. Volunteers are people: each user sees
those of their own branches (see volunteers_visible_to)."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from network.models import Partner, Volunteer
from svoboda.model_fields import has_choice


def find_partners(*, query="", kind="", country="", active=None):
    """The partner list, filtered; one query whatever its length."""
    partners = Partner.objects.all()
    if query:
        partners = partners.filter(Q(name__icontains=query) | Q(services__icontains=query))
    if kind:
        partners = partners.filter(kind=kind)
    if country:
        # Stored as comma-separated two-letter codes, so a code cannot match across two.
        partners = partners.filter(countries__contains=country)
    if active is not None:
        partners = partners.filter(is_active=active)
    return partners.order_by("name")


def partner_for(pk):
    """One partner, or 404."""
    partner = Partner.objects.filter(pk=pk).first()
    if partner is None:
        raise Http404
    return partner


# Volunteers.


def _vetting_scope(user, volunteers):
    """Volunteers of the user's branches, and applications no branch has taken yet."""
    if user.has_perm("accounts.view_all_branches"):
        return volunteers
    return volunteers.filter(Q(branch__in=user.branches.all()) | Q(branch__isnull=True))


def volunteers_to_vet_for(user):
    """Whose applications and records the user may see in full and move through vetting."""
    if not user.is_active or not user.has_perm("network.vet_volunteer"):
        return Volunteer.objects.none()
    return _vetting_scope(user, Volunteer.objects.all())


def volunteers_visible_to(user):
    """Vetters see their scope in full; other staff with the directory permission see the
    vetted volunteers (active or paused) of their own branches, to find help for their work."""
    if not user.is_active or not user.has_perm("network.view_volunteer"):
        return Volunteer.objects.none()
    if user.has_perm("network.vet_volunteer"):
        return volunteers_to_vet_for(user)
    return Volunteer.objects.filter(
        branch__in=user.branches.all(),
        status__in=[Volunteer.Status.ACTIVE, Volunteer.Status.PAUSED],
    )


def find_volunteers(
    user, *, query="", skill="", language="", city="", availability="", status="", branch=None
):
    """The directory: every filter given must hold (they combine with AND)."""
    volunteers = volunteers_visible_to(user)
    if query:
        volunteers = volunteers.filter(
            Q(full_name__icontains=query)
            | Q(other_skills__icontains=query)
            | Q(other_languages__icontains=query)
        )
    if skill:
        volunteers = volunteers.filter(has_choice("skills", skill))
    if language:
        volunteers = volunteers.filter(has_choice("languages", language))
    if city:
        volunteers = volunteers.filter(city__icontains=city)
    if availability:
        volunteers = volunteers.filter(has_choice("availability", availability))
    if status == UNCONFIRMED:
        volunteers = volunteers.filter(email_confirmed_at__isnull=True)
    elif status:
        volunteers = volunteers.filter(status=status, email_confirmed_at__isnull=False)
    if branch is not None:
        volunteers = volunteers.filter(branch=branch)
    year_start = timezone.localdate().replace(month=1, day=1)
    return (
        volunteers.select_related("branch")
        .annotate(
            hours_this_year=Sum("time__hours", filter=Q(time__date__gte=year_start), default=0)
        )
        .order_by("full_name", "pk")
    )


# A directory filter value for applications whose address is not confirmed yet.
UNCONFIRMED = "unconfirmed"


def volunteer_for(user, pk):
    """One volunteer the user may see, or 404."""
    volunteer = volunteers_visible_to(user).select_related("branch", "user").filter(pk=pk).first()
    if volunteer is None:
        raise Http404
    return volunteer


def own_volunteer_record(user):
    """The user's own volunteer record, or 404 for accounts that have none."""
    volunteer = Volunteer.objects.select_related("branch").filter(user=user).first()
    if volunteer is None or not user.has_perm("network.keep_own_volunteer_record"):
        raise Http404
    return volunteer


def vetting_history(volunteer):
    return volunteer.steps.select_related("moved_by").order_by("moved_at", "pk")


def time_given(volunteer):
    return volunteer.time.select_related("operation", "recorded_by")


def operations_of_volunteer(volunteer):
    """The operations whose team the volunteer is or was on: what their time can be for.
    None once they are paused or left: they no longer open those operations either."""
    from operations.models import Operation

    if volunteer.user_id is None or not volunteer.is_active:
        return Operation.objects.none()
    return Operation.objects.filter(team__user_id=volunteer.user_id).order_by("-starts_at")


def hours_total(volunteer, *, since=None):
    entries = volunteer.time.all()
    if since is not None:
        entries = entries.filter(date__gte=since)
    return entries.aggregate(total=Sum("hours", default=0))["total"]


# Who may be given work. Staff roles are vetted by being hired; a volunteer only by vetting.

STAFF_ROLES = ["administrator", "coordinator", "caseworker"]


def assignment_refusal(user):
    """Why this account may not be put on a team or a case as a volunteer, or None if it may.

    An account with the volunteer role and no staff role needs a volunteer record that is
    active with a confirmed address (a record paused or left, or an account made by hand
    without vetting, is refused)."""
    names = {group.name for group in user.groups.all()}
    if "volunteer" not in names or names & set(STAFF_ROLES):
        return None
    volunteer = Volunteer.objects.filter(user=user).first()
    name = user.full_name or user.email
    if volunteer is None:
        return _("%(name)s has not been through volunteer vetting.") % {"name": name}
    if not volunteer.is_active:
        return _("%(name)s is not an active volunteer (now: %(status)s).") % {
            "name": name,
            "status": volunteer.get_status_display(),
        }
    return None


def assignable(users):
    """The users of a queryset that assignment_refusal() lets through, as one query."""
    from accounts.models import User

    staff = User.objects.filter(groups__name__in=STAFF_ROLES).values("pk")
    volunteers = User.objects.filter(groups__name="volunteer").values("pk")
    return users.filter(
        Q(pk__in=staff)
        | ~Q(pk__in=volunteers)
        | Q(
            volunteer_record__status=Volunteer.Status.ACTIVE,
            volunteer_record__email_confirmed_at__isnull=False,
        )
    )


def volunteer_work(volunteer):
    """A volunteer's assignments: open cases, operations and open tasks (their own page and
    their record show these; outlines only, what a volunteer may see of each)."""
    from cases.models import Assignment, Case, Task
    from operations.models import TeamMember

    if volunteer.user_id is None:
        return VolunteerWork([], [], [])
    assignments = (
        Assignment.objects.filter(user_id=volunteer.user_id)
        .exclude(case__status=Case.Status.CLOSED)
        .select_related("case", "case__branch")
        .order_by("-assigned_at")
    )
    memberships = (
        TeamMember.objects.filter(user_id=volunteer.user_id)
        .select_related("operation", "operation__branch")
        .order_by("-operation__starts_at")
    )
    tasks = (
        Task.objects.filter(owner_id=volunteer.user_id, done_at__isnull=True)
        .select_related("case")
        .order_by(models.F("due_on").asc(nulls_last=True), "created_at")
    )
    return VolunteerWork(list(assignments), list(memberships), list(tasks))


@dataclass(frozen=True)
class VolunteerWork:
    assignments: list
    memberships: list
    tasks: list


def branches_to_sign_up_for():
    """The branches an applicant may choose: active and shown on the public site."""
    from accounts.models import Branch

    return Branch.objects.filter(is_active=True, shown_publicly=True).order_by("name")


def application_to_confirm(token):
    """The application a confirmation link names, or None for a link that does not work
    (forged, expired, or replaced by a newer sign-up with the same address)."""
    from network.notifications import read_confirmation_token

    nonce = read_confirmation_token(token)
    if nonce is None:
        return None
    return Volunteer.objects.select_related("branch").filter(confirmation_nonce=nonce).first()
