from django.core.management.base import BaseCommand

from svoboda.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Delete help requests kept longer than their retention period "
        "(RETENTION_SPAM_REQUEST_DAYS, RETENTION_CLOSED_REQUEST_DAYS) with their messages, files "
        "and follow-up codes; erase cases closed more than RETENTION_CLOSED_CASE_YEARS ago, "
        "keeping their victims as anonymous statistics; record the counts in the audit trail. "
        "Run it daily, e.g. from cron or a systemd timer. --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        counts = apply_retention(dry_run=dry_run)
        verb = "would be deleted" if dry_run else "deleted"
        for rule, found in counts.items():
            # Counts only: nothing about a request or a person goes to the output or the logs.
            if "cases" in found:
                erased = "would be erased" if dry_run else "erased"
                details = (
                    ""
                    if dry_run
                    else f", {found['people']} person record(s), "
                    f"{found['statistical_records']} victim(s) kept as anonymous statistics"
                )
                self.stdout.write(f"{rule}: {found['cases']} case(s){details} {erased}")
                continue
            self.stdout.write(
                f"{rule}: {found['requests']} request(s), {found['messages']} message(s), "
                f"{found['files']} file(s) {verb}"
            )
