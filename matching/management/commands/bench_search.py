import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.harness import refuse_production
from cases.models import Person
from matching import bench
from matching.search import MAX_CANDIDATES, MAX_FORMS_PER_WORD
from reports.bench import machine


class Command(BaseCommand):
    help = (
        "Benchmark the name search: fill an empty database with synthetic people and their name "
        "index, then time matching.search.search() for queries of several kinds made from "
        "stored people (another transliteration, family name first, a typo, a diminutive, with "
        "a year of birth, a surname alone, a phone number typed otherwise), as a coordinator of "
        "their branch and across everyone: p50, p95 and max per kind, the time of each step, "
        "and whether the person came in the first five. Prints a Markdown table; --json also "
        "writes the figures to a file. Adds rows it never removes, so run it on a database made "
        "for it: `make bench-search` creates one on PostgreSQL and drops it afterwards. Refuses "
        "a database that already holds people unless --reuse is given (then it measures what an "
        "earlier run seeded), and refuses with DEBUG off unless --force is given. Needs Faker "
        "(installed with the dev dependencies)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=1_000_000, metavar="N")
        parser.add_argument("--queries", type=int, default=350, metavar="N")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument("--json", type=Path, metavar="FILE", help="Also write JSON here.")
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Measure the people an earlier run seeded; seed nothing.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off. It adds rows."
        )

    def handle(self, *args, **options):
        refuse_production(options["force"], adds="a million synthetic people")
        if options["queries"] < 1 or options["people"] < 1:
            raise CommandError("--people and --queries must be at least 1.")
        has_people = Person.objects.exists()
        if has_people and not options["reuse"]:
            raise CommandError(
                "The database already holds people. Run the benchmark on an empty database, or "
                "give --reuse to measure the people an earlier run seeded."
            )
        load = None
        if not options["reuse"]:
            load = bench.seed(
                people=options["people"], seed_value=options["seed"], out=self.stdout.write
            )
        data = bench.data_summary()
        self.stdout.write(
            f"Searching {data['people']:,} people ({data['visible_to_coordinator']:,} visible "
            f"to the coordinator) with {options['queries']} queries."
        )
        try:
            results = bench.measure(
                queries=options["queries"], seed_value=options["seed"], out=self.stdout.write
            )
        except bench.BenchRefused as e:
            raise CommandError(str(e)) from e
        self.stdout.write(bench.markdown(results))
        if options["json"]:
            result = bench.as_dict(
                results,
                data=data,
                load=load,
                machine=machine(),
                settings={
                    "seed": options["seed"],
                    "queries": options["queries"],
                    "reused": options["reuse"],
                    "debug": settings.DEBUG,
                    "max_candidates": MAX_CANDIDATES,
                    "max_forms_per_word": MAX_FORMS_PER_WORD,
                },
            )
            options["json"].write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
            self.stdout.write(f"Wrote {options['json']}.")
