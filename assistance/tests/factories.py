"""Synthetic assistance plans, services, consents and referrals for tests."""

import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from assistance.models import AssistancePlan, Consent, Referral, Service
from cases.models import Participant
from cases.tests.factories import CaseFactory, ParticipantFactory
from network.tests.factories import PartnerFactory


class PlanFactory(factory.django.DjangoModelFactory):
    """A plan for a survivor of `case` (a new survivor unless `person` is given)."""

    class Meta:
        model = AssistancePlan

    case = factory.SubFactory(CaseFactory)
    person = factory.LazyAttribute(
        lambda plan: ParticipantFactory(case=plan.case, role=Participant.Role.VICTIM).person
    )
    opened_by = factory.SubFactory(UserFactory)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    plan = factory.SubFactory(PlanFactory)
    kind = Service.Kind.MEDICAL
    status = Service.Status.PLANNED


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory("cases.tests.factories.PersonFactory")
    kind = Consent.Kind.SHARE
    partner = factory.Maybe(
        factory.LazyAttribute(lambda consent: consent.kind == Consent.Kind.SHARE),
        yes_declaration=factory.SubFactory(PartnerFactory),
        no_declaration=None,
    )
    scope = factory.LazyAttribute(
        lambda consent: Consent.Scope.ANONYMOUS if consent.kind == Consent.Kind.MENTION else ""
    )
    given_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    method = Consent.Method.WRITING
    recorded_by = factory.SubFactory(UserFactory)


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral not sent yet."""

    class Meta:
        model = Referral

    plan = factory.SubFactory(PlanFactory)
    partner = factory.SubFactory(PartnerFactory)
    request = "Legal advice on back pay."
    created_by = factory.SubFactory(UserFactory)
