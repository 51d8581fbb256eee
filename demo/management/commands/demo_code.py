from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import current_demo_code


class Command(BaseCommand):
    help = (
        "Print the code an authenticator app with the demo key shows now, to sign in as a demo "
        "user without a phone. Development only (DEBUG on): the demo key is public."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("DEBUG is off: demo codes are for trying Svoboda locally only.")
        self.stdout.write(current_demo_code())
