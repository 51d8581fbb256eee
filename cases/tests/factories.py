"""Synthetic people and cases for tests. Names come from Faker, never from real records."""

import factory

from accounts.tests.factories import BranchFactory, UserFactory
from cases.models import Assignment, Case, Note, Participant, Person, Task
from cases.names import search_text_for
from matching.index import index_person


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    given_name = factory.Faker("first_name", locale="ru_RU")
    patronymic = ""
    family_name = factory.Faker("last_name", locale="ru_RU")
    birth_year = 1990
    branch = factory.SubFactory(BranchFactory)
    search_text = factory.LazyAttribute(lambda person: search_text_for(person))

    @factory.post_generation
    def name_index(person, create, extracted, **kwargs):
        # As cases.actions does for every recorded person: the search finds them.
        if create:
            index_person(person)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    title = factory.Sequence(lambda n: f"Brick kiln {n}")
    branch = factory.SubFactory(BranchFactory)
    created_by = factory.SubFactory(UserFactory)
    exploitation_types = ["ForcedLabour"]
    exploitation_country = "RU"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    case = factory.SubFactory(CaseFactory)
    person = factory.SubFactory(PersonFactory, branch=factory.SelfAttribute("..case.branch"))
    role = Participant.Role.VICTIM


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    case = factory.SubFactory(CaseFactory)
    user = factory.SubFactory(UserFactory)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    case = factory.SubFactory(CaseFactory)
    title = factory.Sequence(lambda n: f"Call the consulate {n}")
    owner = factory.SubFactory(UserFactory)
    created_by = factory.SelfAttribute("owner")


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    case = factory.SubFactory(CaseFactory)
    body = "Spoke to the family."
    is_sensitive = True
    author = factory.SubFactory(UserFactory)
