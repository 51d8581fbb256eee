"""Reads: occupancy counted from placements, who may see an address, whom one may place."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from audit.models import AuditEntry
from cases.models import Participant
from cases.tests.factories import AssignmentFactory, CaseFactory, ParticipantFactory, PersonFactory
from shelters import queries
from shelters.tests.factories import PlacementFactory, ShelterAddressFactory, ShelterFactory

pytestmark = pytest.mark.django_db

MARCH_1 = datetime.date(2025, 3, 1)
MARCH_10 = datetime.date(2025, 3, 10)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def shelter(branch):
    return ShelterFactory(branch=branch, capacity=3)


def test_an_ongoing_placement_counts_from_its_first_day(shelter):
    PlacementFactory(shelter=shelter, start_on=MARCH_1)
    assert queries.occupancy_of(shelter, MARCH_1) == 1


def test_a_placement_does_not_count_before_it_starts(shelter):
    PlacementFactory(shelter=shelter, start_on=MARCH_1)
    assert queries.occupancy_of(shelter, MARCH_1 - DAY) == 0


def test_an_ongoing_placement_counts_on_any_later_day(shelter):
    PlacementFactory(shelter=shelter, start_on=MARCH_1)
    assert queries.occupancy_of(shelter, datetime.date(2030, 1, 1)) == 1


def test_an_ended_placement_counts_on_its_last_night(shelter):
    PlacementFactory(shelter=shelter, start_on=MARCH_1, end_on=MARCH_10)
    assert queries.occupancy_of(shelter, MARCH_10 - DAY) == 1


def test_an_ended_placement_frees_the_place_on_the_day_the_person_left(shelter):
    PlacementFactory(shelter=shelter, start_on=MARCH_1, end_on=MARCH_10)
    assert queries.occupancy_of(shelter, MARCH_10) == 0


def test_a_placement_ended_on_its_first_day_never_counts(shelter):
    PlacementFactory(shelter=shelter, start_on=MARCH_1, end_on=MARCH_1)
    assert queries.occupancy_of(shelter, MARCH_1) == 0


def test_occupancy_counts_only_the_shelters_own_placements(shelter, branch):
    PlacementFactory(shelter=ShelterFactory(branch=branch), start_on=MARCH_1)
    assert queries.occupancy_of(shelter, MARCH_1) == 0


def test_occupancy_defaults_to_today(shelter):
    today = timezone.localdate()
    PlacementFactory(shelter=shelter, start_on=today - DAY)
    PlacementFactory(shelter=shelter, start_on=today - 2 * DAY, end_on=today)
    assert queries.occupancy_of(shelter) == 1


def test_the_list_annotation_counts_like_occupancy_of(shelter, coordinator):
    PlacementFactory(shelter=shelter, start_on=MARCH_1)
    PlacementFactory(shelter=shelter, start_on=MARCH_1, end_on=MARCH_10)
    PlacementFactory(shelter=shelter, start_on=MARCH_10)
    listed = queries.find_shelters(coordinator, on=MARCH_10).get(pk=shelter.pk)
    assert (listed.occupancy, listed.free_places) == (2, 1)


def test_free_places_filter_leaves_out_full_shelters(shelter, branch, coordinator):
    full = ShelterFactory(branch=branch, capacity=1)
    PlacementFactory(shelter=full, start_on=MARCH_1)
    found = queries.find_shelters(coordinator, with_free_places=True, on=MARCH_10)
    assert list(found) == [shelter]


def test_a_role_without_view_shelter_sees_no_shelters(shelter, volunteer):
    assert not queries.shelters_visible_to(volunteer).exists()


# Who may see the address.


@pytest.fixture
def stay(branch, shelter, caseworker):
    """A survivor of the caseworker's case, staying in the shelter since yesterday."""
    case = CaseFactory(branch=branch)
    AssignmentFactory(case=case, user=caseworker)
    survivor = ParticipantFactory(case=case, role=Participant.Role.VICTIM).person
    return PlacementFactory(shelter=shelter, person=survivor, start_on=timezone.localdate() - DAY)


def test_a_coordinator_of_the_shelters_branch_may_see_the_address(shelter, coordinator):
    assert queries.may_see_address(coordinator, shelter)


def test_a_coordinator_of_another_branch_may_not_see_the_address(shelter, coordinator_other_branch):
    assert not queries.may_see_address(coordinator_other_branch, shelter)


def test_a_branch_member_without_the_address_permission_may_not_see_it(shelter, caseworker):
    assert not queries.may_see_address(caseworker, shelter)


def test_a_worker_on_the_case_of_someone_staying_there_may_see_the_address(
    shelter, stay, caseworker
):
    assert queries.may_see_address(caseworker, shelter)


def test_a_worker_on_another_case_may_not_see_the_address(shelter, stay, branch):
    other_worker = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    AssignmentFactory(case=CaseFactory(branch=branch), user=other_worker)
    assert not queries.may_see_address(other_worker, shelter)


def test_the_worker_loses_the_address_once_the_stay_has_ended(shelter, stay, caseworker):
    stay.end_on = timezone.localdate()
    stay.save()
    assert not queries.may_see_address(caseworker, shelter)


def test_a_stay_that_has_not_begun_does_not_show_the_address(shelter, stay, caseworker):
    stay.start_on = timezone.localdate() + DAY
    stay.save()
    assert not queries.may_see_address(caseworker, shelter)


def test_an_assigned_volunteer_may_not_see_the_address(shelter, stay, volunteer):
    case = stay.person.participations.get().case
    AssignmentFactory(case=case, user=volunteer)
    assert not queries.may_see_address(volunteer, shelter)


def test_reading_the_address_is_recorded_in_the_audit_trail(shelter, coordinator):
    address = ShelterAddressFactory(shelter=shelter)
    assert queries.read_shelter_address(coordinator, shelter) == address.street_address
    entry = AuditEntry.objects.get(verb="shelters.address_viewed")
    assert (entry.actor, entry.target_id, entry.changes) == (coordinator, str(shelter.pk), {})


def test_a_refused_read_of_the_address_raises_and_records_nothing(shelter, caseworker):
    ShelterAddressFactory(shelter=shelter)
    with pytest.raises(PermissionDenied):
        queries.read_shelter_address(caseworker, shelter)
    assert not AuditEntry.objects.filter(verb="shelters.address_viewed").exists()


# Whom one may place.


def test_a_worker_may_place_the_survivor_of_their_case(branch, caseworker):
    case = CaseFactory(branch=branch)
    AssignmentFactory(case=case, user=caseworker)
    survivor = ParticipantFactory(case=case).person
    assert list(queries.placeable_people(caseworker)) == [survivor]


def test_a_worker_may_not_place_a_suspected_exploiter(branch, caseworker):
    case = CaseFactory(branch=branch)
    AssignmentFactory(case=case, user=caseworker)
    ParticipantFactory(case=case, role=Participant.Role.SUSPECTED_EXPLOITER)
    assert not queries.placeable_people(caseworker).exists()


def test_a_worker_may_not_place_people_of_cases_they_do_not_work_on(branch, caseworker):
    ParticipantFactory(case=CaseFactory(branch=branch))
    assert not queries.placeable_people(caseworker).exists()


def test_a_coordinator_may_not_place_a_person_who_is_in_no_case(branch, coordinator):
    PersonFactory(branch=branch)
    assert not queries.placeable_people(coordinator).exists()


def test_placements_are_listed_only_for_people_the_user_may_see(shelter, stay, branch):
    other_worker = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    assert not queries.placements_visible_to(other_worker).exists()
