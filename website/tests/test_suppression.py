"""website.suppression.suppress(): no number below 5 is published, and no published number lets
a reader work out a hidden one from the total, even a reader who knows the rule."""

import itertools

from website.suppression import Published, suppress


def test_rows_below_the_threshold_are_hidden_and_others_published_exactly():
    published = suppress({"ForcedLabour": 12, "ForcedBegging": 4, "Servitude": 5, "unknown": 0})
    assert published.rows == [("ForcedLabour", 12), ("ForcedBegging", None), ("Servitude", 5)]


def test_an_empty_row_is_hidden_like_a_small_one():
    """Otherwise "fewer than 5" would tell the reader that a row holds at least one person."""
    published = suppress({"Feminine": 9, "Masculine": 0, "unknown": 6})
    assert published.rows == [("Feminine", 9), ("Masculine", None)]


def test_hidden_people_are_counted_in_the_remainder_so_the_total_still_adds_up():
    counts = {"Feminine": 9, "Masculine": 3, "NonConforming": 1, "unknown": 2}
    published = suppress(counts)
    assert published.remainder == 2 + 3 + 1
    assert published.merged
    assert published.total == sum(counts.values())


def test_one_hidden_row_cannot_be_recomputed_from_the_total():
    """The classic leak: total 33, one row 30 published, the other "fewer than 5" - so 3.
    Here the remainder holds those 3 together with the unknown, which the reader cannot split."""
    published = suppress({"Feminine": 30, "Masculine": 3, "unknown": 0})
    assert published.rows == [("Feminine", 30), ("Masculine", None)]
    assert published.remainder == 3
    # 3 hidden and 0 unknown, or 0 hidden and 3 unknown, or anything between: the same page.
    for masculine in range(4):
        assert suppress({"Feminine": 30, "Masculine": masculine, "unknown": 3 - masculine}) == (
            published
        )


def test_the_remainder_is_exact_when_nothing_is_hidden():
    """It could be worked out from the total anyway, and says only what is not known."""
    published = suppress({"Feminine": 9, "Masculine": 7, "unknown": 2})
    assert published == Published(
        rows=[("Feminine", 9), ("Masculine", 7)], remainder=2, merged=False
    )


def test_a_missing_remainder_counts_as_zero():
    assert suppress({"2025": 8, "2026": 1}).remainder == 1


def test_small_rows_can_be_left_unnamed():
    """For countries: only the non-empty ones are known, so naming the small ones would say that
    each holds someone. They count in the remainder without a row."""
    published = suppress({"TR": 40, "KZ": 2, "RU": 5, "unknown": 1}, name_small=False)
    assert published.rows == [("TR", 40), ("RU", 5)]
    assert published.remainder == 3


def test_the_threshold_can_be_changed():
    published = suppress({"a": 9, "b": 10, "unknown": 0}, threshold=10)
    assert published.rows == [("a", None), ("b", 10)]
    assert published.remainder == 9


# The property, checked exhaustively on small breakdowns against the strongest reader: one who
# knows the rule and tries every possible set of true numbers, keeping those that give exactly
# the published breakdown. For each hidden row, more than one value must remain possible; the
# only exception is a remainder of 0, which shows that hidden rows hold nobody (no one revealed).


def possible_values(categories, largest, **options):
    """{published breakdown: {category: set of true values that publish it}} over every
    breakdown with `categories` and a remainder, each from 0 to `largest`."""
    keys = [f"c{i}" for i in range(categories)]
    found = {}
    for values in itertools.product(range(largest + 1), repeat=categories + 1):
        counts = dict(zip(keys, values[:-1], strict=True)) | {"unknown": values[-1]}
        if not options.get("name_small", True):
            # As statistics.compute() gives countries: only those with someone in them.
            counts = {key: value for key, value in counts.items() if value or key == "unknown"}
        published = suppress(counts, **options)
        key = (tuple(published.rows), published.remainder)
        seen = found.setdefault(key, {name: set() for name in keys})
        for name in keys:
            seen[name].add(counts.get(name, 0))
    return found


def assert_no_hidden_row_can_be_worked_out(categories, largest, threshold=5, name_small=True):
    found = possible_values(categories, largest, threshold=threshold, name_small=name_small)
    checked = 0
    for (rows, remainder), seen in found.items():
        total = sum(count for _key, count in rows if count is not None) + remainder
        if total > largest:
            continue  # some true breakdowns giving this page lie outside the search
        published = {key for key, count in rows if count is not None}
        for name, values in seen.items():
            if name in published:
                continue
            # Anything from 0 to 4, or to the remainder if that is smaller.
            assert values == set(range(min(threshold - 1, remainder) + 1)), (rows, remainder)
            checked += remainder > 0
    assert checked  # the search did reach hidden rows with people in them


def test_no_hidden_row_of_two_categories_can_be_worked_out():
    assert_no_hidden_row_can_be_worked_out(categories=2, largest=14)


def test_no_hidden_row_of_three_categories_can_be_worked_out():
    assert_no_hidden_row_can_be_worked_out(categories=3, largest=11)


def test_no_hidden_row_of_four_categories_can_be_worked_out():
    assert_no_hidden_row_can_be_worked_out(categories=4, largest=8, threshold=3)


def test_no_unnamed_country_can_be_worked_out():
    assert_no_hidden_row_can_be_worked_out(categories=3, largest=11, name_small=False)
