from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = (
        "Load synthetic demo data: branches, one user per role, and whatever each app's demo.py "
        "adds. Safe to run again: existing records are left as they are. Refuses to run with "
        "DEBUG off (a production database) unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off. Demo users have a published password.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like a production database. Demo users have a "
                "published password; run with --force only if you really want them here."
            )
        # Apps seed in INSTALLED_APPS order, so later apps can rely on branches and users.
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                if module_has_submodule(app_config.module, "demo") and app_config.name != "demo":
                    module = import_module(f"{app_config.name}.demo")
                    module.seed_demo(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
