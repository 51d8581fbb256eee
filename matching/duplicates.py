"""Finding records that may be one person, and keeping them for a coordinator's review.

find_duplicate_pairs() compares every person of a set with the people of the same set who look
alike (matching.search.similar_people, which reads the name index, phones and documents); each
pair is reported once, best first. record_pairs() stores them as DuplicatePair rows for the
review pages (matching.views_duplicates): a pair a coordinator said is not one person stays
dismissed whatever its score becomes, and a pair already waiting only gets its new score.

The set is the caller's: the command (`svoboda find_duplicates`) passes every person or one
branch's people; nothing here decides who may see what, since the review pages show a pair
only to a user who may see both records.
"""

from django.db import transaction
from django.db.models import Q

from matching.models import DuplicatePair
from matching.search import record_of, similar_people

# How many look-alikes of one person are considered: more than this many records of one human
# being is not a duplicate problem the review list can solve one pair at a time.
LOOK_ALIKES_PER_PERSON = 20


def find_duplicate_pairs(people, min_score=None):
    """[(person_a, person_b, score, reasons)] for the records of `people` (a queryset) that may
    be one person, each pair once, best first; person_a is the one whose pk sorts first."""
    people = people.filter(merged_into__isnull=True)
    found = {}
    for person in people.prefetch_related("aliases", "contacts", "documents").iterator(
        chunk_size=500
    ):
        matches = similar_people(
            people,
            record_of(person),
            exclude=[person.pk],
            min_score=min_score,
            limit=LOOK_ALIKES_PER_PERSON,
        )
        for match in matches:
            first, second = sorted((person, match.person), key=lambda p: str(p.pk))
            key = (str(first.pk), str(second.pk))
            if key not in found or found[key][2] < match.score:
                found[key] = (first, second, match.score, list(match.reasons))
    return sorted(found.values(), key=lambda pair: (-pair[2], str(pair[0].pk), str(pair[1].pk)))


def ordered(person_a, person_b):
    """The two people in the order a DuplicatePair stores them (pk as a string, smaller first)."""
    return tuple(sorted((person_a, person_b), key=lambda p: str(p.pk)))


@transaction.atomic
def record_pairs(pairs):
    """Store found pairs for review. Returns (new, updated, left as dismissed or merged) counts.

    A new pair is OPEN; an OPEN pair gets the new score and reasons; a DISMISSED pair stays
    dismissed (a coordinator decided it) and a MERGED one stays as it is."""
    counts = {"new": 0, "updated": 0, "decided": 0}
    for person_a, person_b, score, reasons in pairs:
        first, second = ordered(person_a, person_b)
        pair = DuplicatePair.objects.select_for_update().filter(first=first, second=second).first()
        if pair is None:
            DuplicatePair.objects.create(first=first, second=second, score=score, reasons=reasons)
            counts["new"] += 1
        elif pair.status == DuplicatePair.Status.OPEN:
            if pair.score != score or pair.reasons != reasons:
                pair.score, pair.reasons = score, reasons
                pair.save(update_fields=["score", "reasons"])
            counts["updated"] += 1
        else:
            counts["decided"] += 1
    return counts


def pairs_of(person):
    """Every stored pair the person is in."""
    return DuplicatePair.objects.filter(Q(first=person) | Q(second=person))
