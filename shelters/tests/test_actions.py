"""Changes: recording shelters, placing people within capacity, ending stays; each audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from audit.models import AuditEntry
from cases.models import Participant
from cases.tests.factories import AssignmentFactory, CaseFactory, ParticipantFactory
from shelters import actions
from shelters.models import Placement, Shelter, ShelterAddress
from shelters.tests.factories import PartnerFactory, PlacementFactory, ShelterFactory
from svoboda.errors import DomainError

pytestmark = pytest.mark.django_db

MARCH_1 = datetime.date(2025, 3, 1)
MARCH_10 = datetime.date(2025, 3, 10)
MARCH_20 = datetime.date(2025, 3, 20)
STREET = "ул. Тихая, д. 7, кв. 3"


def shelter_fields(**changes):
    fields = {
        "name": "Дом надежды",
        "operator": None,
        "city": "Москва",
        "country": "RU",
        "takes": ["women", "children"],
        "capacity": 6,
        "contact": "+7 495 000-00-00",
    }
    fields.update(changes)
    return fields


def entry(verb):
    return AuditEntry.objects.get(verb=verb)


# Shelters.


def test_a_coordinator_records_a_shelter_in_their_branch(coordinator, branch):
    shelter = actions.create_shelter(actor=coordinator, branch=branch, **shelter_fields())
    assert (shelter.branch, shelter.capacity, shelter.takes) == (branch, 6, ["women", "children"])


def test_the_address_is_stored_apart_from_the_shelter(coordinator, branch):
    shelter = actions.create_shelter(
        actor=coordinator, branch=branch, street_address=STREET, **shelter_fields()
    )
    assert ShelterAddress.objects.get(shelter=shelter).street_address == STREET


def test_recording_a_shelter_is_audited_without_the_address(coordinator, branch):
    partner = PartnerFactory()
    shelter = actions.create_shelter(
        actor=coordinator,
        branch=branch,
        street_address=STREET,
        **shelter_fields(operator=partner),
    )
    recorded = entry("shelters.shelter_created")
    assert recorded.target_id == str(shelter.pk)
    assert recorded.changes["capacity"] == 6
    assert recorded.changes["operator"] == partner.pk
    assert recorded.changes["street_address"] is None
    assert "Тихая" not in str(recorded.changes)


def test_a_coordinator_cannot_record_a_shelter_for_another_branch(coordinator, other_branch):
    with pytest.raises(PermissionDenied):
        actions.create_shelter(actor=coordinator, branch=other_branch, **shelter_fields())


def test_a_caseworker_cannot_record_a_shelter(caseworker, branch):
    with pytest.raises(PermissionDenied):
        actions.create_shelter(actor=caseworker, branch=branch, **shelter_fields())


def test_a_negative_capacity_is_refused_and_nothing_is_stored(coordinator, branch):
    with pytest.raises(ValidationError):
        actions.create_shelter(
            actor=coordinator, branch=branch, street_address=STREET, **shelter_fields(capacity=-1)
        )
    assert not Shelter.objects.exists()
    assert not ShelterAddress.objects.exists()


def test_a_too_long_address_is_refused_and_no_shelter_is_stored(coordinator, branch):
    with pytest.raises(ValidationError):
        actions.create_shelter(
            actor=coordinator, branch=branch, street_address="x" * 100_000, **shelter_fields()
        )
    assert not Shelter.objects.exists()
    assert not AuditEntry.objects.exists()


def test_editing_a_shelter_records_the_changed_fields(coordinator, branch):
    shelter = ShelterFactory(branch=branch, capacity=4)
    actions.update_shelter(actor=coordinator, shelter=shelter, **shelter_fields(capacity=8))
    changes = entry("shelters.shelter_updated").changes
    assert changes["capacity"] == 8
    assert changes["name"] is None  # free text: that it changed, not what it says


def test_an_empty_address_keeps_the_recorded_one(coordinator, branch):
    shelter = actions.create_shelter(
        actor=coordinator, branch=branch, street_address=STREET, **shelter_fields()
    )
    actions.update_shelter(
        actor=coordinator, shelter=shelter, street_address="", **shelter_fields()
    )
    assert ShelterAddress.objects.get(shelter=shelter).street_address == STREET


def test_a_new_address_replaces_the_old_one_and_is_audited_as_changed(coordinator, branch):
    shelter = actions.create_shelter(
        actor=coordinator, branch=branch, street_address=STREET, **shelter_fields()
    )
    actions.update_shelter(
        actor=coordinator, shelter=shelter, street_address="пр. Мира, 1", **shelter_fields()
    )
    assert ShelterAddress.objects.get(shelter=shelter).street_address == "пр. Мира, 1"
    assert entry("shelters.shelter_updated").changes == {"street_address": None}


def test_saving_an_unchanged_shelter_writes_no_audit_entry(coordinator, branch):
    shelter = actions.create_shelter(actor=coordinator, branch=branch, **shelter_fields())
    actions.update_shelter(actor=coordinator, shelter=shelter, **shelter_fields())
    assert not AuditEntry.objects.filter(verb="shelters.shelter_updated").exists()


def test_a_coordinator_of_another_branch_cannot_edit_the_shelter(coordinator_other_branch, branch):
    shelter = ShelterFactory(branch=branch)
    with pytest.raises(PermissionDenied):
        actions.update_shelter(actor=coordinator_other_branch, shelter=shelter, **shelter_fields())


def test_a_shelter_cannot_be_moved_to_a_branch_the_editor_is_not_in(
    coordinator, branch, other_branch
):
    shelter = ShelterFactory(branch=branch)
    with pytest.raises(PermissionDenied):
        actions.update_shelter(
            actor=coordinator, shelter=shelter, branch=other_branch, **shelter_fields()
        )


# Placing people.


@pytest.fixture
def case(branch, caseworker):
    case = CaseFactory(branch=branch)
    AssignmentFactory(case=case, user=caseworker)
    return case


def survivor_of(case):
    return ParticipantFactory(case=case, role=Participant.Role.VICTIM).person


@pytest.fixture
def survivor(case):
    return survivor_of(case)


@pytest.fixture
def small_shelter(branch):
    return ShelterFactory(branch=branch, capacity=1)


def test_a_worker_on_the_case_places_the_survivor(caseworker, survivor, small_shelter):
    placement = actions.place_person(
        actor=caseworker, shelter=small_shelter, person=survivor, start_on=MARCH_1
    )
    assert (placement.person, placement.end_on, placement.placed_by) == (
        survivor,
        None,
        caseworker,
    )


def test_placing_is_audited_on_the_shelter(caseworker, survivor, small_shelter):
    placement = actions.place_person(
        actor=caseworker, shelter=small_shelter, person=survivor, start_on=MARCH_1
    )
    recorded = entry("shelters.person_placed")
    assert recorded.target_id == str(small_shelter.pk)
    assert recorded.changes == {
        "placement": placement.pk,
        "person": str(survivor.pk),
        "start_on": "2025-03-01",
        "end_on": None,
        "over_capacity": False,
    }


def test_a_worker_cannot_place_someone_from_a_case_they_do_not_work_on(
    branch, survivor, small_shelter
):
    stranger = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    with pytest.raises(PermissionDenied):
        actions.place_person(
            actor=stranger, shelter=small_shelter, person=survivor, start_on=MARCH_1
        )


def test_placing_beyond_capacity_is_refused_without_an_override(
    coordinator, case, survivor, small_shelter
):
    PlacementFactory(shelter=small_shelter, start_on=MARCH_1)
    with pytest.raises(DomainError, match="no free place on 2025-03-10"):
        actions.place_person(
            actor=coordinator, shelter=small_shelter, person=survivor, start_on=MARCH_10
        )
    assert not Placement.objects.filter(person=survivor).exists()


def test_a_full_shelter_is_refused_from_the_day_it_fills_up(
    coordinator, case, survivor, small_shelter
):
    PlacementFactory(shelter=small_shelter, start_on=MARCH_10)
    with pytest.raises(DomainError, match="2025-03-10"):
        actions.place_person(
            actor=coordinator, shelter=small_shelter, person=survivor, start_on=MARCH_1
        )


def test_a_stay_ending_before_the_shelter_fills_up_fits(coordinator, case, survivor, small_shelter):
    PlacementFactory(shelter=small_shelter, start_on=MARCH_10)
    placement = actions.place_person(
        actor=coordinator,
        shelter=small_shelter,
        person=survivor,
        start_on=MARCH_1,
        end_on=MARCH_10,
    )
    assert placement.end_on == MARCH_10


def test_a_place_freed_on_a_day_can_be_taken_that_day(coordinator, case, survivor, small_shelter):
    PlacementFactory(shelter=small_shelter, start_on=MARCH_1, end_on=MARCH_10)
    placement = actions.place_person(
        actor=coordinator, shelter=small_shelter, person=survivor, start_on=MARCH_10
    )
    assert placement.start_on == MARCH_10


def test_a_coordinator_places_beyond_capacity_with_an_override_and_a_reason(
    coordinator, case, survivor, small_shelter
):
    PlacementFactory(shelter=small_shelter, start_on=MARCH_1)
    placement = actions.place_person(
        actor=coordinator,
        shelter=small_shelter,
        person=survivor,
        start_on=MARCH_10,
        override_capacity=True,
        over_capacity_reason="Nowhere else tonight",
    )
    assert placement.over_capacity_reason == "Nowhere else tonight"


def test_an_override_is_audited_without_its_reason(coordinator, case, survivor, small_shelter):
    PlacementFactory(shelter=small_shelter, start_on=MARCH_1)
    actions.place_person(
        actor=coordinator,
        shelter=small_shelter,
        person=survivor,
        start_on=MARCH_10,
        override_capacity=True,
        over_capacity_reason="Nowhere else tonight",
    )
    changes = entry("shelters.person_placed").changes
    assert changes["over_capacity"] is True
    assert "Nowhere" not in str(changes)


def test_an_override_needs_a_reason(coordinator, case, survivor, small_shelter):
    PlacementFactory(shelter=small_shelter, start_on=MARCH_1)
    with pytest.raises(DomainError, match="Say why"):
        actions.place_person(
            actor=coordinator,
            shelter=small_shelter,
            person=survivor,
            start_on=MARCH_10,
            override_capacity=True,
            over_capacity_reason="   ",
        )


def test_a_caseworker_cannot_override_the_capacity(caseworker, survivor, small_shelter):
    PlacementFactory(shelter=small_shelter, start_on=MARCH_1)
    with pytest.raises(PermissionDenied):
        actions.place_person(
            actor=caseworker,
            shelter=small_shelter,
            person=survivor,
            start_on=MARCH_10,
            override_capacity=True,
            over_capacity_reason="Nowhere else tonight",
        )
    assert not Placement.objects.filter(person=survivor).exists()


def test_a_reason_given_when_there_is_room_is_not_kept(coordinator, case, survivor, small_shelter):
    placement = actions.place_person(
        actor=coordinator,
        shelter=small_shelter,
        person=survivor,
        start_on=MARCH_1,
        override_capacity=True,
        over_capacity_reason="Just in case",
    )
    assert placement.over_capacity_reason == ""


def test_overlapping_placements_of_one_person_are_refused(caseworker, survivor, branch):
    PlacementFactory(person=survivor, start_on=MARCH_1, end_on=MARCH_20)
    with pytest.raises(DomainError, match="already has a shelter placement"):
        actions.place_person(
            actor=caseworker,
            shelter=ShelterFactory(branch=branch),
            person=survivor,
            start_on=MARCH_10,
        )
    assert Placement.objects.filter(person=survivor).count() == 1


def test_a_placement_before_an_open_ended_one_may_not_reach_into_it(caseworker, survivor, branch):
    PlacementFactory(person=survivor, start_on=MARCH_10)
    with pytest.raises(DomainError, match="already has a shelter placement"):
        actions.place_person(
            actor=caseworker,
            shelter=ShelterFactory(branch=branch),
            person=survivor,
            start_on=MARCH_1,
            end_on=MARCH_20,
        )


def test_a_person_may_move_to_another_shelter_on_the_day_they_leave(caseworker, survivor, branch):
    PlacementFactory(person=survivor, start_on=MARCH_1, end_on=MARCH_10)
    placement = actions.place_person(
        actor=caseworker, shelter=ShelterFactory(branch=branch), person=survivor, start_on=MARCH_10
    )
    assert placement.start_on == MARCH_10


def test_a_stay_must_end_after_it_starts(caseworker, survivor, small_shelter):
    with pytest.raises(DomainError, match="at least one day"):
        actions.place_person(
            actor=caseworker,
            shelter=small_shelter,
            person=survivor,
            start_on=MARCH_10,
            end_on=MARCH_1,
        )


def test_the_database_refuses_two_open_placements_of_one_person(survivor, branch):
    from django.db import IntegrityError, transaction

    PlacementFactory(person=survivor, start_on=MARCH_1)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementFactory(person=survivor, start_on=MARCH_20)


# Ending a stay.


def test_ending_a_placement_sets_its_end(caseworker, survivor, small_shelter):
    placement = PlacementFactory(shelter=small_shelter, person=survivor, start_on=MARCH_1)
    actions.end_placement(actor=caseworker, placement=placement, end_on=MARCH_10)
    assert Placement.objects.get(pk=placement.pk).end_on == MARCH_10


def test_ending_a_placement_is_audited(caseworker, survivor, small_shelter):
    placement = PlacementFactory(shelter=small_shelter, person=survivor, start_on=MARCH_1)
    actions.end_placement(actor=caseworker, placement=placement, end_on=MARCH_10)
    recorded = entry("shelters.placement_ended")
    assert recorded.target_id == str(small_shelter.pk)
    assert recorded.changes == {
        "placement": placement.pk,
        "person": str(survivor.pk),
        "end_on": "2025-03-10",
    }


def test_a_stay_cannot_end_before_it_started(caseworker, survivor, small_shelter):
    placement = PlacementFactory(shelter=small_shelter, person=survivor, start_on=MARCH_10)
    with pytest.raises(DomainError):
        actions.end_placement(actor=caseworker, placement=placement, end_on=MARCH_1)
    assert Placement.objects.get(pk=placement.pk).end_on is None


def test_an_ended_placement_cannot_be_ended_again(caseworker, survivor, small_shelter):
    placement = PlacementFactory(
        shelter=small_shelter, person=survivor, start_on=MARCH_1, end_on=MARCH_10
    )
    with pytest.raises(DomainError, match="already ended"):
        actions.end_placement(actor=caseworker, placement=placement, end_on=MARCH_20)


def test_a_worker_on_another_case_cannot_end_the_stay(branch, survivor, small_shelter):
    placement = PlacementFactory(shelter=small_shelter, person=survivor, start_on=MARCH_1)
    stranger = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    AssignmentFactory(case=CaseFactory(branch=branch), user=stranger)
    with pytest.raises(PermissionDenied):
        actions.end_placement(actor=stranger, placement=placement, end_on=MARCH_10)


def test_a_worker_cannot_place_someone_in_another_branchs_shelter(
    caseworker, survivor, other_branch
):
    # Otherwise a placement made and ended at once would open any shelter's address.
    shelter = ShelterFactory(branch=other_branch, capacity=5)
    with pytest.raises(DomainError, match="Only members of the branch"):
        actions.place_person(actor=caseworker, shelter=shelter, person=survivor, start_on=MARCH_1)
    assert not Placement.objects.exists()


def test_capacity_cannot_drop_below_the_people_staying_today(coordinator, branch, survivor):
    shelter = ShelterFactory(branch=branch, capacity=2)
    PlacementFactory(shelter=shelter, person=survivor, start_on=datetime.date(2020, 1, 1))
    PlacementFactory(
        shelter=shelter,
        person=survivor_of(CaseFactory(branch=branch)),
        start_on=datetime.date(2020, 1, 1),
    )
    with pytest.raises(DomainError, match="2 people stay"):
        actions.update_shelter(actor=coordinator, shelter=shelter, **shelter_fields(capacity=1))
    assert Shelter.objects.get(pk=shelter.pk).capacity == 2
