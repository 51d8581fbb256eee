"""svoboda import_people FILE --branch NAME: record the people of a spreadsheet in a branch."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import audit
from accounts.models import Branch
from matching.import_actions import import_people
from matching.importing import find_duplicates, max_file_size, read_people
from svoboda.errors import DomainError


class Command(BaseCommand):
    help = (
        "Record the people of a CSV or XLSX file in a branch. The first line names the "
        "columns: prs_FirstName, prs_MiddleName, prs_SecondName, prs_Birthdate, prs_Gender, "
        "prs_Citizenship, prs_MobilePhone, prs_IdentityNumber, birth_year, aliases, notes. "
        "Every row is checked and each bad one reported by line and column. A row that may "
        "be a person already recorded in the branch, or another row, is left out unless "
        "--keep-duplicates. Runs as the system (or --actor) and leaves audit entries."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV or XLSX file; the first line names the columns.")
        parser.add_argument("--branch", required=True, help="Name of the branch.")
        parser.add_argument(
            "--strict", action="store_true", help="Store nothing if any row is bad."
        )
        parser.add_argument(
            "--keep-duplicates",
            action="store_true",
            help="Record possible duplicates too and list each pair for review.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row, store nothing."
        )
        parser.add_argument(
            "--actor",
            metavar="EMAIL",
            help="The administrator the audit trail names (by default: the system).",
        )

    def handle(self, *args, file, branch, strict, keep_duplicates, dry_run, actor, **options):
        target = Branch.objects.filter(name__iexact=branch.strip()).first()
        if target is None:
            names = ", ".join(Branch.objects.order_by("name").values_list("name", flat=True))
            raise CommandError(
                _('No branch is named "%(name)s". Branches: %(names)s.')
                % {"name": branch, "names": names or "-"}
            )
        who = self._actor(actor)
        data = self._read(file)
        try:
            checked = read_people(data, file_name=file)
        except DomainError as error:
            raise CommandError(error.message) from None

        for error in checked.errors:
            self.stderr.write(str(error))
        if checked.errors_not_kept:
            self.stderr.write(
                ngettext(
                    "… and %(count)s more error.",
                    "… and %(count)s more errors.",
                    checked.errors_not_kept,
                )
                % {"count": checked.errors_not_kept}
            )
        if checked.unknown_columns:
            self.stdout.write(
                _("Columns not understood, left out: %(columns)s.")
                % {"columns": ", ".join(checked.unknown_columns)}
            )
        bad = len(checked.bad_lines)
        if dry_run or (strict and bad):
            duplicates = find_duplicates(checked.rows, target.people.all())
            created = None
        else:
            try:
                outcome = import_people(
                    actor=who,
                    branch=target,
                    rows=checked.rows,
                    keep_duplicates=keep_duplicates,
                    rows_rejected=bad,
                )
            except PermissionDenied:
                raise CommandError(
                    _("%(email)s may not import people into %(branch)s.")
                    % {"email": who.email, "branch": target.name}
                ) from None
            duplicates, created = outcome.duplicates, len(outcome.created)

        for line, matches in sorted(duplicates.items()):
            for match in matches:
                self.stdout.write(match.describe(line))
        summary = {
            "read": checked.rows_read,
            "bad": bad,
            "duplicates": len(duplicates),
        }
        if created is None:
            self.stdout.write(
                _("%(read)s rows read: %(bad)s bad, %(duplicates)s possible duplicates.") % summary
            )
            self.stdout.write(_("Nothing stored."))
        else:
            summary["created"] = created
            self.stdout.write(
                _(
                    "%(read)s rows read: %(created)s people recorded, %(bad)s bad rows, "
                    "%(duplicates)s possible duplicates."
                )
                % summary
            )
            if duplicates and not keep_duplicates:
                self.stdout.write(
                    _("Possible duplicates were left out; --keep-duplicates records them.")
                )
            elif outcome.pairs_opened:
                self.stdout.write(
                    ngettext(
                        "%(count)s pair listed for a coordinator to review.",
                        "%(count)s pairs listed for a coordinator to review.",
                        outcome.pairs_opened,
                    )
                    % {"count": outcome.pairs_opened}
                )
        if bad:
            raise CommandError(
                ngettext("%(count)s bad row.", "%(count)s bad rows.", bad) % {"count": bad}
            )

    def _actor(self, email):
        if not email:
            return audit.SYSTEM_ACTOR
        user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(_("No active account has the address %(email)s.") % {"email": email})
        return user

    def _read(self, path):
        try:
            with open(path, "rb") as opened:
                data = opened.read(max_file_size() + 1)
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror}
            ) from None
        return data
