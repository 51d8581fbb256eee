"""Synthetic shelters and placements for tests. Fake data only."""

import datetime

import factory

from accounts.tests.factories import BranchFactory, UserFactory
from cases.tests.factories import PersonFactory
from network.models import Partner
from shelters.models import Placement, Shelter, ShelterAddress


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner shelter network {n}")
    kind = Partner.Kind.SHELTER


class ShelterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shelter

    name = factory.Sequence(lambda n: f"Safe house {n}")
    branch = factory.SubFactory(BranchFactory)
    city = factory.Faker("city", locale="ru_RU")
    country = "RU"
    takes = ["women", "children"]
    capacity = 4


class ShelterAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShelterAddress

    shelter = factory.SubFactory(ShelterFactory)
    street_address = factory.Faker("street_address", locale="ru_RU")


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    shelter = factory.SubFactory(ShelterFactory)
    person = factory.SubFactory(PersonFactory)
    start_on = datetime.date(2025, 3, 1)
    end_on = None
    placed_by = factory.SubFactory(UserFactory)
