"""Adding and correcting branches: only administrators, with clear refusals, always audited."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts import actions
from accounts.models import Branch
from accounts.tests.factories import BranchFactory
from audit.models import AuditEntry
from svoboda.errors import DomainError
from svoboda.tests.concurrency import at_once, postgresql_only, slowed

pytestmark = pytest.mark.django_db


def create(actor, **fields):
    return actions.create_branch(
        actor=actor, **{"name": "Bishkek", "city": "Bishkek", "country": "KG", **fields}
    )


def test_an_administrator_adds_a_branch_hidden_from_the_public_site(administrator):
    branch = create(administrator)
    assert branch.is_active
    assert not branch.shown_publicly
    assert branch.country.code == "KG"


def test_adding_a_branch_is_audited_with_its_details(administrator):
    branch = create(administrator, shown_publicly=True)
    [entry] = AuditEntry.objects.filter(verb="accounts.branch_created")
    assert entry.actor == administrator
    assert entry.target_id == str(branch.pk)
    assert entry.changes == {
        "name": "Bishkek",
        "city": "Bishkek",
        "country": "KG",
        "is_active": True,
        "shown_publicly": True,
    }


def test_a_coordinator_cannot_add_a_branch(coordinator):
    with pytest.raises(PermissionDenied):
        create(coordinator)
    assert not Branch.objects.filter(name="Bishkek").exists()


def test_a_name_already_taken_is_refused_whatever_its_letter_case(administrator, branch):
    with pytest.raises(DomainError, match="already exists"):
        create(administrator, name="  moscow ")
    assert not AuditEntry.objects.exists()


def test_a_branch_needs_a_city(administrator):
    with pytest.raises(ValidationError):
        create(administrator, city="  ")


def test_an_unknown_country_is_refused(administrator):
    with pytest.raises(ValidationError):
        create(administrator, country="XX")


def test_correcting_a_branch_records_what_changed(administrator):
    branch = BranchFactory(name="Osh", city="Osh", country="KG")
    actions.update_branch(
        actor=administrator, branch=branch, name="Osh", city="Osh", shown_publicly=True
    )
    branch.refresh_from_db()
    assert branch.shown_publicly
    [entry] = AuditEntry.objects.filter(verb="accounts.branch_updated")
    assert entry.changes == {"shown_publicly": True}


def test_a_correction_without_changes_writes_no_entry(administrator, branch):
    actions.update_branch(actor=administrator, branch=branch, name=branch.name, is_active=True)
    assert not AuditEntry.objects.exists()


def test_renaming_to_another_branchs_name_is_refused(administrator, branch, other_branch):
    with pytest.raises(DomainError):
        actions.update_branch(actor=administrator, branch=other_branch, name="MOSCOW")
    other_branch.refresh_from_db()
    assert other_branch.name == "Harare"


def test_a_branch_keeps_its_own_name_in_another_letter_case(administrator, branch):
    actions.update_branch(actor=administrator, branch=branch, name="MOSCOW")
    branch.refresh_from_db()
    assert branch.name == "MOSCOW"


def test_a_coordinator_cannot_correct_their_branch(coordinator, branch):
    with pytest.raises(PermissionDenied):
        actions.update_branch(actor=coordinator, branch=branch, shown_publicly=True)
    branch.refresh_from_db()
    assert not branch.shown_publicly


def test_a_name_differing_only_in_case_is_refused_by_the_database_too(administrator):
    create(administrator, name="Tbilisi")
    with pytest.raises(IntegrityError), transaction.atomic():
        Branch.objects.create(name="TBILISI", city="Tbilisi", country="GE")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_administrators_adding_one_branch_at_once_get_one_branch_and_a_clear_refusal(
    administrator, monkeypatch
):
    slowed(monkeypatch, Branch, "full_clean")
    names = iter(["Tbilisi", "tbilisi"])
    lock = threading.Lock()

    def add():
        with lock:
            name = next(names)
        return create(administrator, name=name, city="Tbilisi", country="GE")

    results, errors = at_once(add)
    assert len(results) == 1
    assert [type(error) for error in errors] == [DomainError]
    assert "already exists" in str(errors[0])
    assert Branch.objects.filter(name__iexact="tbilisi").count() == 1
