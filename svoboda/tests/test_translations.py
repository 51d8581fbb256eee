"""Every interface string in the code has a Russian translation in the committed catalogue."""

import os
import shutil

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

RU_CATALOGUE = settings.BASE_DIR / "locale" / "ru" / "LC_MESSAGES" / "django.po"
SKIPPED_TOP_LEVEL = {"locale", "var", "build", "node_modules"}


def untranslated(path):
    with open(path, "rb") as f:
        catalogue = read_po(f)
    missing = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id)
    return missing


def test_committed_russian_catalogue_is_complete():
    assert untranslated(RU_CATALOGUE) == []


def test_every_string_in_the_code_is_in_the_russian_catalogue(tmp_path, monkeypatch):
    """Extract the strings afresh (as `make makemessages` does) and merge the committed ones.

    makemessages writes into any locale/ folder beside the sources, so it runs in a mirror of
    the repository made of symbolic links, with a copy of the catalogue: the real one stays as
    it is.
    """
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext is required under CI (apt-get install gettext)")
        pytest.skip("GNU gettext (xgettext) is not installed: string extraction not checked")
    mirror = tmp_path / "src"
    mirror.mkdir()
    for entry in settings.BASE_DIR.iterdir():
        if entry.name not in SKIPPED_TOP_LEVEL and not entry.name.startswith("."):
            (mirror / entry.name).symlink_to(entry)
    catalogue = mirror / "locale" / "ru" / "LC_MESSAGES" / "django.po"
    catalogue.parent.mkdir(parents=True)
    shutil.copy(RU_CATALOGUE, catalogue)
    monkeypatch.chdir(mirror)
    with override_settings(LOCALE_PATHS=[mirror / "locale"]):
        call_command(
            "makemessages",
            locale=["ru"],
            no_obsolete=True,
            no_location=True,
            symlinks=True,
            ignore_patterns=["build", "node_modules", "*.egg-info"],
            verbosity=0,
        )
    assert untranslated(catalogue) == []
