"""Synthetic partner organisations for tests."""

import factory

from network.models import Partner


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    kind = Partner.Kind.NGO
    countries = ["RU"]
    services = "Legal aid, shelter for women."
