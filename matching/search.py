"""Finding people by any spelling of their names, by phone or by document number.

The caller passes the people the user may see (cases.queries.people_visible_to, then any
filters): nothing here widens that set, so need-to-know applies to results, counts and
suggestions alike.

A search runs in three steps:
1. each word of the query is looked up by its keys (matching.names) among the distinct words
   of all names, and the words close enough to it are kept;
2. the people who have those words are counted in SQL, by how many words of the query they
   match, best first, at most MAX_CANDIDATES of them;
3. those are scored in Python (matching.scoring) and ranked.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, When
from django.utils import timezone

from matching.digests import document_digest, normal_document, normal_phone, phone_digest
from matching.index import stored_keys
from matching.models import NameKey, PersonName
from matching.names import keys_of, words
from matching.prefixes import begins, query_prefix_keys
from matching.scoring import (
    ALIAS,
    FAMILY,
    GIVEN,
    PATRONYMIC,
    QUERY,
    YEARS_APART,
    Record,
    best_name_similarity,
    word_similarity,
)

MAX_CANDIDATES = 500
# People counted by matched words before need-to-know is applied, and checked this many at once.
MAX_COUNTED = 20_000
VISIBILITY_PAGE = 2_000
MAX_FORMS_PER_WORD = 200
MAX_QUERY_WORDS = 6
MAX_NAMES_LOOKED_UP = 10
# Below this a person is not shown at all: they share little more than one common word.
MIN_SCORE = 0.45
# A query word that is only the beginning of a stored word: a match, ranked below whole words.
PREFIX_SIMILARITY = 0.7
PREFIX_PENALTY = 0.9
_PHONE_LIKE = re.compile(r"^\+?[\d\s().\-]{6,}$")


@dataclass
class Query:
    text: str
    words: list = field(default_factory=list)
    birth_year: int | None = None
    phone_digest: str = ""
    document_digest: str = ""

    @property
    def is_empty(self):
        return not (self.words or self.phone_digest or self.document_digest)


def parse(text):
    """Name words, a year of birth, a phone or a document number, from what was typed."""
    text = (text or "").strip()[:300]
    query = Query(text=text)
    if _PHONE_LIKE.match(text) and normal_phone(text):
        query.phone_digest = phone_digest(text)
        query.document_digest = document_digest(text)
        return query
    this_year = timezone.localdate().year
    for word in words(text):
        if word.isdigit() and len(word) == 4 and 1900 <= int(word) <= this_year:
            query.birth_year = int(word)
        elif any(ch.isdigit() for ch in word):
            # "АВ123456", "4507-123456": a document number (separators were split off by words).
            query.document_digest = document_digest(_document_part(text))
        elif len(query.words) < MAX_QUERY_WORDS:
            query.words.append(word)
    return query


def _document_part(text):
    """The part of the query that holds the number: every token with a digit, and letters right
    before it (a series), without the year of birth."""
    tokens = text.split()
    kept = [t for t in tokens if any(ch.isdigit() for ch in t) and not _is_year(t)]
    if not kept:
        return ""
    first = tokens.index(kept[0])
    if first > 0 and tokens[first - 1].isalpha() and len(tokens[first - 1]) <= 3:
        kept.insert(0, tokens[first - 1])
    return "".join(kept) if normal_document("".join(kept)) else ""


def _is_year(token):
    return token.isdigit() and len(token) == 4 and 1900 <= int(token) <= timezone.localdate().year


@dataclass
class Match:
    person: object
    score: float
    reasons: list
    # Set by a case page: the person is in that case already.
    in_case: bool = False


def matching_forms(word):
    """{form id: similarity} of the stored words close enough to one query word."""
    keys = stored_keys(keys_of(word) | query_prefix_keys(word))
    rows = NameKey.objects.filter(key__in=keys).values_list("form_id", "form__form")
    scored = {}
    for form_id, form in set(rows):
        similarity = word_similarity(word, form)
        if begins(word, form):
            similarity = max(similarity, PREFIX_SIMILARITY)
        if similarity >= 0.6:
            scored[form_id] = similarity
    best = sorted(scored.items(), key=lambda item: -item[1])[:MAX_FORMS_PER_WORD]
    return dict(best)


def candidate_ids(people, query_words):
    """Ids of the people (a queryset) who match the most query words, most first."""
    per_word = [matching_forms(word) for word in query_words]
    # A stored word close to several query words ("abdurakhman" begins "Abdurakhmanov" too)
    # counts for the one it is closest to.
    best_word = {}
    for index, forms in enumerate(per_word):
        for form, similarity in forms.items():
            if form not in best_word or similarity > best_word[form][1]:
                best_word[form] = (index, similarity)
    if not best_word:
        return []
    by_word = {}
    for form, (index, _similarity) in best_word.items():
        by_word.setdefault(index, []).append(form)
    which_word = Case(
        *(When(form_id__in=forms, then=index) for index, forms in sorted(by_word.items())),
        output_field=IntegerField(),
    )
    counted = (
        PersonName.objects.filter(form_id__in=list(best_word))
        .values("person")
        .annotate(matched=Count(which_word, distinct=True))
    )
    wanted = min(2, len(query_words))
    # Two words of a longer query must match: "Иван Алиев" does not find Магомед Алиев (whose
    # alias "Aliev" is a second stored word for the same query word, and counts once).
    ranked = counted.filter(matched__gte=wanted).order_by("-matched", "person")
    # Counted over the index alone (an index-only scan), then kept if the user may see them, a
    # page at a time: joined in one query, the planner cannot tell how few people match two
    # words and reads the whole people table (README, "Performance of the search").
    candidates = []
    rows = [row["person"] for row in ranked[:MAX_COUNTED]]
    for start in range(0, len(rows), VISIBILITY_PAGE):
        page = rows[start : start + VISIBILITY_PAGE]
        visible = set(people.filter(pk__in=page).values_list("pk", flat=True))
        candidates.extend(pk for pk in page if pk in visible)
        if len(candidates) >= MAX_CANDIDATES:
            break
    if len(rows) == MAX_COUNTED and len(candidates) < MAX_CANDIDATES:
        # Very common words and a user who sees few of their bearers: ask the database to
        # join after all, slower but complete.
        joined = ranked.filter(person__in=people)[:MAX_CANDIDATES]
        candidates = [row["person"] for row in joined]
    return candidates[:MAX_CANDIDATES]


def names_of(person, aliases):
    """The person's names as matching.scoring reads them: the recorded one, then each alias."""
    recorded = [
        *((word, GIVEN) for word in words(person.given_name)),
        *((word, PATRONYMIC) for word in words(person.patronymic)),
        *((word, FAMILY) for word in words(person.family_name)),
    ]
    return [recorded, *([(word, ALIAS) for word in words(alias)] for alias in aliases)]


def record_of(person, aliases=None, contacts=None, documents=None):
    """A Record of a stored person (aliases, contacts and documents read unless given)."""
    if aliases is None:
        aliases = [alias.name for alias in person.aliases.all()]
    if contacts is None:
        contacts = person.contacts.all()
    if documents is None:
        documents = person.documents.all()
    return Record(
        names=names_of(person, aliases),
        birth_year=person.birth_year,
        phone_digests={c.value_digest for c in contacts if c.value_digest},
        document_digests={d.number_digest for d in documents if d.number_digest},
    )


def search(people, text):
    """The people (a queryset already limited to what the user may see) matching the query,
    best first, as Match objects."""
    query = parse(text) if isinstance(text, str) else text
    if query.is_empty:
        return []
    people = people.filter(merged_into__isnull=True)
    found = {}
    if query.phone_digest or query.document_digest:
        for person in _by_numbers(people, query).prefetch_related("contacts", "documents"):
            found[person.pk] = Match(person, 1.0, _number_reasons(person, query))
    if query.words:
        ids = candidate_ids(people, query.words)
        query_name = [(word, QUERY) for word in query.words]
        for person in people.filter(pk__in=ids).prefetch_related("aliases"):
            names = names_of(person, [alias.name for alias in person.aliases.all()])
            score = _name_score(query_name, names)
            if person.pk in found:
                found[person.pk].score = 1.0 + score
                found[person.pk].reasons.append("name")
            elif score >= MIN_SCORE:
                found[person.pk] = Match(person, score, ["name"])
    matches = list(found.values())
    if query.birth_year:
        matches = [m for m in matches if _year_fits(m, query.birth_year)]
    matches.sort(key=lambda m: (-m.score, m.person.family_name, m.person.given_name, m.person.pk))
    return matches


def _name_score(query_name, names):
    """The query against the person's names, a word typed only in part ("ал", "Magom") read as
    the stored word it begins, at a small cost."""
    stored = {word for name in names for word, _part in name}
    completed, shortened = [], False
    for word, part in query_name:
        if word not in stored and not any(word_similarity(word, s) >= 0.9 for s in stored):
            whole = sorted(s for s in stored if begins(word, s))
            if whole:
                word, shortened = whole[0], True
        completed.append((word, part))
    score = best_name_similarity([completed], names)
    return score * PREFIX_PENALTY if shortened else score


def _year_fits(match, year):
    if match.person.birth_year is None:
        return True
    apart = abs(match.person.birth_year - year)
    if apart > YEARS_APART:
        return False
    if apart <= 1:
        match.reasons.append("birth_year")
    else:
        match.score -= 0.01 * apart
    return True


def _by_numbers(people, query):
    # The digest's own index first, then the people by primary key: an OR across two joined
    # tables would read every person.
    from cases.models import Contact, IdentityDocument

    ids = set()
    if query.phone_digest:
        ids.update(
            Contact.objects.filter(value_digest=query.phone_digest).values_list(
                "person_id", flat=True
            )
        )
    if query.document_digest:
        ids.update(
            IdentityDocument.objects.filter(number_digest=query.document_digest).values_list(
                "person_id", flat=True
            )
        )
    return people.filter(pk__in=ids) if ids else people.none()


def _number_reasons(person, query):
    reasons = []
    if query.phone_digest and any(
        c.value_digest == query.phone_digest for c in person.contacts.all()
    ):
        reasons.append("phone")
    if query.document_digest and any(
        d.number_digest == query.document_digest for d in person.documents.all()
    ):
        reasons.append("document")
    return reasons


def similar_people(people, record: Record, *, exclude=(), min_score=None, limit=10):
    """Stored people (within `people`) who may be the same person as the record, best first:
    for suggestions before a person is recorded and for the duplicate finder."""
    from matching.scoring import DUPLICATE_THRESHOLD, compare_records

    threshold = DUPLICATE_THRESHOLD if min_score is None else min_score
    people = people.filter(merged_into__isnull=True).exclude(pk__in=list(exclude))
    ids = set()
    # The recorded name and the first other names: each costs a search, and a form may carry
    # hundreds of other names.
    for name in record.names[:MAX_NAMES_LOOKED_UP]:
        name_words = [word for word, _part in name][:MAX_QUERY_WORDS]
        if name_words:
            ids.update(candidate_ids(people, name_words))
    numbers = Query(text="")
    for digest in record.phone_digests:
        numbers.phone_digest = digest
        ids.update(p.pk for p in _by_numbers(people, numbers))
    numbers.phone_digest = ""
    for digest in record.document_digests:
        numbers.document_digest = digest
        ids.update(p.pk for p in _by_numbers(people, numbers))
    if not ids:
        return []
    found = []
    candidates = (
        people.filter(pk__in=ids)
        .select_related("branch")
        .prefetch_related("aliases", "contacts", "documents")
    )
    for person in candidates:
        score, reasons = compare_records(record, record_of(person))
        if score >= threshold:
            found.append(Match(person, score, reasons))
    found.sort(key=lambda m: (-m.score, str(m.person.pk)))
    return found[:limit]
