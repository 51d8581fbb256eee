from django.core.management.base import BaseCommand

from broadcast import delivery
from broadcast.models import Post


class Command(BaseCommand):
    help = (
        "Post what is due to the social channels: scheduled articles whose time has come, and "
        "retries of failed attempts; and withdraw from the channels the posts of articles that "
        "were unpublished (with their retries). Run it every minute (cron, systemd timer); runs "
        "that overlap, here or on other servers, never send one post twice. Posts and "
        "withdrawals of articles published or unpublished just now go out at once through the "
        "job worker; this is also the safety net for them. 'Held back' counts posts of articles "
        "that are not public any more (cancelled) or not yet (waiting for their new time)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count the posts and withdrawals that are due.",
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            due = delivery.due()
            posts = due.filter(status=Post.Status.PENDING).count()
            withdrawals = due.filter(status=Post.Status.WITHDRAWING).count()
            self.stdout.write(f"{posts} post(s) and {withdrawals} withdrawal(s) due")
            return
        outcomes = delivery.deliver_due()
        self.stdout.write(
            "{sent} sent, {retry} to retry, {failed} failed, {held} held back, "
            "{withdrawn} withdrawn, {withdraw_failed} not withdrawn".format(
                sent=outcomes["sent"],
                retry=outcomes["retry"],
                failed=outcomes["failed"],
                held=outcomes["held"],
                withdrawn=outcomes["withdrawn"],
                withdraw_failed=outcomes["withdraw_failed"],
            )
        )
