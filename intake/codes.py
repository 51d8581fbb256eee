"""Follow-up codes: a few random words the writer keeps to read replies without an account.

The code is shown once and never stored. What is stored is a slow, salted hash (scrypt with a
server-side pepper), deterministic so that the request can be found by it, and slow so that a
stolen database cannot be used to try every code quickly (SecureDrop keeps codenames the same
way). Typing is forgiving: letter case, extra spaces, hyphens and ё/е do not matter.
"""

import hashlib
import secrets
from functools import cache
from pathlib import Path

from django.conf import settings
from django.views.decorators.debug import sensitive_variables

from cases.names import fold

WORDLISTS = Path(__file__).resolve().parent / "wordlists"
# Seven words from a list of 1,024 carry 70 bits: the code alone must hold out (issue 9 asks for at
# least 64), even against someone with a copy of the database and time, whatever the scrypt cost.
# Codes given out when they were five words long still open their requests: only the hash counts.
WORDS_PER_CODE = 7


@cache
def words_for(language):
    path = WORDLISTS / f"{language}.txt"
    if not path.is_file():
        path = WORDLISTS / "en.txt"
    return tuple(path.read_text(encoding="utf-8").split())


@sensitive_variables()
def new_code(language):
    words = words_for(language)
    return " ".join(secrets.choice(words) for _ in range(WORDS_PER_CODE))


def normalise(code):
    return fold(code)


@sensitive_variables("code", "normalised")
def hash_code(code, cost=None):
    """The stored form of a code, at the current cost (INTAKE_CODE_SCRYPT_N) or the one given."""
    normalised = normalise(code)
    cost = cost or settings.INTAKE_CODE_SCRYPT_N
    digest = hashlib.scrypt(
        normalised.encode(),
        salt=settings.INTAKE_CODE_PEPPER.encode(),
        n=cost,
        r=8,
        p=1,
        dklen=32,
        # scrypt needs 128 * r * n bytes; OpenSSL's default ceiling is 32 MiB.
        maxmem=128 * 8 * cost + 2**20,
    )
    return digest.hex()
