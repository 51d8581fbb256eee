"""The key of the phone and document digests: required in production, never the public one."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from matching.digests import document_digest, phone_digest


def check(**overrides):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SEARCH_DIGEST_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="svoboda.settings", SECRET_KEY="s" * 64, ALLOWED_HOSTS="x.org"
    )
    environment.update(overrides)
    return subprocess.run(
        [str(Path(sys.executable).with_name("svoboda")), "check"],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_digest_key():
    result = check()
    assert result.returncode != 0
    assert "SEARCH_DIGEST_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    "key", ["development-only-search-digest-key-not-a-secret", "too-short-a-key"]
)
def test_production_refuses_the_public_development_key_and_short_keys(key):
    result = check(SEARCH_DIGEST_KEY=key)
    assert result.returncode != 0
    assert "SEARCH_DIGEST_KEY must be a random value" in result.stderr


def test_digests_depend_on_the_key(settings):
    before = phone_digest("+79281234567"), document_digest("4507 123456")
    settings.SEARCH_DIGEST_KEY = "another-key-entirely-for-this-test-only-xx"
    after = phone_digest("+79281234567"), document_digest("4507 123456")
    assert before[0] != after[0] and before[1] != after[1]
    assert "79281234567" not in after[0]
