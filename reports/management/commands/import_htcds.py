from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import audit
from accounts.models import Branch
from reports.importing import AUTO, LAYOUTS, import_file
from svoboda.errors import DomainError


class Command(BaseCommand):
    help = (
        "Load a partner's HTCDS CSV, or a CTDC file, into a branch as anonymous statistical "
        "records for the impact dashboards. The layout is recognised from the first line. "
        "Every row is checked and each bad one reported by line and column; without --strict "
        "the good rows are stored and the bad ones counted. Importing the same file into the "
        "same branch again adds nothing. Runs as the system and leaves an audit entry."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file (UTF-8, header on the first line).")
        parser.add_argument(
            "--branch", required=True, help="Name of the branch the figures belong to."
        )
        parser.add_argument(
            "--strict", action="store_true", help="Store nothing if any row is bad."
        )
        parser.add_argument(
            "--layout",
            default=AUTO,
            choices=[AUTO, *LAYOUTS],
            help="The file's layout; by default recognised from its first line.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row, store nothing."
        )

    def handle(self, *args, file, branch, strict, layout, dry_run, **options):
        target = Branch.objects.filter(name=branch).first()
        if target is None:
            names = ", ".join(Branch.objects.values_list("name", flat=True)) or "-"
            raise CommandError(
                _('No branch is named "%(name)s". Branches: %(names)s.')
                % {"name": branch, "names": names}
            )
        try:
            result = import_file(
                file,
                branch=target,
                actor=audit.SYSTEM_ACTOR,
                strict=strict,
                layout=layout,
                dry_run=dry_run,
            )
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from None
        except DomainError as error:
            raise CommandError(error.message) from None

        if result.already_imported:
            self.stdout.write(
                _(
                    "This file was already imported into %(branch)s on %(date)s "
                    "(%(stored)s rows): nothing added."
                )
                % {
                    "branch": target.name,
                    "date": result.batch.imported_at.date().isoformat(),
                    "stored": result.batch.rows_stored,
                }
            )
            return
        for error in result.errors:
            self.stderr.write(str(error))
        if result.errors_not_kept:
            self.stderr.write(
                ngettext(
                    "… and %(count)s more error.",
                    "… and %(count)s more errors.",
                    result.errors_not_kept,
                )
                % {"count": result.errors_not_kept}
            )
        if result.missing_columns:
            self.stdout.write(
                _("Columns not in the file, unknown in every record: %(columns)s.")
                % {"columns": ", ".join(result.missing_columns)}
            )
        self.stdout.write(
            _("%(layout)s: %(read)s rows read, %(stored)s stored, %(rejected)s rejected.")
            % {
                "layout": result.layout,
                "read": result.rows_read,
                "stored": result.rows_stored,
                "rejected": result.rows_rejected,
            }
        )
        if strict and result.rows_rejected:
            raise CommandError(
                ngettext(
                    "%(count)s bad row: nothing stored.",
                    "%(count)s bad rows: nothing stored.",
                    result.rows_rejected,
                )
                % {"count": result.rows_rejected}
            )
        if dry_run:
            self.stdout.write(_("Dry run: nothing stored."))
