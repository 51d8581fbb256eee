import os
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

import audit
from accounts.models import Branch, User
from reports.export_actions import MIN_K, export_htcds
from svoboda.errors import DomainError


class Command(BaseCommand):
    help = (
        "Write the branches' victims as an HTCDS CSV file, one row per person, without names, "
        "contacts, documents or any free text. With --k the quasi-identifiers (gender, age "
        "group, citizenship, country of exploitation, year) are generalised or suppressed until "
        "every combination occurs at least K times. Without --k the file is for a trusted "
        "partner: name the administrator who asks (--user) and why (--reason). Every export is "
        "recorded in the audit trail. The period filters on the date each case was opened."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="The CSV file to write.")
        parser.add_argument("--from", dest="date_from", type=date.fromisoformat, metavar="DATE")
        parser.add_argument("--to", dest="date_to", type=date.fromisoformat, metavar="DATE")
        parser.add_argument(
            "--branch",
            dest="branches",
            action="extend",
            nargs="+",
            default=[],
            metavar="NAME",
            help="A branch by name; repeat for several. Default: every branch the user may see.",
        )
        parser.add_argument(
            "--k", type=int, help=f"k-anonymise with this k (at least {MIN_K}; 10 is usual)."
        )
        parser.add_argument("--user", help="Email address of the person who asks for the export.")
        parser.add_argument("--reason", default="", help="Why; required without --k.")

    def handle(self, *args, out, date_from, date_to, branches, k, user, reason, **options):
        if k is None and not (user and reason.strip()):
            raise CommandError(
                "Without --k the export is not anonymised: name the administrator who asks "
                "(--user EMAIL) and why (--reason TEXT)."
            )
        actor = self._user(user) if user else audit.SYSTEM_ACTOR
        try:
            export = export_htcds(
                actor=actor,
                branches=self._branches(branches),
                date_from=date_from,
                date_to=date_to,
                k=k,
                reason=reason,
            )
        except PermissionDenied as error:
            raise CommandError(f"{actor} may not make this export.") from error
        except DomainError as error:
            raise CommandError(error.message) from error

        # Owner-only: even an anonymised file describes survivors.
        descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "w", encoding="utf-8", newline="") as file:
            file.writelines(export.csv_lines())
        self.stdout.write(f"{export.row_count} row(s) written to {out}.")
        if k is not None:
            self.stdout.write(
                f"k={k}: {export.generalised} value(s) generalised, {export.suppressed} "
                f"suppressed ({export.rows_suppressed} row(s) with every quasi-identifier "
                f"suppressed, {export.rows_withheld} row(s) withheld)."
            )

    def _user(self, email):
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with the email address {email}.")
        return user

    def _branches(self, names):
        branches = list(Branch.objects.filter(name__in=names))
        unknown = set(names) - {branch.name for branch in branches}
        if unknown:
            raise CommandError(f"No branch named {', '.join(sorted(unknown))}.")
        return branches
