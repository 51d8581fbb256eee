"""Small-cell suppression for the figures published on the public site.

A breakdown such as "victims by gender" must not single anyone out: "2 victims of forced
marriage" may be enough for someone who knows the region to recognise them. So no number below
the threshold (5) is published, and no published number lets a reader work a hidden one out.

The rule, in suppress():

1. Every row whose count is below the threshold, none included, is shown as "fewer than 5".
   Showing none the same way matters: if only non-empty rows said "fewer than 5", a reader would
   know each of them holds at least one person.
2. The people of those rows are added to the remainder row ("unknown"), which then reads
   "unknown, or in a row shown as fewer than 5". The published numbers still add up to the
   total, so the total tells the reader nothing they cannot see; and any hidden row could hold
   anything from 0 to 4 (up to the remainder's value, if that is smaller), the rest being
   unknown. The reader cannot tell how the remainder splits, so no hidden row can be
   recomputed, even by someone who knows this rule, with one hidden row or many.

This is the secondary suppression: rather than hiding a second, larger row (which a reader who
knows how that row was chosen can often bound tightly enough to recompute both), the hidden
rows are merged with the remainder, whose value is unbounded. The only thing a reader can
deduce is that hidden rows hold nobody when the remainder is 0, which reveals no one.

The remainder itself is published exactly even below the threshold when no row is hidden: it
could be worked out from the total anyway, and it counts people about whom something is not
known, which singles no one out.

Callers must pass every row a reader could expect (zeros included), such as every gender code,
or else name_small=False: for countries, which are too many to list, rows below the threshold
are then not named at all and only count in the remainder ("other countries, or unknown").
Naming only the non-empty small rows would tell the reader that each holds at least one person.
"""

from dataclasses import dataclass

THRESHOLD = 5
REMAINDER = "unknown"


@dataclass(frozen=True)
class Published:
    """A breakdown as it may be published.

    rows: (key, count) in the order given, count None for "fewer than the threshold"; without
    the remainder. remainder: the remainder's count plus everyone in a hidden row. merged: some
    row was hidden, so the remainder holds its people too.
    """

    rows: list
    remainder: int
    merged: bool

    @property
    def total(self):
        return sum(count for _key, count in self.rows if count is not None) + self.remainder


def suppress(counts, *, threshold=THRESHOLD, remainder=REMAINDER, name_small=True):
    """`counts` (key -> number, in display order; `remainder` may be among them) as they may be
    published: see the module docstring for the rule."""
    rows = []
    merged = counts.get(remainder, 0)
    hidden = False
    for key, count in counts.items():
        if key == remainder:
            continue
        if count >= threshold:
            rows.append((key, count))
            continue
        merged += count
        hidden = True
        if name_small:
            rows.append((key, None))
    return Published(rows=rows, remainder=merged, merged=hidden)
