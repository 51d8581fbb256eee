"""The ways one name gets written: transliteration systems, informal spellings, typos.

Russian Cyrillic goes through the systems of the iuliia library (ICAO 9303 in passports,
GOST, BGN/PCGN, scholarly, Moscow metro, Uzbek Latin...). The other directions people meet in
records (Ukrainian passports, Azerbaijani, Turkish and Uzbek Latin written in Russian Cyrillic,
Georgian script, African names heard by a Russian-speaking clerk) are small rule tables here.
"""

import functools
import re

import iuliia
from anyascii import anyascii

# Every iuliia schema for Russian, by name (iuliia's own spelling of the name).
TRANSLITERATION_SYSTEMS = (
    "ala_lc",
    "bgn_pcgn",
    "bs_2979",
    "gost_16876",
    "gost_52290",
    "gost_52535",
    "gost_7034",
    "gost_779",
    "icao_doc_9303",
    "iso_9_1954",
    "iso_9_1968",
    "mosmetro",
    "mvd_310",
    "mvd_310_fr",
    "mvd_782",
    "scientific",
    "telegram",
    "ungegn_1987",
    "uz",
    "wikipedia",
    "yandex_maps",
    "yandex_money",
)
# The systems a person's own papers or an English-speaking clerk most likely used: the base of
# informal spellings.
COMMON_SYSTEMS = ("icao_doc_9303", "bgn_pcgn", "wikipedia", "mvd_782", "gost_52535")


@functools.cache
def _schema(name):
    return iuliia.schemas.get(name)


def transliterate(text, system):
    """Russian (or Uzbek) Cyrillic text in Latin letters by one iuliia system."""
    if not text:
        return text
    return _schema(system).translate(text)


# Ukraine's passport system (Cabinet of Ministers resolution 55 of 2010), word-initial forms
# first.
_UKRAINIAN_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_UKRAINIAN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "",
}  # fmt: skip


def ukrainian_passport(text):
    out = []
    for word in text.split(" "):
        letters = []
        for index, letter in enumerate(word):
            lower = letter.lower()
            table = _UKRAINIAN_INITIAL if index == 0 and lower in _UKRAINIAN_INITIAL else _UKRAINIAN
            latin = table.get(lower, lower)
            letters.append(latin.capitalize() if letter.isupper() else latin)
        out.append("".join(letters))
    return " ".join(out)


# How Russian records write Azerbaijani and Turkish Latin names (Şəmsiyev -> Шамсиев,
# Qurbanov -> Гурбанов, Cəfər -> Джафар). Longest patterns first.
# Latin letters that every table below reads the same way.
_PLAIN = [
    ("a", "а"), ("b", "б"), ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"), ("h", "х"),
    ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
    ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("v", "в"), ("z", "з"), ("w", "в"),
    ("x", "х"), ("’", ""), ("'", ""),
]  # fmt: skip
_TURKIC_TO_CYRILLIC = [
    ("iyev", "иев"), ("yev", "ев"), ("ya", "я"), ("yu", "ю"), ("ye", "е"), ("yo", "ё"),
    ("sh", "ш"), ("ch", "ч"), ("o'", "ў"), ("oʻ", "ў"), ("g'", "ғ"), ("gʻ", "ғ"), ("ə", "а"),
    ("ş", "ш"), ("ç", "ч"), ("c", "дж"), ("ğ", "г"), ("ı", "ы"), ("ö", "ё"), ("ü", "ю"),
    ("q", "г"), ("j", "ж"), ("y", "й"), *_PLAIN,
]  # fmt: skip
# Uzbek Latin in Uzbek Cyrillic (q stays қ, h is ҳ).
_UZBEK_TO_CYRILLIC = [("q", "қ"), ("h", "ҳ"), *_TURKIC_TO_CYRILLIC]
# English-style spelling of African names heard by a Russian speaker (Tendai -> Тендай,
# Nyandeng -> Ньянденг, Ncube -> Нкубе).
_ENGLISH_TO_CYRILLIC = [
    ("tsh", "тш"), ("ch", "ч"), ("sh", "ш"), ("zh", "ж"), ("th", "т"), ("nc", "нк"),
    ("ny", "нь"), ("ai", "ай"), ("ei", "ей"), ("oi", "ой"), ("ya", "я"),
    ("j", "дж"), ("y", "й"), ("c", "к"), *_PLAIN,
]  # fmt: skip
# Georgian letters as Russian documents write them (ჯ -> дж, წ -> ц, ღ -> г).
_GEORGIAN_TO_CYRILLIC = {
    "ა": "а", "ბ": "б", "გ": "г", "დ": "д", "ე": "е", "ვ": "в", "ზ": "з", "თ": "т", "ი": "и",
    "კ": "к", "ლ": "л", "მ": "м", "ნ": "н", "ო": "о", "პ": "п", "ჟ": "ж", "რ": "р", "ს": "с",
    "ტ": "т", "უ": "у", "ფ": "п", "ქ": "к", "ღ": "г", "ყ": "к", "შ": "ш", "ჩ": "ч", "ც": "ц",
    "ძ": "дз", "წ": "ц", "ჭ": "ч", "ხ": "х", "ჯ": "дж", "ჰ": "х",
}  # fmt: skip


def _by_rules(text, rules):
    lower = text.lower()
    out, index = [], 0
    while index < len(lower):
        for latin, cyrillic in rules:
            if lower.startswith(latin, index):
                out.append(cyrillic)
                index += len(latin)
                break
        else:
            out.append(lower[index])
            index += 1
    return _capitalised("".join(out))


def _capitalised(text):
    return " ".join(word[:1].upper() + word[1:] for word in text.split(" "))


def turkic_to_cyrillic(text):
    return _by_rules(text, _TURKIC_TO_CYRILLIC) if text else text


def uzbek_to_cyrillic(text):
    return _by_rules(text, _UZBEK_TO_CYRILLIC) if text else text


def english_to_cyrillic(text):
    return _by_rules(text, _ENGLISH_TO_CYRILLIC) if text else text


def georgian_to_cyrillic(text):
    return _capitalised("".join(_GEORGIAN_TO_CYRILLIC.get(ch, ch) for ch in text))


def ascii_letters(text):
    """What a keyboard without the letters writes: Şəmsiyev -> Semsiyev, ალექსანდრე ->
    Aleksandre (apostrophes of Georgian ejectives dropped)."""
    return _capitalised(anyascii(text).replace("'", "").replace("`", "").lower()) if text else text


def russian_style_latin(text):
    """Azerbaijani or Turkish Latin the way a Russian-trained clerk re-spells it: Şəmsiyev ->
    Shamsiev, Xəlilov -> Khalilov."""
    if not text:
        return text
    # c first: the "ch" written for ç must not become "dzhh".
    rules = [("c", "dzh"), ("ş", "sh"), ("ç", "ch"), ("ə", "a"), ("x", "kh"), ("ı", "y"),
             ("ğ", "g"), ("ö", "o"), ("ü", "u"), ("q", "g"), ("iyev", "iev")]  # fmt: skip
    lower = text.lower()
    for old, new in rules:
        lower = lower.replace(old, new)
    return _capitalised(anyascii(lower))


# Informal Latin spellings: what people write instead of a system (Aliyev/Aliev, Yuri/Jurij,
# Zh/J, Kh/H, -off, Tz). Each is (pattern, replacement) on lower-case Latin.
INFORMAL_RULES = [
    (r"iyev\b", "iev"),
    (r"iev\b", "iyev"),
    (r"\byu", "ju"),
    (r"\byu", "iu"),
    (r"\bya", "ja"),
    (r"\biu", "yu"),
    (r"\bia", "ya"),
    (r"iy\b", "i"),
    (r"ii\b", "y"),
    (r"iy\b", "y"),
    (r"zh", "j"),
    (r"kh", "h"),
    (r"ks", "x"),
    (r"ts", "tz"),
    (r"ov\b", "off"),
    (r"ev\b", "eff"),
    (r"\be", "ye"),
    (r"\bye", "e"),
    (r"ch", "tch"),
    (r"y", "i"),
]


def informal_spellings(text):
    """Every informal re-spelling of a Latin text that changes it (one rule each)."""
    lower = text.lower()
    found = []
    for pattern, replacement in INFORMAL_RULES:
        changed = re.sub(pattern, replacement, lower)
        if changed != lower:
            found.append(_capitalised(changed))
    return found


CYRILLIC_LETTERS = "абвгдежзийклмнопрстуфхцчшщыэюя"
LATIN_LETTERS = "abcdefghijklmnoprstuvyz"


def typo(word, rng):
    """The word with one letter left out, doubled or replaced (a slip on the keyboard)."""
    if len(word) < 4:
        return word
    index = rng.randrange(1, len(word))
    alphabet = CYRILLIC_LETTERS if re.search("[а-яё]", word.lower()) else LATIN_LETTERS
    kind = rng.choice(("drop", "double", "replace"))
    if kind == "drop":
        return word[:index] + word[index + 1 :]
    if kind == "double":
        return word[:index] + word[index] + word[index:]
    replacement = rng.choice([ch for ch in alphabet if ch != word[index].lower()])
    return word[:index] + replacement + word[index + 1 :]
