"""Review: the name index takes any name a form accepts, and erasure leaves none behind."""

import pytest

from cases import actions as case_actions
from matching.models import NameKey
from matching.search import search

pytestmark = pytest.mark.django_db

# 150 letters (the longest given name a form takes), each written with four Latin letters.
LONG = "Щ" * 150


def test_a_long_name_is_recorded_and_found(coordinator, branch):
    """Keys of a long word are longer than NameKey.key holds: PostgreSQL refused them (a 500
    on recording the person, on an import, on a merge)."""
    person = case_actions.create_person(
        actor=coordinator, branch=branch, given_name=LONG, family_name="Каримова"
    )
    limit = NameKey._meta.get_field("key").max_length
    assert max(len(key) for key in NameKey.objects.values_list("key", flat=True)) <= limit
    from cases.queries import people_visible_to

    found = search(people_visible_to(coordinator), f"{LONG} Каримова")
    assert [match.person for match in found] == [person]


def test_the_migration_indexes_a_long_name_too(coordinator, branch):
    """The data migration that indexed the people recorded before the index existed."""
    import importlib

    from django.apps import apps

    from matching.models import NameForm, PersonName

    person = case_actions.create_person(
        actor=coordinator, branch=branch, given_name=LONG, family_name="Каримова"
    )
    PersonName.objects.all().delete()
    NameKey.objects.all().delete()
    NameForm.objects.all().delete()
    migration = importlib.import_module("matching.migrations.0002_index_existing_people")
    migration.index_existing(apps, None)
    from cases.queries import people_visible_to

    found = search(people_visible_to(coordinator), f"{LONG} Каримова")
    assert [match.person for match in found] == [person]
