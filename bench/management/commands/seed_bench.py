from django.core.management.base import BaseCommand, CommandError

from bench import harness, seeding
from cases.models import Case


class Command(BaseCommand):
    help = (
        "Fill an empty database with a large organisation's synthetic work, in bulk: people, "
        "help requests, cases with their timeline, operations, services, articles and "
        "statistical records (bench/seeding.py). The same --seed gives the same rows. Refuses "
        "a database that already holds cases, and refuses with DEBUG off (a production "
        "database) unless --force is given: `make bench` makes a database for it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True, metavar="N")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, **options):
        harness.refuse_production(options["force"])
        if options["cases"] < 1:
            raise CommandError("--cases must be at least 1.")
        if Case.objects.exists():
            raise CommandError(
                "The database already holds cases: seed an empty database made for the benchmark."
            )
        seeding.seed(cases=options["cases"], seed_value=options["seed"], out=self.stdout.write)
