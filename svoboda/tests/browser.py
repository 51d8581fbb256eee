"""Playwright driving Debian's Chromium: never a downloaded browser (the network is closed)."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("SVOBODA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def require_chromium():
    """Skip without Chromium, loudly; under CI a missing browser fails the run instead."""
    if Path(CHROMIUM).is_file():
        return
    message = f"Chromium not found at {CHROMIUM}: browser tests need `apt-get install chromium`"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def sign_in(page, base_url, email, start="/accounts/login/"):
    """Sign in as a person does: the password form, then the code their authenticator app shows.

    `start` is where the browser goes first; a workspace page leads to the login form and, once
    signed in, back to itself.
    """
    from accounts.models import User
    from accounts.tests.signing_in import authenticator_code

    code = authenticator_code(User.objects.get(email=email))
    page.goto(base_url + start)
    page.fill("#id_username", email)
    page.fill("#id_password", "password")
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    page.fill("#id_code", code)
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{base_url}/workspace/")
