import argparse
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Branch
from reports.statistics import compute


def _day(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = (
        "Print the organisation's figures: people rescued and helped, requests, open cases, "
        "operations, services, waiting times and victims (own and imported) broken down by "
        "period, branch, country and type of exploitation, gender and age group. The numbers "
        "are those of the reports dashboard (reports.statistics.compute; its docstring says "
        "what each key counts). With --json, the whole result as JSON for scripts and partners' "
        "reports. Reads only; counts only, never a person."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print every figure as JSON.")
        parser.add_argument("--from", dest="date_from", type=_day, metavar="DATE")
        parser.add_argument("--to", dest="date_to", type=_day, metavar="DATE")
        parser.add_argument(
            "--branch",
            dest="branches",
            action="extend",
            nargs="+",
            default=[],
            metavar="NAME",
            help="A branch by name; repeat for several. Default: the whole organisation.",
        )

    def handle(self, *args, date_from, date_to, branches, **options):
        if date_from and date_to and date_from > date_to:
            raise CommandError("--from is after --to.")
        figures = compute(
            self._branches(branches) if branches else None, date_from=date_from, date_to=date_to
        )
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        for name, value in [
            ("rescued", figures["rescued"]),
            ("helped", figures["helped"]),
            ("requests received", figures["requests"]["received"]),
            ("open cases", figures["open_cases"]["total"]),
            ("operations", figures["operations"]["total"]),
            ("services delivered", figures["services"]["delivered"]),
            ("victims", figures["victims"]["total"]),
        ]:
            self.stdout.write(f"{name}: {value}")

    def _branches(self, names):
        branches = list(Branch.objects.filter(name__in=names))
        unknown = set(names) - {branch.name for branch in branches}
        if unknown:
            raise CommandError(f"No branch named {', '.join(sorted(unknown))}.")
        return branches
