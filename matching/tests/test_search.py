"""Finding a person by any spelling of their names (matching.search), as the people list does."""

import uuid

import iuliia
import pytest

from cases.models import Contact, IdentityDocument
from cases.tests.factories import PersonFactory
from matching.index import index_person
from matching.models import NameForm, PersonName
from matching.search import search

pytestmark = pytest.mark.django_db


def found(people, text):
    return [match.person for match in search(people, text)]


@pytest.fixture
def people(branch):
    return {
        "aliev": PersonFactory(
            branch=branch,
            given_name="Магомед",
            patronymic="Ибрагимович",
            family_name="Алиев",
            birth_year=1990,
        ),
        "yuri": PersonFactory(branch=branch, given_name="Юрий", family_name="Щукин"),
        "ivanov": PersonFactory(
            branch=branch, given_name="Александр", patronymic="Сергеевич", family_name="Иванов"
        ),
        "petrova": PersonFactory(branch=branch, given_name="Мария", family_name="Петрова"),
        "shamsiev": PersonFactory(branch=branch, given_name="Эльвин", family_name="Шамсиев"),
        "urinov": PersonFactory(branch=branch, given_name="Жасур", family_name="Ўринов"),
        "khasanova": PersonFactory(branch=branch, given_name="Жанна", family_name="Хасанова"),
    }


def everyone(people):
    from cases.models import Person

    return Person.objects.filter(pk__in=[p.pk for p in people.values()])


@pytest.mark.parametrize(
    "query",
    [
        "Magomed Aliev",  # ICAO 9303, as in the passport
        "Mahomed Aliyev",  # a partner's referral
        "Алиев Магомед Ибрагимович",  # a police record: family name first, with patronymic
        "Magomet Aliev",  # over a bad phone line
        "MAGOMED ALIEV",
        "aliev magomed",
        "Muhammad Aliev",
        "Magomed Ibragimovich Aliev",
        "Магомед Алиев",
    ],
)
def test_the_examples_of_the_issue_find_magomed_aliev(people, query):
    assert found(everyone(people), query)[0] == people["aliev"]


@pytest.mark.parametrize(
    "schema", ["icao_doc_9303", "gost_7034", "bgn_pcgn", "wikipedia", "scientific", "mosmetro"]
)
@pytest.mark.parametrize(
    "name", ["Юрий Щукин", "Жанна Хасанова", "Мария Петрова", "Александр Иванов"]
)
def test_every_transliteration_system_finds_the_person(people, schema, name):
    spelled = iuliia.schemas.get(schema).translate(name)
    first = found(everyone(people), spelled)
    assert first, f"{spelled!r} ({schema}) found nobody"
    assert first[0].given_name == name.split()[0], f"{spelled!r} ({schema})"


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("Iurii Shchukin", "yuri"),
        ("Yuri Shchukin", "yuri"),
        ("Jurij Ščukin", "yuri"),
        ("Yuriy Schukin", "yuri"),
        ("Elvin Şəmsiyev", "shamsiev"),
        ("Elvin Shamsiev", "shamsiev"),
        ("Jasur Oʻrinov", "urinov"),
        ("Zhasur Urinov", "urinov"),
        ("Dzhasur Urinov", "urinov"),
        ("Janna Hasanova", "khasanova"),
        ("Zhanna Khasanova", "khasanova"),
        ("Саша Иванов", "ivanov"),  # diminutives
        ("Sasha Ivanov", "ivanov"),
        ("Alexander Ivanov", "ivanov"),
        ("Маша Петрова", "petrova"),
        ("Masha Petrova", "petrova"),
        ("Aleksnadr Ivanov", "ivanov"),  # letters swapped
        ("Aleksandr Ivanof", "ivanov"),  # a wrong letter
        ("Petrova", "petrova"),  # family name alone
        ("Пет", "petrova"),  # the first letters
    ],
)
def test_spellings_diminutives_and_typos_find_the_person(people, query, key):
    assert found(everyone(people), query)[0] == people[key]


def test_a_namesake_born_long_before_is_left_out_when_the_year_is_given(branch, people):
    father = PersonFactory(
        branch=branch, given_name="Магомед", family_name="Алиев", birth_year=1962
    )
    assert set(found(everyone(people) | everyone({"f": father}), "Magomed Aliev")) >= {
        people["aliev"],
        father,
    }
    assert found(everyone(people) | everyone({"f": father}), "Magomed Aliev 1991") == [
        people["aliev"]
    ]


def test_the_son_ranks_below_the_father_searched_by_the_fathers_name(branch, people):
    son = PersonFactory(
        branch=branch, given_name="Ибрагим", patronymic="Магомедович", family_name="Алиев"
    )
    result = found(everyone(people) | everyone({"s": son}), "Magomed Aliev")
    assert result[0] == people["aliev"]
    assert son not in result[:1]


def test_another_given_name_with_the_same_family_name_is_not_found(people):
    assert found(everyone(people), "Иван Алиев") == []
    assert found(everyone(people), "Руслан Щукин") == []


def test_a_phone_in_any_format_finds_the_person(people):
    Contact.objects.create(person=people["yuri"], kind="phone", value="+7 (928) 123-45-67")
    for query in ["89281234567", "+79281234567", "8 928 123 45 67", "+7-928-123-4567"]:
        assert found(everyone(people), query) == [people["yuri"]], query
    assert found(everyone(people), "+7 928 123 45 68") == []


def test_a_document_number_is_found_whatever_its_separators(people):
    IdentityDocument.objects.create(
        person=people["petrova"], kind="passport", number="45 07 123456"
    )
    for query in ["4507123456", "45 07 123456", "4507-123456", "Петрова 4507123456"]:
        assert people["petrova"] in found(everyone(people), query), query
    IdentityDocument.objects.create(person=people["ivanov"], kind="visa", number="АВ 765432")
    assert found(everyone(people), "ab765432") == [people["ivanov"]]


def test_search_stays_within_the_people_it_is_given(people):
    from cases.models import Person

    only_yuri = Person.objects.filter(pk=people["yuri"].pk)
    assert found(only_yuri, "Magomed Aliev") == []
    assert found(only_yuri, "Yuri Shchukin") == [people["yuri"]]


def test_a_renamed_person_is_found_by_the_new_name_and_their_old_word_forgotten(people):
    person = people["yuri"]
    person.family_name = "Кузнецов"
    person.save()
    index_person(person)
    assert found(everyone(people), "Yuri Kuznetsov") == [person]
    assert found(everyone(people), "Yuri Shchukin") == []
    assert not NameForm.objects.filter(form="щукин").exists()


def test_aliases_are_searched_too(people):
    from cases import actions

    person = people["petrova"]
    person.aliases.create(name="Marusya Smirnova")
    actions._refresh_search_text(person)
    assert found(everyone(people), "Marusia Smirnova") == [person]
    assert PersonName.objects.filter(person=person, part="alias").count() == 2


def test_nothing_typed_finds_nobody(people):
    assert found(everyone(people), "   ") == []
    assert found(everyone(people), "--") == []


def test_an_international_number_that_lost_its_plus_is_still_found(people):
    Contact.objects.create(person=people["urinov"], kind="phone", value="+998 90 123 45 67")
    for query in ["998901234567", "00998901234567", "+998 (90) 123-45-67"]:
        assert found(everyone(people), query) == [people["urinov"]], query


def test_names_built_on_one_another_each_count_as_a_word(branch, people):
    """ "Abdurakhman" begins "Abdurakhmanovich" and "Abdurakhmanov": each stored word still
    counts for the query word it is closest to."""
    person = PersonFactory(
        branch=branch,
        given_name="Абдурахман",
        patronymic="Абдурахманович",
        family_name="Абдурахманов",
    )
    query = "Abdurakhman Abdurakhmanovich Abdurakhmanov"
    assert found(everyone(people) | everyone({"a": person}), query)[0] == person


def test_a_person_behind_many_namesakes_the_user_may_not_see_is_still_found(
    branch, other_branch, monkeypatch
):
    from cases.models import Person
    from matching import search as search_module

    monkeypatch.setattr(search_module, "MAX_COUNTED", 4)
    monkeypatch.setattr(search_module, "VISIBILITY_PAGE", 2)
    for _ in range(6):
        PersonFactory(branch=other_branch, given_name="Иван", family_name="Иванов")
    # Last in the order namesakes are counted in: beyond MAX_COUNTED.
    last = uuid.UUID("ffffffff-ffff-4fff-bfff-ffffffffffff")
    mine = PersonFactory(id=last, branch=branch, given_name="Иван", family_name="Иванов")
    assert found(Person.objects.filter(branch=branch), "Ivan Ivanov") == [mine]
    assert len(found(Person.objects.all(), "Ivan Ivanov")) == 7


@pytest.mark.parametrize(
    ("recorded", "query"),
    [
        (("Mahomed", "Aliyev"), "Magomet Aliev"),  # Г for the h of Arabic names
        (("Гасан", "Гусейнов"), "Hasan Huseynov"),
        (("Сергей", "Бондаренко"), "Serhii Bondarenko"),  # Ukrainian h for Russian g
        (("Ольга", "Коваленко"), "Olha Kovalenko"),
    ],
)
def test_g_and_h_are_one_letter_in_names(branch, recorded, query):
    from cases.models import Person

    person = PersonFactory(branch=branch, given_name=recorded[0], family_name=recorded[1])
    assert found(Person.objects.all(), query) == [person]
