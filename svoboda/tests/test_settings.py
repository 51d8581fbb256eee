"""Production start-up: refuses to run without a secret, and passes Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

SVOBODA = str(Path(sys.executable).with_name("svoboda"))


def production_env(**overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "SECRET_KEY_FILE",
            "AUDIT_CHAIN_KEY",
            "AUDIT_CHAIN_KEY_FILE",
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
        and not key.startswith(("SECURE_", "ALLOWED_HOSTS"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "svoboda.settings"
    env.update(overrides)
    return env


def run(args, env):
    return subprocess.run(
        args, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )


def test_start_up_without_secret_key_fails_with_a_clear_message():
    result = run([SVOBODA, "check"], production_env())
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_secret_key_may_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s" * 64 + "\n")
    result = run([SVOBODA, "check"], production_env(SECRET_KEY_FILE=str(secret)))
    assert result.returncode == 0, result.stderr


def test_deploy_check_is_clean_with_production_settings():
    env = production_env(
        SECRET_KEY="k7#Pq!2vX9zR4mT8wL1nB6yH3cF0dS5gJ-aE_uO7iK2pQ9rZ4xV8bN1mC6tY3wL5",
        ALLOWED_HOSTS="svoboda.example.org",
        CACHE_URL="redis://127.0.0.1:6379/1",
        AUDIT_CHAIN_KEY="r5Tz-9qLw2Xc8Vb1Nm4Kj7Hg0Fd3Sa6Pe9Ui2Oy5Tr8Ew1Qz4Xc7Vb0Nm3Kj6Hg",
    )
    result = run([SVOBODA, "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_without_an_audit_chain_key():
    env = production_env(
        SECRET_KEY="k7#Pq!2vX9zR4mT8wL1nB6yH3cF0dS5gJ-aE_uO7iK2pQ9rZ4xV8bN1mC6tY3wL5",
        ALLOWED_HOSTS="svoboda.example.org",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    result = run([SVOBODA, "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "audit.W001" in result.stdout + result.stderr


def test_development_mode_runs_without_a_secret_key():
    result = run([sys.executable, "-m", "svoboda", "check"], production_env(DEBUG="true"))
    assert result.returncode == 0, result.stderr


def test_deploy_check_warns_when_rate_limits_are_not_shared():
    env = production_env(
        SECRET_KEY="k7#Pq!2vX9zR4mT8wL1nB6yH3cF0dS5gJ-aE_uO7iK2pQ9rZ4xV8bN1mC6tY3wL5",
        ALLOWED_HOSTS="svoboda.example.org",
        CACHE_URL="locmemcache://",
    )
    result = run([SVOBODA, "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "intake.W001" in result.stdout + result.stderr
