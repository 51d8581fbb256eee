"""Possible matches shown before a person is recorded: "is this someone we already know?"

Recording a person twice splits their story over two cases, two workers and two contacts with
the same family. So before a new record is saved, the people the user may see who look like
the same person are offered, with the reasons, and the user either picks one or confirms that
none of them is the person. Need-to-know applies: only people the user may see are offered.
"""

from matching.digests import document_digest, phone_digest
from matching.names import words
from matching.scoring import FAMILY, GIVEN, PATRONYMIC, QUERY, Record
from matching.search import similar_people

# Lower than the duplicate finder's threshold: asking once too often costs a click, a missed
# match costs a second record of a person in danger.
SUGGESTION_THRESHOLD = 0.7
SHOWN = 5


def record_from(
    *,
    given_name="",
    patronymic="",
    family_name="",
    aliases=(),
    birth_year=None,
    phones=(),
    documents=(),
):
    """A Record of a person about to be recorded, from the values typed into a form."""
    recorded = [
        *((word, GIVEN) for word in words(given_name)),
        *((word, PATRONYMIC) for word in words(patronymic)),
        *((word, FAMILY) for word in words(family_name)),
    ]
    names = [recorded, *([(word, QUERY) for word in words(alias)] for alias in aliases)]
    return Record(
        names=[name for name in names if name],
        birth_year=birth_year or None,
        phone_digests={d for d in map(phone_digest, phones) if d},
        document_digests={d for d in map(document_digest, documents) if d},
    )


def suggestions_for(user, record, *, exclude=()):
    """People the user may see who may be the person in `record`, most likely first."""
    from cases.queries import people_visible_to

    if not record.names and not record.phone_digests and not record.document_digests:
        return []
    return similar_people(
        people_visible_to(user),
        record,
        exclude=exclude,
        min_score=SUGGESTION_THRESHOLD,
        limit=SHOWN,
    )
