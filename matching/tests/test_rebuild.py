"""`svoboda rebuild_name_keys`: the index and the number digests made again from the records."""

import io

import pytest
from django.core.management import call_command

from cases.models import Contact
from cases.tests.factories import PersonFactory
from matching.models import NameForm, PersonName
from matching.search import search

pytestmark = pytest.mark.django_db


def test_rebuilding_makes_every_person_findable_again(branch, settings):
    person = PersonFactory(branch=branch, given_name="Нодира", family_name="Каримова")
    person.aliases.create(name="Nodira Karimova")
    Contact.objects.create(person=person, kind="phone", value="+998 90 123 45 67")
    people = type(person).objects.all()
    PersonName.objects.all().delete()
    NameForm.objects.all().delete()
    assert search(people, "Nodira Karimova") == []

    settings.SEARCH_DIGEST_KEY = "a-new-search-digest-key-for-this-test-only"
    assert search(people, "+998901234567") == []  # digests made under the old key
    call_command("rebuild_name_keys", stdout=io.StringIO())

    assert [m.person for m in search(people, "Nodira Karimova")] == [person]
    assert [m.person for m in search(people, "+998-90-1234567")] == [person]
    assert PersonName.objects.filter(person=person, part="alias").exists()


def test_rebuilding_in_small_batches_indexes_everyone(branch):
    from cases.models import Person
    from matching.index import rebuild

    people = [PersonFactory(branch=branch, family_name=name) for name in ["Ахмедов", "Ким", "Ли"]]
    assert rebuild(Person.objects.all(), batch_size=2) == 3
    assert set(PersonName.objects.values_list("person", flat=True)) == {p.pk for p in people}
