"""The check a rescue report goes through before it may be published.

Two kinds of result:

- Blockers: people of the operation who may not be mentioned in public (no consent in force,
  or it was withdrawn; assistance.queries.may_mention_in_public). While there is one, the report
  cannot be published, whatever an editor confirms. Blockers never name anyone: the editor
  may not see the case, and the page they read it on is not the place for it.
- Findings: passages of the report's text (and of its address, tags and pictures'
  descriptions, which the public page shows too) that look like personal data: the names of
  people in the operation's cases (in any letter case, Cyrillic or Latin, with Russian
  endings), their phone numbers, document numbers, email and street addresses, the
  operation's own address, the addresses of the branch's shelters, and anything shaped like a
  phone number, a document number, an email address, a street address or map coordinates.
  Each finding quotes only the report's own words. Which words are flagged is still a signal:
  an editor without access to the cases could type guessed names or numbers into a draft to
  learn which belong to the operation's people. Every check is audited with its number of
  findings and every saved text is kept as a revision, so such probing leaves a trail; keeping
  the editor role to trusted people is the real protection.

Findings can be false alarms ("Вера" is a name and a word), so an editor reads them and
confirms the anonymisation; the confirmation holds for the text they read (`fingerprint`),
and any change to the text asks for it again.
"""

import hashlib
import re
from dataclasses import dataclass

from anyascii import anyascii
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assistance.queries import may_mention_in_public
from cases.models import Contact, IdentityDocument, Participant, Person, PersonAlias
from operations.models import RescuedPerson
from shelters.models import ShelterAddress

# The report's fields a reader sees, in the order the check reports them.
CHECKED_FIELDS = ("title", "summary", "body")

# Every pattern here runs over up to 100,000 characters an editor typed, at each view of the
# report: none may backtrack more than linearly. A run of characters that may start a match is
# entered only at its first character (the look-behinds), and no two neighbouring repeats can
# take the same characters (`\s*№?\s*` would try every split of a run of spaces).
WORD = re.compile(r"[^\W_]+(?:['’ʼʻ`-][^\W_]+)*")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A run of digits with the separators phone numbers are written with.
NUMBER_RUN = re.compile(r"\+?\(?\d[\d\s().‐‑–-]{5,}\d")
# Letters and digits together, as in passport and visa numbers: AB1234567, 45 12 345678.
DOCUMENT_LIKE = re.compile(r"\b[^\W\d_]{1,3}[ №#-]?\d{6,10}\b")
COORDINATES = re.compile(r"-?\d{1,3}\.\d{3,}\s*[,;]\s*-?\d{1,3}\.\d{3,}")
STREET = re.compile(
    r"(?<!\w)(?:ул\.|улиц[аеыу]|пр-т|проспект\w*|пер\.|переул\w+|ш\.|шоссе|наб\.|бульвар\w*"
    r"|мкр\.?|микрорайон\w*|кв\.|квартир[аеуы])\s*[\w«\"]"
    r"|(?<!\w)(?:д\.|дом)\s*(?:№\s*)?\d"
    r"|\b\d+[a-z]?\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive)\b"
    r"|\b(?:apartment|apt\.|flat)\s*\d",
    re.IGNORECASE,
)
# Seven digits is the shortest local phone number; fewer is a year, a date or a count.
PHONE_DIGITS = 9
# Names are compared as skeletons: in Latin letters (anyascii), without apostrophes, with the
# spellings that vary between transliterations made one (Yulia, Julia, Iuliia; Khasan, Hasan;
# Alexei, Aleksey; Fyodor, Fedor; Dmitry, Dmitriy), in this order.
SPELLINGS = (
    ("dzh", "j"),
    ("j", "y"),
    ("kh", "h"),
    ("x", "ks"),
    ("yo", "e"),
    ("ye", "e"),
    ("y", "i"),
)
VOWELS = "aeiou"
# What Russian adds to a name's stem (the name without its final vowels), as a skeleton: Марии
# (mar-i), Марией (mar-iei), Ивановым (ivanov-im), Ивановых (ivanov-ih), Жуковского
# (zhukovsk-ogo), Жуковскому (zhukovsk-omu). Anything else after the stem is another word:
# Марина, марта, Ивановка.
ENDING = re.compile(r"[aeiou]{0,3}(?:m|h|go|mu)?[aeiou]?")
ENDING_LETTERS = 4
# A name whose stem is shorter than this, or with fewer than three letters, is matched only as
# a whole word: Ли, Ия.
STEM_MIN = 2
# Stems whose vowel drops out when the name takes an ending: Павел -> Павла, Лев -> Льва.
FLEETING_VOWEL = ("el", "ev", "ek", "ok")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@dataclass(frozen=True)
class Finding:
    field: str
    text: str
    reason: str

    @property
    def field_label(self):
        return FIELD_LABELS[self.field]

    @property
    def reason_label(self):
        return REASONS[self.reason]


@dataclass(frozen=True)
class Blocker:
    message: str


@dataclass
class Check:
    findings: list
    blockers: list
    people_checked: int

    @property
    def may_publish(self):
        return not self.blockers


FIELD_LABELS = {
    "title": _("Title"),
    "summary": _("Summary"),
    "body": _("Text"),
    "slug": _("Address"),
    "tags": _("Tags"),
    "images": _("Picture descriptions"),
}
REASONS = {
    "name": _("the name of a person in the operation's cases"),
    "phone": _("looks like a phone number"),
    "known_phone": _("a phone number of a person in the operation's cases"),
    "document": _("looks like a document number"),
    "known_document": _("a document number of a person in the operation's cases"),
    "email": _("an email address"),
    "known_email": _("an email address of a person in the operation's cases"),
    "address": _("looks like a street address"),
    "known_address": _("an address from the operation, a person's contacts or a shelter"),
    "coordinates": _("looks like map coordinates"),
}


def fingerprint(article):
    """What the editor confirmed: everything of the report a reader will see (its text, its
    address, its section, its tags, the pictures with their words), hashed. A new address,
    section, tag or picture, or a picture described differently, asks for the check again.
    The section counts because it names what the survivors went through (sexual
    exploitation, forced begging)."""
    parts = [getattr(article, name) for name in CHECKED_FIELDS]
    parts.extend(["slug", article.slug, "category", str(article.category_id)])
    parts.extend(["tags", *_tags_of(article), "images"])
    for image in _images_of(article):
        parts.extend([image.key, image.alt_text, image.caption, image.credit])
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def _images_of(article):
    return list(article.images.order_by("pk")) if article.pk else []


def _tags_of(article):
    # The public page lists them by name, and so does an article's meta data.
    return list(article.tags.order_by("name").values_list("name", flat=True)) if article.pk else []


def confirmation_is_current(article):
    return bool(article.anonymisation_confirmed_at) and (
        article.anonymisation_fingerprint == fingerprint(article)
    )


def people_of(operation):
    """Everyone the operation's cases are about, and everyone its debrief records as rescued."""
    in_cases = Participant.objects.filter(case__in=operation.cases.all()).values("person")
    rescued = RescuedPerson.objects.filter(debrief__operation=operation).values("person")
    return Person.objects.filter(Q(pk__in=in_cases) | Q(pk__in=rescued))


def survivors_of(operation):
    """The people whose consent the report needs: the victims in its cases and those rescued."""
    victims = Participant.objects.filter(
        case__in=operation.cases.all(), role=Participant.Role.VICTIM
    ).values("person")
    rescued = RescuedPerson.objects.filter(debrief__operation=operation).values("person")
    return Person.objects.filter(Q(pk__in=victims) | Q(pk__in=rescued))


def consent_blockers(operation):
    """Why the report may not be published for its survivors' sake; empty when it may."""
    survivors = list(survivors_of(operation))
    without = sum(1 for person in survivors if not may_mention_in_public(person))
    if not without:
        return []
    return [
        Blocker(
            _(
                "%(count)d of the %(total)d survivors of this operation have no consent in "
                "force to being mentioned in public reports (never given, or withdrawn). The "
                "report cannot be published until their case workers record it."
            )
            % {"count": without, "total": len(survivors)}
        )
    ]


def check(article):
    """The whole check of a rescue report: findings in its text, and consent blockers."""
    operation = article.operation
    people = list(people_of(operation))
    known = _known_values(operation, people)
    findings = []
    for field in CHECKED_FIELDS:
        findings.extend(_findings_in(field, getattr(article, field), known))
    # The address's words are apart from one another: «kak-magomed» quotes "magomed".
    findings.extend(_findings_in("slug", article.slug.replace("-", " "), known))
    for tag in _tags_of(article):
        findings.extend(_findings_in("tags", tag, known))
    for image in _images_of(article):
        for words in (image.alt_text, image.caption, image.credit):
            findings.extend(_findings_in("images", words, known))
    return Check(
        findings=_unique(findings),
        blockers=consent_blockers(operation),
        people_checked=len(people),
    )


@dataclass
class _Known:
    names: set
    phones: set
    documents: set
    emails: set
    addresses: set


def _known_values(operation, people):
    names, phones, documents, emails, addresses = set(), set(), set(), set(), set()
    for person in people:
        for name in (person.given_name, person.patronymic, person.family_name):
            names.update(_name_words(name))
    for alias in PersonAlias.objects.filter(person__in=people).values_list("name", flat=True):
        names.update(_name_words(alias))
    for kind, value in Contact.objects.filter(person__in=people).values_list("kind", "value"):
        if kind == Contact.Kind.EMAIL:
            emails.add(value.strip().casefold())
        elif kind == Contact.Kind.ADDRESS:
            addresses.update(_address_forms(value))
        else:
            digits = _digits(value)
            if len(digits) >= 7:
                phones.add(digits[-10:])
    for number in IdentityDocument.objects.filter(person__in=people).values_list(
        "number", flat=True
    ):
        if len(_alnum(number)) >= 5:
            documents.add(_alnum(number))
    addresses.update(_address_forms(operation.address))
    for street in ShelterAddress.objects.filter(shelter__branch=operation.branch_id).values_list(
        "street_address", flat=True
    ):
        addresses.update(_address_forms(street))
    # Shorter than this, a known address is a word or two that any text may hold.
    addresses = {address for address in addresses if len(address) >= 8}
    return _Known(names, phones, documents, emails, addresses)


def _findings_in(field, text, known):
    if not text:
        return []
    found = []
    names = _NameMatcher(known.names)
    for match in WORD.finditer(text):
        if names.matches(match.group()):
            found.append(Finding(field, match.group(), "name"))
    for match in EMAIL.finditer(text):
        reason = "known_email" if match.group().casefold() in known.emails else "email"
        found.append(Finding(field, match.group(), reason))
    for match in NUMBER_RUN.finditer(text):
        digits = _digits(match.group())
        if any(phone in digits for phone in known.phones):
            found.append(Finding(field, match.group().strip(), "known_phone"))
        elif len(digits) >= PHONE_DIGITS or match.group().startswith("+"):
            found.append(Finding(field, match.group().strip(), "phone"))
    for match in DOCUMENT_LIKE.finditer(text):
        found.append(Finding(field, match.group(), "document"))
    squashed_text = _alnum(text)
    for number in known.documents:
        if number in squashed_text:
            found.append(Finding(field, _quote(text, number), "known_document"))
    for match in COORDINATES.finditer(text):
        found.append(Finding(field, match.group(), "coordinates"))
    for match in STREET.finditer(text):
        found.append(Finding(field, _around(text, match), "address"))
    squashed = f" {_squash(text)} "
    for address in known.addresses:
        if f" {address} " in squashed:
            found.append(Finding(field, address, "known_address"))
    return found


def _address_forms(address):
    """A known address as it may be typed into a report: whole, or its first line."""
    lines = [line for line in (address or "").splitlines() if line.strip()]
    return {_squash(address), *(_squash(lines[0]) for _ in lines[:1])}


def _name_words(name):
    """The skeletons of a recorded name's parts: «Анна-Мария Ли» -> anna, maria, li."""
    return {
        _skeleton(part)
        for word in WORD.findall(name or "")
        for part in word.split("-")
        if len(part) >= 2
    }


class _NameMatcher:
    """Whether a word of the report is one of the known names, in any script or spelling.

    Each part of a hyphenated word counts on its own (Анны-Марии, Абу-Бакр). A Cyrillic word
    may carry a Russian ending (Марии, Жуковского); a Latin word is the name as it is, or its
    English possessive (Vera's), so that "very" is not taken for Вера.
    """

    def __init__(self, names):
        self.names = names
        self.stems = {name: _stems(name) for name in names}
        self.seen = {}

    def matches(self, word):
        if word not in self.seen:
            self.seen[word] = any(
                self._is_name(_skeleton(part), declined=bool(CYRILLIC.search(part)))
                for part in word.split("-")
                if part
            )
        return self.seen[word]

    def _is_name(self, word, *, declined):
        for name, stems in self.stems.items():
            if word == name:
                return True
            if not declined:
                if word == f"{name}s":
                    return True
                continue
            for stem in stems:
                if (
                    word.startswith(stem)
                    and len(word) - len(stem) <= ENDING_LETTERS
                    and ENDING.fullmatch(word, len(stem))
                ):
                    return True
        return False


def _stems(name):
    """What a name's declined forms start with: Мария -> mar, Павел -> pavel and pavl."""
    if len(name) < 3:
        return []
    stem = name.rstrip(VOWELS)
    stems = [stem] if len(stem) >= STEM_MIN else []
    if len(stem) >= 3 and stem[-2:] in FLEETING_VOWEL:
        stems.append(stem[:-2] + stem[-1])
    return stems


def _skeleton(text):
    """A name or word as names are compared: «Юлия», "Yulia" and "Julia" alike."""
    text = anyascii(text).casefold().replace("'", "").replace("`", "")
    for spelling, canonical in SPELLINGS:
        text = text.replace(spelling, canonical)
    while "ii" in text:
        text = text.replace("ii", "i")
    return text


def _digits(text):
    return "".join(character for character in text if character.isdigit())


def _alnum(text):
    return "".join(character for character in (text or "").upper() if character.isalnum())


def _squash(text):
    return " ".join(WORD.findall((text or "").casefold().replace("ё", "е")))


def _quote(text, number):
    """The stretch of the text where a known document number was found, as it is written."""
    pattern = r"[\s./-]*".join(re.escape(character) for character in number)
    match = re.search(pattern, text, re.IGNORECASE)
    return match.group() if match else number


def _around(text, match, width=30):
    return text[match.start() : match.end() + width].split("\n")[0].strip()


def _unique(findings):
    return list(dict.fromkeys(findings))
