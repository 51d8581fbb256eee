"""k-anonymity for exported rows: no combination of quasi-identifiers occurs fewer than k times.

Quasi-identifiers are the columns that, combined, could single a person out to someone who knows
them (a 19-year-old woman from Uzbekistan exploited in Russia in 2023). Each has a fixed ladder of
ever coarser versions of its value, ending with the unknown value (suppressed):

1. Generalise (Sweeney's Datafly, simplified): while more rows sit in combinations smaller than k
   than the suppression budget allows, move the quasi-identifier with the most distinct values
   one step up its ladder, for every row (global recoding keeps the columns comparable).
2. Suppress records: the rows of the combinations still smaller than k lose all their
   quasi-identifiers (the row stays: its other columns still count in totals).
3. Those suppressed rows form one combination, "all unknown", which must itself reach k: it takes
   surplus rows from combinations larger than k, then whole combinations; when there are fewer
   than k rows altogether nothing can be shown, and the rows are withheld.

The result says how many values were generalised and how many suppressed, so the person exporting
can see what the protection cost. Plain functions over dicts, no database: tested on their own.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Generalisation stops once at most this share of rows (and never fewer than k rows) would still
# sit in combinations smaller than k; those rows are then suppressed. A little suppression keeps
# a lot of detail for everyone else: one unusual person should not coarsen the whole file.
SUPPRESSION_SHARE = 0.02


@dataclass(frozen=True)
class QuasiIdentifier:
    """A column and its ladder. ladder[i] maps an original value to its version at level i + 1;
    the last step must return `unknown` for every value (suppression)."""

    column: str
    ladder: Sequence[Callable[[str], str]]
    unknown: str = ""

    def at_level(self, value, level):
        return value if level == 0 else self.ladder[level - 1](value)

    @property
    def top(self):
        return len(self.ladder)


@dataclass(frozen=True)
class Result:
    rows: list
    # How far up its ladder each quasi-identifier went, by column.
    levels: dict
    # Values made coarser but still known, e.g. "RU" -> "UN:Europe".
    generalised: int
    # Known values that became unknown, by their ladder's last step or by record suppression.
    suppressed: int
    # Rows whose quasi-identifiers were all suppressed.
    rows_suppressed: int
    # Rows left out: fewer than k rows in all, so even all-unknown rows would stand out.
    rows_withheld: int


def combination_counts(rows, columns):
    """How often each combination of the columns' values occurs."""
    return Counter(tuple(row[column] for column in columns) for row in rows)


def smallest_combination(rows, columns):
    """The size of the rarest combination; 0 for no rows."""
    counts = combination_counts(rows, columns)
    return min(counts.values(), default=0)


def anonymise(rows, quasi_identifiers, k, *, suppression_share=SUPPRESSION_SHARE):
    """Rows (dicts) such that every combination of the quasi-identifiers occurs at least k times.

    The input is not changed; other columns pass through. k <= 1 returns the rows unchanged.
    """
    rows = [dict(row) for row in rows]
    columns = [qi.column for qi in quasi_identifiers]
    levels = {qi.column: 0 for qi in quasi_identifiers}
    if k <= 1 or not rows:
        return Result(rows, levels, 0, 0, 0, 0)

    originals = [tuple(row[column] for column in columns) for row in rows]
    budget = max(k, int(len(rows) * suppression_share))
    current = _choose_levels(originals, quasi_identifiers, levels, k, budget)

    # Record suppression of what generalisation left below k.
    counts = Counter(current)
    unknown = tuple(qi.unknown for qi in quasi_identifiers)
    current = [values if counts[values] >= k else unknown for values in current]
    kept = _fill_unknown_group(current, unknown, k)

    result_rows = []
    generalised = suppressed = rows_suppressed = 0
    for index in kept:
        row, values = rows[index], current[index]
        if values == unknown and originals[index] != unknown:
            rows_suppressed += 1
        for qi, before, after in zip(quasi_identifiers, originals[index], values, strict=True):
            row[qi.column] = after
            if before != after:
                if after == qi.unknown:
                    suppressed += 1
                else:
                    generalised += 1
        result_rows.append(row)
    return Result(
        rows=result_rows,
        levels=levels,
        generalised=generalised,
        suppressed=suppressed,
        rows_suppressed=rows_suppressed,
        rows_withheld=len(rows) - len(kept),
    )


def _choose_levels(originals, quasi_identifiers, levels, k, budget):
    """Step 1: raise `levels` in place; return each row's values at the chosen levels."""
    while True:
        current = [
            tuple(
                qi.at_level(value, levels[qi.column])
                for qi, value in zip(quasi_identifiers, values, strict=True)
            )
            for values in originals
        ]
        counts = Counter(current)
        if sum(n for n in counts.values() if n < k) <= budget:
            return current
        distinct = {
            position: len({values[position] for values in current})
            for position, qi in enumerate(quasi_identifiers)
            if levels[qi.column] < qi.top
        }
        # A column with one value left separates nobody: coarsening it would not help.
        candidates = [position for position, n in distinct.items() if n > 1]
        if not candidates:
            return current
        # max() keeps the first of equals, so ties go to the order the caller listed.
        chosen = max(candidates, key=lambda position: distinct[position])
        levels[quasi_identifiers[chosen].column] += 1


def _fill_unknown_group(current, unknown, k):
    """Step 3: make the all-unknown combination reach k (changing `current` in place); return
    the indexes of the rows to keep, in their order."""
    members = [index for index, values in enumerate(current) if values == unknown]
    if not members or len(members) >= k:
        return list(range(len(current)))
    groups = defaultdict(list)
    for index, values in enumerate(current):
        if values != unknown:
            groups[values].append(index)
    missing = k - len(members)
    # Surplus rows first: a combination of k + 2 rows can give two and still show k.
    for values in sorted(groups, key=lambda values: -len(groups[values])):
        if missing == 0:
            break
        surplus = len(groups[values]) - k
        for index in groups[values][len(groups[values]) - min(surplus, missing) :]:
            current[index] = unknown
            missing -= 1
            groups[values].remove(index)
    # Then whole combinations, the smallest first: each has at least k rows, so one suffices.
    for values in sorted(groups, key=lambda values: len(groups[values])):
        if missing <= 0:
            break
        for index in groups[values]:
            current[index] = unknown
        missing -= len(groups[values])
    if missing > 0:
        # Fewer than k rows in all: nothing can be shown without singling someone out.
        return []
    return list(range(len(current)))
