"""`svoboda bench_search` seeds, searches and reports on a small database. Its timings belong to
the machine and are not checked here (README.md, "Performance of the search")."""

import json
from io import StringIO

from django.core.management import call_command
from django.db import connection

from cases.models import Contact, Person, PersonAlias
from matching.bench import KINDS
from matching.models import PersonName
from matching.search import search

TIMES = {"p50_ms", "p95_ms", "max_ms"}


def test_the_benchmark_seeds_searches_and_reports_on_a_small_database(db, tmp_path):
    out = StringIO()
    path = tmp_path / "search.json"
    call_command(
        "bench_search",
        *("--people", "300", "--queries", "21", "--force", "--json", str(path)),
        stdout=out,
    )
    result = json.loads(path.read_text())

    assert result["benchmark"] == "search"
    assert set(result) == {
        "benchmark",
        "measured_at",
        "machine",
        "data",
        "load_seconds",
        "relation_bytes",
        "settings",
        "overall",
        "kinds",
        "slowest",
        "missed",
    }
    assert result["data"]["people"] == 300
    assert result["data"]["visible_to_coordinator"] < 300  # another branch holds the rest
    assert result["data"]["person_names"] == PersonName.objects.count() > 300
    assert result["data"]["aliases"] == PersonAlias.objects.count() > 0
    assert result["data"]["phones"] > 0

    overall = result["overall"]
    assert overall["queries"] == 21
    assert set(overall["coordinator"]) == set(overall["all_people"]) == TIMES
    assert set(overall["stages_p50_ms"]) == {"forms", "candidates", "rest"}
    # Need-to-know holds in the benchmark's searches: nobody outside the coordinator's view.
    assert overall["outside_need_to_know"] == 0
    # A sanity figure, not a quality target: most queries find the person they were made from.
    assert overall["recall_at_5"] >= 0.6
    assert set(result["kinds"]) <= set(KINDS)
    assert {"transliterated", "family_first", "typo", "surname", "phone"} <= set(result["kinds"])
    assert result["kinds"]["surname"]["recall_at_5"] is None  # many people are equally right
    assert "| overall | 21 |" in out.getvalue()


def test_the_seeded_index_is_the_one_the_application_writes(db):
    """The bulk seeding writes the rows matching.index would: the same people are found."""
    from matching.index import index_person

    call_command("bench_search", "--people", "60", "--queries", "7", "--force", stdout=StringIO())
    person = Person.objects.filter(aliases__isnull=False).order_by("pk").first()
    seeded = set(PersonName.objects.filter(person=person).values_list("form__form", "part"))
    index_person(person)
    assert set(PersonName.objects.filter(person=person).values_list("form__form", "part")) == (
        seeded
    )
    assert person in [match.person for match in search(Person.objects.all(), person.full_name)]


def test_phone_numbers_are_stored_encrypted_and_found_in_another_format(db):
    from matching.bench import phone_typed_otherwise

    call_command("bench_search", "--people", "60", "--queries", "7", "--force", stdout=StringIO())
    contact = Contact.objects.filter(kind=Contact.Kind.PHONE).select_related("person").first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM cases_contact WHERE id = %s", [contact.pk])
        stored = cursor.fetchone()[0]
    assert contact.value.startswith("+") and contact.value not in stored
    typed = phone_typed_otherwise(contact.value)
    assert typed != contact.value
    assert contact.person in [match.person for match in search(Person.objects.all(), typed)]
