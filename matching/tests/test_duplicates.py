"""Finding records that may be one person (matching.duplicates, `svoboda find_duplicates`)."""

import io

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from cases import actions as case_actions
from matching.duplicates import find_duplicate_pairs, record_pairs
from matching.models import DuplicatePair

pytestmark = pytest.mark.django_db


def person(actor, branch, given, family, year, **fields):
    return case_actions.create_person(
        actor=actor, branch=branch, given_name=given, family_name=family, birth_year=year, **fields
    )


@pytest.fixture
def aliev_ru(coordinator, branch):
    return person(coordinator, branch, "Магомед", "Алиев", 1990)


@pytest.fixture
def aliev_en(coordinator, branch):
    return person(coordinator, branch, "Magomed", "Aliyev", 1990)


@pytest.fixture
def father(coordinator, branch):
    return person(coordinator, branch, "Магомед", "Алиев", 1962)


@pytest.fixture
def stranger(coordinator, branch):
    return person(coordinator, branch, "Zarina", "Karimova", 1990)


def pair_ids(pairs):
    return [{a.pk, b.pk} for a, b, _score, _reasons in pairs]


def run(*args):
    out = io.StringIO()
    call_command("find_duplicates", *args, stdout=out)
    return out.getvalue()


def test_a_transliterated_record_is_a_pair_and_the_father_is_not(
    aliev_ru, aliev_en, father, stranger
):
    pairs = find_duplicate_pairs(aliev_ru.__class__.objects.all())
    assert pair_ids(pairs) == [{aliev_ru.pk, aliev_en.pk}]
    first, second, score, reasons = pairs[0]
    assert str(first.pk) < str(second.pk)
    assert score >= 0.85
    assert "name" in reasons and "birth_year" in reasons


def test_a_shared_phone_counts(coordinator, branch):
    phone = [{"kind": "phone", "value": "+7 900 123-45-67"}]
    first = person(coordinator, branch, "Магомед", "Алиев", 1990, contacts=phone)
    second = person(coordinator, branch, "Мага", "Алиев", None, contacts=phone)
    pairs = find_duplicate_pairs(first.__class__.objects.all(), min_score=0.5)
    assert pair_ids(pairs) == [{first.pk, second.pk}]
    assert "phone" in pairs[0][3]


def test_the_command_lists_pairs_with_references_and_stores_them_on_request(
    aliev_ru, aliev_en, father
):
    out = run()
    assert aliev_ru.reference in out and aliev_en.reference in out
    assert father.reference not in out
    assert "Magomed Aliyev" in out
    assert "name,birth_year" in out
    assert not DuplicatePair.objects.exists()

    out = run("--store", "--no-names")
    assert "Magomed" not in out and "Магомед" not in out
    pair = DuplicatePair.objects.get()
    assert {pair.first_id, pair.second_id} == {aliev_ru.pk, aliev_en.pk}
    assert str(pair.first_id) < str(pair.second_id)
    assert pair.status == DuplicatePair.Status.OPEN
    entries = AuditEntry.objects.filter(verb="matching.duplicates_found")
    assert entries.count() == 2
    assert entries.last().changes["pairs"] == 1
    assert "Magomed" not in str([e.changes for e in entries])


def test_the_command_takes_a_branch_and_a_minimum_score(
    coordinator, coordinator_other_branch, other_branch, aliev_ru, aliev_en
):
    person(coordinator_other_branch, other_branch, "Магомед", "Алиев", 1990)
    person(coordinator_other_branch, other_branch, "Zarina", "Karimova", 1990)
    out = run("--branch", "Harare")
    assert "0 pair(s)" in out
    assert aliev_ru.reference not in out
    out = run("--branch", "Moscow")
    assert aliev_ru.reference in out
    assert "1 pair(s)" in out
    # A lower bound lists the weaker pairs too: the same name, 28 years apart.
    father = person(coordinator, aliev_ru.branch, "Магомед", "Алиев", 1962)
    assert father.reference not in run("--branch", "Moscow")
    out = run("--branch", "Moscow", "--min-score", "0.1")
    assert father.reference in out
    assert "years_apart" in out
    with pytest.raises(CommandError):
        run("--branch", "Atlantis")
    with pytest.raises(CommandError):
        run("--min-score", "2")


def test_a_dismissed_pair_stays_dismissed_and_an_open_one_gets_the_new_score(
    coordinator, aliev_ru, aliev_en
):
    pairs = find_duplicate_pairs(aliev_ru.__class__.objects.all())
    assert record_pairs(pairs) == {"new": 1, "updated": 0, "decided": 0}
    pair = DuplicatePair.objects.get()
    DuplicatePair.objects.filter(pk=pair.pk).update(score=0.1)
    assert record_pairs(pairs) == {"new": 0, "updated": 1, "decided": 0}
    pair.refresh_from_db()
    assert pair.score == pairs[0][2]

    from matching.actions import dismiss_pair

    dismiss_pair(actor=coordinator, pair=pair)
    assert record_pairs(pairs) == {"new": 0, "updated": 0, "decided": 1}
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.DISMISSED
    assert DuplicatePair.objects.count() == 1


def test_merged_records_are_not_listed(coordinator, aliev_ru, aliev_en):
    from matching.actions import merge_people

    merge_people(actor=coordinator, kept=aliev_ru, merged=aliev_en)
    assert find_duplicate_pairs(aliev_ru.__class__.objects.all()) == []
