from django.core.management.base import BaseCommand, CommandError

import audit
from svoboda import backups


class Command(BaseCommand):
    help = """Restore a backup made by `svoboda backup` into the configured database and storage.

    1. Every member of the archive is read and checked against the manifest's SHA-256 and size
       before anything is touched; a damaged or altered archive is refused.
    2. Refused, unchanged, when the backup is of another database vendor (SQLite and PostgreSQL
       restore only into their own kind), when it comes from a newer Svoboda (migrations this
       code lacks), or when the target is not empty. Empty means: no tables, or only what
       `svoboda migrate` makes by itself (the schema, content types, permissions, role groups,
       news categories, the operations checklist), and no file in any storage. --force
       restores over existing data.
    3. The database is replaced (PostgreSQL: pg_restore --clean --if-exists --no-owner
       --no-privileges --single-transaction; SQLite: the backup API in reverse, page by page),
       then the files are written back, replacing files of the same name.
    4. Row counts per table and file sizes are compared with the manifest and reported; any
       difference makes the command fail.

    After restoring with a newer Svoboda than the one that made the backup, run
    `svoboda migrate`."""

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the archive written by `svoboda backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore even though the database or the storage already holds data",
        )

    def handle(self, *args, archive, force, **options):
        try:
            report = backups.restore_backup(archive, force=force)
        except (
            backups.ArchiveRefused,
            backups.RestoreRefused,
            backups.DatabaseToolFailed,
        ) as error:
            raise CommandError(str(error)) from error
        for note in report.notes:
            self.stdout.write(note)
        # Into the restored trail, after its counts were compared with the manifest: the chain
        # goes on from the backup's last entry, so `svoboda audit verify` checks both.
        audit.record(
            actor=audit.SYSTEM_ACTOR,
            verb="svoboda.backup_restored",
            changes={
                "backup_made_at": report.manifest["created_at"],
                "rows": report.rows,
                "files": report.files,
                "mismatches": len(report.mismatches),
            },
        )
        if report.mismatches:
            raise CommandError(
                "The restored site differs from the backup's manifest:\n  "
                + "\n  ".join(report.mismatches)
            )
        self.stdout.write(
            f"Restored {report.tables} tables ({report.rows} rows) and {report.files} file(s) "
            f"from the backup made {report.manifest['created_at']}; every count and file "
            "matches the manifest."
        )
