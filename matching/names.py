"""Name keys: what two spellings of one name have in common, whatever the script.

«Юрий Алиев», "Iurii Aliyev" (ICAO 9303, as in passports), "Yuriy Aliev" (BGN/PCGN) and "Jurij
Alijev" (scholarly) are one name. Each word of a name (a *form*, folded to lower case) gets keys,
and two forms match when they share a key:

- `s:` its *skeleton*: the form in Latin letters with the differences between transliteration
  systems taken out (kh/h/x, zh/j/dzh, ts/c, ch/c, y/i/j as glides, doubled letters, Turkic
  letters). «Алиев», "Aliyev" and "Alijev" all give "alev". An ambiguous letter gives several
  skeletons (Latin "x" is "ks" in "Alexey" but "kh" in Azerbaijani "Xəlilov").
- `m:` its metaphone (from rigour), which hears "Magomet" as "Magomed".
- `q:` the Wikidata name symbols rigour tags it with: "Саша", "Sasha" and "Aleksandr" share one,
  "Маша" and "Мария" another, "Mahomed" and "Магомед" a third. This is how diminutives match.
- `d:` the skeleton with one letter left out (and the skeleton itself), so that one missing,
  extra or wrong letter still matches ("Aleksnadr", a bad phone line).

(matching.prefixes adds `p:` keys, the beginnings of the skeletons, for names typed in part.)

The keys depend on rigour's data and on the rules here: after upgrading rigour or changing a rule,
run `svoboda rebuild_name_keys`.
"""

import functools
import re
import unicodedata

from anyascii import anyascii

# Word separators in names as people type them; apostrophes inside a word (soft signs written as
# ', Uzbek oʻ) are dealt with by _latin before the word is split.
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.,;:/\\\"()\[\]{}«»„“”]+")
_APOSTROPHES = "'’‘`ʻʼ′"

# Turkic Latin letters (Azerbaijani, Uzbek, Turkish, Kazakh) read as a Russian transcription
# writes them: Şəmsiyev = Шамсиев = Shamsiev, Oʻrinov = Ўринов = Urinov.
_TURKIC = {
    "ş": "sh",
    "ç": "ch",
    "ğ": "g",
    "ı": "i",
    "ö": "o",
    "ü": "u",
    "ə": "a",
    "ä": "a",
    "ñ": "n",
    "ң": "n",
    "ў": "u",
    "ғ": "g",
    "қ": "k",
    "ҳ": "h",
    "ө": "o",
    "ү": "u",
    "ұ": "u",
    "ә": "a",
    "і": "i",
    "ї": "i",
    "є": "e",
}
# Letters of the scholarly systems (ISO 9, GOST 7.79, ALA-LC) that anyascii would turn into a
# bare z, s, c or a: Džabrailov = Джабраилов, Ŝukin = Щукин, Džamilâ = Джамиля. Turkish â
# (Kâzım, Âdem) is a softened a, which the glide rule reads the same way.
_SCHOLARLY = {"ž": "zh", "š": "sh", "č": "ch", "ŝ": "shch", "â": "ya", "û": "yu", "ë": "yo"}
_LETTERS = {**_TURKIC, **_SCHOLARLY}
_UZBEK_APOSTROPHE = re.compile(r"([og])[" + _APOSTROPHES + "]")
# Longest first: "shch" before "sh", "dzh" before "zh".
_DIGRAPHS = [
    ("shch", "sh"),
    ("sch", "sh"),
    ("tch", "c"),
    # J: the sound of ж, marked so that _glides never reads it as the glide of Alijev (Гаджи,
    # Hadji = "haji", not "hai"); lowered at the end.
    ("dzh", "J"),
    ("dj", "J"),
    ("zh", "J"),
    ("kh", "h"),
    ("ch", "c"),
    ("ts", "c"),
    ("tz", "c"),
    ("ph", "f"),
    ("ck", "k"),
    ("w", "v"),
    ("q", "k"),
    ("y", "i"),
]
MAX_SKELETONS = 4
MIN_LENGTH_FOR_TYPOS = 4


def words(text):
    """The words of a name or a query, folded: lower case, ё as е, no punctuation."""
    text = unicodedata.normalize("NFKC", text or "").casefold().replace("ё", "е")
    text = _UZBEK_APOSTROPHE.sub(lambda m: "u" if m.group(1) == "o" else "g", text)
    text = "".join(ch for ch in text if ch not in _APOSTROPHES)
    return [word for word in _SEPARATORS.split(text) if word]


def _latin(form, schwa="a"):
    """The form in plain Latin letters, Turkic letters read the Russian way (ə as `schwa`)."""
    if _looks_turkic(form):
        # c is "dzh" in Azerbaijani and Turkish: Cəfər = Джафар.
        form = form.replace("c", "dzh")
    text = "".join(schwa if ch in "əә" else _LETTERS.get(ch, ch) for ch in form)
    # Georgian ჯ is дж, which anyascii writes "j": written as "dzh" it is not read as a glide.
    text = text.replace("ჯ", "dzh")
    text = anyascii(text).lower()
    return "".join(ch for ch in text if ch.isalnum())


def _glides(text):
    # y (and a glide j) was turned into i: i next to another vowel is a glide that one system
    # writes and another leaves out (Aliev/Aliyev/Alijev, Mariya/Maria, Iurii/Yuri).
    text = re.sub("i+", "i", text)
    # Fyodor/Fiodor/Fedor, Artyom/Artem: yo after a consonant is the Russian ё, written e.
    text = re.sub(r"(?<=[b-df-hj-np-tv-zJ])io", "e", text)
    # A glide i before a vowel goes (Iurii -> urii, Aliev -> alev); a word of one syllable keeps
    # it (Ian, Ioa) so that the skeleton is not reduced to almost nothing.
    reduced = re.sub(r"i(?=[aeou])", "", text)
    return reduced if len(reduced) >= 3 else text


def _collapse_doubles(text):
    return re.sub(r"(.)\1+", r"\1", text)


@functools.lru_cache(maxsize=65536)
def skeletons(form):
    """The skeletons of one folded word: usually one, up to MAX_SKELETONS when a letter is
    ambiguous."""
    latin = _latin(form)
    if not latin:
        return ()
    if latin.isdigit():
        return (latin,)
    # The most likely reading first: when there are more than MAX_SKELETONS, the last go.
    variants = [latin]
    if "ə" in form or "ә" in form:
        # ə is written "a" in Russian records (Əliyev = Алиев) and "e" on keyboards without it
        # (Əkbərova = Ekberova).
        variants.append(_latin(form, schwa="e"))
    if "ou" in latin:
        # French spellings, as in Soviet passports (MVD 310): Oumar = Умар, Iouri = Юрий.
        variants += [v.replace("ou", "u") for v in variants]
    for old, new in _DIGRAPHS:
        variants = [variant.replace(old, new) for variant in variants]
    if any("j" in v for v in variants):
        # A Latin j left (not dj/dzh/zh, which are J by now) is the glide of scholarly, Polish
        # and Czech spellings (Jurij, Alijev, Natalja) or the ж of Uzbek, Turkish and English
        # ones (Jasur, Jamila): both readings are kept. Cyrillic never gives a j here.
        variants = [v.replace("j", "J") for v in variants] + [v.replace("j", "i") for v in variants]
    # x: "ks" in Alexey and Maxim, "kh" in Azerbaijani Xəlilov and Axundov.
    if "x" in latin:
        variants = [v.replace("x", "ks") for v in variants] + [
            v.replace("x", "h") for v in variants
        ]
    if "g" in latin:
        # Russian Г stands for the h of Arabic, Turkic and Ukrainian names (Магомед = Mahomed,
        # Гасан = Hasan, Ольга = Olha): the h reading is kept too, last.
        variants += [v.replace("g", "h") for v in variants]
    result = dict.fromkeys(_collapse_doubles(_glides(v).lower()) for v in variants)
    return tuple(sorted(list(result)[:MAX_SKELETONS]))


def _looks_turkic(form):
    return any(ch in form for ch in "əşçğıöü")


def typo_keys(skeleton):
    """The skeleton and each way of leaving one letter out of it: two forms within one letter of
    each other share one of these."""
    if len(skeleton) < MIN_LENGTH_FOR_TYPOS:
        return {skeleton}
    return {skeleton} | {skeleton[:i] + skeleton[i + 1 :] for i in range(len(skeleton))}


@functools.lru_cache(maxsize=65536)
def analysed(form):
    """rigour's metaphone and name symbols for one folded word."""
    from rigour.names import NameTypeTag, analyze_names

    # rigour knows many diminutives only in Cyrillic (Витя = Виктор, but not "Vitya"): a Latin
    # word is also read the way Russian Latin spellings are read back.
    forms = [form]
    reading = russian_reading(form)
    if reading:
        forms.append(reading)
    # One call each: given both, rigour keeps only one of two forms that read alike in Latin.
    names = [name for one in forms for name in analyze_names(NameTypeTag.PER, [one])]
    metaphones, symbols = set(), set()
    for name in names:
        for part in name.parts:
            if part.metaphone:
                metaphones.add(part.metaphone)
        for span in name.spans:
            symbol = str(span.symbol)
            if symbol.startswith("[NAME:"):
                symbols.add(symbol[len("[NAME:") : -1])
    stem = _family_stem(form)
    if stem:
        # Магомедов and Мухаммадов are one family name built on two spellings of one given
        # name. The stem's symbols are marked, so that Магомедов shares them only with other
        # family names, never with the given name Магомед.
        symbols.update(symbol + FAMILY_STEM for symbol in analysed(stem)[1])
    return frozenset(metaphones), frozenset(symbols)


# Russian-style family names made of a given name: Магомед-ов, Гаджи-ев, Aliy-ev, Абдулла-ева.
_FAMILY_SUFFIX = re.compile(r"(?<=[^\W\d_]{3})(ова|ева|ов|ев|ova|eva|ov|ev|off|eff)$")
FAMILY_STEM = "/family"


def _family_stem(form):
    match = _FAMILY_SUFFIX.search(form)
    if not match:
        return ""
    stem = form[: match.start()]
    # Aliyev, Aliyeva: the glide y before the suffix belongs to it.
    return stem[:-1] if stem.endswith("y") and len(stem) > 3 else stem


# Latin spellings of Russian read back into Cyrillic, longest first.
_RUSSIAN_READING = [
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"),
    ("tz", "ц"), ("yu", "ю"), ("iu", "ю"), ("ju", "ю"), ("ya", "я"), ("ia", "я"), ("ja", "я"),
    ("yo", "ё"), ("ye", "е"), ("je", "е"), ("iy", "ий"), ("ii", "ий"), ("a", "а"), ("b", "б"),
    ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("j", "й"),
    ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"),
    ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "ц"), ("y", "й"),
    ("w", "в"), ("x", "кс"), ("q", "к"),
]  # fmt: skip


def russian_reading(form):
    """A folded word in plain Latin letters read as Russian Cyrillic ("vitya" -> "витя"), or ""
    for a word in another script."""
    if not form.isascii() or not form.isalpha():
        return ""
    out, index = [], 0
    while index < len(form):
        for latin, cyrillic in _RUSSIAN_READING:
            if form.startswith(latin, index):
                out.append(cyrillic)
                index += len(latin)
                break
        else:
            return ""
    return "".join(out)


def keys_of(form):
    """Every key of one folded word (see the module docstring)."""
    keys = set()
    for skeleton in skeletons(form):
        keys.add("s:" + skeleton)
        keys.update("d:" + key for key in typo_keys(skeleton))
    if not form.isdigit():
        metaphones, symbols = analysed(form)
        # A metaphone of one or two letters says too little ("SX" is Sasha and Sacha and Sikh).
        keys.update("m:" + m for m in metaphones if len(m) >= 3)
        keys.update("q:" + s for s in symbols)
    return keys
