"""Review: erasing a record that was merged into another erases nothing by halves.

A survivor's case worker may give the reference of the record the survivor knew, which was
merged since: the name, contacts and documents of that record now live on the kept one."""

import pytest
from django.urls import reverse

from cases import actions as case_actions
from cases import erasure
from cases.models import Contact, Person, PersonAlias
from cases.tests.factories import CaseFactory
from matching import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged_pair(coordinator, branch):
    case = CaseFactory(branch=branch, created_by=coordinator)
    kept = case_actions.add_new_person_to_case(
        actor=coordinator, case=case, role="victim", given_name="Магомед", family_name="Алиев"
    )
    merged = case_actions.add_new_person_to_case(
        actor=coordinator,
        case=case,
        role="victim",
        given_name="Magomed",
        family_name="Aliyev",
        contacts=[{"kind": "phone", "value": "+7 900 444-55-66"}],
    )
    actions.merge_people(actor=coordinator, kept=kept, merged=merged)
    case_actions.close_case(actor=coordinator, case=case, outcome="exited")
    return kept, merged


def test_the_merged_record_is_not_erased_alone(client, administrator, merged_pair):
    kept, merged = merged_pair
    with pytest.raises(erasure.ErasureRefused):
        erasure.erase_person(actor=administrator, person=merged, reason="request")
    client.force_login(administrator)
    page = client.get(reverse("people:person-erase", args=[merged.pk])).content.decode()
    # The administrator is sent to the record that holds the person's data now.
    assert kept.reference in page
    erasure.erase_person(actor=administrator, person=kept, reason="request")
    assert not PersonAlias.objects.filter(name__icontains="aliyev").exists()
    assert not Contact.objects.exists()
    assert erasure.is_erased(Person.objects.get(pk=merged.pk))
