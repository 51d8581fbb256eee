"""Synthetic partner organisations and volunteers for tests."""

import factory
from django.utils import timezone

from network.models import Partner, Volunteer


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    kind = Partner.Kind.NGO
    countries = ["RU"]
    services = "Legal aid, shelter for women."


class VolunteerFactory(factory.django.DjangoModelFactory):
    """A confirmed applicant by default; pass status and user for a vetted volunteer."""

    class Meta:
        model = Volunteer

    full_name = factory.Faker("name", locale="ru_RU")
    email = factory.Sequence(lambda n: f"volunteer{n}@example.org")
    city = "Moscow"
    country = "RU"
    languages = ["ru"]
    skills = ["driving"]
    availability = ["weekends"]
    motivation = "I want to help."
    language = "en"
    consented_at = factory.LazyFunction(timezone.now)
    email_confirmed_at = factory.LazyFunction(timezone.now)
    status = Volunteer.Status.APPLIED


def vetted_volunteer_record(user, status=Volunteer.Status.ACTIVE):
    """The record that vetting leaves behind an account with the volunteer role."""
    branch = user.branches.first()
    return VolunteerFactory(
        full_name=user.full_name,
        email=user.email,
        branch=branch,
        city=getattr(branch, "city", "Moscow"),
        user=user,
        status=status,
    )
