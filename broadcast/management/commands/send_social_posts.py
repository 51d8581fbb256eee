from django.core.management.base import BaseCommand

from broadcast import delivery


class Command(BaseCommand):
    help = (
        "Post what is due to the social channels: scheduled articles whose time has come, and "
        "retries of failed attempts. Run it every minute (cron, systemd timer); runs that "
        "overlap, here or on other servers, never send one post twice. Posts of articles "
        "published for now go out at once through the job worker; this is also the safety net "
        "for them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the posts that are due."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            self.stdout.write(f"{delivery.due().count()} post(s) due")
            return
        outcomes = delivery.deliver_due()
        self.stdout.write(
            "{sent} sent, {retry} to retry, {failed} failed, {withdrawn} withdrawn".format(
                sent=outcomes["sent"],
                retry=outcomes["retry"],
                failed=outcomes["failed"],
                withdrawn=outcomes["withdrawn"],
            )
        )
