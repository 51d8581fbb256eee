"""Encryption at rest of the most sensitive fields and uploaded files (issue 9).

What it protects: a copy of the database (a dump, a backup, a stolen disk) or of MEDIA_ROOT shows
none of the free-text narratives, contacts, document numbers, shelter addresses, follow-up
messages or uploaded case files and attachments. It does not protect against someone who holds
both the data and FIELD_ENCRYPTION_KEYS (the running server has both), and it does not hide how
long a value is (a Fernet token grows with its plaintext), nor whether a field is empty: an empty
string is stored as itself, since its token would say the same.

Why hand-written fields around `cryptography`'s Fernet rather than an encrypted-fields package:
- django-fernet-encrypted-fields (0.4) derives its keys from SECRET_KEY and a SALT_KEY (PBKDF2),
  so rotating SECRET_KEY touches the data key, and re-encrypting stored rows is left to the user
  ("load and re-save the models");
- django-encrypted-model-fields has its own key setting but has had no release since 2022;
- django-fernet-fields, which refuses lookups as this module does, has been unmaintained since
  2019; with other packages a filter() on an encrypted field has been reported to compare
  ciphertext and return no rows without an error;
- none of them encrypts files.
What they add over the `cryptography` library is a few dozen lines, which are here, tested, with
the behaviour this project needs: a key list of its own (never SECRET_KEY), MultiFernet for
rotation, lookups that fail loudly, and `svoboda rotate_keys`. The cryptography itself is
Fernet (AES-128-CBC with HMAC-SHA256, random IV, authenticated): nothing is invented here.

Keys: settings.FIELD_ENCRYPTION_KEYS, a list of Fernet keys from the environment; the first
encrypts, every one decrypts (MultiFernet). Rotation: svoboda.encryption.rotation.

Names of people are not encrypted: the workspace finds people by name (cases.names folds every
script into `Person.search_text`), which needs the clear text; names alone say little without the
narratives, contacts and documents, which are encrypted. Also in clear, each for a reason:
volunteers' email and phone (unique per address, looked up when they confirm; volunteers are
adults who applied in public), shelters' office contact and operations' outside contacts
(organisations, never survivors), an operation's reason for aborting (a database constraint
compares it with ""), cities and countries (reports count by them). SECURITY.md lists every
encrypted field.

No encrypted field is looked up today (duplicate detection by phone or document number does not
exist yet), so there is no keyed-hash column. When one is needed: an HMAC of the normalised value
in a column of its own, under a key of its own (not FIELD_ENCRYPTION_KEYS, whose rotation would
change every hash), maintained on save.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class UndecryptableError(Exception):
    """Stored ciphertext that no configured key opens: a key is missing from the setting."""


@lru_cache(maxsize=8)
def _fernets(keys):
    fernets = [Fernet(key) for key in keys]
    return MultiFernet(fernets), fernets[0]


def _keys():
    keys = tuple(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        raise UndecryptableError("FIELD_ENCRYPTION_KEYS is empty.")
    return _fernets(keys)


def encrypt_bytes(data: bytes) -> bytes:
    return _keys()[0].encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _keys()[0].decrypt(token)
    except InvalidToken:
        raise UndecryptableError(
            "Stored data could not be decrypted with any key in FIELD_ENCRYPTION_KEYS: "
            "a key that encrypted it has been removed, or the data was altered."
        ) from None


def encrypt_text(text: str) -> str:
    return encrypt_bytes(text.encode()).decode("ascii")


def decrypt_text(token: str) -> str:
    return decrypt_bytes(token.encode("ascii")).decode()


def is_encrypted(token: bytes) -> bool:
    """Whether a stored value is a token that some configured key opens."""
    try:
        _keys()[0].decrypt(token)
    except InvalidToken:
        return False
    return True


def is_current(token: bytes) -> bool:
    """Whether a token is already encrypted with the current (first) key."""
    try:
        _keys()[1].decrypt(token)
    except InvalidToken:
        return False
    return True


def rotate_bytes(token: bytes) -> bytes:
    """The same plaintext, encrypted anew with the current key."""
    try:
        return _keys()[0].rotate(token)
    except InvalidToken:
        raise UndecryptableError(
            "A stored token opens with no key in FIELD_ENCRYPTION_KEYS; nothing was changed."
        ) from None
