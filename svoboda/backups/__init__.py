"""Backups of everything Svoboda keeps: the database and the uploaded files, in one archive.

`svoboda backup` and `svoboda restore` (svoboda/management/commands) are thin shells around
make_backup() and restore_backup(); the archive format is in svoboda.backups.archive, the
database side in svoboda.backups.databases.
"""

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.core.files.storage import storages
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from svoboda.backups import archive, databases
from svoboda.backups.archive import ArchiveRefused
from svoboda.backups.databases import DatabaseToolFailed

__all__ = ["ArchiveRefused", "DatabaseToolFailed", "RestoreRefused"]


class RestoreRefused(Exception):
    """The target is not fit to restore into; nothing has been changed."""


def make_backup(path, alias="default") -> dict:
    """Write a backup archive to `path` (which must not exist) and return its manifest."""
    vendor = databases.vendor(alias)
    writer = archive.ArchiveWriter(path)
    try:
        with tempfile.TemporaryDirectory(prefix="svoboda-backup-") as work:
            member = databases.DUMP_NAMES[vendor]
            dump_path = Path(work) / member
            snapshot = databases.dump(dump_path, alias)
            with open(dump_path, "rb") as dumped:
                database = writer.add(member, dumped, dump_path.stat().st_size)
        # Files are copied after the dump: one uploaded meanwhile is kept without its row
        # (harmless); one deleted meanwhile is missing from the archive and reported here.
        files = []
        for storage_alias in archive.file_storage_aliases():
            storage = storages[storage_alias]
            for name in archive.stored_names(storage):
                member_name = archive.member_for(storage_alias, name)
                with storage.open(name, "rb") as stream:
                    entry = writer.add(member_name, stream, storage.size(name))
                files.append(
                    {"storage": storage_alias, "name": name, "member": member_name, **entry}
                )
        manifest = {
            "format": archive.FORMAT,
            "version": archive.VERSION,
            "created_at": timezone.now().isoformat(),
            "database": {"vendor": vendor, "member": member, **database},
            "migrations": snapshot.migrations,
            "tables": snapshot.tables,
            "files": files,
        }
        writer.finish(manifest)
    except BaseException:
        writer.abandon()
        raise
    return manifest


def seeded_tables():
    """Tables that `migrate` fills by itself (content types, permissions, the role groups, the
    news categories and the operations checklist from data migrations): rows there do not make
    a database non-empty."""
    from django.apps import apps
    from django.db.migrations.recorder import MigrationRecorder

    models = [
        MigrationRecorder.Migration,
        apps.get_model("contenttypes", "ContentType"),
        apps.get_model("auth", "Permission"),
        apps.get_model("auth", "Group"),
        apps.get_model("auth", "Group").permissions.through,
        apps.get_model("publishing", "Category"),
        apps.get_model("operations", "ChecklistItem"),
    ]
    return {model._meta.db_table for model in models}


def target_contents(alias="default") -> list:
    """What the target database and file storages already hold, one line per table or storage;
    an empty list means the target is empty and a restore may go ahead without --force.

    Empty means: no tables at all, or only the schema and rows `migrate` makes by itself
    (seeded_tables), and no file in any storage."""
    seeded = seeded_tables()
    found = [
        f"table {table}: {count} row(s)"
        for table, count in databases.row_counts(alias).items()
        if count and table not in seeded
    ]
    for storage_alias in archive.file_storage_aliases():
        if next(archive.stored_names(storages[storage_alias]), None) is not None:
            found.append(f"storage {storage_alias!r}: files")
    return found


def _migration_notes(manifest):
    """(unknown, behind): migrations the backup has that this code lacks, and apps whose code
    has migrations newer than the backup's."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    on_disk = set(loader.disk_migrations)
    applied = manifest["migrations"].items()
    unknown = sorted(f"{app}.{name}" for app, name in applied if (app, name) not in on_disk)
    latest_on_disk = {}
    for app, name in on_disk:
        latest_on_disk[app] = max(name, latest_on_disk.get(app, ""))
    behind = sorted(
        app for app, name in manifest["migrations"].items() if latest_on_disk.get(app, "") > name
    )
    return unknown, behind


@dataclass
class RestoreReport:
    manifest: dict
    tables: int = 0
    rows: int = 0
    files: int = 0
    mismatches: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def restore_backup(path, *, force=False, alias="default") -> RestoreReport:
    """Check the archive in full, then replace the database and put back the files.

    Refused before anything changes when the archive is damaged or altered, was made on another
    database vendor, names a storage this site does not configure, comes from a newer Svoboda,
    or (without force) when the target already holds data."""
    tar = archive.open_archive(path)
    with tar, tempfile.TemporaryDirectory(prefix="svoboda-restore-") as work:
        manifest = archive.read_manifest(tar)
        database_copy = Path(work) / "database"
        archive.verify(tar, manifest, database_copy)
        _refuse_unfit_target(manifest, force, alias)

        databases.load(database_copy, alias)
        for entry in manifest["files"]:
            storage = storages[entry["storage"]]
            if storage.exists(entry["name"]):
                storage.delete(entry["name"])
            with tar.extractfile(entry["member"]) as stream:
                saved = storage.save(entry["name"], File(stream, name=entry["name"]))
            if saved != entry["name"]:
                raise RestoreRefused(f"The storage saved {entry['name']} as {saved}.")
        return _check_restored(manifest, alias)


def _refuse_unfit_target(manifest, force, alias):
    source, target = manifest["database"]["vendor"], databases.vendor(alias)
    if source != target:
        raise RestoreRefused(
            f"This backup is of a {source} database and the configured database is {target}. "
            "Restore into the same kind of database it was made from."
        )
    missing = {entry["storage"] for entry in manifest["files"]} - set(
        archive.file_storage_aliases()
    )
    if missing:
        raise RestoreRefused(
            f"The backup holds files of storage(s) {', '.join(sorted(missing))}, which this "
            "site does not configure (settings.STORAGES)."
        )
    unknown, _behind = _migration_notes(manifest)
    if unknown and not force:
        raise RestoreRefused(
            "This backup was made by a newer version of Svoboda: this code lacks the "
            f"migration(s) {', '.join(unknown)}. Restore it with the version that made it."
        )
    contents = [] if force else target_contents(alias)
    if contents:
        raise RestoreRefused(
            "The target is not empty, and a restore would replace what it holds:\n  "
            + "\n  ".join(contents)
            + "\nRestore into an empty database and empty file storage, or pass --force to "
            "replace them."
        )


def _check_restored(manifest, alias):
    report = RestoreReport(manifest=manifest)
    counts = databases.row_counts(alias, list(manifest["tables"]))
    for table, expected in manifest["tables"].items():
        if counts[table] != expected:
            report.mismatches.append(f"table {table}: {counts[table]} row(s), expected {expected}")
        report.tables += 1
        report.rows += counts[table] or 0
    for entry in manifest["files"]:
        storage = storages[entry["storage"]]
        if not storage.exists(entry["name"]) or storage.size(entry["name"]) != entry["size"]:
            report.mismatches.append(f"file {entry['member']}: not restored in full")
        report.files += 1
    unknown, behind = _migration_notes(manifest)
    if unknown:
        report.notes.append(
            f"The backup has migrations this code lacks ({', '.join(unknown)}): run the version "
            "of Svoboda that made it."
        )
    if behind:
        report.notes.append(
            f"This code has newer migrations for {', '.join(behind)}: run `svoboda migrate`."
        )
    return report
