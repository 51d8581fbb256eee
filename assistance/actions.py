"""Changes to survivors' assistance. Permission follows the plan's case (cases.rules): whoever may
change the case (its full team) may change the plan, its services and referrals, and record the
survivor's consents.

A closed case keeps its plan as it is, except for consents: a survivor may give or withdraw a
consent at any time, and the withdrawal must take effect at once.
"""

import calendar
import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import audit
from accounts.models import User
from accounts.permissions import require
from assistance.models import AssistancePlan, Consent, FollowUp, Referral, Service
from cases.actions import CaseClosed, add_task
from cases.models import Case, Participant, Person
from network.models import Partner
from publishing import rescue_reports
from svoboda.errors import DomainError

DEFAULT_FOLLOW_UP_MONTHS = [1, 3, 6]

SERVICE_FIELDS = [
    "kind",
    "provider",
    "status",
    "started_on",
    "ended_on",
    "cost",
    "currency",
    "notes",
]

ServiceStatus = Service.Status

# A service may go back a step when it was marked by mistake, or when the survivor changes
# their mind about one they declined; a done service cannot become declined.
SERVICE_TRANSITIONS = {
    ServiceStatus.PLANNED: {ServiceStatus.IN_PROGRESS, ServiceStatus.DONE, ServiceStatus.DECLINED},
    ServiceStatus.IN_PROGRESS: {ServiceStatus.PLANNED, ServiceStatus.DONE, ServiceStatus.DECLINED},
    ServiceStatus.DONE: {ServiceStatus.IN_PROGRESS},
    ServiceStatus.DECLINED: {ServiceStatus.PLANNED},
}

ReferralStatus = Referral.Status


@transaction.atomic
def open_assistance_plan(*, actor: User, case: Case, person: Person) -> AssistancePlan:
    """The case's team opens the survivor's plan; a survivor has one plan, opened once."""
    require(actor, "cases.change_case", case)
    if not Participant.objects.filter(
        case=case, person=person, role=Participant.Role.VICTIM
    ).exists():
        raise DomainError(_("Only a survivor in this case can have an assistance plan here."))
    plan, created = AssistancePlan.objects.get_or_create(
        person=person, defaults={"case": case, "opened_by": actor}
    )
    if created:
        audit.record(
            actor=actor,
            verb="assistance.plan_opened",
            target=case,
            changes={"person": str(person.pk), "plan": plan.pk},
        )
    return plan


def _ensure_open(plan):
    if plan.case.status == Case.Status.CLOSED:
        raise CaseClosed


def _check_partner_active(partner):
    if partner is not None and not partner.is_active:
        raise DomainError(
            _("%(partner)s is no longer an active partner. Choose another one.")
            % {"partner": partner.name}
        )


def _check_not_in_future(day, message):
    if day is not None and day > timezone.localdate():
        raise DomainError(message)


# Services.


def _check_service(service):
    """Rules that hold for every service, whatever changed (the database holds them too)."""
    if service.cost is not None and service.cost < 0:
        raise DomainError(_("A cost cannot be negative."))
    service.currency = (service.currency or "").strip().upper()
    if service.cost is not None and not service.currency:
        raise DomainError(_("Give the currency of the cost."))
    if service.status == ServiceStatus.DONE and service.ended_on is None:
        # Reports count delivered services by the day they ended.
        service.ended_on = timezone.localdate()
    if service.started_on and service.ended_on and service.ended_on < service.started_on:
        raise DomainError(_("A service cannot end before it started."))
    service.full_clean(validate_constraints=False)


def _service_changes(before, service):
    """What changed, for the audit trail: the status and the provider as values, other fields
    (notes, dates, costs, and the kind, which may say something about health) by name only."""
    changes = {}
    for name in SERVICE_FIELDS:
        old, new = before[name], getattr(service, name)
        if old == new or (old in ("", None) and new in ("", None)):
            continue
        if name == "status":
            changes["service_status"] = [old, new]
        elif name == "provider":
            changes["provider"] = new.pk if new is not None else None
        else:
            changes[name] = None
    return changes


def _is_done_return(service):
    return service.kind == Service.Kind.RETURN_HOME and service.status == ServiceStatus.DONE


@transaction.atomic
def add_service(
    *,
    actor: User,
    plan: AssistancePlan,
    kind: str,
    provider: Partner | None = None,
    status: str = ServiceStatus.PLANNED,
    started_on=None,
    ended_on=None,
    cost=None,
    currency: str = "",
    notes: str = "",
    follow_up_owner: User | None = None,
) -> Service:
    """The case's team adds a service to the plan; a safe return home added as done schedules
    the follow-up calls (see record_return_home)."""
    require(actor, "cases.change_case", plan.case)
    _ensure_open(plan)
    _check_partner_active(provider)
    service = Service(
        plan=plan,
        kind=Service.Kind(kind),
        provider=provider,
        status=ServiceStatus(status),
        started_on=started_on,
        ended_on=ended_on,
        cost=cost,
        currency=currency,
        notes=notes,
    )
    _check_service(service)
    service.save()
    audit.record(
        actor=actor,
        verb="assistance.service_added",
        target=plan.case,
        changes={
            "plan": plan.pk,
            "service": service.pk,
            "service_status": service.status,
            "provider": provider.pk if provider else None,
        },
    )
    if _is_done_return(service):
        _note_return(actor, plan, service.ended_on, follow_up_owner)
    return service


@transaction.atomic
def update_service(
    *, actor: User, service: Service, follow_up_owner: User | None = None, **fields
) -> Service:
    """The case's team changes a service and moves its status along SERVICE_TRANSITIONS; marking
    a safe return home done schedules the follow-up calls (see record_return_home)."""
    plan = service.plan
    require(actor, "cases.change_case", plan.case)
    _ensure_open(plan)
    for name in fields:
        if name not in SERVICE_FIELDS:
            raise TypeError(f"update_service() got an unexpected field {name!r}")
    before = {name: getattr(service, name) for name in SERVICE_FIELDS}
    was_done_return = _is_done_return(service)
    if "status" in fields and fields["status"] != service.status:
        old, new = ServiceStatus(service.status), ServiceStatus(fields["status"])
        if new not in SERVICE_TRANSITIONS[old]:
            raise DomainError(
                _("A service cannot go from “%(old)s” to “%(new)s”.")
                % {"old": old.label, "new": new.label}
            )
    if "provider" in fields and fields["provider"] != service.provider:
        _check_partner_active(fields["provider"])
    if "kind" in fields:
        fields["kind"] = Service.Kind(fields["kind"])
    for name, value in fields.items():
        setattr(service, name, value)
    _check_service(service)
    changes = _service_changes(before, service)
    if changes:
        service.save()
        audit.record(
            actor=actor,
            verb="assistance.service_updated",
            target=plan.case,
            changes={"plan": plan.pk, "service": service.pk, **changes},
        )
    if _is_done_return(service) and not was_done_return:
        _note_return(actor, plan, service.ended_on, follow_up_owner)
    return service


# The return home and the follow-up calls after it.


def follow_up_months():
    """Months after the return at which a follow-up call is due: ASSISTANCE_FOLLOW_UP_MONTHS."""
    months = getattr(settings, "ASSISTANCE_FOLLOW_UP_MONTHS", DEFAULT_FOLLOW_UP_MONTHS)
    return sorted({int(month) for month in months if int(month) > 0})


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 ->
    28 or 29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def follow_up_title(months: int) -> str:
    return ngettext(
        "Follow-up call, %(months)d month after return",
        "Follow-up call, %(months)d months after return",
        months,
    ) % {"months": months}


def _follow_up_owner(plan, owner):
    from cases.queries import access_to

    access = access_to(owner, plan.case)
    if access is None or not access.full:
        raise DomainError(
            _("%(name)s cannot make the follow-up calls: they do not work on this case.")
            % {"name": owner.full_name or owner.email}
        )
    return owner


def _in_language(language, function, *args):
    with translation.override(language or None):
        return str(function(*args))


def _schedule_follow_ups(actor, plan, owner):
    """One task per configured month not scheduled yet, so that running it again adds nothing."""
    scheduled = set(plan.follow_ups.values_list("months", flat=True))
    created = []
    for months in follow_up_months():
        if months in scheduled:
            continue
        task = add_task(
            actor=actor,
            case=plan.case,
            # Stored text: written in the language of the person who will make the call.
            title=_in_language(owner.language, follow_up_title, months),
            owner=owner,
            due_on=months_after(plan.returned_home_on, months),
        )
        created.append(FollowUp.objects.create(plan=plan, months=months, task=task))
    return created


def _locked(plan):
    # Two people marking the return at once must not schedule the calls twice.
    locked = AssistancePlan.objects.select_for_update().get(pk=plan.pk)
    plan.returned_home_on = locked.returned_home_on
    return plan


def _note_return(actor, plan, returned_on, owner):
    """A return-home service was done: the first return recorded counts for the follow-ups."""
    _check_not_in_future(returned_on, _("The return home cannot be in the future."))
    owner = _follow_up_owner(plan, owner or actor)
    plan = _locked(plan)
    if plan.returned_home_on is None:
        plan.returned_home_on = returned_on
        plan.save(update_fields=["returned_home_on", "updated_at"])
        audit.record(
            actor=actor,
            verb="assistance.return_recorded",
            target=plan.case,
            changes={"plan": plan.pk},
        )
    _schedule_follow_ups(actor, plan, owner)


@transaction.atomic
def record_return_home(
    *,
    actor: User,
    plan: AssistancePlan,
    returned_on: datetime.date,
    follow_up_owner: User | None = None,
) -> AssistancePlan:
    """The case's team records the day the survivor returned home; a follow-up call is then due
    ASSISTANCE_FOLLOW_UP_MONTHS after it, as tasks in the case (for `follow_up_owner`, by default
    the actor). Each call is scheduled once; correcting the day moves the calls not yet made."""
    require(actor, "cases.change_case", plan.case)
    _ensure_open(plan)
    _check_not_in_future(returned_on, _("The return home cannot be in the future."))
    owner = _follow_up_owner(plan, follow_up_owner or actor)
    plan = _locked(plan)
    old = plan.returned_home_on
    if old != returned_on:
        plan.returned_home_on = returned_on
        plan.save(update_fields=["returned_home_on", "updated_at"])
        changes = {"plan": plan.pk}
        if old is not None:
            changes["moved_tasks"] = _move_follow_ups(plan)
        audit.record(
            actor=actor, verb="assistance.return_recorded", target=plan.case, changes=changes
        )
    _schedule_follow_ups(actor, plan, owner)
    return plan


def _move_follow_ups(plan):
    moved = []
    for follow_up in plan.follow_ups.select_related("task").filter(task__done_at__isnull=True):
        task = follow_up.task
        task.due_on = months_after(plan.returned_home_on, follow_up.months)
        task.save(update_fields=["due_on", "updated_at"])
        moved.append(task.pk)
    return moved


# Referrals to partners.


def _consent_to_share(referral):
    from assistance.queries import share_consent_in_force

    return share_consent_in_force(referral.plan.person_id, referral.partner_id, lock=True)


def _require_consent_to_share(referral):
    consent = _consent_to_share(referral)
    if consent is None:
        raise DomainError(
            _(
                "The survivor has not consented to sharing their data with %(partner)s, or has "
                "withdrawn that consent. Nothing more may be shared with this partner."
            )
            % {"partner": referral.partner.name}
        )
    return consent


def _check_referral_status(referral, allowed):
    if referral.status not in allowed:
        raise DomainError(
            _("This referral is “%(status)s”: that cannot be done now.")
            % {"status": referral.get_status_display()}
        )


def _record_referral(actor, verb, referral, old_status, **changes):
    audit.record(
        actor=actor,
        verb=verb,
        target=referral.plan.case,
        changes={
            "plan": referral.plan_id,
            "referral": referral.pk,
            "partner": referral.partner_id,
            "referral_status": [old_status, referral.status],
            **changes,
        },
    )


@transaction.atomic
def add_referral(
    *,
    actor: User,
    plan: AssistancePlan,
    partner: Partner,
    request: str,
    service: Service | None = None,
) -> Referral:
    """The case's team prepares a referral to an active partner; nothing is shared until it is
    sent (send_referral)."""
    require(actor, "cases.change_case", plan.case)
    _ensure_open(plan)
    _check_partner_active(partner)
    if service is not None and service.plan_id != plan.pk:
        raise DomainError(_("Choose a service of this plan."))
    referral = Referral(
        plan=plan, partner=partner, service=service, request=request.strip(), created_by=actor
    )
    referral.full_clean(validate_constraints=False)
    referral.save()
    audit.record(
        actor=actor,
        verb="assistance.referral_added",
        target=plan.case,
        changes={"plan": plan.pk, "referral": referral.pk, "partner": partner.pk},
    )
    return referral


@transaction.atomic
def send_referral(*, actor: User, referral: Referral, sent_on=None) -> Referral:
    """A referral is sent once, and only while the survivor's consent to share their data with
    that partner is in force; the consent is kept on the referral."""
    require(actor, "cases.change_case", referral.plan.case)
    _ensure_open(referral.plan)
    _check_referral_status(referral, {ReferralStatus.DRAFT})
    _check_partner_active(referral.partner)
    sent_on = sent_on or timezone.localdate()
    _check_not_in_future(sent_on, _("A referral cannot be sent in the future."))
    consent = _require_consent_to_share(referral)
    old = referral.status
    referral.status = ReferralStatus.SENT
    referral.consent = consent
    referral.sent_on = sent_on
    referral.save(update_fields=["status", "consent", "sent_on", "updated_at"])
    _record_referral(actor, "assistance.referral_sent", referral, old, consent=consent.pk)
    return referral


@transaction.atomic
def record_referral_answer(
    *, actor: User, referral: Referral, accepted: bool, answered_on=None, note: str = ""
) -> Referral:
    """The team records the partner's answer to a sent referral. Accepting means the partner goes
    on working with the survivor's data, so it needs the consent to share still in force; a
    refusal can always be recorded."""
    require(actor, "cases.change_case", referral.plan.case)
    _ensure_open(referral.plan)
    _check_referral_status(referral, {ReferralStatus.SENT})
    answered_on = answered_on or timezone.localdate()
    _check_not_in_future(answered_on, _("The answer cannot be in the future."))
    if answered_on < referral.sent_on:
        raise DomainError(_("The partner cannot answer before the referral was sent."))
    if accepted:
        _require_consent_to_share(referral)
    old = referral.status
    referral.status = ReferralStatus.ACCEPTED if accepted else ReferralStatus.DECLINED
    referral.answered_on = answered_on
    if note.strip():
        referral.outcome = note.strip()
    referral.full_clean(validate_constraints=False)
    referral.save(update_fields=["status", "answered_on", "outcome", "updated_at"])
    _record_referral(actor, "assistance.referral_answered", referral, old)
    return referral


@transaction.atomic
def record_referral_outcome(
    *, actor: User, referral: Referral, outcome: str, completed_on=None
) -> Referral:
    """The team records what came of an accepted referral, which ends it. Ending shares nothing,
    so it is allowed after the survivor withdrew their consent."""
    require(actor, "cases.change_case", referral.plan.case)
    _ensure_open(referral.plan)
    _check_referral_status(referral, {ReferralStatus.ACCEPTED})
    if not outcome.strip():
        raise DomainError(_("Say what came of the referral."))
    completed_on = completed_on or timezone.localdate()
    _check_not_in_future(completed_on, _("A referral cannot be completed in the future."))
    if completed_on < referral.sent_on:
        raise DomainError(_("A referral cannot be completed before it was sent."))
    old = referral.status
    referral.status = ReferralStatus.COMPLETED
    referral.completed_on = completed_on
    referral.outcome = outcome.strip()
    referral.full_clean(validate_constraints=False)
    referral.save(update_fields=["status", "completed_on", "outcome", "updated_at"])
    _record_referral(actor, "assistance.referral_completed", referral, old)
    return referral


@transaction.atomic
def cancel_referral(*, actor: User, referral: Referral) -> Referral:
    """The team cancels a referral that has not ended; cancelling shares nothing."""
    require(actor, "cases.change_case", referral.plan.case)
    _ensure_open(referral.plan)
    _check_referral_status(
        referral, {ReferralStatus.DRAFT, ReferralStatus.SENT, ReferralStatus.ACCEPTED}
    )
    old = referral.status
    referral.status = ReferralStatus.CANCELLED
    referral.save(update_fields=["status", "updated_at"])
    _record_referral(actor, "assistance.referral_cancelled", referral, old)
    return referral


# Consents.


@transaction.atomic
def give_consent(
    *,
    actor: User,
    plan: AssistancePlan,
    kind: str,
    given_on: datetime.date,
    method: str,
    partner: Partner | None = None,
    scope: str = "",
    details: str = "",
) -> Consent:
    """The case's team records a consent the survivor gave: to storing their data, to sharing it
    with one named partner, or to being mentioned (anonymously or by name) in public reports.
    One consent of a kind is in force at a time; to change it, withdraw it first."""
    require(actor, "cases.change_case", plan.case)
    kind = Consent.Kind(kind)
    _check_not_in_future(given_on, _("A consent cannot be given in the future."))
    if kind == Consent.Kind.SHARE:
        if partner is None:
            raise DomainError(_("Name the partner the survivor agreed to share their data with."))
    else:
        partner = None
    if kind == Consent.Kind.MENTION:
        if not scope:
            raise DomainError(
                _("Say whether the survivor may be mentioned by name or anonymously.")
            )
        scope = Consent.Scope(scope)
    else:
        scope = ""
    in_force = Consent.objects.filter(person=plan.person, kind=kind, withdrawn_at__isnull=True)
    if kind == Consent.Kind.SHARE:
        in_force = in_force.filter(partner=partner)
    if in_force.exists():
        raise DomainError(
            _("This consent is already in force. To record a different one, withdraw it first.")
        )
    consent = Consent(
        person=plan.person,
        kind=kind,
        partner=partner,
        scope=scope,
        given_on=given_on,
        method=Consent.Method(method),
        details=details.strip(),
        recorded_by=actor,
    )
    consent.full_clean(validate_constraints=False)
    consent.save()
    audit.record(
        actor=actor,
        verb="assistance.consent_given",
        target=plan.person,
        # The details may name a witness: they stay on the consent.
        changes={
            "plan": plan.pk,
            "consent": consent.pk,
            "consent_kind": kind.value,
            "partner": partner.pk if partner else None,
            "scope": scope or None,
            "method": consent.method,
        },
    )
    return consent


@transaction.atomic
def withdraw_consent(
    *, actor: User, plan: AssistancePlan, consent: Consent, method: str, details: str = ""
) -> Consent:
    """The case's team records that the survivor took a consent back. It takes effect at once:
    referrals to that partner can no longer be sent or accepted, and publishing may no longer
    mention the person under it."""
    require(actor, "cases.change_case", plan.case)
    if consent.person_id != plan.person_id:
        raise DomainError(_("This consent is not the survivor's."))
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if not consent.is_in_force:
        raise DomainError(_("This consent was already withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.withdrawal_method = Consent.Method(method)
    consent.withdrawal_details = details.strip()
    consent.full_clean(validate_constraints=False)
    consent.save()
    affected = list(
        Referral.objects.filter(
            consent=consent, status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED]
        ).values_list("pk", flat=True)
    )
    if consent.kind == Consent.Kind.MENTION:
        # Before any audit entry: appending to the audit chain takes a lock held until commit
        # (audit.chain), and a publication holds the report's row before it writes its own
        # entry. Taking rows first and the chain last, in every transaction, keeps the two
        # from waiting on each other.
        rescue_reports.withdraw_reports_about(actor=actor, person=plan.person)
    audit.record(
        actor=actor,
        verb="assistance.consent_withdrawn",
        target=plan.person,
        changes={
            "plan": plan.pk,
            "consent": consent.pk,
            "consent_kind": consent.kind,
            "partner": consent.partner_id,
            "method": consent.withdrawal_method,
            "open_referrals": affected,
        },
    )
    return consent
