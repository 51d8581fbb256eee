"""Reads of survivors' assistance, scoped by the plan's case (cases.queries, need-to-know).

A plan, its services, referrals and follow-ups, and the consents of its survivor are shown only to
users who see the plan's case in full; anyone else gets 404. Opening a plan page is recorded in
the audit trail (read_plan).

Two reads are for other features: helped_people (reports) and may_mention_in_public
(publishing). They answer for the organisation, not for one user, and so take no user.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

import audit
from assistance.models import AssistancePlan, Consent, FollowUp, Referral, Service
from cases.models import Participant, Person
from cases.queries import access_to, cases_in_full_view_of, possible_task_owners
from network.models import Partner


def plan_for(user, pk):
    """A plan and the user's access to its case, or 404 unless they see the case in full.

    Does not audit: use read_plan for a page that shows the plan.
    """
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    plan = (
        AssistancePlan.objects.select_related("person", "person__branch", "case", "case__branch")
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404
    access = access_to(user, plan.case)
    if access is None or not access.full:
        raise Http404
    return plan, access


def read_plan(user, pk):
    """plan_for, recorded in the audit trail as a view of the plan."""
    plan, access = plan_for(user, pk)
    record_plan_view(user, plan)
    return plan, access


def record_plan_view(user, plan, **changes):
    audit.record(actor=user, verb="assistance.plan_viewed", target=plan, changes=changes or None)
    # The plan page shows the survivor and their consents: the person's own history says so.
    audit.record(
        actor=user,
        verb="cases.person_viewed",
        target=plan.person,
        changes={"via": "assistance plan"},
    )


def service_of(plan, pk):
    """A service of this plan, or 404."""
    service = Service.objects.select_related("provider").filter(plan=plan, pk=pk).first()
    if service is None:
        raise Http404
    service.plan = plan
    return service


def referral_of(plan, pk):
    """A referral of this plan, or 404."""
    referral = Referral.objects.select_related("partner").filter(plan=plan, pk=pk).first()
    if referral is None:
        raise Http404
    referral.plan = plan
    return referral


def consent_of(plan, pk):
    """A consent of the plan's survivor, or 404."""
    consent = Consent.objects.filter(person=plan.person_id, pk=pk).first()
    if consent is None:
        raise Http404
    consent.person = plan.person
    return consent


def share_consent_in_force(person, partner, *, lock=False):
    """The survivor's consent to share their data with this partner, if one is in force today.

    With lock=True (inside an action's transaction) the consent row stays locked until commit,
    so a withdrawal made at the same moment waits and cannot be overtaken by a sending.
    """
    consents = Consent.objects.select_for_update() if lock else Consent.objects
    return (
        consents.filter(
            person=person,
            kind=Consent.Kind.SHARE,
            partner=partner,
            withdrawn_at__isnull=True,
            given_on__lte=timezone.localdate(),
        )
        .order_by("-given_on", "-created_at")
        .first()
    )


def may_mention_in_public(person):
    """How a public report may mention this person: "named", "anonymous", or False.

    The answer follows the person's consent "to being mentioned in public reports" that is in
    force (given, not withdrawn): its scope says whether by name or anonymously. Without such a
    consent, or once it is withdrawn, the person must not be mentioned at all.
    """
    consent = (
        Consent.objects.filter(
            person=person,
            kind=Consent.Kind.MENTION,
            withdrawn_at__isnull=True,
            given_on__lte=timezone.localdate(),
        )
        .order_by("-given_on", "-created_at")
        .first()
    )
    if consent is None:
        return False
    return Consent.Scope(consent.scope).value


def helped_people(people=None, *, delivered_from=None, delivered_until=None):
    """People who were HELPED: at least one service of their assistance plan is done.

    Planned, in-progress and declined services do not count, nor do referrals on their own (what
    a partner delivered counts once it is recorded as a done service). Each person counts once,
    however many services they received.

    `people` narrows the answer to a queryset (for example one branch's people); the dates keep
    only services that ended (`ended_on`, set on every done service) within that period,
    inclusive.
    """
    services = Service.objects.filter(plan__person=OuterRef("pk"), status=Service.Status.DONE)
    if delivered_from is not None:
        services = services.filter(ended_on__gte=delivered_from)
    if delivered_until is not None:
        services = services.filter(ended_on__lte=delivered_until)
    base = Person.objects.all() if people is None else people
    return base.filter(Exists(services))


def partners_to_choose(current=None):
    """Partners a new service or referral may name: the active ones, and the one already named."""
    condition = Q(is_active=True)
    if current is not None:
        condition |= Q(pk=current.pk)
    return Partner.objects.filter(condition).order_by("name")


def follow_up_owners(case):
    """Who may make the follow-up calls: people on the case whose role works on cases in full
    (a volunteer sees no contact details)."""
    works = Permission.objects.filter(content_type__app_label="cases", codename="work_case")
    return possible_task_owners(case).filter(
        Q(groups__permissions__in=works) | Q(user_permissions__in=works)
    )


@dataclass(frozen=True)
class PlanContents:
    services: list
    referrals: list
    consents: list
    follow_ups: list


def plan_contents(plan):
    """What the plan page shows, in a fixed number of queries whatever the number of rows."""
    in_force = Consent.objects.filter(
        person=plan.person_id,
        kind=Consent.Kind.SHARE,
        partner=OuterRef("partner"),
        withdrawn_at__isnull=True,
        given_on__lte=timezone.localdate(),
    )
    referrals = (
        Referral.objects.filter(plan=plan)
        .select_related("partner", "service", "consent", "consent__withdrawn_by")
        .annotate(consent_in_force=Exists(in_force))
    )
    return PlanContents(
        services=list(Service.objects.filter(plan=plan).select_related("provider")),
        referrals=list(referrals),
        consents=list(
            Consent.objects.filter(person=plan.person_id).select_related(
                "partner", "recorded_by", "withdrawn_by"
            )
        ),
        follow_ups=list(FollowUp.objects.filter(plan=plan).select_related("task", "task__owner")),
    )


# Links from the case and person pages.


@dataclass(frozen=True)
class SurvivorPlan:
    person: Person
    plan: AssistancePlan | None
    # False when the survivor's plan was opened in another case: it is kept there.
    plan_is_here: bool


def survivors_of_case(user, case):
    """The case's survivors with their plans, for users who see the case in full; else none."""
    access = access_to(user, case)
    if access is None or not access.full:
        return []
    participants = Participant.objects.filter(
        case=case, role=Participant.Role.VICTIM
    ).select_related("person", "person__assistance_plan")
    rows = []
    for participant in participants.order_by("added_at"):
        person = participant.person
        plan = getattr(person, "assistance_plan", None)
        rows.append(
            SurvivorPlan(
                person=person, plan=plan, plan_is_here=bool(plan and plan.case_id == case.pk)
            )
        )
    return rows


@dataclass(frozen=True)
class PersonAssistance:
    plan: AssistancePlan | None
    cases_to_open_in: list


def assistance_of_person(user, person):
    """The person's plan if the user sees its case in full; otherwise, when the person has no
    plan, the cases (seen in full) where they are a survivor and one could be opened."""
    plan = AssistancePlan.objects.select_related("case").filter(person=person).first()
    if plan is not None:
        access = access_to(user, plan.case)
        shown = plan if access is not None and access.full else None
        return PersonAssistance(plan=shown, cases_to_open_in=[])
    cases = (
        cases_in_full_view_of(user)
        .filter(
            Exists(
                Participant.objects.filter(
                    case=OuterRef("pk"), person=person, role=Participant.Role.VICTIM
                )
            )
        )
        .order_by("-created_at")
    )
    return PersonAssistance(plan=None, cases_to_open_in=list(cases))


def survivor_in_case(case, person_pk):
    """A survivor of this case, or 404."""
    participant = (
        Participant.objects.select_related("person")
        .filter(case=case, person=person_pk, role=Participant.Role.VICTIM)
        .first()
    )
    if participant is None:
        raise Http404
    return participant.person
