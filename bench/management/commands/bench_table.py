import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bench import report


class Command(BaseCommand):
    help = (
        "Print the Markdown tables of bench/README.md from result files of `svoboda bench "
        "--json`: each scale's figures beside their floors, then every figure's growth across "
        "the scales. Reads files only; touches no database."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")

    def handle(self, *args, **options):
        results = []
        for path in options["files"]:
            try:
                results.append(json.loads(path.read_text()))
            except (OSError, ValueError) as error:
                raise CommandError(f"{path}: {error}") from error
        self.stdout.write(report.document(results))
