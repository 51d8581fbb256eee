"""Placing people (from the shelter page or the person's page) and ending their stay."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from audit.models import AuditEntry
from cases.models import Participant
from cases.tests.factories import CaseFactory, ParticipantFactory
from shelters.models import Placement
from shelters.tests.factories import PlacementFactory, ShelterFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def place_url(shelter):
    return reverse("shelters:placement-new", args=[shelter.pk])


def person_place_url(person):
    return reverse("shelters:person-place", args=[person.pk])


def end_url(placement):
    return reverse("shelters:placement-end", args=[placement.pk])


def placed(person):
    return Placement.objects.filter(person=person)


@pytest.fixture
def full_shelter(branch):
    shelter = ShelterFactory(branch=branch, capacity=1)
    PlacementFactory(shelter=shelter, start_on=TODAY - 10 * DAY)
    return shelter


# From the shelter page.


def test_the_person_choice_holds_only_people_the_user_may_place(
    client, caseworker, shelter, survivor, case, branch
):
    ParticipantFactory(case=case, role=Participant.Role.SUSPECTED_EXPLOITER)
    ParticipantFactory(case=CaseFactory(branch=branch))
    client.force_login(caseworker)
    form = client.get(place_url(shelter)).context["form"]
    assert list(form.fields["person"].queryset) == [survivor]


def test_a_caseworker_places_a_survivor_of_their_case(client, caseworker, shelter, survivor):
    client.force_login(caseworker)
    response = client.post(
        place_url(shelter), {"person": str(survivor.pk), "start_on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    assert response["Location"] == shelter.get_absolute_url()
    assert placed(survivor).get().shelter == shelter


def test_placing_from_the_page_is_audited(client, caseworker, shelter, survivor):
    client.force_login(caseworker)
    client.post(place_url(shelter), {"person": str(survivor.pk), "start_on": TODAY.isoformat()})
    assert AuditEntry.objects.filter(verb="shelters.person_placed", actor=caseworker).exists()


def test_a_person_the_user_may_not_place_is_refused_as_an_invalid_choice(
    client, caseworker, shelter, branch
):
    stranger = ParticipantFactory(case=CaseFactory(branch=branch)).person
    client.force_login(caseworker)
    response = client.post(
        place_url(shelter), {"person": str(stranger.pk), "start_on": TODAY.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["person"]
    assert not placed(stranger).exists()


def test_an_end_before_the_start_is_shown_again_with_a_message(
    client, caseworker, shelter, survivor
):
    client.force_login(caseworker)
    response = client.post(
        place_url(shelter),
        {
            "person": str(survivor.pk),
            "start_on": TODAY.isoformat(),
            "end_on": (TODAY - DAY).isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_on"]
    assert not placed(survivor).exists()


def test_a_date_that_is_not_a_date_is_refused(client, caseworker, shelter, survivor):
    client.force_login(caseworker)
    response = client.post(
        place_url(shelter), {"person": str(survivor.pk), "start_on": "31.02.2025"}
    )
    assert response.context["form"].errors["start_on"]
    assert not placed(survivor).exists()


def test_a_full_shelter_refuses_a_caseworker_with_a_message(
    client, caseworker, full_shelter, survivor
):
    client.force_login(caseworker)
    response = client.post(
        place_url(full_shelter), {"person": str(survivor.pk), "start_on": TODAY.isoformat()}
    )
    assert response.status_code == 200
    assert "has no free place" in response.content.decode()
    assert not placed(survivor).exists()


def test_a_caseworker_is_not_offered_the_override(client, caseworker, full_shelter):
    client.force_login(caseworker)
    form = client.get(place_url(full_shelter)).context["form"]
    assert "override_capacity" not in form.fields


def test_a_caseworker_cannot_force_the_override(client, caseworker, full_shelter, survivor):
    client.force_login(caseworker)
    response = client.post(
        place_url(full_shelter),
        {
            "person": str(survivor.pk),
            "start_on": TODAY.isoformat(),
            "override_capacity": "on",
            "over_capacity_reason": "Please",
        },
    )
    assert response.status_code == 200
    assert not placed(survivor).exists()


def test_a_coordinator_overrides_a_full_shelter_with_a_reason(
    client, coordinator, full_shelter, survivor
):
    client.force_login(coordinator)
    response = client.post(
        place_url(full_shelter),
        {
            "person": str(survivor.pk),
            "start_on": TODAY.isoformat(),
            "override_capacity": "on",
            "over_capacity_reason": "Nowhere else tonight",
        },
    )
    assert response.status_code == 302
    assert placed(survivor).get().over_capacity_reason == "Nowhere else tonight"


def test_an_override_without_a_reason_is_shown_again_with_a_message(
    client, coordinator, full_shelter, survivor
):
    client.force_login(coordinator)
    response = client.post(
        place_url(full_shelter),
        {"person": str(survivor.pk), "start_on": TODAY.isoformat(), "override_capacity": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["over_capacity_reason"]
    assert not placed(survivor).exists()


def test_a_100_kb_reason_is_refused(client, coordinator, full_shelter, survivor):
    client.force_login(coordinator)
    response = client.post(
        place_url(full_shelter),
        {
            "person": str(survivor.pk),
            "start_on": TODAY.isoformat(),
            "override_capacity": "on",
            "over_capacity_reason": "x" * 100_000,
        },
    )
    assert response.context["form"].errors["over_capacity_reason"]
    assert not placed(survivor).exists()


def test_an_overlapping_placement_is_shown_again_with_a_message(
    client, caseworker, branch, survivor, stay
):
    client.force_login(caseworker)
    response = client.post(
        place_url(ShelterFactory(branch=branch)),
        {"person": str(survivor.pk), "start_on": TODAY.isoformat()},
    )
    assert response.status_code == 200
    assert "already has a shelter placement" in response.content.decode()
    assert placed(survivor).count() == 1


def test_the_reason_for_an_override_is_shown_escaped(client, coordinator, full_shelter, survivor):
    client.force_login(coordinator)
    client.post(
        place_url(full_shelter),
        {
            "person": str(survivor.pk),
            "start_on": TODAY.isoformat(),
            "override_capacity": "on",
            "over_capacity_reason": "<script>alert(1)</script>",
        },
    )
    page = client.get(full_shelter.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# From the person's page.


def test_the_person_page_links_to_placing_them(client, caseworker, survivor):
    client.force_login(caseworker)
    page = client.get(survivor.get_absolute_url()).content.decode()
    assert person_place_url(survivor) in page


def test_a_caseworker_places_the_person_in_a_chosen_shelter(client, caseworker, shelter, survivor):
    client.force_login(caseworker)
    response = client.post(
        person_place_url(survivor), {"shelter": shelter.pk, "start_on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    assert placed(survivor).get().shelter == shelter


def test_placing_someone_the_user_may_not_place_is_not_found(client, branch, survivor):
    other = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    client.force_login(other)
    assert client.get(person_place_url(survivor)).status_code == 404


# Ending a stay.


def test_the_worker_records_the_end_of_the_stay(client, caseworker, stay):
    client.force_login(caseworker)
    response = client.post(end_url(stay), {"end_on": TODAY.isoformat()})
    assert response.status_code == 302
    assert Placement.objects.get(pk=stay.pk).end_on == TODAY


def test_ending_from_the_page_is_audited(client, caseworker, stay):
    client.force_login(caseworker)
    client.post(end_url(stay), {"end_on": TODAY.isoformat()})
    assert AuditEntry.objects.filter(verb="shelters.placement_ended", actor=caseworker).exists()


def test_an_end_before_the_stay_began_is_shown_again_with_a_message(client, caseworker, stay):
    client.force_login(caseworker)
    response = client.post(end_url(stay), {"end_on": (TODAY - 30 * DAY).isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors["end_on"]
    assert Placement.objects.get(pk=stay.pk).end_on is None


def test_ending_an_ended_stay_is_shown_again_with_a_message(client, caseworker, stay):
    stay.end_on = TODAY
    stay.save()
    client.force_login(caseworker)
    response = client.post(end_url(stay), {"end_on": (TODAY + DAY).isoformat()})
    assert response.status_code == 200
    assert "already ended" in response.content.decode()
    assert Placement.objects.get(pk=stay.pk).end_on == TODAY


# On the person's page.


def test_the_person_page_shows_where_they_stay_without_the_address(
    client, caseworker, survivor, stay, address
):
    client.force_login(caseworker)
    page = client.get(survivor.get_absolute_url()).content.decode()
    assert "Дом надежды" in page
    assert reverse("shelters:shelter-detail", args=[stay.shelter.pk]) in page
    assert (TODAY - DAY).isoformat() in page
    assert address.street_address not in page


def test_a_finished_stay_is_not_shown_as_current(client, caseworker, survivor, shelter):
    PlacementFactory(shelter=shelter, person=survivor, start_on=TODAY - 9 * DAY, end_on=TODAY)
    client.force_login(caseworker)
    page = client.get(survivor.get_absolute_url()).content.decode()
    assert "Дом надежды" not in page
    assert "Not staying in a shelter." in page
