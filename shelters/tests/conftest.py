"""A shelter of the Moscow branch with a recorded address, and a survivor of the caseworker's case
staying there since yesterday."""

import datetime

import pytest
from django.utils import timezone

from cases.models import Participant
from cases.tests.factories import AssignmentFactory, CaseFactory, ParticipantFactory
from shelters.tests.factories import PlacementFactory, ShelterAddressFactory, ShelterFactory

STREET = "ул. Тихая, д. 7"


@pytest.fixture
def shelter(branch):
    return ShelterFactory(branch=branch, name="Дом надежды", city="Тула", capacity=3)


@pytest.fixture
def address(shelter):
    return ShelterAddressFactory(shelter=shelter, street_address=STREET)


@pytest.fixture
def case(branch, coordinator, caseworker):
    case = CaseFactory(branch=branch, created_by=coordinator)
    AssignmentFactory(case=case, user=caseworker)
    return case


@pytest.fixture
def survivor(case):
    return ParticipantFactory(case=case, role=Participant.Role.VICTIM).person


@pytest.fixture
def stay(shelter, survivor, caseworker):
    return PlacementFactory(
        shelter=shelter,
        person=survivor,
        start_on=timezone.localdate() - datetime.timedelta(days=1),
        placed_by=caseworker,
    )
