"""A case in Moscow with its team, a survivor and their assistance plan, shared by the tests."""

import pytest

from assistance import actions
from cases.models import Participant
from cases.tests.factories import AssignmentFactory, CaseFactory, ParticipantFactory
from network.tests.factories import PartnerFactory


@pytest.fixture
def case(branch, coordinator, caseworker, volunteer):
    case = CaseFactory(branch=branch, created_by=coordinator, title="Kiln by the river")
    AssignmentFactory(case=case, user=caseworker)
    AssignmentFactory(case=case, user=volunteer)
    return case


@pytest.fixture
def survivor(case):
    return ParticipantFactory(case=case, role=Participant.Role.VICTIM).person


@pytest.fixture
def plan(case, survivor, caseworker):
    return actions.open_assistance_plan(actor=caseworker, case=case, person=survivor)


@pytest.fixture
def partner(db):
    return PartnerFactory(name="Lawyers for Migrants")
