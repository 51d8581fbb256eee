"""Referrals to partners: nothing is shared without the survivor's consent to share with that
partner, and a withdrawn consent lets a referral only end."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from assistance import actions
from assistance.models import Consent, Referral
from assistance.tests.factories import ConsentFactory, ReferralFactory
from audit.models import AuditEntry
from network.tests.factories import PartnerFactory
from svoboda.errors import DomainError

pytestmark = pytest.mark.django_db

Status = Referral.Status


@pytest.fixture
def referral(plan, partner, caseworker):
    return actions.add_referral(
        actor=caseworker, plan=plan, partner=partner, request="Legal advice on back pay."
    )


@pytest.fixture
def consent(plan, partner):
    return ConsentFactory(person=plan.person, kind=Consent.Kind.SHARE, partner=partner)


def withdraw(plan, consent, actor):
    return actions.withdraw_consent(actor=actor, plan=plan, consent=consent, method="phone")


def sent(referral, actor):
    return actions.send_referral(actor=actor, referral=referral)


def test_a_prepared_referral_is_not_sent(referral):
    assert referral.status == Status.DRAFT
    assert referral.sent_on is None


def test_preparing_a_referral_is_audited_without_the_request(referral, plan, partner):
    [entry] = AuditEntry.objects.filter(verb="assistance.referral_added")
    assert entry.changes == {"plan": plan.pk, "referral": referral.pk, "partner": partner.pk}


def test_a_volunteer_cannot_prepare_a_referral(plan, partner, volunteer):
    with pytest.raises(PermissionDenied):
        actions.add_referral(actor=volunteer, plan=plan, partner=partner, request="Help.")


def test_a_referral_cannot_be_sent_without_consent(referral, caseworker):
    with pytest.raises(DomainError):
        sent(referral, caseworker)
    referral.refresh_from_db()
    assert referral.status == Status.DRAFT


def test_consent_to_share_with_another_partner_does_not_count(referral, plan, caseworker):
    ConsentFactory(person=plan.person, kind=Consent.Kind.SHARE, partner=PartnerFactory())
    with pytest.raises(DomainError):
        sent(referral, caseworker)


def test_a_withdrawn_consent_does_not_allow_sending(referral, plan, consent, caseworker):
    withdraw(plan, consent, caseworker)
    with pytest.raises(DomainError):
        sent(referral, caseworker)


def test_a_consent_given_in_the_future_does_not_allow_sending(referral, plan, partner, caseworker):
    ConsentFactory(
        person=plan.person,
        partner=partner,
        given_on=datetime.date.today() + datetime.timedelta(days=3),
    )
    with pytest.raises(DomainError):
        sent(referral, caseworker)


def test_a_referral_is_sent_under_the_consent_in_force(referral, consent, caseworker):
    sent(referral, caseworker)
    referral.refresh_from_db()
    assert referral.status == Status.SENT
    assert referral.consent == consent
    assert referral.sent_on == datetime.date.today()


def test_sending_is_audited_with_the_consent(referral, consent, caseworker, partner, plan):
    sent(referral, caseworker)
    [entry] = AuditEntry.objects.filter(verb="assistance.referral_sent")
    assert entry.changes == {
        "plan": plan.pk,
        "referral": referral.pk,
        "partner": partner.pk,
        "referral_status": ["draft", "sent"],
        "consent": consent.pk,
    }


def test_a_referral_is_sent_only_once(referral, consent, caseworker):
    sent(referral, caseworker)
    with pytest.raises(DomainError):
        sent(referral, caseworker)


def test_the_database_refuses_a_sent_referral_without_consent(plan, partner, caseworker):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReferralFactory(plan=plan, partner=partner, status=Status.SENT, sent_on="2026-01-01")


def test_the_partner_accepts_a_sent_referral(referral, consent, caseworker):
    sent(referral, caseworker)
    actions.record_referral_answer(actor=caseworker, referral=referral, accepted=True)
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED


def test_withdrawing_consent_after_sending_blocks_acceptance(referral, plan, consent, caseworker):
    sent(referral, caseworker)
    withdraw(plan, consent, caseworker)
    with pytest.raises(DomainError):
        actions.record_referral_answer(actor=caseworker, referral=referral, accepted=True)
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_a_refusal_can_be_recorded_after_the_consent_was_withdrawn(
    referral, plan, consent, caseworker
):
    sent(referral, caseworker)
    withdraw(plan, consent, caseworker)
    actions.record_referral_answer(
        actor=caseworker, referral=referral, accepted=False, note="No lawyer free."
    )
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED
    assert referral.outcome == "No lawyer free."


def test_a_referral_can_be_cancelled_after_the_consent_was_withdrawn(
    referral, plan, consent, caseworker
):
    sent(referral, caseworker)
    withdraw(plan, consent, caseworker)
    actions.cancel_referral(actor=caseworker, referral=referral)
    referral.refresh_from_db()
    assert referral.status == Status.CANCELLED


def test_the_answer_cannot_come_before_sending(referral, consent, caseworker):
    sent(referral, caseworker)
    with pytest.raises(DomainError):
        actions.record_referral_answer(
            actor=caseworker,
            referral=referral,
            accepted=True,
            answered_on=referral.sent_on - datetime.timedelta(days=1),
        )


def test_an_accepted_referral_ends_with_its_outcome(referral, consent, caseworker):
    sent(referral, caseworker)
    actions.record_referral_answer(actor=caseworker, referral=referral, accepted=True)
    actions.record_referral_outcome(
        actor=caseworker, referral=referral, outcome="Back pay recovered."
    )
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED
    assert referral.outcome == "Back pay recovered."


def test_an_outcome_needs_an_accepted_referral(referral, caseworker):
    with pytest.raises(DomainError):
        actions.record_referral_outcome(actor=caseworker, referral=referral, outcome="Done.")


def test_an_ended_referral_cannot_be_cancelled(referral, consent, caseworker):
    sent(referral, caseworker)
    actions.record_referral_answer(actor=caseworker, referral=referral, accepted=False)
    with pytest.raises(DomainError):
        actions.cancel_referral(actor=caseworker, referral=referral)


def test_a_referral_cannot_go_to_an_inactive_partner(plan, caseworker):
    with pytest.raises(DomainError):
        actions.add_referral(
            actor=caseworker, plan=plan, partner=PartnerFactory(is_active=False), request="Help."
        )
