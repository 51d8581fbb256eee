"""Settings for the test suite: the production settings, with test-only secrets and speed-ups.

Kept apart from settings.py so that production never carries these shortcuts.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# Encryption at rest (svoboda/encryption): a Fernet key for the suite only.
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "dGVzdC1zdWl0ZS1vbmx5LWZpZWxkLWVuY3J5cHRpb24=")
os.environ.setdefault("SEARCH_DIGEST_KEY", "test-suite-only-search-digest-key-" + "y" * 20)

from svoboda.settings import *  # noqa: F403
from svoboda.settings import STORAGES

# Argon2 is deliberately slow; the suite logs in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Jobs run at once, inside the test, so their effects can be asserted.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The manifest needs collectstatic; tests and the live server use the finders instead.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Plain-HTTP test client: cookies must travel without TLS.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"

# WhiteNoise serves straight from the apps' static folders, as in development: no collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Uploaded files stay in memory, so the suite leaves nothing on disk.
STORAGES["default"] = {"BACKEND": "django.core.files.storage.InMemoryStorage"}

# Follow-up codes use scrypt; the production cost is needless in hundreds of tests.
INTAKE_CODE_SCRYPT_N = 2**10
INTAKE_CODE_PREVIOUS_SCRYPT_N = [2**11]
