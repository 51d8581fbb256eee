"""`svoboda eval_matching`: how well name matching does on a synthetic labelled set."""

import json as json_module

from django.core.management.base import BaseCommand

from matching.evaluation.report import table
from matching.evaluation.run import evaluate


class Command(BaseCommand):
    help = (
        "Measure name search and duplicate detection on a synthetic evaluation set (no real "
        "person's data), next to the old substring search and the recordlinkage library. The "
        "people are stored in a throwaway branch inside a transaction that is rolled back; run "
        "it on a development database all the same."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", metavar="FILE", help="Also write every figure to FILE.")
        parser.add_argument(
            "--limit",
            type=int,
            default=None,
            help="At most this many pairs and queries, across every category (a quick run).",
        )
        parser.add_argument("--seed", type=int, default=None, help="Another evaluation set.")

    def handle(self, *args, json=None, limit=None, seed=None, **options):
        results = evaluate(limit=limit, seed=seed, progress=self.stderr.write)
        self.stdout.write(table(results))
        if json:
            with open(json, "w", encoding="utf-8") as out:
                _dump(results, out)
            self.stdout.write(f"\nFigures written to {json}.")


def _dump(results, out):
    json_module.dump(results, out, indent=2, ensure_ascii=False)
