from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bench import harness, report, seeding
from cases.models import Case


class Command(BaseCommand):
    help = (
        "Measure every figure of bench/README.md at one scale, each beside its floor (the same "
        "work done by hand-written SQL, COPY or a static file), and print them with the ratio. "
        "An empty database is first filled with --scale synthetic cases (seed_bench); one "
        "already seeded must hold that many. --json FILE adds this scale's figures to FILE, "
        "next to other scales. Refuses with DEBUG off unless --force is given: it adds rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, required=True, metavar="N", help="Cases.")
        parser.add_argument("--json", type=Path, metavar="FILE")
        parser.add_argument("--repeat", type=int, default=30, metavar="N", help="Timed runs.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument(
            "--only",
            action="append",
            choices=[name for name, _module in harness.SECTIONS],
            help="Measure only this section (repeatable).",
        )
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, **options):
        harness.refuse_production(options["force"])
        if options["scale"] < 1 or options["repeat"] < 1:
            raise CommandError("--scale and --repeat must be at least 1.")
        context = harness.Context(
            scale=options["scale"],
            seed=options["seed"],
            repeat=options["repeat"],
            out=self.stdout.write,
        )
        held = Case.objects.count()
        seeded = None
        if held == 0:
            seeded = seeding.seed(
                cases=context.scale, seed_value=context.seed, out=self.stdout.write
            ).as_dict()
        elif held != context.scale:
            raise CommandError(
                f"The database holds {held:,} cases, not {context.scale:,}: measure a database "
                "seeded at this scale, or an empty one."
            )
        try:
            results = harness.run(context, only=options["only"])
        except harness.BenchRefused as error:
            raise CommandError(str(error)) from error
        result = harness.scale_result(context, results, seeded)
        self.stdout.write("")
        self.stdout.write(report.scale_table(result["figures"]))
        if options["json"]:
            harness.merge_into(options["json"], context, result)
            self.stdout.write(f"Written to {options['json']}.")
