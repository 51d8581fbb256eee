"""Follow-up codes: words from the page's language, forgiving to type, stored only as a hash."""

# Russian test data: Cyrillic letters are meant, not look-alikes of Latin ones.

import math

import pytest

from intake import codes


@pytest.mark.parametrize("language", ["ru", "en"])
def test_each_word_list_has_1024_different_words(language):
    words = codes.words_for(language)
    assert len(words) == len(set(words)) == 1024


@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_code_is_seven_words_from_the_list_of_its_language(language):
    words = codes.new_code(language).split()
    assert len(words) == 7
    assert set(words) <= set(codes.words_for(language))


@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_code_carries_at_least_64_bits(language):
    """Issue 9: the code's entropy, not the hash's cost, is what protects it."""
    bits = codes.WORDS_PER_CODE * math.log2(len(set(codes.words_for(language))))
    assert bits >= 64


def test_russian_and_english_codes_come_from_different_lists():
    assert set(codes.words_for("ru")).isdisjoint(codes.words_for("en"))


def test_two_new_codes_differ():
    assert codes.new_code("ru") != codes.new_code("ru")


@pytest.mark.parametrize(
    "typed",
    [
        "ЯБЛОКО РЕКА КАМЕНЬ",
        "яблоко-река-камень",
        "  яблоко   река\tкамень \n",
        "Яблоко — Река – камень",
    ],
)
def test_normalise_ignores_case_hyphens_and_spaces(typed):
    assert codes.normalise(typed) == "яблоко река камень"


def test_normalise_reads_yo_as_ye():
    assert codes.normalise("Ёлка ежик") == codes.normalise("елка ёжик")


def test_normalise_of_a_blank_code_is_empty():
    assert codes.normalise("  - ") == ""


def test_hash_is_deterministic():
    assert codes.hash_code("apple river stone") == codes.hash_code("apple river stone")


def test_hash_is_the_same_however_the_code_is_typed():
    assert codes.hash_code("Ёлка-РЕКА  камень") == codes.hash_code("елка река камень")


def test_hash_differs_for_different_codes():
    assert codes.hash_code("apple river stone") != codes.hash_code("apple river stones")


def test_hash_does_not_contain_the_code():
    assert "apple" not in codes.hash_code("apple river stone")


@pytest.mark.django_db
def test_a_code_hashed_at_an_earlier_cost_still_opens_its_request_and_is_rehashed(settings):
    from intake.actions import request_for_code
    from intake.models import FollowUpCode
    from intake.tests.factories import HelpRequestFactory

    settings.INTAKE_CODE_PREVIOUS_SCRYPT_N = [2**11]
    code = "яблоко река камень облако лампа свеча мост"
    help_request = HelpRequestFactory()
    stored = FollowUpCode.objects.create(
        request=help_request, code_hash=codes.hash_code(code, 2**11)
    )
    assert request_for_code(code) == help_request
    stored.refresh_from_db()
    assert stored.code_hash == codes.hash_code(code)
    assert request_for_code("яблоко река камень облако лампа свеча дом") is None
