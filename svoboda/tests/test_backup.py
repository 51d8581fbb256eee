"""`svoboda backup` and `svoboda restore`: a backup restored into an empty database holds every
record and every file, and a restore refuses whatever would lose or corrupt data.

The restore runs as operators run it, in a separate `svoboda` process with production settings,
against a fresh database (a new SQLite file, or a new PostgreSQL database) and an empty media
folder. The suite runs on SQLite and on PostgreSQL, so each vendor's test runs in one of them.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.tests.factories import UserFactory
from cases import actions as case_actions
from cases.models import Participant
from intake import actions as intake_actions
from publishing import images
from publishing.tests.factories import ArticleFactory
from publishing.tests.image_factories import jpeg_bytes, png_bytes
from svoboda import backups
from svoboda.backups import archive, databases
from svoboda.encryption import decrypt_bytes, encrypt_bytes, is_encrypted

ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith("postgres")
SVOBODA = Path(sys.executable).parent / "svoboda"
PASSPORT = b"%PDF-1.4 passport of the person in the case"


@pytest.fixture
def site(storage, branch, coordinator, editor):
    """A little of everything: a case with a person and a file, a help request with a photo,
    an article with a picture, and the audit entries all of these wrote."""
    case = case_actions.open_case(actor=coordinator, branch=branch, title="Brick kiln")
    case_actions.add_new_person_to_case(
        actor=coordinator,
        case=case,
        role=Participant.Role.VICTIM,
        given_name="Азиз",
        family_name="Алиев",
        birth_year=1990,
    )
    case_actions.add_case_file(
        actor=coordinator,
        case=case,
        upload=SimpleUploadedFile("passport.pdf", PASSPORT),
        content_type="application/pdf",
    )
    intake_actions.submit_request(
        language="ru",
        submission_token=uuid.uuid4(),
        files=[(SimpleUploadedFile("photo.png", png_bytes()), "image/png")],
        writer_kind="relative",
        situations=["forced_labour"],
        country="RU",
        city="Кизляр",
        description="Брата держат на кирпичном заводе.",
        contact_channel="telegram",
        contact_handle="@example_handle",
    )
    article = ArticleFactory(author=editor)
    images.add_article_image(
        actor=editor,
        article=article,
        upload=SimpleUploadedFile("gate.jpg", jpeg_bytes(size=(1200, 800)), "image/jpeg"),
        alt_text="Ворота фабрики",
    )
    return storage


def stored_files(storage):
    files = {}
    for name in archive.stored_names(storage):
        with storage.open(name, "rb") as stream:
            files[name] = stream.read()
    return files


def make_backup(tmp_path, name="backup.tar.gz"):
    path = tmp_path / name
    call_command("backup", str(path), stdout=io.StringIO())
    return path


def manifest_of(path):
    with tarfile.open(path) as tar:
        return json.load(tar.extractfile("manifest.json"))


def svoboda(*arguments, database_url, media_root):
    """Run `svoboda ...` as an operator would: production settings, from the environment."""
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith("PG")},
        "DJANGO_SETTINGS_MODULE": "svoboda.settings",
        # The suite's own key: the audit chain it built is keyed with it (audit/chain.py), and
        # an operator restores with the keys the site had.
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
    }
    return subprocess.run(
        [str(SVOBODA), *map(str, arguments)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def files_on_disk(root):
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in Path(root).rglob("*")
        if path.is_file()
    }


def assert_everything_was_backed_up(path, counts, files):
    # The site really holds what the test means to back up.
    for table in [
        "cases_case",
        "cases_person",
        "cases_casefile",
        "intake_helprequest",
        "intake_attachment",
        "publishing_articleimage",
        "audit_auditentry",
    ]:
        assert counts[table] > 0, table
    assert len(files) >= 4  # the case file, the help request's photo, two sizes of the picture
    # Case files are stored encrypted (svoboda.encryption.files), and so backed up.
    assert PASSPORT not in files.values()
    assert PASSPORT in [decrypt_bytes(data) for data in files.values() if is_encrypted(data)]
    manifest = manifest_of(path)
    assert manifest["tables"] == counts
    assert {entry["name"] for entry in manifest["files"]} == set(files)


LAST_VERBS = "SELECT verb FROM audit_auditentry ORDER BY id DESC LIMIT 2"


def assert_restored(restored_counts, counts, last_verbs):
    """Every row of the backup is back, and the trail says so: the backup's own entry (written
    after its snapshot, so not in it) is missing, and the restore's entry follows the backup's
    last one."""
    assert last_verbs[0] == "svoboda.backup_restored"
    assert last_verbs[1] != "svoboda.backup_made"
    assert restored_counts == {**counts, "audit_auditentry": counts["audit_auditentry"] + 1}


def assert_chain_intact(url, media):
    result = svoboda("audit", "verify", database_url=url, media_root=media)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(ON_POSTGRESQL, reason="SQLite restore; the suite runs on PostgreSQL")
def test_a_sqlite_backup_restored_into_an_empty_database_has_every_record_and_file(site, tmp_path):
    counts, files = databases.row_counts(), stored_files(site)
    path = make_backup(tmp_path)
    assert_everything_was_backed_up(path, counts, files)

    target, media = tmp_path / "restored.sqlite3", tmp_path / "media"
    url = f"sqlite:///{target}"
    result = svoboda("restore", path, database_url=url, media_root=media)

    assert result.returncode == 0, result.stderr
    assert "every count and file matches" in result.stdout
    with sqlite3.connect(target) as restored:
        restored_counts = {
            table: restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in counts
        }
        verbs = [row[0] for row in restored.execute(LAST_VERBS)]
    assert_restored(restored_counts, counts, verbs)
    assert files_on_disk(media) == files
    assert_chain_intact(url, media)


@pytest.fixture
def empty_postgresql_database():
    """A new, empty PostgreSQL database beside the test database; dropped afterwards."""
    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_restored"
    parameters = {
        "host": settings_dict["HOST"] or None,
        "port": settings_dict["PORT"] or None,
        "user": settings_dict["USER"] or None,
        "password": settings_dict["PASSWORD"] or None,
    }

    def admin(statement):
        with psycopg.connect(dbname="postgres", autocommit=True, **parameters) as admin_connection:
            admin_connection.execute(statement)

    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}"')
    credentials = settings_dict["USER"] or ""
    if settings_dict["PASSWORD"]:
        credentials += f":{settings_dict['PASSWORD']}"
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    url = f"postgres://{credentials}@{host}:{port}/{name}"
    try:
        yield url, lambda: psycopg.connect(dbname=name, **parameters)
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL restore; the suite runs on SQLite")
def test_a_postgresql_backup_restored_into_an_empty_database_has_every_record_and_file(
    site, tmp_path, empty_postgresql_database
):
    url, connect = empty_postgresql_database
    counts, files = databases.row_counts(), stored_files(site)
    path = make_backup(tmp_path)
    assert_everything_was_backed_up(path, counts, files)

    media = tmp_path / "media"
    result = svoboda("restore", path, database_url=url, media_root=media)

    assert result.returncode == 0, result.stderr
    assert "every count and file matches" in result.stdout
    with connect() as restored:
        restored_counts = {
            table: restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in counts
        }
        verbs = [row[0] for row in restored.execute(LAST_VERBS)]
        # The audit log stays append-only after a restore.
        with pytest.raises(psycopg.errors.RaiseException):
            restored.execute("DELETE FROM audit_auditentry")
    assert_restored(restored_counts, counts, verbs)
    assert files_on_disk(media) == files
    assert_chain_intact(url, media)


@pytest.mark.django_db(transaction=True)
def test_the_archive_is_readable_by_its_owner_only_and_lists_every_checksum(site, tmp_path):
    path = make_backup(tmp_path)
    assert path.stat().st_mode & 0o777 == 0o600
    manifest = manifest_of(path)
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["migrations"]["cases"].startswith("00")
    with tarfile.open(path) as tar:
        for entry in manifest["files"]:
            data = tar.extractfile(entry["member"]).read()
            assert entry["size"] == len(data)
            assert entry["sha256"] == hashlib.sha256(data).hexdigest()


@pytest.mark.django_db(transaction=True)
def test_a_backup_never_overwrites_an_existing_file(site, tmp_path):
    path = tmp_path / "backup.tar"
    path.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(path), stdout=io.StringIO())
    assert path.read_bytes() == b"an older backup"


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_holds_data_without_force(site, tmp_path):
    path = make_backup(tmp_path)
    UserFactory(email="later@example.org")
    counts, files = databases.row_counts(), stored_files(site)

    with pytest.raises(CommandError, match="not empty") as refusal:
        call_command("restore", str(path), stdout=io.StringIO())

    assert "accounts_user" in str(refusal.value)
    assert databases.row_counts() == counts
    assert stored_files(site) == files


def tampered_copy(path, tmp_path):
    """The same archive with the case file's bytes changed and the manifest left as it was."""
    tampered = tmp_path / "tampered.tar"
    with tarfile.open(path) as source, tarfile.open(tampered, "w") as target:
        for info in source:
            data = source.extractfile(info).read()
            # Stored encrypted: the altered file is encrypted as well, to the same length.
            if is_encrypted(data) and decrypt_bytes(data) == PASSPORT:
                data = encrypt_bytes(PASSPORT.replace(b"passport", b"PASSPORT"))
            target.addfile(info, io.BytesIO(data))
    return tampered


@pytest.mark.django_db(transaction=True)
def test_a_tampered_archive_is_refused_before_anything_changes(site, tmp_path):
    tampered = tampered_copy(make_backup(tmp_path), tmp_path)
    UserFactory(email="later@example.org")
    counts, files = databases.row_counts(), stored_files(site)

    # Even --force, which would replace everything, changes nothing.
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(tampered), "--force", stdout=io.StringIO())

    assert databases.row_counts() == counts
    assert stored_files(site) == files


@pytest.mark.django_db
def test_a_freshly_migrated_database_with_no_files_counts_as_empty(storage):
    assert backups.target_contents() == []
    UserFactory(email="someone@example.org")
    storage.save("cases/x/upload", io.BytesIO(b"data"))
    assert backups.target_contents() == [
        "table accounts_user: 1 row(s)",
        "storage 'default': files",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_audited_with_counts_and_not_where_it_went(site, tmp_path):
    from audit.models import AuditEntry

    path = make_backup(tmp_path, name="secret-place.tar.gz")
    entry = AuditEntry.objects.latest("id")
    manifest = manifest_of(path)
    assert entry.verb == "svoboda.backup_made"
    assert entry.changes == {
        "tables": len(manifest["tables"]),
        "rows": sum(manifest["tables"].values()),
        "files": len(manifest["files"]),
    }
    assert "secret-place" not in str(entry.changes)
