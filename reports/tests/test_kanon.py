"""k-anonymity on synthetic rows: properties over many random inputs, then the steps one by one."""

import random

import pytest

from reports.kanon import QuasiIdentifier, anonymise, combination_counts, smallest_combination


def _suppress(value):
    return ""


def _decade(value):
    return value[:3] + "0s" if value else ""


def _first_letter(value):
    return value[:1]


COLOUR = QuasiIdentifier("colour", [_first_letter, _suppress])
YEAR = QuasiIdentifier("year", [_decade, _suppress])
SIZE = QuasiIdentifier("size", [lambda value: "unknown"], unknown="unknown")
QIS = [COLOUR, YEAR, SIZE]
COLUMNS = [qi.column for qi in QIS]

COLOURS = ["red", "rose", "ruby", "blue", "brown", "green", "grey", "white", ""]
SIZES = ["S", "M", "L", "XL", "unknown"]


def random_rows(seed, n):
    rng = random.Random(seed)  # noqa: S311 (seeded on purpose: the same rows every run)
    return [
        {
            "id": index,
            "colour": rng.choice(COLOURS),
            # Skewed, as real data is: most rows in a few recent years, a long tail of old ones.
            "year": str(rng.choice([2023, 2024, 2024, rng.randint(1990, 2024)])),
            "size": rng.choice(SIZES),
            "payload": rng.random(),
        }
        for index in range(n)
    ]


def on_ladder(qi, before, after):
    return after in {qi.at_level(before, level) for level in range(qi.top + 1)}


CASES = [(seed, k, n) for seed in range(6) for k in (2, 3, 5, 10, 25) for n in (0, 4, 40, 400)]


@pytest.mark.parametrize(("seed", "k", "n"), CASES)
def test_no_combination_occurs_fewer_than_k_times(seed, k, n):
    result = anonymise(random_rows(seed, n), QIS, k)

    assert not result.rows or smallest_combination(result.rows, COLUMNS) >= k


@pytest.mark.parametrize(("seed", "k", "n"), CASES)
def test_every_value_is_its_original_or_a_coarser_version(seed, k, n):
    rows = random_rows(seed, n)

    result = anonymise(rows, QIS, k)

    for row in result.rows:
        original = rows[row["id"]]
        assert row["payload"] == original["payload"]
        assert all(on_ladder(qi, original[qi.column], row[qi.column]) for qi in QIS)


@pytest.mark.parametrize(("seed", "k", "n"), CASES)
def test_rows_are_withheld_only_when_there_are_fewer_than_k(seed, k, n):
    result = anonymise(random_rows(seed, n), QIS, k)

    assert result.rows_withheld == (n if n < k else 0)
    assert len(result.rows) + result.rows_withheld == n


@pytest.mark.parametrize("seed", range(6))
def test_the_counts_match_the_values_that_changed(seed):
    rows = random_rows(seed, 400)

    result = anonymise(rows, QIS, 10)

    generalised = suppressed = 0
    for row in result.rows:
        for qi in QIS:
            before, after = rows[row["id"]][qi.column], row[qi.column]
            if before != after:
                suppressed += after == qi.unknown
                generalised += after != qi.unknown
    assert (result.generalised, result.suppressed) == (generalised, suppressed)
    assert result.generalised + result.suppressed > 0


@pytest.mark.parametrize("seed", range(6))
def test_k_of_one_changes_nothing(seed):
    rows = random_rows(seed, 200)

    result = anonymise(rows, QIS, 1)

    assert result.rows == rows
    assert (result.generalised, result.suppressed, result.rows_suppressed) == (0, 0, 0)


def test_the_input_rows_are_not_changed():
    rows = random_rows(0, 100)
    copy = [dict(row) for row in rows]

    anonymise(rows, QIS, 10)

    assert rows == copy


def test_rows_that_are_already_k_anonymous_are_unchanged():
    rows = [{"colour": "red", "year": "2024", "size": "S"} for _ in range(5)] + [
        {"colour": "blue", "year": "2023", "size": "M"} for _ in range(5)
    ]

    result = anonymise(rows, QIS, 5)

    assert result.rows == rows
    assert result.levels == {"colour": 0, "year": 0, "size": 0}


def test_the_column_with_most_distinct_values_is_generalised_first():
    # Ten years, two colours, one size: five rows of each colour in each year.
    rows = [
        {"colour": colour, "year": str(2010 + index // 2 % 10), "size": "S"}
        for index, colour in enumerate(["red", "blue"] * 50)
    ]

    result = anonymise(rows, QIS, 10)

    assert result.levels == {"colour": 0, "year": 1, "size": 0}
    assert set(combination_counts(result.rows, COLUMNS)) == {
        ("red", "2010s", "S"),
        ("blue", "2010s", "S"),
    }


def test_an_outlier_loses_its_quasi_identifiers_rather_than_coarsening_everyone():
    rows = [{"colour": "red", "year": "2024", "size": "S"} for _ in range(20)]
    rows += [{"colour": "blue", "year": "2024", "size": "S"} for _ in range(20)]
    rows += [{"colour": "white", "year": "1990", "size": "XL"}]

    result = anonymise(rows, QIS, 2)

    assert result.levels == {"colour": 0, "year": 0, "size": 0}
    assert result.rows_suppressed == 2
    assert combination_counts(result.rows, COLUMNS)[("", "", "unknown")] == 2


def test_suppressed_rows_take_surplus_rows_to_reach_k():
    rows = [{"colour": "red", "year": "2024", "size": "S"} for _ in range(12)]
    rows += [{"colour": "white", "year": "1990", "size": "XL"}]

    result = anonymise(rows, QIS, 5)

    assert combination_counts(result.rows, COLUMNS) == {
        ("red", "2024", "S"): 8,
        ("", "", "unknown"): 5,
    }
    assert result.rows_suppressed == 5
    assert result.suppressed == 5 * 2 + 5 * 1


def test_fewer_than_k_rows_are_all_withheld():
    rows = [{"colour": "red", "year": "2024", "size": "S"} for _ in range(4)]

    result = anonymise(rows, QIS, 5)

    assert result.rows == []
    assert result.rows_withheld == 4
