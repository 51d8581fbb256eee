"""`svoboda bench`: every figure of issue 11 measured in one run, each beside its floor.

Each section is a module with `measure(context) -> list[Figure]`; a section that cannot run here
(gunicorn's figures on SQLite's file lock, COPY on SQLite) says why in a figure's details instead
of failing the run. The results of one scale are merged into a JSON file keyed by scale, so the
three scales of `make bench` end up side by side (growth, figure 6).
"""

import datetime
import json
import os
import platform
import time
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.db import connection

SCHEMA = 1

# (section, module): the order figures are printed in.
SECTIONS = [
    ("lists", "bench.lists"),
    ("dashboard", "bench.dashboard"),
    ("public", "bench.public"),
    ("submission", "bench.submission"),
    ("exchange", "bench.exchange"),
]


class BenchRefused(Exception):
    """The database is not one the benchmark may fill or measure."""


def refuse_production(force, adds="synthetic rows"):
    """A CommandError unless DEBUG is on or --force was given: benchmarks add `adds` (never
    removed), and with DEBUG off the database looks like a production one. The Makefile's
    benchmark targets give --force on databases they create and drop."""
    from django.core.management.base import CommandError

    if not settings.DEBUG and not force:
        raise CommandError(
            f"DEBUG is off, so this looks like a production database. The benchmark adds "
            f"{adds}; run it with --force only on a database made for it."
        )


@dataclass
class Context:
    """What every section gets: the scale seeded, how many timed runs, where to say progress."""

    scale: int
    seed: int = 1
    repeat: int = 30
    out: object = print
    # Filled by the sections for the JSON file: seconds and rows of anything they set up.
    notes: dict = field(default_factory=dict)

    @property
    def vendor(self):
        return connection.vendor


def run(context, *, only=None):
    """{section: [Figure]} for every section (or those in `only`)."""
    results = {}
    for name, module_path in SECTIONS:
        if only and name not in only:
            continue
        context.out(f"== {name}")
        started = time.perf_counter()
        figures = import_module(module_path).measure(context)
        context.notes[f"{name}_seconds"] = round(time.perf_counter() - started, 1)
        results[name] = figures
    return results


def machine():
    """The machine the figures were measured on."""
    memory = None
    try:
        with open("/proc/meminfo") as meminfo:
            memory = round(int(meminfo.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        database_version = cursor.fetchone()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "database": connection.vendor,
        "database_version": database_version,
    }


def scale_result(context, results, seeded):
    return {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "seeded": seeded,
        "notes": context.notes,
        "figures": {
            figure.key: figure.as_dict() for figures in results.values() for figure in figures
        },
    }


def merge_into(path, context, result):
    """Add this scale's result to the JSON file at `path` (created if missing)."""
    data = {}
    if path.exists():
        data = json.loads(path.read_text())
    if data.get("database") not in (None, connection.vendor):
        raise BenchRefused(f"{path} holds {data['database']} results, not {connection.vendor}.")
    data.update({"schema": SCHEMA, "database": connection.vendor, "machine": machine()})
    data.setdefault("scales", {})[str(context.scale)] = result
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
