import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.harness import refuse_production
from reports import bench
from reports.models import StatisticalRecord


class Command(BaseCommand):
    help = (
        "Benchmark the reports: fill an empty database with synthetic imported records and own "
        "victims, then time statistics.compute() and the dashboard page (min, median and p95 "
        "of several runs, and the number of queries). Prints a Markdown table; --json also "
        "writes the figures to a file. Adds rows it never removes, so run it on a database made "
        "for it: `make bench-reports` creates one on PostgreSQL and drops it afterwards. "
        "Refuses a database that already holds statistical records unless --reuse is given "
        "(then it measures what is there and adds nothing), and refuses with DEBUG off (a "
        "production database) unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=1_000_000, metavar="N")
        parser.add_argument("--own-victims", type=int, default=20_000, metavar="N")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument("--repeat", type=int, default=10, metavar="N", help="Timed runs.")
        parser.add_argument("--warmup", type=int, default=1, metavar="N", help="Untimed runs.")
        parser.add_argument("--json", type=Path, metavar="FILE", help="Also write JSON here.")
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Measure the statistical records already in the database; seed nothing.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off. It adds rows."
        )

    def handle(self, *args, **options):
        refuse_production(options["force"], adds="a million synthetic records")
        if options["repeat"] < 1 or options["warmup"] < 1:
            raise CommandError("--repeat and --warmup must be at least 1.")
        has_records = StatisticalRecord.objects.exists()
        if has_records and not options["reuse"]:
            raise CommandError(
                "The database already holds statistical records. Run the benchmark on an empty "
                "database, or give --reuse to measure the records that are there."
            )
        if options["reuse"] and not has_records:
            raise CommandError("--reuse: the database holds no statistical records to measure.")
        if not options["reuse"]:
            bench.seed(
                records=options["records"],
                own_victims=options["own_victims"],
                seed_value=options["seed"],
                out=self.stdout.write,
            )
        data = bench.data_summary()
        self.stdout.write(
            f"Measuring with {data['imported_records']:,} imported records and "
            f"{data['own_victims']:,} own victims ({options['warmup']} warm-up and "
            f"{options['repeat']} timed runs each)."
        )
        try:
            measurements = bench.measure(repeat=options["repeat"], warmup=options["warmup"])
        except bench.BenchRefused as e:
            raise CommandError(str(e)) from e
        self.stdout.write(bench.markdown(measurements))
        if options["json"]:
            result = bench.as_dict(
                measurements,
                data=data,
                settings={
                    "seed": None if options["reuse"] else options["seed"],
                    "repeat": options["repeat"],
                    "warmup": options["warmup"],
                    "debug": settings.DEBUG,
                },
            )
            options["json"].write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
            self.stdout.write(f"Wrote {options['json']}.")
