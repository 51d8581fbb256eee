"""Review: a merge never opens one branch's record to the team of a case the merger cannot see.

Every role of the merged record moves to the kept one, so the team of each of its cases sees the
kept record from then on: its contacts, documents, other names and description. A coordinator
who does not see one of those cases cannot judge that; the merge is refused, and left to someone
who sees every case of both records."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from cases import actions as case_actions
from cases.models import Person
from cases.tests.factories import AssignmentFactory, CaseFactory, ParticipantFactory
from matching import actions
from matching.actions import MergeRefused
from matching.models import PersonMerge

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(branch, other_branch, coordinator, coordinator_other_branch):
    """Two Moscow records of one survivor: one with her safe phone, the other also in a Harare
    case (Harare's team works with her there), which Moscow's coordinator does not see."""
    moscow_case = CaseFactory(branch=branch, created_by=coordinator)
    kept = case_actions.add_new_person_to_case(
        actor=coordinator,
        case=moscow_case,
        role="victim",
        given_name="Айгуль",
        family_name="Каримова",
        contacts=[{"kind": "phone", "value": "+7 900 111-22-33"}],
    )
    merged = case_actions.create_person(
        actor=coordinator, branch=branch, given_name="Aigul", family_name="Karimova"
    )
    harare_case = CaseFactory(branch=other_branch, created_by=coordinator_other_branch)
    ParticipantFactory(case=harare_case, person=merged, role="victim")
    harare_worker = UserFactory(roles=[Role.CASEWORKER], branches=[other_branch])
    AssignmentFactory(case=harare_case, user=harare_worker)
    return kept, merged, harare_worker


def test_a_case_the_coordinator_cannot_see_refuses_the_merge(client, coordinator, records):
    kept, merged, harare_worker = records
    with pytest.raises(MergeRefused) as refused:
        actions.merge_people(actor=coordinator, kept=kept, merged=merged)
    assert "case you cannot see" in refused.value.message
    assert not PersonMerge.objects.exists()
    assert Person.objects.get(pk=merged.pk).merged_into_id is None
    # Harare's case worker still does not see Moscow's record, nor its phone.
    client.force_login(harare_worker)
    assert client.get(reverse("people:person-detail", args=[kept.pk])).status_code == 404


def test_someone_who_sees_every_case_of_both_records_merges_them(branch, other_branch, records):
    kept, merged, _harare_worker = records
    both = UserFactory(roles=[Role.COORDINATOR], branches=[branch, other_branch])
    actions.merge_people(actor=both, kept=kept, merged=merged)
    assert Person.objects.get(pk=merged.pk).merged_into_id == kept.pk
