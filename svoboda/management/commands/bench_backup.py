import json
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from svoboda import backups
from svoboda.backups import bench


class Command(BaseCommand):
    help = (
        "Benchmark backups: fill an empty site with synthetic cases through the real actions "
        "(people, notes, small photos stored encrypted, the audit chain entry by entry), run "
        "`svoboda backup`, restore the archive with a separate `svoboda restore` process into "
        "the empty database RESTORE_URL and a new media folder, then compare every table's row "
        "count and every file's bytes and run `svoboda audit verify` there. Prints the figures; "
        "--json also writes them to a file. Exits non-zero on any difference. Adds rows it "
        "never removes, so run it on a database made for it: `make bench-backup` creates both "
        "databases on PostgreSQL and drops them afterwards. Refuses a site that already holds "
        "data unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--restore-into",
            required=True,
            metavar="RESTORE_URL",
            help="DATABASE_URL of an EMPTY database of the same kind (sqlite:///path/to/file "
            "or postgres://...) that the restore replaces.",
        )
        parser.add_argument("--cases", type=int, default=10_000, metavar="N")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument(
            "--work-dir",
            type=Path,
            help="Where the archive and the restored media folder go (default: a new folder "
            "under var/, removed unless --keep).",
        )
        parser.add_argument(
            "--keep", action="store_true", help="Keep the archive and the restored files."
        )
        parser.add_argument("--json", type=Path, metavar="FILE", help="Also write JSON here.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run on a site that already holds data (it adds cases to it).",
        )

    def handle(self, *args, **options):
        if options["cases"] < 1:
            raise CommandError("--cases must be at least 1.")
        contents = backups.target_contents()
        if contents and not options["force"]:
            raise CommandError(
                "This site already holds data:\n  "
                + "\n  ".join(contents[:10])
                + "\nThe benchmark adds thousands of synthetic cases: run it on an empty "
                "database (`make bench-backup` makes one), or pass --force."
            )
        work_dir = options["work_dir"]
        if work_dir is None:
            settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
            work = tempfile.TemporaryDirectory(prefix="bench-backup-", dir=settings.VAR_DIR)
            work_dir = Path(work.name)
        else:
            work = None
            work_dir.mkdir(parents=True, exist_ok=True)
        try:
            figures = self._measure(options, work_dir)
        finally:
            if work is not None and not options["keep"]:
                work.cleanup()
        self.stdout.write(bench.table(figures))
        if options["json"]:
            options["json"].write_text(
                json.dumps(figures.as_dict(), indent=2) + "\n", encoding="utf-8"
            )
            self.stdout.write(f"Wrote {options['json']}.")
        if not figures.passed:
            raise CommandError(
                "The restored site differs from the original:\n  " + "\n  ".join(figures.mismatches)
            )

    def _measure(self, options, work_dir):
        archive_path = work_dir / "backup.tar.gz"
        media_root = work_dir / "restored-media"
        if archive_path.exists() or (media_root.exists() and any(media_root.iterdir())):
            raise CommandError(f"{work_dir} holds an earlier run's files: use another folder.")
        self.stdout.write(f"Seeding {options['cases']:,} cases through the actions ...")
        seed_seconds = bench.seed(
            cases=options["cases"], seed_value=options["seed"], out=self.stdout.write
        )
        try:
            figures = bench.run(
                archive_path=archive_path,
                restore_url=options["restore_into"],
                media_root=media_root,
                out=self.stdout.write,
            )
        except (bench.BenchFailed, backups.DatabaseToolFailed) as error:
            raise CommandError(str(error)) from error
        figures.seed_seconds = seed_seconds
        return figures
