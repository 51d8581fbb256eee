from django.core.management.base import BaseCommand

from publishing.subscriptions import send_digests


class Command(BaseCommand):
    help = (
        "Mail each confirmed news subscriber the articles published in their language and "
        "categories since their last digest. Run it daily or weekly (cron, systemd timer)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{send_digests()} digest(s) queued")
