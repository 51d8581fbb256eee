"""Figure 5 of issue 11: data exchange with partners, the HTCDS/CTDC import and the HTCDS export.

Import: a real CTDC file (../shared/data/ctdc/, outside the repository) loaded into the main
bench branch by reports.importing.import_file, the code behind `svoboda import_htcds` and the
import page: rows stored per second, beside PostgreSQL's COPY of the same file into a temporary
table of text columns (on SQLite, which has no COPY: executemany INSERTs in one transaction).
Each imported batch is deleted afterwards (its records go with it), so the dashboards' figures
stay as seeded; the audit entry of each import stays, as the audit trail is append-only.

Export: `svoboda export_htcds` for a trusted partner (every victim of every branch, one row each:
the file an NGO hands over, and the largest one), run as a child process so that its peak
memory (VmHWM, read from /proc while it runs) is the export's own, beside PostgreSQL's COPY of
the same columns of the same victims TO STDOUT into a file. The file's rows are counted and
must equal the number of victims. The export's rows are Svoboda's own victims
(cases.Participant), not the imported statistical records: a partner's records are never
exported again.
"""

import csv
import os
import subprocess  # nosec B404 # the export command as a child process, without a shell
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from django.conf import settings
from django.db import connection, transaction

import audit
from accounts.roles import Role
from bench import users
from bench.figures import MB, ROWS_PER_S, Figure, S
from cases.models import Participant
from reports.importing import import_file
from reports.models import ImportBatch, StatisticalRecord

CTDC_DIR = settings.BASE_DIR.parent / "shared" / "data" / "ctdc"
# The larger of the two real CTDC files: 48,773 rows of the k-anonymised Global Dataset (2020).
IMPORT_FILE = CTDC_DIR / "ctdc_global_kanon_2020_core.csv"
EXPORT_PEAK_MB = 300
EXPORT_REASON = "Benchmark (issue 11): synthetic data only"
# How often the export's peak memory is read while it runs.
POLL_SECONDS = 0.05


def measure(context):
    return [_import_figure(context), *_export_figures(context)]


# Import.


def _runs(context):
    return 3 if context.repeat >= 10 else 1


def _import_figure(context):
    if not IMPORT_FILE.exists():
        return Figure(
            key="exchange.import",
            label="HTCDS/CTDC import",
            unit=ROWS_PER_S,
            value=0.0,
            details={"not_measured": f"{IMPORT_FILE} is missing"},
        )
    branch = users.branches()[0]
    import_seconds, copy_seconds, stored = [], [], 0
    for run in range(_runs(context)):
        context.out(f"Importing {IMPORT_FILE.name} (run {run + 1})…")
        started = time.perf_counter()
        result = import_file(IMPORT_FILE, branch=branch, actor=audit.SYSTEM_ACTOR)
        import_seconds.append(time.perf_counter() - started)
        if result.already_imported:
            raise RuntimeError(f"{IMPORT_FILE.name} was already imported into {branch}")
        stored = result.rows_stored
        _delete_batch(result.batch)
        copy_seconds.append(_copy_file(IMPORT_FILE))
    value = stored / median(import_seconds)
    floor = stored / median(copy_seconds)
    return Figure(
        key="exchange.import",
        label="HTCDS/CTDC import of a CTDC file (import_file), rows stored/s",
        unit=ROWS_PER_S,
        value=value,
        floor=floor,
        details={
            "file": IMPORT_FILE.name,
            "rows_stored": stored,
            "runs": len(import_seconds),
            "import_s": [round(seconds, 2) for seconds in import_seconds],
            "floor_s": [round(seconds, 2) for seconds in copy_seconds],
            "floor": (
                "COPY of the file into a temporary table of text columns"
                if connection.vendor == "postgresql"
                else "SQLite has no COPY: executemany INSERT into a temporary table of text "
                "columns, one transaction"
            ),
            "cleanup": "each imported batch deleted with its records",
        },
    )


def _delete_batch(batch):
    # Records first, in one DELETE (nothing refers to them), then the batch.
    StatisticalRecord.objects.filter(batch=batch).delete()
    ImportBatch.objects.filter(pk=batch.pk).delete()


def _copy_file(path):
    """Seconds to load the file the cheapest way, into a temporary table of text columns."""
    with open(path, encoding="utf-8-sig", newline="") as file:
        header = next(csv.reader(file))
    columns = ", ".join(f"c{index} text" for index in range(len(header)))
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE bench_import_floor ({columns})")
        if connection.vendor == "postgresql":
            sql = "COPY bench_import_floor FROM STDIN WITH (FORMAT csv, HEADER true)"
            with open(path, "rb") as binary, cursor.copy(sql) as copy:
                for chunk in iter(lambda: binary.read(1 << 16), b""):
                    copy.write(chunk)
        else:
            with open(path, encoding="utf-8-sig", newline="") as file:
                reader = csv.reader(file)
                next(reader)
                placeholders = ", ".join(["%s"] * len(header))
                cursor.executemany(
                    # Only placeholders are formatted in; the values are parameters.
                    f"INSERT INTO bench_import_floor VALUES ({placeholders})",  # nosec B608 # noqa: S608
                    list(reader),
                )
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_import_floor")
    return seconds


# Export.

# The same victims and columns as reports.htcds_export.victim_rows(): each victim once, by the
# earliest case that names them.
EXPORT_FLOOR_SQL = """
COPY (
    SELECT DISTINCT ON (participant.person_id)
        participant.person_id, c.created_at, c.status, c.outcome, c.exploitation_types,
        c.exploitation_country, c.means_of_control, c.recruitment_methods,
        person.gender, person.birth_year, person.age_estimate, person.citizenship
    FROM cases_participant participant
    JOIN cases_case c ON c.id = participant.case_id
    JOIN cases_person person ON person.id = participant.person_id
    WHERE participant.role = 'victim'
    ORDER BY participant.person_id, c.created_at, c.id
) TO STDOUT WITH (FORMAT csv, HEADER true)
"""


def _export_figures(context):
    victims = (
        Participant.objects.filter(role=Participant.Role.VICTIM)
        .values("person_id")
        .distinct()
        .count()
    )
    users.branches()  # the administrator is a member of the main one
    administrator = users.user(Role.ADMINISTRATOR)
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        out = Path(folder) / "htcds.csv"
        context.out(f"Exporting {victims:,} victims with `svoboda export_htcds`…")
        seconds, peak_kib, returncode, stderr = _run_export(out, administrator.email)
        rows = _count_rows(out) if returncode == 0 else None
        start_seconds = _process_start_seconds()
        size_mb = out.stat().st_size / 1e6 if out.exists() else None
        floor = None
        if connection.vendor == "postgresql":
            floor = _copy_export(Path(folder) / "floor.csv")
    peak_mb = peak_kib / 1024
    details = {
        "peak_memory": "VmHWM of the export process (/proc), read every 50 ms",
        "victims": victims,
        "rows": rows,
        "rows_match": rows == victims,
        "file_mb": round(size_mb, 1) if size_mb is not None else None,
        "command": "svoboda export_htcds --user ADMINISTRATOR --reason … (trusted, every branch)",
        # The time includes starting Python and Django, which is most of it for a small export.
        "process_start_s": round(start_seconds, 2),
    }
    if victims < context.scale:
        details["fewer_victims_than_scale"] = context.scale
    if returncode != 0:
        details["failed"] = stderr[-2000:]
    if rows != victims:
        details["missing"] = None if rows is None else victims - rows
    time_figure = Figure(
        key="exchange.export_time",
        label="HTCDS export of every victim (`svoboda export_htcds`, trusted), seconds",
        unit=S,
        value=seconds,
        floor=floor,
        details={
            **details,
            "floor": "COPY (SELECT the same columns of the same victims) TO STDOUT into a file"
            if floor is not None
            else "SQLite has no COPY: no floor",
        },
    )
    memory_figure = Figure(
        key="exchange.export_peak_memory",
        label="HTCDS export of every victim, peak memory of the process",
        unit=MB,
        value=peak_mb,
        target_value=EXPORT_PEAK_MB,
        details=details,
    )
    if rows != victims:
        # A file short of rows (or none) fails the figures whatever their speed.
        time_figure.target_value = memory_figure.target_value = 0.0
    return [time_figure, memory_figure]


def _run_export(out, email):
    """(seconds, peak resident KiB, return code, stderr) of the export command."""
    command = [
        sys.executable,
        "-m",
        "svoboda",
        "export_htcds",
        f"--out={out}",
        f"--user={email}",
        f"--reason={EXPORT_REASON}",
    ]
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        # The command is this interpreter and fixed arguments, nothing from outside.
        process = subprocess.Popen(  # nosec B603 # noqa: S603
            command,
            cwd=settings.BASE_DIR,
            env=dict(os.environ),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        peak_kib = 0
        while process.poll() is None:
            peak_kib = max(peak_kib, _high_water_kib(process.pid))
            time.sleep(POLL_SECONDS)
        seconds = time.perf_counter() - started
        stderr.seek(0)
        message = stderr.read().decode("utf-8", errors="replace")
    return seconds, peak_kib, process.returncode, message


def _process_start_seconds():
    """Seconds for the same interpreter to start Django and load the export command without
    running it (`export_htcds --help`)."""
    started = time.perf_counter()
    # The command is this interpreter and fixed arguments, nothing from outside.
    subprocess.run(  # nosec B603
        [sys.executable, "-m", "svoboda", "export_htcds", "--help"],
        cwd=settings.BASE_DIR,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - started


def _high_water_kib(pid):
    """The process's peak resident memory so far (VmHWM, KiB), once it runs the export; 0 before.

    Not ru_maxrss: Linux counts in it the pages of the process before its exec, which was a
    copy of this benchmark process, hundreds of megabytes that the export never used."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            if b"export_htcds" not in cmdline.read():
                return 0
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass  # gone already, or no /proc
    return 0


def _count_rows(path):
    with open(path, encoding="utf-8", newline="") as file:
        return sum(1 for _row in csv.reader(file)) - 1


def _copy_export(path):
    started = time.perf_counter()
    with (
        open(path, "wb") as out,
        connection.cursor() as cursor,
        cursor.copy(EXPORT_FLOOR_SQL) as copy,
    ):
        for chunk in copy:
            out.write(chunk)
    return time.perf_counter() - started
