"""How alike two names are, and two records: the scores that rank a search and find duplicates.

A name is a list of (word, part) pairs. Words are paired off, best pair first; the score is the
weighted share of the name that was matched. The family name weighs most; a patronymic the
other side left out costs little, because most records and queries have none.
"""

import re
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA, Indel

from matching.names import analysed, skeletons

GIVEN, PATRONYMIC, FAMILY, ALIAS, QUERY = "given", "patronymic", "family", "alias", "query"
WEIGHT = {FAMILY: 1.5, GIVEN: 1.0, PATRONYMIC: 0.6, ALIAS: 1.0, QUERY: 1.0}
# What a word of a name that the other side does not have costs, as a share of its weight.
MISSING = {FAMILY: 0.5, GIVEN: 0.5, PATRONYMIC: 0.2, ALIAS: 0.4, QUERY: 1.0}
# Two words less alike than this are not a pair.
MIN_WORD_SIMILARITY = 0.6
# A given name recorded as the family name and the other way round (a common clerical error).
SWAPPED_PARTS = 0.9
# Two words one keystroke apart (a letter left out, doubled, replaced or two swapped): most
# often one name mistyped. Not when both are shorter than MIN_TYPO_LENGTH: "Ян" and "Ас",
# "Ира" and "Ия" are one letter apart and different names.
ONE_EDIT = 0.85
MIN_TYPO_LENGTH = 4
# Words further apart than one edit: the share of letters they have in common says little
# (Хасан and Аслан share 80% of theirs), so it counts only above LETTERS_IN_COMMON_FLOOR,
# stretched to 0..1.
LETTERS_IN_COMMON_FLOOR = 2 / 3
# A shared metaphone counts only for words with at least this share of letters in common.
METAPHONE_LETTERS = 0.6
# Both records have a patronymic and they differ: the fathers' names differ, which says more
# against one person than a patronymic left out (cousins named after one grandfather share
# given and family names). The share of its weight each side's patronymic then costs.
OTHER_PATRONYMIC = 1.0
_PATRONYMIC = re.compile(r"(ovic|evic|ovna|evna|icna|ic|ogli|ogly|uli|kizi|kyzy)$")


def _is_patronymic(skeleton):
    return bool(_PATRONYMIC.search(skeleton))


def word_similarity(first, second):
    """0 to 1: 1 for the same word in any spelling, about 0.9 for a diminutive or variant of one
    name (Саша and Aleksandr), less for words a letter or two apart."""
    if first == second:
        return 1.0
    first_skeletons, second_skeletons = skeletons(first), skeletons(second)
    if set(first_skeletons) & set(second_skeletons):
        return 0.98
    best = max(
        (_letters_similarity(a, b) for a in first_skeletons for b in second_skeletons),
        default=0.0,
    )
    # "Магомед" is not "Магомедович": the son's patronymic is the father's given name.
    if any(map(_is_patronymic, first_skeletons)) != any(map(_is_patronymic, second_skeletons)):
        return min(best, 0.5)
    first_metaphones, first_symbols = analysed(first)
    second_metaphones, second_symbols = analysed(second)
    if first_symbols & second_symbols:
        best = max(best, 0.9)
    # A metaphone keeps the consonants only: Гасан and Гусейн are both "KSN". It counts when
    # the letters are also half alike (Magomet, Mahomed).
    if {m for m in first_metaphones if len(m) >= 3} & second_metaphones and max(
        (Indel.normalized_similarity(a, b) for a in first_skeletons for b in second_skeletons),
        default=0.0,
    ) >= METAPHONE_LETTERS:
        best = max(best, 0.85)
    return best


def _letters_similarity(first, second):
    """0 to 1 for two skeletons by their letters alone (see ONE_EDIT)."""
    if max(len(first), len(second)) >= MIN_TYPO_LENGTH and OSA.distance(first, second) <= 1:
        return ONE_EDIT
    in_common = Indel.normalized_similarity(first, second)
    return max(0.0, (in_common - LETTERS_IN_COMMON_FLOOR) / (1 - LETTERS_IN_COMMON_FLOOR))


def _compatible(first_part, second_part):
    """1 when the parts may be paired, SWAPPED_PARTS for given/family swapped, 0 otherwise."""
    if QUERY in (first_part, second_part) or ALIAS in (first_part, second_part):
        return 1.0
    if first_part == second_part:
        return 1.0
    if {first_part, second_part} == {GIVEN, FAMILY}:
        return SWAPPED_PARTS
    return 0.0


def name_similarity(first, second):
    """0 to 1 for two names, each a sequence of (word, part)."""
    if not first or not second:
        return 0.0
    candidates = []
    for i, (word_a, part_a) in enumerate(first):
        for j, (word_b, part_b) in enumerate(second):
            fit = _compatible(part_a, part_b)
            if not fit:
                continue
            similarity = word_similarity(word_a, word_b) * fit
            if similarity >= MIN_WORD_SIMILARITY:
                candidates.append((similarity, i, j))
    candidates.sort(reverse=True)
    used_a, used_b, matched, weight_matched = set(), set(), 0.0, 0.0
    for similarity, i, j in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        weight = max(WEIGHT[first[i][1]], WEIGHT[second[j][1]])
        if first[i][1] == QUERY:
            weight = WEIGHT[second[j][1]]
        matched += weight * similarity
        weight_matched += weight
    left_a = [part for k, (_w, part) in enumerate(first) if k not in used_a]
    left_b = [part for k, (_w, part) in enumerate(second) if k not in used_b]
    missing = sum(WEIGHT[part] * MISSING[part] for part in left_a + left_b)
    if PATRONYMIC in left_a and PATRONYMIC in left_b:
        missing += 2 * WEIGHT[PATRONYMIC] * (OTHER_PATRONYMIC - MISSING[PATRONYMIC])
    total = weight_matched + missing
    return matched / total if total else 0.0


def best_name_similarity(first_names, second_names):
    return max(
        (name_similarity(a, b) for a in first_names for b in second_names if a and b),
        default=0.0,
    )


@dataclass
class Record:
    """What matching knows of a person: their names, year of birth, phones and documents."""

    names: list  # each a list of (word, part)
    birth_year: int | None = None
    phone_digests: set = field(default_factory=set)
    document_digests: set = field(default_factory=set)


# Years of birth further apart than this are two people (estimates are often a few years out).
YEARS_APART = 5
DUPLICATE_THRESHOLD = 0.85


def compare_records(first: Record, second: Record):
    """(score 0 to 1, reasons) for two records being one person. The reasons are codes:
    name, birth_year, phone, document; and years_apart against."""
    score = best_name_similarity(first.names, second.names)
    reasons = ["name"] if score >= 0.7 else []
    if first.birth_year and second.birth_year:
        apart = abs(first.birth_year - second.birth_year)
        if apart <= 1:
            score = min(1.0, score + 0.05)
            reasons.append("birth_year")
        elif apart > YEARS_APART:
            score *= 0.6
            reasons.append("years_apart")
    if first.document_digests & second.document_digests:
        score = max(score, 0.97)
        reasons.append("document")
    if first.phone_digests & second.phone_digests:
        score = min(1.0, max(score, 0.6) + 0.2)
        reasons.append("phone")
    return round(score, 3), reasons
