"""A benchmark of backups (issue 9): a site with many cases backed up, restored into an empty
database by a separate `svoboda restore` process, and compared with the original.

seed() fills an empty site through the real actions (cases.actions), so that every row, every
encrypted field, every stored file and every audit entry is made the way the workspace makes
it, with the audit chain built by audit.record() one entry at a time. run() then times
`svoboda backup`, `svoboda restore` into another database and `svoboda audit verify` there,
and compares every table's row count and every file's bytes. Nothing here is a test: timings
depend on the machine; `svoboda bench_backup` prints them and README.md records what was
measured.

All people, cases and notes are made up from fixed syllables; nothing is read from real data.
"""

import hashlib
import io
import os
import platform
import random
import sqlite3
import subprocess  # nosec B404 # `svoboda restore` and `svoboda audit verify`, without a shell
import sys
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import environ
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from PIL import Image

from accounts.models import Branch, User
from accounts.roles import Role
from cases import actions
from cases.htcds import ExploitationType, Gender
from cases.models import Case, Participant
from svoboda.backups import archive, databases

# Cases per transaction while seeding: each case is still made by the actions, entry by entry;
# grouping them only saves a commit (and an fsync) per action.
CASES_PER_TRANSACTION = 50
# One case in FILE_EVERY gets a small photo; one in SECOND_PERSON_EVERY a second person.
FILE_EVERY = 20
SECOND_PERSON_EVERY = 3
BRANCHES = ["Bench North", "Bench South", "Bench East"]
COORDINATOR_EMAIL = "bench-backup-{}@example.invalid"
SYLLABLES = ["ka", "lo", "mi", "ra", "su", "te", "vo", "na", "di", "ze", "bo", "ul"]
COUNTRIES = ["RU", "KZ", "UZ", "TJ", "KG", "TH", "NG", "DE", "AE", "TR"]
TYPES = [
    [ExploitationType.FORCED_LABOUR],
    [ExploitationType.SEXUAL_EXPLOITATION],
    [ExploitationType.FORCED_LABOUR, ExploitationType.SERVITUDE],
    [ExploitationType.FORCED_BEGGING],
]
GENDERS = [Gender.FEMININE, Gender.MASCULINE, Gender.UNKNOWN]
RESTORED_VERB = "svoboda.backup_restored"
BACKUP_VERB = "svoboda.backup_made"


class BenchFailed(Exception):
    """A step of the benchmark failed outright (a command exited non-zero)."""


def _word(rng, syllables=3):
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def _png(index):
    """A tiny PNG whose pixels depend on `index`, so no two stored files are alike."""
    image = Image.new("RGB", (16, 16), (index % 256, (index // 256) % 256, 128))
    image.putpixel((index % 16, (index // 16) % 16), (255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def coordinators():
    """One coordinator per benchmark branch, who cannot sign in (no usable password)."""
    group = Group.objects.get(name=Role.COORDINATOR.value)
    result = []
    for number, name in enumerate(BRANCHES, start=1):
        branch, _created = Branch.objects.get_or_create(
            name=name, defaults={"city": name, "country": "RU"}
        )
        user, created = User.objects.get_or_create(
            email=COORDINATOR_EMAIL.format(number),
            defaults={"full_name": f"Benchmark coordinator {number}"},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(group)
            user.branches.add(branch)
        result.append((user, branch))
    return result


def _seed_case(rng, index, coordinator, branch):
    case = actions.open_case(
        actor=coordinator,
        branch=branch,
        title=f"Case {index:05d}",
        risk=rng.choice(Case.Risk.values),
        summary=" ".join(_word(rng) for _ in range(12)),
        exploitation_types=rng.choice(TYPES),
        exploitation_country=rng.choice(COUNTRIES),
    )
    people = 2 if index % SECOND_PERSON_EVERY == 0 else 1
    for number in range(1, people + 1):
        actions.add_new_person_to_case(
            actor=coordinator,
            case=case,
            role=Participant.Role.VICTIM if number == 1 else Participant.Role.RELATIVE,
            given_name=_word(rng, 2),
            family_name=_word(rng, 3),
            gender=rng.choice(GENDERS),
            birth_year=rng.randint(1960, 2008),
            description=f"Person {index:05d}-{number}: " + " ".join(_word(rng) for _ in range(6)),
        )
    actions.add_note(
        actor=coordinator,
        case=case,
        body=" ".join(_word(rng) for _ in range(20)),
        is_sensitive=index % 2 == 0,
    )
    if index % FILE_EVERY == 0:
        actions.add_case_file(
            actor=coordinator,
            case=case,
            upload=SimpleUploadedFile(f"photo-{index:05d}.png", _png(index)),
            content_type="image/png",
        )


def seed(*, cases, seed_value=1, out=lambda line: None):
    """`cases` cases over three branches, each through the actions: opened (1 audit entry), a
    victim and, for one case in three, a relative (2 entries each: created, added), a note (1),
    and for one case in twenty a small photo, stored encrypted (1). Returns the seconds taken."""
    rng = random.Random(seed_value)  # nosec B311 # noqa: S311 (seeded on purpose: the same data every run)
    started = time.perf_counter()
    with transaction.atomic():
        staff = coordinators()
    for first in range(1, cases + 1, CASES_PER_TRANSACTION):
        with transaction.atomic():
            for index in range(first, min(first + CASES_PER_TRANSACTION, cases + 1)):
                coordinator, branch = staff[index % len(staff)]
                _seed_case(rng, index, coordinator, branch)
        done = min(first + CASES_PER_TRANSACTION - 1, cases)
        if done % 1000 == 0 or done == cases:
            out(f"  {done:,} cases seeded ({time.perf_counter() - started:.0f} s)")
    return time.perf_counter() - started


# Reading the restored site: another database and another media folder than this process's.


def _restored_counts(database_url):
    """Rows in every table of the database at `database_url`, and its two latest audit verbs."""
    config = environ.Env.db_url_config(database_url)
    last_verbs = "SELECT verb FROM audit_auditentry ORDER BY id DESC LIMIT 2"
    if config["ENGINE"] == "django.db.backends.sqlite3":
        with closing(sqlite3.connect(config["NAME"])) as restored:
            tables = [
                row[0]
                for row in restored.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                )
            ]
            # The names come from the file's own catalogue, quoted: they cannot carry SQL.
            count = 'SELECT COUNT(*) FROM "{}"'
            counts = {name: restored.execute(count.format(name)).fetchone()[0] for name in tables}
            verbs = [row[0] for row in restored.execute(last_verbs)]
        return counts, verbs
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        dbname=config["NAME"],
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
    ) as restored:
        tables = [
            row[0]
            for row in restored.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        ]
        counts = {
            name: restored.execute(
                sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(name))
            ).fetchone()[0]
            for name in tables
        }
        verbs = [row[0] for row in restored.execute(last_verbs)]
    return counts, verbs


def _source_files():
    """sha256 of every file in every storage a backup copies, by (storage, name)."""
    found = {}
    for alias in archive.file_storage_aliases():
        storage = storages[alias]
        for name in archive.stored_names(storage):
            with storage.open(name, "rb") as stream:
                found[(alias, name)] = hashlib.sha256(stream.read()).hexdigest()
    return found


def _files_on_disk(root):
    root = Path(root)
    if not root.is_dir():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def _child_environment(database_url, media_root):
    """Production settings for `svoboda ...` against the restored site, with this site's keys:
    an operator restores with the keys the site had (the fields are encrypted with them, the
    audit chain is keyed with them). Keys go through the environment, never the command line."""
    secrets = {
        "SECRET_KEY": settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "AUDIT_CHAIN_KEY": settings.AUDIT_CHAIN_KEY or "",
        "SEARCH_DIGEST_KEY": settings.SEARCH_DIGEST_KEY,
    }
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PG") and key.removesuffix("_FILE") not in secrets
    }
    environment.update(secrets)
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "svoboda.settings",
            "DEBUG": "false",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media_root),
        }
    )
    return environment


def _svoboda(*arguments, database_url, media_root):
    """Run `svoboda ARGUMENTS` in a process of its own; return (seconds, result)."""
    started = time.perf_counter()
    result = subprocess.run(  # nosec B603 # noqa: S603 (this Python, a fixed module; no shell)
        [sys.executable, "-m", "svoboda", *map(str, arguments)],
        env=_child_environment(database_url, media_root),
        capture_output=True,
        text=True,
        check=False,
    )
    return time.perf_counter() - started, result


# The benchmark.


@dataclass
class Figures:
    cases: int
    rows: int = 0
    tables: int = 0
    files: int = 0
    audit_entries: int = 0
    archive_bytes: int = 0
    seed_seconds: float | None = None
    backup_seconds: float = 0.0
    restore_seconds: float = 0.0
    verify_seconds: float = 0.0
    counts_match: bool = False
    files_match: bool = False
    chain_verified: bool = False
    mismatches: list = field(default_factory=list)

    @property
    def passed(self):
        return self.counts_match and self.files_match and self.chain_verified

    def as_dict(self):
        return {
            "cases": self.cases,
            "tables": self.tables,
            "rows": self.rows,
            "audit_entries": self.audit_entries,
            "files": self.files,
            "archive_bytes": self.archive_bytes,
            "seed_seconds": _rounded(self.seed_seconds),
            "backup_seconds": _rounded(self.backup_seconds),
            "restore_seconds": _rounded(self.restore_seconds),
            "verify_seconds": _rounded(self.verify_seconds),
            "counts_match": self.counts_match,
            "files_match": self.files_match,
            "chain_verified": self.chain_verified,
            "mismatches": self.mismatches,
            "database": connection.vendor,
            "python": platform.python_version(),
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        }


def _rounded(seconds):
    return None if seconds is None else round(seconds, 2)


def run(*, archive_path, restore_url, media_root, out=lambda line: None) -> Figures:
    """Back up this site to `archive_path`, restore it into the empty database at `restore_url`
    with `media_root` as its media folder, and compare. The source is left as it is, but for
    the backup's own audit entry."""
    figures = Figures(cases=Case.objects.count())
    counts = databases.row_counts()
    files = _source_files()

    out("Backing up ...")
    started = time.perf_counter()
    call_command("backup", str(archive_path), stdout=io.StringIO())
    figures.backup_seconds = time.perf_counter() - started
    figures.archive_bytes = Path(archive_path).stat().st_size
    figures.tables, figures.rows = len(counts), sum(counts.values())
    figures.files, figures.audit_entries = len(files), counts["audit_auditentry"]

    out("Restoring into the empty database (a separate `svoboda restore`) ...")
    figures.restore_seconds, result = _svoboda(
        "restore", archive_path, database_url=restore_url, media_root=media_root
    )
    if result.returncode != 0:
        raise BenchFailed(f"svoboda restore failed:\n{result.stdout}{result.stderr}")

    restored, verbs = _restored_counts(restore_url)
    # The restore adds its own entry after the backup's last one; the backup's own entry came
    # after its snapshot, so it is not in the archive.
    expected = {**counts, "audit_auditentry": counts["audit_auditentry"] + 1}
    for table in sorted(set(expected) | set(restored)):
        if restored.get(table) != expected.get(table):
            figures.mismatches.append(
                f"table {table}: {restored.get(table)} row(s) restored, {expected.get(table)} "
                "expected"
            )
    if verbs[:1] != [RESTORED_VERB] or BACKUP_VERB in verbs[1:]:
        figures.mismatches.append(f"audit trail ends with {verbs}, not the restore's entry")
    figures.counts_match = not figures.mismatches

    # Only the default storage is a folder the restore process is pointed at (MEDIA_ROOT).
    on_disk = _files_on_disk(media_root)
    expected_files = {name: digest for (alias, name), digest in files.items()}
    if set(archive.file_storage_aliases()) != {"default"}:
        figures.mismatches.append("storages other than 'default' are not compared")
    file_mismatches = [
        f"file {name}: {'missing' if name not in on_disk else 'other bytes'}"
        for name, digest in sorted(expected_files.items())
        if on_disk.get(name) != digest
    ] + [f"file {name}: not in the backup" for name in sorted(set(on_disk) - set(expected_files))]
    figures.mismatches += file_mismatches
    figures.files_match = not file_mismatches and set(archive.file_storage_aliases()) == {"default"}

    out("Verifying the restored audit chain (`svoboda audit verify`) ...")
    figures.verify_seconds, result = _svoboda(
        "audit", "verify", database_url=restore_url, media_root=media_root
    )
    figures.chain_verified = result.returncode == 0
    if not figures.chain_verified:
        figures.mismatches.append(f"svoboda audit verify: {result.stdout}{result.stderr}".strip())
    return figures


def table(figures):
    """The figures as a Markdown table, as README.md quotes them."""
    megabytes = figures.archive_bytes / 1_000_000

    def yes(flag, good, bad):
        return good if flag else bad

    rows = [
        ("cases", f"{figures.cases:,}"),
        ("rows (tables)", f"{figures.rows:,} ({figures.tables})"),
        ("audit entries", f"{figures.audit_entries:,}"),
        ("files", f"{figures.files:,}"),
        ("archive size", f"{megabytes:,.1f} MB"),
        ("backup", f"{figures.backup_seconds:.1f} s"),
        ("restore (separate process)", f"{figures.restore_seconds:.1f} s"),
        ("audit verify (restored)", f"{figures.verify_seconds:.1f} s"),
        (
            "result",
            ", ".join(
                [
                    yes(figures.counts_match, "all counts match", "COUNTS DIFFER"),
                    yes(figures.files_match, "files match", "FILES DIFFER"),
                    yes(figures.chain_verified, "chain verified", "CHAIN BROKEN"),
                ]
            ),
        ),
    ]
    if figures.seed_seconds is not None:
        rows.insert(3, ("seeding (through the actions)", f"{figures.seed_seconds:.1f} s"))
    width = max(len(name) for name, _value in rows)
    lines = [f"| {'':{width}} | value |", f"| {'-' * width} | ----- |"]
    lines += [f"| {name:{width}} | {value} |" for name, value in rows]
    return "\n".join(lines)
