from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

import audit
from svoboda import backups


class Command(BaseCommand):
    help = """Back up the database and every uploaded file into ONE archive file.

    The archive (tar; gzip-compressed when ARCHIVE ends in .gz or .tgz) holds:
      database.sqlite3 or database.pgdump: the database, copied from one consistent snapshot
        while the site keeps running (SQLite: the online backup API; PostgreSQL:
        pg_dump --format=custom, connection details from settings.DATABASES, the password
        passed to pg_dump in its environment, never on the command line);
      files/<storage>/<name>: every file in every configured storage but the static files
        (case files, help-request attachments, article images, report exports);
      manifest.json: format version, database vendor, creation time, the latest applied
        migration per app, row counts per table, and the size and SHA-256 of every member.

    The archive is created with mode 0600 and never overwrites an existing file. It holds
    survivors' personal data in full: encrypt it before it leaves the server (age, gpg) and
    keep the key apart from the backups. Restore with `svoboda restore ARCHIVE`."""

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="where to write the archive (default: svoboda-backup-<UTC time>.tar.gz here)",
        )

    def handle(self, *args, archive=None, **options):
        path = archive or f"svoboda-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = backups.make_backup(path)
        except FileExistsError as error:
            raise CommandError(f"{path} exists already; a backup never overwrites it.") from error
        except backups.DatabaseToolFailed as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        # After the snapshot, so the archive's counts are the site's as it was backed up. Counts
        # only: where an archive is kept is the operator's business, not the audit trail's.
        audit.record(
            actor=audit.SYSTEM_ACTOR,
            verb="svoboda.backup_made",
            changes={
                "tables": len(manifest["tables"]),
                "rows": rows,
                "files": len(manifest["files"]),
            },
        )
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows) and "
            f"{len(manifest['files'])} file(s) of the {manifest['database']['vendor']} site "
            f"to {path}"
        )
