"""A benchmark of the name search (issue 10): how long a search takes among many people.

seed() fills an empty database with synthetic, deterministic people (the same --seed gives the
same rows) and their name index, in bulk: common given names, patronymics and family names of
the countries Svoboda's partners work with, drawn from Faker's lists (a dev dependency), a few
common and many rare ones (Zipf), written in Cyrillic, Latin or Georgian as an intake would write
them; some people have an alias in another script, some a phone number, some are in cases. The
index rows are the ones matching.index would write: the same words (index.name_words_of), the
same keys (index.form_ids stores each distinct word once, with its keys).

measure() then runs queries of several kinds made from stored people, each rendered without
matching.names (iuliia's transliteration systems, anyascii, a Russian clerk's transcription),
through matching.search.search() the way a coordinator searches (cases.queries.people_visible_to)
and across all people, and says how long each took, which step took it, and whether the person
the query was made from came in the first five. Nothing here is a test: timings depend on the
machine; `svoboda bench_search` prints them and README.md records what was measured.

All names are common names from public lists; no real record is read.
"""

import contextlib
import importlib
import itertools
import math
import random
import statistics
import time
import uuid
from dataclasses import dataclass, field

import phonenumbers
from anyascii import anyascii
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

import matching.search
from accounts.models import Branch, User
from accounts.roles import Role
from cases.htcds import Gender
from cases.models import Case, Contact, Participant, Person, PersonAlias
from cases.names import search_text_for
from cases.queries import people_visible_to
from matching import names as name_keys
from matching.digests import phone_digest
from matching.index import form_ids, name_words_of
from matching.models import NameForm, NameKey, PersonName
from matching.search import MAX_CANDIDATES, matching_forms, parse, search

CHUNK = 50_000
BATCH_SIZE = 5_000
COORDINATOR_EMAIL = "bench-search@example.invalid"
# The coordinator's branch holds most people: the widest set a coordinator searches.
MAIN_BRANCH = "Bench search: main"
BRANCHES = [(MAIN_BRANCH, 0.8), ("Bench search: other", 0.2)]
# Zipf-Mandelbrot weights 1 / (rank + ZIPF_OFFSET): the commonest name of a population is 2 to 4 %
# of it (Смирнова, Анна), as in national statistics; plain Zipf over Faker's short lists would make
# it 15 to 20 %.
ZIPF_OFFSET = 15
ALIAS_SHARE = 0.1
PHONE_SHARE = 0.15
IN_CASES_SHARE = 0.1
PATRONYMIC_SHARE = 0.8
KNOWN_BIRTH_YEAR_SHARE = 0.75
TOP = 5


@dataclass(frozen=True)
class Population:
    locale: str  # Faker's person provider
    share: float
    country: str  # citizenship and phone numbers
    native_script: str  # "cyrillic", "latin" or "georgian": how Faker's list writes the names
    native_share: float  # records written as the list writes them; the rest in Latin letters


POPULATIONS = [
    Population("ru_RU", 0.40, "RU", "cyrillic", 0.8),
    Population("uk_UA", 0.12, "UA", "cyrillic", 0.7),
    Population("az_AZ", 0.10, "AZ", "latin", 0.6),
    Population("uz_UZ", 0.08, "UZ", "latin", 1.0),
    Population("ka_GE", 0.06, "GE", "georgian", 0.5),
    Population("tr_TR", 0.04, "TR", "latin", 1.0),
    Population("yo_NG", 0.04, "NG", "latin", 1.0),
    Population("ig_NG", 0.02, "NG", "latin", 1.0),
    Population("ha_NG", 0.02, "NG", "latin", 1.0),
    Population("en_KE", 0.04, "KE", "latin", 1.0),
    Population("sw", 0.03, "TZ", "latin", 1.0),
    Population("zu_ZA", 0.02, "ZA", "latin", 1.0),
    Population("tw_GH", 0.03, "GH", "latin", 1.0),
]

# Russian given names and what people call them (Саша for Александр): the diminutive queries.
DIMINUTIVES = {
    "Александр": "Саша",
    "Алексей": "Алёша",
    "Анастасия": "Настя",
    "Анна": "Аня",
    "Дмитрий": "Дима",
    "Евгений": "Женя",
    "Екатерина": "Катя",
    "Елена": "Лена",
    "Иван": "Ваня",
    "Мария": "Маша",
    "Михаил": "Миша",
    "Наталья": "Наташа",
    "Николай": "Коля",
    "Ольга": "Оля",
    "Павел": "Паша",
    "Сергей": "Серёжа",
    "Светлана": "Света",
    "Татьяна": "Таня",
    "Владимир": "Володя",
    "Юлия": "Юля",
}


class BenchRefused(Exception):
    """The database is not one the benchmark may fill or measure."""


# Names.


@dataclass
class NamePool:
    """Names of one kind (given, family...) for one population and gender, rarest last."""

    names: list
    cum_weights: list

    @classmethod
    def of(cls, names, rng):
        names = sorted({name.strip() for name in names if name and name.strip()})
        # Faker's lists are mostly alphabetical: the common names are drawn at random.
        rng.shuffle(names)
        weights = [1 / (rank + ZIPF_OFFSET) for rank in range(len(names))]
        return cls(names, list(itertools.accumulate(weights)))

    def draw(self, rng):
        return rng.choices(self.names, cum_weights=self.cum_weights)[0]


def _provider(locale):
    return importlib.import_module(f"faker.providers.person.{locale}").Provider


def _list(provider, *attributes):
    for attribute in attributes:
        names = getattr(provider, attribute, None)
        if names:
            return list(names)
    return []


def name_pools(rng):
    """{locale: {gender: {"given", "family", "patronymic": NamePool or None}}}."""
    pools = {}
    for population in POPULATIONS:
        provider = _provider(population.locale)
        pools[population.locale] = {}
        for gender, suffix in ((Gender.FEMININE, "female"), (Gender.MASCULINE, "male")):
            patronymics = _list(provider, f"middle_names_{suffix}")
            pools[population.locale][gender] = {
                "given": NamePool.of(_list(provider, f"first_names_{suffix}", "first_names"), rng),
                "family": NamePool.of(_list(provider, f"last_names_{suffix}", "last_names"), rng),
                "patronymic": NamePool.of(patronymics, rng) if patronymics else None,
            }
    return pools


# Renderings of a name in another script or system, made without matching.names, so that the
# search is measured against spellings it did not make itself.


def _iuliia_schemas():
    import iuliia

    return [iuliia.ICAO_DOC_9303, iuliia.BGN_PCGN, iuliia.GOST_7034, iuliia.WIKIPEDIA, None]


def is_cyrillic(text):
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def latin(text, rng):
    """The name in Latin letters: Cyrillic by one of several transliteration systems (passports,
    maps, libraries) or anyascii, anything else by anyascii."""
    if is_cyrillic(text):
        schema = rng.choice(_iuliia_schemas())
        if schema is not None:
            # Ukrainian letters Russian systems do not know (і, ї, є) are left to anyascii.
            text = schema.translate(text)
    return anyascii(text)


# How a Russian-speaking clerk writes a foreign name read in Latin letters (Adebisi: Адебиси).
_TURKIC_TO_CYRILLIC = {
    "ş": "ш",
    "ç": "ч",
    "ğ": "г",
    "ı": "ы",
    "ö": "ё",
    "ü": "ю",
    "ə": "а",
    "x": "х",
    "q": "г",
    "c": "дж",
}
_PAIRS_TO_CYRILLIC = [
    ("shch", "щ"),
    ("sh", "ш"),
    ("ch", "ч"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("ya", "я"),
    ("yu", "ю"),
    ("ye", "е"),
    ("yo", "ё"),
    ("ph", "ф"),
    ("th", "т"),
    ("ck", "к"),
]
_LETTERS_TO_CYRILLIC = {
    **dict(zip("abdefgiklmnoprstuvz", "абдефгиклмнопрстувз", strict=True)),
    **{"c": "к", "h": "х", "j": "дж", "q": "к", "w": "у", "x": "кс"},
}
_VOWELS = set("aeiouаеёиоуыэюя")


def cyrillic(text, *, turkic=False):
    """A name in Latin letters as a Russian speaker would write it; Cyrillic stays as it is.
    Turkic names read c as дж and x as х (Cəfər Xəlilov: Джафар Халилов)."""
    if is_cyrillic(text):
        return text
    out = []
    for word in text.lower().split():
        if turkic:
            word = "".join(_TURKIC_TO_CYRILLIC.get(ch, ch) for ch in word)
        word = "".join(ch if is_cyrillic(ch) else anyascii(ch).lower() for ch in word)
        result, i = "", 0
        while i < len(word):
            pair = next((p for p in _PAIRS_TO_CYRILLIC if word.startswith(p[0], i)), None)
            if pair:
                result += pair[1]
                i += len(pair[0])
                continue
            ch = word[i]
            if ch == "y":
                result += "й" if not result or result[-1] in _VOWELS else "и"
            else:
                result += _LETTERS_TO_CYRILLIC.get(ch, ch if is_cyrillic(ch) else "")
            i += 1
        out.append(result.capitalize())
    return " ".join(word for word in out if word)


def other_script(text, rng, population):
    """The name as someone working in the other script would write it."""
    if is_cyrillic(text):
        return latin(text, rng)
    if population.native_script == "georgian" and not text.isascii():
        return anyascii(text)
    return cyrillic(text, turkic=population.locale in ("az_AZ", "tr_TR"))


_LATIN_LETTERS = "abcdefghijklmnoprstuvyz"
_CYRILLIC_LETTERS = "абвгдежзиклмнопрстуфхцчшыя"


def typo(word, rng):
    """The word with one slip of the keyboard or the ear, never in its first letter."""
    if len(word) < 4:
        return word + word[-1]
    letters = _CYRILLIC_LETTERS if is_cyrillic(word) else _LATIN_LETTERS
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "swap", "replace", "double"])
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "replace":
        return (
            word[:i] + rng.choice([ch for ch in letters if ch != word[i].lower()]) + word[i + 1 :]
        )
    return word[: i + 1] + word[i:]


def variant(text, rng):
    """Another plain spelling of a Latin-letter name (Mohammed/Muhammad, Aliyu/Aliu)."""
    swaps = [("y", "i"), ("ou", "u"), ("ph", "f"), ("k", "c"), ("ee", "i"), ("oo", "u")]
    rng.shuffle(swaps)
    for old, new in swaps:
        if old in text:
            return text.replace(old, new, 1)
    return typo(text, rng)


# Phones.


def phone_number(country, rng):
    """A mobile number of the country, as stored (international format) and as E.164."""
    example = phonenumbers.example_number_for_type(country, phonenumbers.PhoneNumberType.MOBILE)
    national = str(example.national_number)
    keep = max(2, len(national) - 7)
    digits = national[:keep] + "".join(str(rng.randrange(10)) for _ in national[keep:])
    number = phonenumbers.PhoneNumber(
        country_code=example.country_code, national_number=int(digits)
    )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_typed_otherwise(stored):
    """The stored number as someone would type it: a Russian one with the trunk 8, others
    without spaces."""
    number = phonenumbers.parse(stored)
    if number.country_code == 7:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# Seeding.


@dataclass
class Load:
    """Seconds per step of the seeding, and what was written."""

    seconds: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)

    @contextlib.contextmanager
    def step(self, name):
        started = time.perf_counter()
        yield
        self.seconds[name] = self.seconds.get(name, 0) + time.perf_counter() - started


def seed(*, people, seed_value, out=lambda line: None):
    """Branches, a coordinator of the main one, `people` people with their name index."""
    rng = random.Random(seed_value)  # nosec B311 # noqa: S311 (seeded on purpose: the same data every run)
    load = Load()
    with load.step("setup"), transaction.atomic():
        branches = [
            Branch.objects.get_or_create(name=name, defaults={"city": name, "country": "RU"})[0]
            for name, _share in BRANCHES
        ]
        user = coordinator()
        pools = name_pools(rng)
        # rigour's data loads on first use: not part of any step below.
        name_keys.keys_of("иван")
    in_cases = seed_people(rng, pools, branches, people, load, out)
    with load.step("cases"), transaction.atomic():
        _seed_cases(rng, in_cases, user, load)
    with load.step("analyze"):
        _analyze()
    out(
        f"Seeded {people:,} people ({load.counts['person_names']:,} index rows, "
        f"{load.counts['name_forms']:,} distinct name words) in {sum(load.seconds.values()):.1f} s."
    )
    return load


def coordinator():
    """The benchmark's searcher: a coordinator of the main branch who cannot log in."""
    user, created = User.objects.get_or_create(
        email=COORDINATOR_EMAIL, defaults={"full_name": "Benchmark coordinator"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=Role.COORDINATOR.value))
        user.branches.add(Branch.objects.get(name=MAIN_BRANCH))
    return user


def _uuid(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


@dataclass
class _Person:
    """What search_text_for and name_words_of read of a person."""

    given_name: str
    patronymic: str
    family_name: str


def _draw_person(rng, pools, population):
    gender = Gender.FEMININE if rng.random() < 0.55 else Gender.MASCULINE
    pool = pools[population.locale][gender]
    given, family = pool["given"].draw(rng), pool["family"].draw(rng)
    patronymic = ""
    if pool["patronymic"] and rng.random() < PATRONYMIC_SHARE:
        patronymic = pool["patronymic"].draw(rng)
    native = [given, patronymic, family]
    if rng.random() >= population.native_share:
        # Written from a passport or heard: Latin letters, one system for the whole name.
        spelling = latin(" | ".join(native), rng).split(" | ")
    else:
        spelling = native
    alias = ""
    if rng.random() < ALIAS_SHARE:
        shown = f"{spelling[0]} {spelling[2]}"
        if spelling != native and is_cyrillic(native[0]):
            alias = f"{native[0]} {native[2]}"
        elif rng.random() < 0.6 or population.native_script != "latin":
            alias = other_script(shown, rng, population)
        else:
            alias = variant(shown, rng)
    return gender, _Person(*spelling), alias


def _birth_year(rng):
    if rng.random() >= KNOWN_BIRTH_YEAR_SHARE:
        return None
    return int(rng.triangular(1955, 2010, 1990))


class _Forms:
    """Name words seen so far, with their NameForm ids. New ones are stored by
    matching.index.form_ids, as recording a person stores them, so they get the same keys."""

    def __init__(self):
        self.ids = dict(NameForm.objects.values_list("form", "pk"))
        self.new = set()

    def note(self, word):
        if word not in self.ids:
            self.new.add(word)

    def store_new(self):
        count = len(self.new)
        if count:
            self.ids.update(form_ids(self.new))
            self.new = set()
        return count


PERSON_FIELDS = [
    "id",
    "created_at",
    "updated_at",
    "given_name",
    "patronymic",
    "family_name",
    "gender",
    "birth_year",
    "citizenship",
    "languages",
    "description",
    "search_text",
    "branch",
]


def seed_people(
    rng, pools, branches, people, load, out, *, shares=None, in_cases_share=IN_CASES_SHARE
):
    """People in chunks of CHUNK, each chunk with its aliases, phones and index rows in one
    transaction, spread over `branches` by `shares` (default: this benchmark's BRANCHES).
    Returns (branch, person id) of the people to put in cases, a share `in_cases_share` of them.
    bench.seeding (`svoboda seed_bench`) seeds its people here too."""
    populations = rng.choices(POPULATIONS, weights=[p.share for p in POPULATIONS], k=people)
    shares = shares or [share for _name, share in BRANCHES]
    branch_of = rng.choices(branches, weights=shares, k=people)
    forms = _Forms()
    in_cases = []
    now = timezone.now()
    counts = load.counts
    for start in range(0, people, CHUNK):
        person_rows, alias_rows, contact_rows, word_rows = [], [], [], []
        with load.step("generate"):
            for population, branch in zip(
                populations[start : start + CHUNK], branch_of[start : start + CHUNK], strict=True
            ):
                person_id = _uuid(rng)
                gender, person, alias = _draw_person(rng, pools, population)
                aliases = [alias] if alias else []
                person_rows.append(
                    (
                        person_id,
                        now,
                        now,
                        person.given_name,
                        person.patronymic,
                        person.family_name,
                        gender.value,
                        _birth_year(rng),
                        population.country,
                        "",
                        "",
                        search_text_for(person, aliases),
                        branch.pk,
                    )
                )
                alias_rows.extend((person_id, name) for name in aliases)
                for word, part in name_words_of(person, aliases):
                    forms.note(word)
                    word_rows.append((person_id, word, part))
                if rng.random() < PHONE_SHARE:
                    value = phone_number(population.country, rng)
                    safe = rng.random() < 0.5
                    contact_rows.append(
                        (person_id, Contact.Kind.PHONE.value, value, "", safe, phone_digest(value))
                    )
                if rng.random() < in_cases_share:
                    in_cases.append((branch, person_id))
        with transaction.atomic():
            with load.step("name_keys"):
                counts["name_forms"] = counts.get("name_forms", 0) + forms.store_new()
            with load.step("people"):
                _write(Person, PERSON_FIELDS, person_rows)
                _write(PersonAlias, ["person", "name"], alias_rows)
                _write(
                    Contact,
                    ["person", "kind", "value", "note", "is_safe", "value_digest"],
                    contact_rows,
                )
            with load.step("name_index"):
                _write(
                    PersonName,
                    ["person", "form", "part"],
                    ((person, forms.ids[word], part) for person, word, part in word_rows),
                )
        for name, rows in (
            ("people", person_rows),
            ("aliases", alias_rows),
            ("phones", contact_rows),
            ("person_names", word_rows),
        ):
            counts[name] = counts.get(name, 0) + len(rows)
        out(f"  {counts['people']:,} people written.")
    return in_cases


def _write(model, names, rows):
    """Rows of values in the order of `names`: PostgreSQL's COPY (several times faster than
    INSERTs for a million rows), bulk_create elsewhere. Encrypted fields are given in clear."""
    fields = [model._meta.get_field(name) for name in names]
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        encrypted = [i for i, f in enumerate(fields) if getattr(f, "encrypted", False)]
        sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                if encrypted:
                    row = list(row)
                    for i in encrypted:
                        row[i] = fields[i].get_prep_value(row[i])
                copy.write_row(row)
        return
    attnames = [f.attname for f in fields]
    model.objects.bulk_create(
        (model(**dict(zip(attnames, row, strict=True))) for row in rows), batch_size=BATCH_SIZE
    )


def _seed_cases(rng, in_cases, creator, load):
    """Cases of two or three people each, in the people's branch: people_visible_to reaches
    people through cases as well as through the branch."""
    by_branch = {}
    for branch, person_id in in_cases:
        by_branch.setdefault(branch, []).append(person_id)
    cases, participants = [], []
    for branch, person_ids in by_branch.items():
        i = 0
        while i < len(person_ids):
            size = rng.choice([2, 2, 3])
            case = Case(id=_uuid(rng), title=f"Synthetic case {len(cases) + 1}", branch=branch)
            case.created_by = creator
            cases.append(case)
            participants.extend(
                (case.pk, person_id, Participant.Role.VICTIM.value, timezone.now())
                for person_id in person_ids[i : i + size]
            )
            i += size
    Case.objects.bulk_create(cases, batch_size=BATCH_SIZE)
    _write(Participant, ["case", "person", "role", "added_at"], participants)
    load.counts["cases"] = len(cases)
    load.counts["people_in_cases"] = len(participants)


def _analyze():
    """Planner statistics and the visibility map, as autovacuum would have left them."""
    if connection.vendor != "postgresql":
        return
    models = [Person, PersonAlias, Contact, Case, Participant, NameForm, NameKey, PersonName]
    with connection.cursor() as cursor:
        for model in models:
            # VACUUM also marks the pages all-visible (index-only scans), but cannot run inside
            # a transaction (the smoke test runs in one).
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f"{verb} {connection.ops.quote_name(model._meta.db_table)}")


# Queries.


@dataclass(frozen=True)
class Probe:
    """One query, made from one stored person (`target`); recall is not counted for kinds where
    many people are equally right (a surname alone)."""

    kind: str
    text: str
    target: object
    counts_for_recall: bool = True


KINDS = [
    "transliterated",
    "family_first",
    "typo",
    "diminutive",
    "name_and_year",
    "surname",
    "phone",
]


def probes(count, seed_value):
    """`count` queries, as many of each kind as can be made, made from people of the main
    branch in the order of their ids (random, but the same for the same seed)."""
    rng = random.Random(seed_value)  # nosec B311 # noqa: S311 (seeded on purpose)
    branch = Branch.objects.filter(name=MAIN_BRANCH).first()
    if branch is None:
        raise BenchRefused("The database holds no benchmark people: seed it first.")
    per_kind = {
        kind: count // len(KINDS) + (i < count % len(KINDS)) for i, kind in enumerate(KINDS)
    }
    population_of = {p.country: p for p in POPULATIONS}
    people = list(
        Person.objects.filter(branch=branch, merged_into__isnull=True)
        .exclude(family_name="")
        .exclude(given_name="")
        .order_by("pk")[: max(count, 1) * 2]
    )
    if not people:
        raise BenchRefused("The main benchmark branch holds nobody.")
    made = []
    for kind in KINDS:
        wanted = per_kind[kind]
        if kind == "phone":
            made += _phone_probes(branch, wanted)
            continue
        if kind == "diminutive":
            candidates = list(
                Person.objects.filter(branch=branch, given_name__in=DIMINUTIVES)
                .exclude(family_name="")
                .order_by("pk")[:wanted]
            )
        else:
            candidates = rng.sample(people, min(wanted, len(people)))
        for person in candidates:
            population = population_of.get(person.citizenship[0].code if person.citizenship else "")
            made.append(_probe(kind, person, rng, population or POPULATIONS[0]))
    return made


def _probe(kind, person, rng, population):
    given, family = person.given_name, person.family_name
    if kind == "transliterated":
        return Probe(kind, other_script(f"{given} {family}", rng, population), person)
    if kind == "family_first":
        return Probe(kind, " ".join(w for w in (family, given, person.patronymic) if w), person)
    if kind == "typo":
        if len(family) >= len(given):
            family = typo(family, rng)
        else:
            given = typo(given, rng)
        return Probe(kind, f"{given} {family}", person)
    if kind == "diminutive":
        short = DIMINUTIVES[given]
        text = f"{short} {family}"
        return Probe(kind, latin(text, rng) if rng.random() < 0.3 else text, person)
    if kind == "name_and_year":
        year = person.birth_year or rng.randrange(1960, 2005)
        return Probe(kind, f"{given} {family} {year}", person)
    if kind == "surname":
        return Probe(kind, family, person, counts_for_recall=False)
    raise ValueError(kind)


def _phone_probes(branch, wanted):
    contacts = (
        Contact.objects.filter(person__branch=branch, kind=Contact.Kind.PHONE)
        .select_related("person")
        .order_by("person_id", "pk")[:wanted]
    )
    return [Probe("phone", phone_typed_otherwise(c.value), c.person) for c in contacts]


# Measuring.


@dataclass
class Result:
    probe: Probe
    visible_seconds: float
    all_seconds: float
    stages: dict
    queries: int
    found: int
    rank: int | None  # of the target among the coordinator's results, from 1; namesakes with the
    # same score count as ahead of it only when they scored higher (ties are equally right)
    outside: int  # results the coordinator may not see (must be 0)
    floor_seconds: float | None = None


class _Stages:
    """Times matching_forms and candidate_ids inside search(), by wrapping them in
    matching.search for the duration of the measurement (search.py itself is not changed)."""

    def __init__(self):
        self.forms = self.candidates = 0.0

    @contextlib.contextmanager
    def installed(self):
        original_forms, original_candidates = (
            matching.search.matching_forms,
            matching.search.candidate_ids,
        )

        def forms(word):
            started = time.perf_counter()
            try:
                return original_forms(word)
            finally:
                self.forms += time.perf_counter() - started

        def candidates(people, words):
            started = time.perf_counter()
            try:
                return original_candidates(people, words)
            finally:
                self.candidates += time.perf_counter() - started

        matching.search.matching_forms, matching.search.candidate_ids = forms, candidates
        try:
            yield self
        finally:
            matching.search.matching_forms = original_forms
            matching.search.candidate_ids = original_candidates

    def reset(self):
        self.forms = self.candidates = 0.0


def measure(*, queries, seed_value, warmup=3, out=lambda line: None):
    user = coordinator()
    made = probes(queries, seed_value)
    visible_ids = set()  # filled lazily below for the check that nothing outside shows
    branch = Branch.objects.get(name=MAIN_BRANCH)
    for probe in made[:warmup]:
        search(people_visible_to(user), probe.text)
        search(Person.objects.all(), probe.text)
    # The key caches now hold every stored word (the seeding computed them): a server process
    # meets most query words for the first time.
    name_keys.skeletons.cache_clear()
    name_keys.analysed.cache_clear()
    stages = _Stages()
    results = []
    with stages.installed():
        for i, probe in enumerate(made):
            # Alternate which search runs first, so that neither always finds the pages cached.
            order = ("visible", "all") if i % 2 == 0 else ("all", "visible")
            timed = {}
            for which in order:
                qs = people_visible_to(user) if which == "visible" else Person.objects.all()
                stages.reset()
                executed = []
                with connection.execute_wrapper(
                    lambda execute, *args, executed=executed: executed.append(1) or execute(*args)
                ):
                    started = time.perf_counter()
                    matches = search(qs, probe.text)
                    timed[which] = time.perf_counter() - started
                if which == "visible":
                    found, count, stage = (
                        matches,
                        len(executed),
                        {
                            "forms": stages.forms,
                            "candidates": stages.candidates - stages.forms,
                            "rest": timed[which] - stages.candidates,
                        },
                    )
            ids = [m.person.pk for m in found]
            rank = _rank(found, probe.target.pk)
            outside = _outside(ids, branch, visible_ids)
            results.append(
                Result(
                    probe,
                    timed["visible"],
                    timed["all"],
                    stage,
                    count,
                    len(found),
                    rank,
                    outside,
                    floor_seconds=_floor(probe.text, branch),
                )
            )
    out(f"Measured {len(results)} queries.")
    return results


def _rank(matches, target_pk):
    """1 + how many results scored higher than the target; None when it was not found. At a
    million people a name is often shared: the namesakes' order among equal scores is arbitrary,
    and the target is as well found third of six equal "Анна Смирнова" as first."""
    scores = {m.person.pk: m.score for m in matches}
    if target_pk not in scores:
        return None
    return 1 + sum(1 for m in matches if m.score > scores[target_pk])


def _outside(ids, branch, cache):
    """How many of the results the coordinator may not see: people of another branch not in
    a case of the main branch."""
    unknown = [pk for pk in ids if pk not in cache]
    if unknown:
        visible = people_visible_to(coordinator()).filter(pk__in=unknown)
        cache.update(visible.values_list("pk", flat=True))
    return sum(1 for pk in ids if pk not in cache)


def _floor(text, branch):
    """The candidate rows of a name query fetched by one hand-written SQL query, with the
    matching words already known: the least the candidate step could cost. The main branch's
    people stand for the coordinator's (their cases are in their own branch). PostgreSQL only."""
    query = parse(text)
    if connection.vendor != "postgresql" or not query.words:
        return None
    per_word = [list(matching_forms(word)) for word in query.words]
    every = sorted(set().union(*per_word))
    if not every:
        return None
    which_word = " ".join(f"WHEN pn.form_id = ANY(%s) THEN {i}" for i in range(len(per_word)))
    matched = f"COUNT(DISTINCT CASE {which_word} END)"
    # As candidate_ids: people matching two query words at least (or all of a shorter query).
    sql = f"""
        SELECT pn.person_id, {matched} AS matched
        FROM matching_personname pn JOIN cases_person p ON p.id = pn.person_id
        WHERE pn.form_id = ANY(%s) AND p.branch_id = %s AND p.merged_into_id IS NULL
        GROUP BY pn.person_id HAVING {matched} >= %s ORDER BY matched DESC LIMIT %s
    """  # nosec B608 # noqa: S608 (only numbers are formatted in; values are parameters)
    wanted = min(2, len(per_word))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, [*per_word, every, branch.pk, *per_word, wanted, MAX_CANDIDATES])
        cursor.fetchall()
    return time.perf_counter() - started


# Reporting.


def _ms(seconds):
    return round(seconds * 1000, 1)


def _p95(values):
    """Nearest rank: the smallest value at least 95 % of the runs did not exceed."""
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def _times(values):
    if not values:
        return {"p50_ms": None, "p95_ms": None, "max_ms": None}
    return {
        "p50_ms": _ms(statistics.median(values)),
        "p95_ms": _ms(_p95(values)),
        "max_ms": _ms(max(values)),
    }


def _summary(results):
    counted = [r for r in results if r.probe.counts_for_recall]
    floors = [r.floor_seconds for r in results if r.floor_seconds is not None]
    return {
        "queries": len(results),
        "coordinator": _times([r.visible_seconds for r in results]),
        "all_people": _times([r.all_seconds for r in results]),
        "stages_p50_ms": {
            stage: _ms(statistics.median(r.stages[stage] for r in results)) if results else None
            for stage in ("forms", "candidates", "rest")
        },
        "floor": _times(floors),
        "database_queries_max": max((r.queries for r in results), default=None),
        "results_median": statistics.median(r.found for r in results) if results else None,
        "recall_at_5": (
            round(sum(1 for r in counted if r.rank and r.rank <= TOP) / len(counted), 3)
            if counted
            else None
        ),
        "outside_need_to_know": sum(r.outside for r in results),
    }


def data_summary():
    branch = Branch.objects.filter(name=MAIN_BRANCH).first()
    user = coordinator() if branch else None
    return {
        "people": Person.objects.count(),
        "visible_to_coordinator": people_visible_to(user).count() if user else 0,
        "aliases": PersonAlias.objects.count(),
        "phones": Contact.objects.filter(kind=Contact.Kind.PHONE).count(),
        "cases": Case.objects.count(),
        "name_forms": NameForm.objects.count(),
        "name_keys": NameKey.objects.count(),
        "person_names": PersonName.objects.count(),
    }


def relation_sizes():
    """Bytes of the tables the search reads and of each of their indexes (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return {}
    tables = [m._meta.db_table for m in (Person, PersonName, NameForm, NameKey, Contact)]
    sizes = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute("SELECT pg_relation_size(%s::regclass)", [table])
            sizes[table] = cursor.fetchone()[0]
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index "
                "WHERE indrelid = %s::regclass ORDER BY 1",
                [table],
            )
            sizes.update(dict(cursor.fetchall()))
    return sizes


def as_dict(results, *, data, load, machine, settings):
    """The result with stable keys, for JSON."""
    return {
        "benchmark": "search",
        "measured_at": timezone.now().isoformat(timespec="seconds"),
        "machine": machine,
        "data": data,
        "load_seconds": {k: round(v, 1) for k, v in load.seconds.items()} if load else None,
        "relation_bytes": relation_sizes(),
        "settings": settings,
        "overall": _summary(results),
        "kinds": {
            kind: _summary([r for r in results if r.probe.kind == kind])
            for kind in KINDS
            if any(r.probe.kind == kind for r in results)
        },
        "slowest": [
            {"kind": r.probe.kind, "text": r.probe.text, "coordinator_ms": _ms(r.visible_seconds)}
            for r in sorted(results, key=lambda r: -r.visible_seconds)[:5]
        ],
        # For whoever tunes the matching: queries whose person did not come in the first five.
        "missed": [
            {
                "kind": r.probe.kind,
                "text": r.probe.text,
                "person": r.probe.target.full_name,
                "rank": r.rank,
            }
            for r in results
            if r.probe.counts_for_recall and not (r.rank and r.rank <= TOP)
        ][:20],
    }


def markdown(results):
    lines = [
        "| Kind | Queries | p50 | p95 | max | p95, all people | Floor p95 | Recall@5 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    rows = [(kind, [r for r in results if r.probe.kind == kind]) for kind in KINDS]
    for kind, chosen in [*rows, ("overall", results)]:
        if not chosen:
            continue
        s = _summary(chosen)
        recall = "—" if s["recall_at_5"] is None else f"{s['recall_at_5']:.0%}"
        floor = "—" if s["floor"]["p95_ms"] is None else f"{s['floor']['p95_ms']} ms"
        lines.append(
            f"| {kind} | {s['queries']} | {s['coordinator']['p50_ms']} ms "
            f"| {s['coordinator']['p95_ms']} ms | {s['coordinator']['max_ms']} ms "
            f"| {s['all_people']['p95_ms']} ms | {floor} | {recall} |"
        )
    return "\n".join(lines)
