"""Consents: recorded with when and how, one of a kind in force, withdrawn at once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from assistance import actions
from assistance.models import Consent
from audit.models import AuditEntry
from cases import actions as case_actions
from svoboda.errors import DomainError

pytestmark = pytest.mark.django_db

Kind = Consent.Kind
DAY = datetime.date(2026, 3, 1)


def give(plan, actor, **fields):
    return actions.give_consent(
        actor=actor, plan=plan, **{"given_on": DAY, "method": "writing", **fields}
    )


def test_consent_to_sharing_names_its_partner(plan, caseworker, partner):
    consent = give(plan, caseworker, kind=Kind.SHARE, partner=partner)
    assert consent.partner == partner
    assert consent.person == plan.person
    assert consent.recorded_by == caseworker


def test_consent_to_sharing_without_a_partner_is_refused(plan, caseworker):
    with pytest.raises(DomainError):
        give(plan, caseworker, kind=Kind.SHARE)


def test_consent_to_being_mentioned_needs_its_scope(plan, caseworker):
    with pytest.raises(DomainError):
        give(plan, caseworker, kind=Kind.MENTION)


def test_a_partner_is_not_kept_on_a_consent_to_storing_data(plan, caseworker, partner):
    consent = give(plan, caseworker, kind=Kind.STORE, partner=partner)
    assert consent.partner is None


def test_a_consent_in_the_future_is_refused(plan, caseworker):
    with pytest.raises(DomainError):
        give(
            plan,
            caseworker,
            kind=Kind.STORE,
            given_on=datetime.date.today() + datetime.timedelta(1),
        )


def test_a_second_consent_of_the_same_kind_in_force_is_refused(plan, caseworker):
    give(plan, caseworker, kind=Kind.MENTION, scope="named")
    with pytest.raises(DomainError):
        give(plan, caseworker, kind=Kind.MENTION, scope="anonymous")


def test_consents_to_share_with_two_partners_are_both_kept(plan, caseworker, partner):
    from network.tests.factories import PartnerFactory

    give(plan, caseworker, kind=Kind.SHARE, partner=partner)
    give(plan, caseworker, kind=Kind.SHARE, partner=PartnerFactory())
    assert Consent.objects.filter(person=plan.person).count() == 2


def test_giving_a_consent_is_audited_without_its_details(plan, caseworker, partner):
    consent = give(
        plan,
        caseworker,
        kind=Kind.SHARE,
        partner=partner,
        method="oral_witnessed",
        details="Witness: Irina Petrova, nurse.",
    )
    [entry] = AuditEntry.objects.filter(verb="assistance.consent_given")
    assert entry.target_id == str(plan.person.pk)
    assert entry.changes == {
        "plan": plan.pk,
        "consent": consent.pk,
        "consent_kind": "share",
        "partner": partner.pk,
        "scope": None,
        "method": "oral_witnessed",
    }


def test_a_volunteer_cannot_record_a_consent(plan, volunteer):
    with pytest.raises(PermissionDenied):
        give(plan, volunteer, kind=Kind.STORE)


def test_withdrawal_is_recorded_with_who_and_how(plan, caseworker):
    consent = give(plan, caseworker, kind=Kind.STORE)
    actions.withdraw_consent(
        actor=caseworker, plan=plan, consent=consent, method="messenger", details="Asked by chat."
    )
    consent.refresh_from_db()
    assert not consent.is_in_force
    assert consent.withdrawn_by == caseworker
    assert consent.withdrawal_method == "messenger"


def test_a_consent_is_withdrawn_once(plan, caseworker):
    consent = give(plan, caseworker, kind=Kind.STORE)
    actions.withdraw_consent(actor=caseworker, plan=plan, consent=consent, method="phone")
    with pytest.raises(DomainError):
        actions.withdraw_consent(actor=caseworker, plan=plan, consent=consent, method="phone")


def test_after_a_withdrawal_a_new_consent_of_that_kind_can_be_given(plan, caseworker):
    consent = give(plan, caseworker, kind=Kind.MENTION, scope="named")
    actions.withdraw_consent(actor=caseworker, plan=plan, consent=consent, method="phone")
    give(plan, caseworker, kind=Kind.MENTION, scope="anonymous")
    assert Consent.objects.filter(person=plan.person, withdrawn_at__isnull=True).count() == 1


def test_withdrawal_is_audited_with_the_referrals_it_stops(plan, caseworker, partner):
    consent = give(plan, caseworker, kind=Kind.SHARE, partner=partner)
    referral = actions.add_referral(actor=caseworker, plan=plan, partner=partner, request="Help.")
    actions.send_referral(actor=caseworker, referral=referral)
    actions.withdraw_consent(actor=caseworker, plan=plan, consent=consent, method="phone")
    [entry] = AuditEntry.objects.filter(verb="assistance.consent_withdrawn")
    assert entry.changes == {
        "plan": plan.pk,
        "consent": consent.pk,
        "consent_kind": "share",
        "partner": partner.pk,
        "method": "phone",
        "open_referrals": [referral.pk],
    }


def test_a_consent_can_be_withdrawn_while_the_case_is_closed(plan, caseworker, coordinator):
    consent = give(plan, caseworker, kind=Kind.STORE)
    case_actions.close_case(actor=coordinator, case=plan.case, outcome="exited")
    actions.withdraw_consent(actor=caseworker, plan=plan, consent=consent, method="phone")
    consent.refresh_from_db()
    assert not consent.is_in_force


def test_a_consent_of_someone_else_cannot_be_withdrawn_through_this_plan(plan, caseworker):
    from assistance.tests.factories import ConsentFactory

    stranger = ConsentFactory(kind=Kind.STORE)
    with pytest.raises(DomainError):
        actions.withdraw_consent(actor=caseworker, plan=plan, consent=stranger, method="phone")
