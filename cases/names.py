"""Folding names for search: any letter case, any word order, ё as е, hyphens as spaces.

Issue 10 adds transliteration across Cyrillic and Latin; this module is where it will go.
"""

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-‐‑–—_.,'’`ʻʼ\"()]+")


def fold(text):
    text = unicodedata.normalize("NFKC", text or "").casefold().replace("ё", "е")
    return " ".join(part for part in _SEPARATORS.split(text) if part)


def search_words(query):
    return fold(query).split()


def search_text_for(person, aliases=()):
    names = [person.given_name, person.patronymic, person.family_name, *aliases]
    return " " + fold(" ".join(name for name in names if name)) + " "
