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

The keys depend on rigour's data: after upgrading rigour, run `svoboda rebuild_name_keys`.
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
_UZBEK_APOSTROPHE = re.compile(r"([og])[" + _APOSTROPHES + "]")
VOWELS = set("aeiou")
# Longest first: "shch" before "sh", "dzh" before "zh".
_DIGRAPHS = [
    ("shch", "sh"),
    ("sch", "sh"),
    ("tch", "c"),
    ("dzh", "j"),
    ("dj", "j"),
    ("zh", "j"),
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
MIN_LENGTH_FOR_TYPOS = 5


def words(text):
    """The words of a name or a query, folded: lower case, ё as е, no punctuation."""
    text = unicodedata.normalize("NFKC", text or "").casefold().replace("ё", "е")
    text = _UZBEK_APOSTROPHE.sub(lambda m: "u" if m.group(1) == "o" else "g", text)
    text = "".join(ch for ch in text if ch not in _APOSTROPHES)
    return [word for word in _SEPARATORS.split(text) if word]


def _latin(form):
    """The form in plain Latin letters, Turkic letters read the Russian way."""
    if _looks_turkic(form):
        # c is "dzh" in Azerbaijani and Turkish: Cəfər = Джафар.
        form = form.replace("c", "dzh")
    text = "".join(_TURKIC.get(ch, ch) for ch in form)
    text = anyascii(text).lower()
    return "".join(ch for ch in text if ch.isalnum())


def _glides(text):
    # y was turned into i: i next to another vowel is a glide that one system writes and another
    # leaves out (Aliev/Aliyev, Mariya/Maria, Iurii/Yuri). j between vowels or at the end after a
    # vowel is the same glide (Alijev, Nikolaj); anywhere else it is the j of Jasur/Zhasur.
    letters = list(text)
    for index, letter in enumerate(letters):
        if letter == "j" and index > 0 and letters[index - 1] in VOWELS:
            following = letters[index + 1] if index + 1 < len(letters) else ""
            if following == "" or following in VOWELS:
                letters[index] = "i"
    text = re.sub("i+", "i", "".join(letters))
    # Fyodor/Fiodor/Fedor, Artyom/Artem: yo after a consonant is the Russian ё, written e.
    text = re.sub(r"(?<=[b-df-hj-np-tv-z])io", "e", text)
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
    for old, new in _DIGRAPHS:
        latin = latin.replace(old, new)
    variants = {latin}
    # x: "ks" in Alexey and Maxim, "kh" in Azerbaijani Xəlilov and Axundov.
    if "x" in latin:
        variants = {v.replace("x", "ks") for v in variants} | {
            v.replace("x", "h") for v in variants
        }
    result = sorted({_collapse_doubles(_glides(v)) for v in variants})
    return tuple(result[:MAX_SKELETONS])


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
    from rigour.names import NamePartTag, NameTypeTag, analyze_names

    del NamePartTag  # imported for readers looking for the tags rigour knows
    names = analyze_names(NameTypeTag.PER, [form])
    metaphones, symbols = set(), set()
    for name in names:
        for part in name.parts:
            if part.metaphone:
                metaphones.add(part.metaphone)
        for span in name.spans:
            symbol = str(span.symbol)
            if symbol.startswith("[NAME:"):
                symbols.add(symbol[len("[NAME:") : -1])
    return frozenset(metaphones), frozenset(symbols)


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
