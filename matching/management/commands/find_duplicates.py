"""`svoboda find_duplicates`: list records that may be one person, and store them for review."""

from django.core.management.base import BaseCommand, CommandError

import audit
from accounts.models import Branch
from cases.models import Person
from matching.duplicates import find_duplicate_pairs, record_pairs
from matching.scoring import DUPLICATE_THRESHOLD


class Command(BaseCommand):
    help = (
        "List pairs of person records that may be one person, best first, with their score, "
        "the reasons (name, birth_year, phone, document, years_apart) and both records' "
        "references and names. With --store the pairs are kept for the coordinators' review "
        "(Workspace > People > Possible duplicates): a pair already marked as two people stays "
        "so. Run it with --store --no-names from cron or a systemd timer (e.g. nightly), so that "
        "no name reaches the job's log. Every run is recorded in the audit trail (counts only)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--branch",
            dest="branches",
            action="extend",
            nargs="+",
            default=[],
            metavar="NAME",
            help="Only the people recorded by this branch; repeat for several. Default: everyone.",
        )
        parser.add_argument(
            "--min-score",
            type=float,
            default=None,
            metavar="S",
            help=f"Lowest score listed, 0 to 1 (default {DUPLICATE_THRESHOLD}).",
        )
        parser.add_argument("--store", action="store_true", help="Keep the pairs found for review.")
        parser.add_argument(
            "--no-names", action="store_true", help="Print references only, without names."
        )

    def handle(self, *args, branches, min_score, store, no_names, **options):
        if min_score is not None and not 0 <= min_score <= 1:
            raise CommandError("--min-score is between 0 and 1.")
        people = Person.objects.all()
        changes = {}
        if branches:
            found = list(Branch.objects.filter(name__in=branches))
            missing = set(branches) - {branch.name for branch in found}
            if missing:
                raise CommandError(f"No branch named {', '.join(sorted(missing))}.")
            people = people.filter(branch__in=found)
            changes["branches"] = sorted(str(branch.pk) for branch in found)
        pairs = find_duplicate_pairs(people, min_score=min_score)
        for first, second, score, reasons in pairs:
            line = f"{score:.3f}  {first.reference}  {second.reference}  {','.join(reasons)}"
            if not no_names:
                line += f"  {first.full_name} | {second.full_name}"
            self.stdout.write(line)
        # Counts and branch ids only: the audit trail never holds a name.
        changes["pairs"] = len(pairs)
        if store:
            counts = record_pairs(pairs)
            changes.update(counts)
            self.stdout.write(
                f"{len(pairs)} pair(s): {counts['new']} new, {counts['updated']} already waiting "
                f"for review, {counts['decided']} already decided."
            )
        else:
            self.stdout.write(f"{len(pairs)} pair(s). Nothing stored (use --store).")
        audit.record(actor=audit.SYSTEM_ACTOR, verb="matching.duplicates_found", changes=changes)
