"""A synthetic, labelled set for measuring name matching: identities, pairs and queries.

Nothing here comes from a real person's record. Identities are drawn with a fixed seed from
Faker's name lists (Russian, Ukrainian, Azerbaijani, Turkish, Georgian, Uzbek) and from the
small hand-written lists in name_lists.py (Dagestan and Chechnya, Central Asia, Zimbabwe, South
Sudan). Each identity is then written the ways records really differ (spellings.py).

- `pairs`: two records each, labelled same person or not, with a category. Positives are one
  identity written two ways; negatives are two *different* people chosen to look alike
  (a father and his son, siblings, namesakes born years apart, Алиев and Алиева...).
- `corpus` and `queries`: every identity once, as it would be recorded, and search texts each
  meant to find one of them.

The same seed gives the same set (tests check it); Faker's lists are read directly, not through
Faker's random generator, so only a Faker upgrade that changes its lists changes the set.
"""

import importlib
import random
from dataclasses import dataclass, field

from matching.evaluation import name_lists, spellings

SEED = 20261206
FAMILY, GIVEN = "family", "given"

# Positive categories (same person written differently) and negative ones (different people).
POSITIVE_CATEGORIES = (
    "transliteration",
    "informal",
    "diminutive",
    "name_variant",
    "typo",
    "dropped_patronymic",
    "swapped_order",
    "birth_year",
    "turkic_latin",
    "georgian",
    "african",
    "combined",
)
NEGATIVE_CATEGORIES = (
    "father_son",
    "siblings",
    "male_female",
    "same_family",
    "same_given",
    "years_apart",
    "other_patronymic",
)
# Origins whose names are recorded in Russian Cyrillic (iuliia's systems apply to them).
CYRILLIC_ORIGINS = ("ru", "north_caucasus", "central_asia")
# How many identities of each origin the corpus starts with.
ORIGINS = {
    "ru": 300,
    "uk": 100,
    "north_caucasus": 220,
    "central_asia": 150,
    "az": 90,
    "tr": 60,
    "uz": 60,
    "ka": 60,
    "zimbabwe": 50,
    "south_sudan": 50,
}
POSITIVES_PER_CATEGORY = {
    "transliteration": 23 * 25,
    "informal": 150,
    "diminutive": 80,
    "name_variant": 80,
    "typo": 150,
    "dropped_patronymic": 100,
    "swapped_order": 100,
    "birth_year": 100,
    "turkic_latin": 150,
    "georgian": 60,
    "african": 80,
    "combined": 100,
}
NEGATIVES_PER_CATEGORY = 150
QUERIES_PER_CATEGORY = {**POSITIVES_PER_CATEGORY, "transliteration": 23 * 30, "as_recorded": 80}
UKRAINIAN_SYSTEM = "ua_passport"
# Uzbek Cyrillic letters that Russian records write with Russian ones.
_UZBEK_IN_RUSSIAN = str.maketrans("ўқғҳЎҚҒҲ", "укгхУКГХ")


@dataclass(frozen=True)
class Record:
    """One person's record as a clerk wrote it."""

    given: str
    patronymic: str
    family: str
    birth_year: int | None

    @property
    def text(self):
        return " ".join(part for part in (self.given, self.patronymic, self.family) if part)


@dataclass(frozen=True)
class Identity:
    id: str
    origin: str
    gender: str
    record: Record


@dataclass(frozen=True)
class Pair:
    first: Record
    second: Record
    same: bool
    category: str
    system: str = ""


@dataclass(frozen=True)
class Query:
    text: str
    person_id: str
    category: str
    system: str = ""


@dataclass
class EvaluationSet:
    corpus: list = field(default_factory=list)  # Identity
    pairs: list = field(default_factory=list)  # Pair
    queries: list = field(default_factory=list)  # Query


def _faker_names(locale):
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider

    def listed(name):
        return [str(value) for value in getattr(provider, name, ())]

    male_family = listed("last_names_male") or listed("last_names")
    female_family = listed("last_names_female") or listed("last_names")
    return {
        "male": listed("first_names_male"),
        "female": listed("first_names_female"),
        "male_family": male_family,
        "female_family": female_family,
        "male_patronymic": listed("middle_names_male"),
        "female_patronymic": listed("middle_names_female"),
    }


def _hand_names(lists):
    male, female, family = lists
    return {
        "male": male,
        "female": female,
        "male_family": family,
        "female_family": [female_family(name) for name in family],
        "male_patronymic": [],
        "female_patronymic": [],
    }


def _name_lists():
    return {
        "ru": _faker_names("ru_RU"),
        "uk": _faker_names("uk_UA"),
        "az": _faker_names("az_AZ"),
        "tr": _faker_names("tr_TR"),
        "ka": _faker_names("ka_GE"),
        "uz": _faker_names("uz_UZ"),
        "north_caucasus": _hand_names(name_lists.NORTH_CAUCASUS),
        "central_asia": _hand_names(name_lists.CENTRAL_ASIA),
        "zimbabwe": _hand_names(name_lists.ZIMBABWE),
        "south_sudan": _hand_names(name_lists.SOUTH_SUDAN),
    }


def female_family(name):
    """Алиев -> Алиева, Ковальский -> Ковальская; other endings stay (Шевченко, Moyo)."""
    if name.endswith(("ов", "ев", "ёв", "ин", "ын", "ov", "ev", "in")):
        return name + "а" if name[-1] in "вн" else name + "a"
    if name.endswith("ий"):
        return name[:-2] + "ая"
    return name


def patronymic_of(father_given, gender):
    """A Russian-style patronymic from the father's given name (Ибрагим -> Ибрагимович)."""
    male = gender == "male"
    if father_given.endswith("ий"):
        stem = father_given[:-2] + "ь"
        return stem + ("евич" if male else "евна")
    if father_given.endswith(("ей", "ай")):
        return father_given[:-1] + ("евич" if male else "евна")
    if father_given.endswith(("а", "я")):
        return father_given[:-1] + ("аевич" if male else "аевна")
    return father_given + ("ович" if male else "овна")


class _Builder:
    def __init__(self, seed):
        # A reproducible set, not a secret: a seeded generator is what is wanted.
        self.rng = random.Random(seed)  # noqa: S311  # nosec B311
        self.names = _name_lists()
        self.set = EvaluationSet()
        self.by_origin = {}

    # --- identities -------------------------------------------------------------------------

    def add_identity(self, origin, gender, given, patronymic, family, birth_year):
        identity = Identity(
            id=f"p{len(self.set.corpus) + 1:05d}",
            origin=origin,
            gender=gender,
            record=Record(given, patronymic, family, birth_year),
        )
        self.set.corpus.append(identity)
        self.by_origin.setdefault(origin, []).append(identity)
        return identity

    def pick(self, origin, what):
        return self.rng.choice(self.names[origin][what])

    def birth_year(self, missing_share=0.1):
        return None if self.rng.random() < missing_share else self.rng.randint(1955, 2008)

    def patronymic(self, origin, gender):
        listed = self.names[origin][f"{gender}_patronymic"]
        if origin in ("ru", "uk") and listed:
            return self.rng.choice(listed)
        if origin in ("north_caucasus", "central_asia") and self.rng.random() < 0.7:
            return patronymic_of(self.pick(origin, "male"), gender)
        return ""

    def random_identity(self, origin, gender=None, **fixed):
        gender = gender or self.rng.choice(("male", "female"))
        values = {
            "given": self.pick(origin, gender),
            "patronymic": self.patronymic(origin, gender),
            "family": self.pick(origin, f"{gender}_family"),
            "birth_year": self.birth_year(),
        }
        values.update(fixed)
        return self.add_identity(origin, gender, **values)

    def build_corpus(self):
        for origin, count in ORIGINS.items():
            for _ in range(count):
                self.random_identity(origin)

    # --- writing one identity another way ---------------------------------------------------

    def spelled(self, record, origin, system):
        """The record's names in one transliteration system (Cyrillic origins)."""

        def convert(text):
            if not text:
                return text
            if origin == "uk":
                return spellings.ukrainian_passport(text)
            if system != "uz":
                text = text.translate(_UZBEK_IN_RUSSIAN)
            return spellings.transliterate(text, system)

        return Record(
            convert(record.given),
            convert(record.patronymic),
            convert(record.family),
            record.birth_year,
        )

    def any_system(self, origin):
        if origin == "uk":
            return UKRAINIAN_SYSTEM
        return self.rng.choice(spellings.TRANSLITERATION_SYSTEMS)

    def maybe_spelled(self, identity, share=0.5):
        """The record as recorded, or (share of the time) in some transliteration system."""
        if identity.origin in (*CYRILLIC_ORIGINS, "uk") and self.rng.random() < share:
            system = self.any_system(identity.origin)
            return self.spelled(identity.record, identity.origin, system), system
        foreign = identity.origin in ("az", "tr", "uz", "ka", "zimbabwe", "south_sudan")
        if foreign and self.rng.random() < share:
            return self.foreign_spelling(identity)
        return identity.record, ""

    def foreign_spelling(self, identity):
        """A Latin-script or Georgian name written another way (Cyrillic, plain ASCII...)."""
        record, origin = identity.record, identity.origin
        if origin in ("az", "tr"):
            how = self.rng.choice(("cyrillic", "ascii", "russian_latin"))
            convert = {
                "cyrillic": spellings.turkic_to_cyrillic,
                "ascii": spellings.ascii_letters,
                "russian_latin": spellings.russian_style_latin,
            }[how]
        elif origin == "uz":
            how = self.rng.choice(("uz_cyrillic", "cyrillic", "ascii"))
            convert = {
                "uz_cyrillic": spellings.uzbek_to_cyrillic,
                "cyrillic": lambda text: spellings.uzbek_to_cyrillic(text).translate(
                    _UZBEK_IN_RUSSIAN
                ),
                "ascii": spellings.ascii_letters,
            }[how]
        elif origin == "ka":
            how = self.rng.choice(("ascii", "cyrillic"))
            convert = {
                "ascii": spellings.ascii_letters,
                "cyrillic": spellings.georgian_to_cyrillic,
            }[how]
        elif origin in ("zimbabwe", "south_sudan"):
            how = self.rng.choice(("cyrillic", "spelling"))
            convert = {
                "cyrillic": spellings.english_to_cyrillic,
                "spelling": self.african_spelling,
            }[how]
        else:
            return None
        return (
            Record(
                convert(record.given),
                convert(record.patronymic),
                convert(record.family),
                record.birth_year,
            ),
            how,
        )

    def african_spelling(self, text):
        """Another way an English-speaking clerk spells a Shona or Dinka name heard aloud:
        a long vowel doubled (Dinka writes Garaang), Nc- as Nk-, Ch- as Tsh-, y as i."""
        if not text:
            return text
        rules = [("a", "aa"), ("o", "oo"), ("e", "ei"), ("Nc", "Nk"), ("Ch", "Tsh"),
                 ("ny", "ni"), ("Ny", "Ni"), ("uo", "wo"), ("ua", "wa"), ("y", "i")]  # fmt: skip
        options = [(old, new) for old, new in rules if old in text]
        if not options:
            return text
        old, new = self.rng.choice(options)
        position = text.index(old)
        return text[:position] + new + text[position + len(old) :]

    def variant(self, identity, category, system=None):
        """(record, system) for the identity written the way the category says, or None when
        the category does not apply to this identity."""
        record, origin, rng = identity.record, identity.origin, self.rng
        cyrillic = origin in (*CYRILLIC_ORIGINS, "uk")
        if category == "transliteration":
            if not cyrillic:
                return None
            system = system or self.any_system(origin)
            if origin == "uk" and system != UKRAINIAN_SYSTEM:
                return None
            if origin != "uk" and system == UKRAINIAN_SYSTEM:
                return None
            return self.spelled(record, origin, system), system
        if category == "informal":
            if origin not in CYRILLIC_ORIGINS:
                return None
            system = rng.choice(spellings.COMMON_SYSTEMS)
            spelled = self.spelled(record, origin, system)
            part = rng.choice((GIVEN, FAMILY))
            options = spellings.informal_spellings(getattr(spelled, part))
            if not options:
                return None
            return _replace(spelled, part, rng.choice(options)), system
        if category == "diminutive":
            short = name_lists.DIMINUTIVES.get(record.given.replace("ё", "е")) or (
                name_lists.DIMINUTIVES.get(record.given)
            )
            if not short:
                return None
            given = rng.choice(short)
            changed = Record(given, "", record.family, record.birth_year)
            if rng.random() < 0.5:
                system = rng.choice(spellings.COMMON_SYSTEMS)
                return self.spelled(changed, origin, system), system
            return changed, ""
        if category == "name_variant":
            changed = _name_variant(record, rng)
            return (changed, "") if changed else None
        if category == "typo":
            base, system = self.maybe_spelled(identity)
            part = rng.choice((GIVEN, FAMILY))
            word = getattr(base, part)
            mistyped = spellings.typo(word, rng)
            if mistyped == word:
                return None
            return _replace(base, part, mistyped), system
        if category == "dropped_patronymic":
            if not record.patronymic:
                return None
            base, system = self.maybe_spelled(identity)
            return _replace(base, "patronymic", ""), system
        if category == "swapped_order":
            base, system = self.maybe_spelled(identity)
            return Record(base.family, base.patronymic, base.given, base.birth_year), system
        if category == "birth_year":
            if record.birth_year is None:
                return None
            base, system = self.maybe_spelled(identity)
            year = rng.choice((record.birth_year - 1, record.birth_year + 1, None))
            return _replace(base, "birth_year", year), system
        if category == "turkic_latin":
            if origin == "central_asia":
                return self.spelled(record, origin, "uz"), "uz"
            if origin in ("az", "tr", "uz"):
                return self.foreign_spelling(identity)
            return None
        if category == "georgian":
            return self.foreign_spelling(identity) if origin == "ka" else None
        if category == "african":
            if origin in ("zimbabwe", "south_sudan"):
                return self.foreign_spelling(identity)
            return None
        if category == "combined":
            if not cyrillic or record.birth_year is None:
                return None
            system = self.any_system(origin)
            spelled = self.spelled(record, origin, system)
            year = record.birth_year + rng.choice((-1, 1))
            return Record(spelled.given, "", spelled.family, year), system
        raise ValueError(category)

    # --- pairs and queries ------------------------------------------------------------------

    def positives(self):
        for category, wanted in POSITIVES_PER_CATEGORY.items():
            for index in range(wanted):
                identity, (record, system) = self.one_variant(category, index)
                self.set.pairs.append(Pair(identity.record, record, True, category, system))

    def one_variant(self, category, index):
        """(identity, (record, system)): a random identity the category applies to, written
        that way. Transliteration takes every system in turn, so that each is measured about
        equally often."""
        system = None
        if category == "transliteration":
            systems = (*spellings.TRANSLITERATION_SYSTEMS, UKRAINIAN_SYSTEM)
            system = systems[index % len(systems)]
        for _attempt in range(10000):
            identity = self.rng.choice(self.set.corpus)
            found = self.variant(identity, category, system)
            if found is not None and found[0] != identity.record:
                return identity, found
        raise RuntimeError(f"no identity fits {category} {system}")

    def negatives(self):
        makers = {
            "father_son": self.father_and_son,
            "siblings": self.siblings,
            "male_female": self.brother_and_sister,
            "same_family": self.same_family,
            "same_given": self.same_given,
            "years_apart": self.namesakes,
            "other_patronymic": self.cousins,
        }
        for category, make in makers.items():
            for _ in range(NEGATIVES_PER_CATEGORY):
                first, second = make()
                written, system = self.maybe_spelled(second)
                self.set.pairs.append(Pair(first.record, written, False, category, system))

    def _relatives_origin(self):
        return self.rng.choice(("ru", "north_caucasus", "north_caucasus", "central_asia"))

    def _years_of_relatives(self, first_year, second_year):
        """Both years, one of them or none: records of relatives often lack them."""
        kept = self.rng.choice(("both", "first", "second", "none"))
        return (
            first_year if kept in ("both", "first") else None,
            second_year if kept in ("both", "second") else None,
        )

    def father_and_son(self):
        """Магомед Ибрагимович Алиев and his son Ибрагим Магомедович Алиев, named after his
        grandfather."""
        origin = self._relatives_origin()
        grandfather, father_given = self.pick(origin, "male"), self.pick(origin, "male")
        while father_given == grandfather:
            father_given = self.pick(origin, "male")
        family = self.pick(origin, "male_family")
        year = self.rng.randint(1950, 1980)
        father_year, son_year = self._years_of_relatives(year, year + self.rng.randint(20, 35))
        father = self.add_identity(
            origin,
            "male",
            father_given,
            patronymic_of(grandfather, "male"),
            family,
            father_year,
        )
        son = self.add_identity(
            origin, "male", grandfather, patronymic_of(father_given, "male"), family, son_year
        )
        return father, son

    def siblings(self, gender=None, second_gender=None):
        origin = self._relatives_origin()
        gender = gender or self.rng.choice(("male", "female"))
        second_gender = second_gender or gender
        father = self.pick(origin, "male")
        family = self.pick(origin, "male_family")
        first_given = self.pick(origin, gender)
        second_given = self.pick(origin, second_gender)
        while second_given == first_given:
            second_given = self.pick(origin, second_gender)
        year = self.rng.randint(1960, 2005)
        years = self._years_of_relatives(year, year + self.rng.randint(1, 8))
        made = []
        for person_gender, given, person_year in zip(
            (gender, second_gender), (first_given, second_given), years, strict=True
        ):
            made.append(
                self.add_identity(
                    origin,
                    person_gender,
                    given,
                    patronymic_of(father, person_gender),
                    family if person_gender == "male" else female_family(family),
                    person_year,
                )
            )
        return tuple(made)

    def brother_and_sister(self):
        """Алиев and Алиева: a brother and a sister."""
        if self.rng.random() < 0.5:
            return self.siblings("male", "female")
        return self.siblings("female", "male")

    def same_family(self):
        origin = self.rng.choice((*CYRILLIC_ORIGINS, "az", "zimbabwe", "south_sudan"))
        gender = self.rng.choice(("male", "female"))
        family = self.pick(origin, f"{gender}_family")
        first = self.random_identity(origin, gender, family=family)
        second = self.random_identity(origin, gender, family=family)
        while second.record.given == first.record.given:
            second = self.random_identity(origin, gender, family=family)
        return first, second

    def same_given(self):
        origin = self.rng.choice((*CYRILLIC_ORIGINS, "az", "tr", "zimbabwe", "south_sudan"))
        gender = self.rng.choice(("male", "female"))
        given = self.pick(origin, gender)
        first = self.random_identity(origin, gender, given=given)
        second = self.random_identity(origin, gender, given=given)
        while _stem(second.record.family) == _stem(first.record.family):
            second = self.random_identity(origin, gender, given=given)
        return first, second

    def namesakes(self):
        """Two people of one common name, born more than ten years apart."""
        origin = self.rng.choice((*CYRILLIC_ORIGINS, "az", "uz"))
        gender = self.rng.choice(("male", "female"))
        first = self.random_identity(origin, gender, birth_year=self.rng.randint(1955, 1985))
        second = self.add_identity(
            origin,
            gender,
            first.record.given,
            first.record.patronymic if self.rng.random() < 0.5 else "",
            first.record.family,
            first.record.birth_year + self.rng.randint(11, 25),
        )
        return first, second

    def cousins(self):
        """Two people of one given and family name whose fathers had different names (cousins
        named after one grandfather: a common case in Dagestan), years unknown or close."""
        origin = self._relatives_origin()
        gender = self.rng.choice(("male", "female"))
        given, family = self.pick(origin, gender), self.pick(origin, f"{gender}_family")
        first_father, second_father = self.pick(origin, "male"), self.pick(origin, "male")
        while second_father[:3] == first_father[:3]:
            second_father = self.pick(origin, "male")
        year = self.rng.randint(1960, 2005)
        years = self._years_of_relatives(year, year + self.rng.randint(0, 4))
        return tuple(
            self.add_identity(
                origin, gender, given, patronymic_of(father, gender), family, person_year
            )
            for father, person_year in zip((first_father, second_father), years, strict=True)
        )

    def queries(self):
        for category, wanted in QUERIES_PER_CATEGORY.items():
            for index in range(wanted):
                if category == "as_recorded":
                    identity = self.rng.choice(self.set.corpus)
                    record, system = identity.record, ""
                else:
                    identity, (record, system) = self.one_variant(category, index)
                text = self.query_text(record, category)
                self.set.queries.append(Query(text, identity.id, category, system))

    def query_text(self, record, category):
        """What a caseworker types: the names in the written order (the swapped category puts
        the family name first), the patronymic half the time, the year a third of the time
        (always for the birth_year category when there is one)."""
        given, family = record.given, record.family
        if category == "swapped_order":
            # The record's given field holds the family name: typed as "Алиев Магомед".
            words = [given, family]
        else:
            words = [given, record.patronymic if self.rng.random() < 0.5 else "", family]
        text = " ".join(word for word in words if word)
        wants_year = category == "birth_year" or self.rng.random() < 0.33
        if record.birth_year and wants_year:
            text += f" {record.birth_year}"
        return text


def _replace(record, part, value):
    values = {
        "given": record.given,
        "patronymic": record.patronymic,
        "family": record.family,
        "birth_year": record.birth_year,
    }
    values[part] = value
    return Record(**values)


def _stem(family):
    return family.rstrip("аa")


def _name_variant(record, rng):
    """The record with its given name, or the name its family name is built on, spelled as
    another variant of the same name (Магомед/Мухаммад, Гусейнов/Хусейнов)."""
    for group in name_lists.NAME_VARIANTS:
        if record.given in group:
            others = [name for name in group if name != record.given]
            return _replace(record, GIVEN, rng.choice(others))
    for group in name_lists.NAME_VARIANTS:
        cyrillic = [name for name in group if name[0] >= "А"]
        for name in cyrillic:
            for suffix in name_lists.FAMILY_VARIANT_SUFFIXES:
                if record.family.startswith(name + suffix):
                    rest = record.family[len(name) + len(suffix) :]
                    other = rng.choice([n for n in cyrillic if n != name])
                    # Абдулла -> Абдуллаев, Гаджи -> Гаджиев, Магомед -> Магомедов.
                    suffix = "ев" if other[-1] in "аоуеиыэюяйь" else "ов"
                    return _replace(record, FAMILY, other + suffix + rest)
    return None


def build(seed=SEED):
    """The whole evaluation set for a seed (deterministic)."""
    builder = _Builder(seed)
    builder.build_corpus()
    builder.negatives()
    builder.positives()
    builder.queries()
    return builder.set
