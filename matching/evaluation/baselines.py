"""What matching is measured against, on the same evaluation set.

1. The search Svoboda had before issue 10: every word of the query contained in the person's
   folded names (Person.search_text, set by cases.actions), names typed in the recorded order
   first, then alphabetical. For duplicates, its equivalent: the same folded given and family
   names, in any order.
2. A general record-linkage library, recordlinkage (an optional extra: `pip install -e
   '.[eval]'`), set up the usual way: names in Latin letters (anyascii), Jaro-Winkler on the
   given name, patronymic and family name, the year of birth compared exactly, the four scores
   summed and a threshold chosen on the same sweep as ours.
"""

import re

from anyascii import anyascii
from django.db.models import Case, IntegerField, Value, When

from cases.names import fold

_YEAR = re.compile(r"\b(19|20)\d\d\b")


def substring_search(people, text):
    """The people (a queryset) whose folded names contain every word of the query, as the old
    people list showed them. Years are left out of the query: the old search had no year and
    would have found nobody with one."""
    from cases.queries import search_people

    text = _YEAR.sub(" ", text)
    people = search_people(people, text)
    phrase = " " + fold(text) + " "
    ranked = people.annotate(
        rank=Case(
            When(search_text__contains=phrase, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    return list(ranked.order_by("rank", "family_name", "given_name", "pk"))


def same_folded_name(first, second):
    """The old idea of a duplicate: the same given and family words, in any order."""

    def folded(record):
        return sorted(fold(f"{record.given} {record.family}").split())

    return folded(first) == folded(second)


def recordlinkage_available():
    try:
        import recordlinkage  # noqa: F401
    except ImportError:
        return False
    return True


def _latin(text):
    return anyascii(text or "").lower().strip()


def recordlinkage_scores(pairs):
    """recordlinkage's summed score (0 to 4) for each pair, in order."""
    import pandas
    import recordlinkage

    def frame(records):
        return pandas.DataFrame(
            {
                "given": [_latin(r.given) for r in records],
                "patronymic": [_latin(r.patronymic) or None for r in records],
                "family": [_latin(r.family) for r in records],
                "birth_year": [r.birth_year for r in records],
            }
        )

    first = frame([pair.first for pair in pairs])
    second = frame([pair.second for pair in pairs])
    links = pandas.MultiIndex.from_arrays([range(len(pairs)), range(len(pairs))])
    compare = recordlinkage.Compare()
    compare.string("given", "given", method="jarowinkler", label="given")
    compare.string("patronymic", "patronymic", method="jarowinkler", label="patronymic")
    compare.string("family", "family", method="jarowinkler", label="family")
    compare.exact("birth_year", "birth_year", label="birth_year")
    features = compare.compute(links, first, second)
    return [float(score) for score in features.sum(axis=1).tolist()]
