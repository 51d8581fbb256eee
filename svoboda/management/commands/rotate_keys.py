from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

import audit
from svoboda.encryption import UndecryptableError
from svoboda.encryption.rotation import rotate_everything


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field and uploaded file with the first key in "
        "FIELD_ENCRYPTION_KEYS, in batches. To rotate: put a new key first (keep the old ones "
        "after it), restart, run this, then remove the old keys. Safe to run again and while "
        "the site runs; values already under the first key are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size=500, **options):
        try:
            report = rotate_everything(batch_size=batch_size)
        except UndecryptableError as error:
            raise CommandError(f"{error} Rows before it were re-encrypted; run again.") from None
        values = sum(result.values for result in report.values())
        files = sum(result.files for result in report.values())
        missing = sum(len(result.missing_files) for result in report.values())
        # Counts only: nothing stored goes to the output or the logs.
        for label, result in report.items():
            self.stdout.write(
                f"{label}: {result.values} value(s), {result.files} file(s) re-encrypted"
                + (f", {len(result.missing_files)} file(s) missing" if result.missing_files else "")
            )
        with transaction.atomic():
            audit.record(
                actor=audit.SYSTEM_ACTOR,
                verb="svoboda.keys_rotated",
                changes={"values": values, "files": files, "missing_files": missing},
            )
        self.stdout.write(f"Re-encrypted {values} value(s) and {files} file(s).")
