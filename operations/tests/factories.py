"""Synthetic operations for tests. Places and names are made up."""

import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import BranchFactory, UserFactory
from operations.models import ChecklistItem, Operation, TeamMember, TransportItem


class OperationFactory(factory.django.DjangoModelFactory):
    """An operation row without the actions' side effects; prefer actions.create_operation when
    the test is about planning."""

    class Meta:
        model = Operation
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Kiln exit {n}")
    branch = factory.SubFactory(BranchFactory)
    country = "RU"
    city = "Кизляр"
    address = "Road to the kiln, second gate"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    lead = factory.SubFactory(UserFactory)
    created_by = factory.SelfAttribute("lead")

    @factory.post_generation
    def cases(self, create, extracted, **kwargs):
        if create and extracted:
            self.cases.add(*extracted)


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    operation = factory.SubFactory(OperationFactory)
    user = factory.SubFactory(UserFactory)
    role = TeamMember.Role.DRIVER


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistItem

    text_en = factory.Sequence(lambda n: f"Check number {n} done")
    text_ru = factory.Sequence(lambda n: f"Проверка номер {n} сделана")
    position = factory.Sequence(lambda n: n)


class TransportItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TransportItem

    operation = factory.SubFactory(OperationFactory)
    description = "Minibus with driver"
    cost = 4500
    currency = "RUB"


def plan(**overrides):
    """Keyword arguments for actions.create_operation, without cases and lead."""
    values = {
        "title": "Kiln exit",
        "country": "RU",
        "city": "Кизляр",
        "address": "Road to the kiln, second gate",
        "starts_at": timezone.now() + datetime.timedelta(days=3),
        "brief": "Meet at the station at 6.",
    }
    values.update(overrides)
    return values


def tick_all(operation, actor):
    from operations import actions

    for item in ChecklistItem.objects.filter(is_active=True):
        actions.tick_checklist_item(actor=actor, operation=operation, item=item, ticked=True)
