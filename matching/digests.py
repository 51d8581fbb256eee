"""Finding an encrypted phone or document number: an HMAC of its normalised form.

The numbers themselves are encrypted at rest (svoboda.encryption) and cannot be searched. Each
is also stored as HMAC-SHA256 under SEARCH_DIGEST_KEY of a normal form, so that "+7 (928)
123-45-67", "8 928 123 45 67" and "79281234567" find one another, and so do "45 07 123456" and
"4507-123456". Without the key, a copy of the database cannot be tried against a list of numbers.
"""

import hashlib
import hmac
import re
import unicodedata

import phonenumbers
from django.conf import settings

# Cyrillic letters that look like Latin ones, as typed in document series (АВ 123456 / AB 123456).
_LOOKALIKES = str.maketrans("АВЕКМНОРСТУХІ", "ABEKMHOPCTYXI")
_NOT_ALNUM = re.compile(r"[^0-9A-Z\u0400-\u04FF]+")
MIN_DOCUMENT_LENGTH = 4


def normal_phone(value):
    """The number in E.164 (+79281234567), or "" when it is not a phone number."""
    text = (value or "").strip()
    if sum(ch.isdigit() for ch in text) < 6:
        return ""
    # A Russian "8 928 ..." is the trunk prefix, which phonenumbers reads with the default region;
    # "998 90 ..." that is no valid number there is an international number whose "+" was lost.
    if text.startswith("00"):
        text = "+" + text[2:]
    local = _parsed(text, settings.PHONE_DEFAULT_REGION)
    if text.startswith("+") or (local and phonenumbers.is_valid_number(local)):
        best = local
    else:
        international = _parsed("+" + text, None)
        valid = international and phonenumbers.is_valid_number(international)
        best = international if valid else local
    if best is None or not phonenumbers.is_possible_number(best):
        return ""
    return phonenumbers.format_number(best, phonenumbers.PhoneNumberFormat.E164)


def _parsed(text, region):
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def normal_document(value):
    """The number in capitals without spaces or separators, look-alike Cyrillic as Latin."""
    text = unicodedata.normalize("NFKC", value or "").upper().translate(_LOOKALIKES)
    text = _NOT_ALNUM.sub("", text)
    return text if len(text) >= MIN_DOCUMENT_LENGTH else ""


def _digest(kind, normal):
    if not normal:
        return ""
    key = settings.SEARCH_DIGEST_KEY.encode()
    return hmac.new(key, f"{kind}:{normal}".encode(), hashlib.sha256).hexdigest()


def phone_digest(value):
    return _digest("phone", normal_phone(value))


def document_digest(value):
    return _digest("document", normal_document(value))
