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
