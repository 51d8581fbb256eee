from django.core.management.base import BaseCommand

from network.actions import forget_unconfirmed_applications


class Command(BaseCommand):
    help = (
        "Delete volunteer sign-ups whose email address was never confirmed, once their link has "
        "expired (VOLUNTEER_CONFIRMATION_DAYS). Run it daily, e.g. from cron or a systemd timer."
    )

    def handle(self, *args, **options):
        count = forget_unconfirmed_applications()
        self.stdout.write(f"{count} unconfirmed volunteer sign-up(s) deleted")
