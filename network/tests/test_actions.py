"""The partner registry: who may add or correct a partner, the rules, and the audit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEntry
from network import actions
from network.models import Partner
from network.tests.factories import PartnerFactory
from svoboda.errors import DomainError

pytestmark = pytest.mark.django_db


def create(actor, **fields):
    return actions.create_partner(
        actor=actor, **{"name": "Lawyers for Migrants", "kind": Partner.Kind.NGO, **fields}
    )


def test_a_coordinator_adds_a_partner(coordinator):
    partner = create(coordinator, countries=["RU", "KG"])
    assert partner.is_active
    assert sorted(country.code for country in partner.countries) == ["KG", "RU"]


def test_adding_a_partner_is_audited(coordinator):
    partner = create(coordinator)
    [entry] = AuditEntry.objects.filter(verb="network.partner_added")
    assert entry.target_id == str(partner.pk)
    assert entry.changes == {"kind": "ngo", "is_active": True}


def test_a_caseworker_cannot_add_a_partner(caseworker):
    with pytest.raises(PermissionDenied):
        create(caseworker)


def test_a_name_already_in_the_registry_is_refused_whatever_its_case(coordinator):
    PartnerFactory(name="Lawyers for Migrants")
    with pytest.raises(DomainError):
        create(coordinator, name="lawyers FOR migrants")


def test_a_memorandum_cannot_end_before_it_was_signed(coordinator):
    with pytest.raises(DomainError):
        create(
            coordinator,
            agreement_signed_on=datetime.date(2026, 5, 1),
            agreement_ends_on=datetime.date(2026, 4, 1),
        )


def test_correcting_a_partner_records_field_names_and_plain_values(coordinator):
    partner = PartnerFactory(contact="Office: +7 495 000-00-00")
    actions.update_partner(
        actor=coordinator, partner=partner, contact="Office: +7 495 111-11-11", is_active=False
    )
    [entry] = AuditEntry.objects.filter(verb="network.partner_updated")
    assert entry.changes == {"contact": None, "is_active": False}


def test_a_correction_without_changes_writes_no_entry(coordinator):
    partner = PartnerFactory(countries=["RU"])
    actions.update_partner(actor=coordinator, partner=partner, name=partner.name, countries=["RU"])
    assert not AuditEntry.objects.filter(verb="network.partner_updated").exists()


def test_a_caseworker_cannot_correct_a_partner(caseworker):
    with pytest.raises(PermissionDenied):
        actions.update_partner(actor=caseworker, partner=PartnerFactory(), is_active=False)
