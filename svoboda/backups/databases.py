"""Copying the database out of and into an archive, for SQLite and PostgreSQL.

Each dump is taken from one consistent snapshot, and the row counts and migration state written
to the manifest are read from that same snapshot, so a restore can check itself against them:
- SQLite: the online backup API copies the live database page by page into a new file (writers
  may carry on); counts are read from the copy.
- PostgreSQL: a REPEATABLE READ transaction exports its snapshot, counts rows in it, and
  `pg_dump --snapshot` dumps exactly what that transaction sees.

Connection details for pg_dump and pg_restore go through libpq's environment variables, never
the command line, where other users of the machine could read the password (ps, /proc).
"""

import os
import sqlite3
import subprocess  # nosec B404 # pg_dump and pg_restore, without a shell (_run)
from contextlib import closing
from dataclasses import dataclass

from django.db import connections, transaction

DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}

# libpq reads these from the environment; settings.DATABASES OPTIONS may carry the same names.
PG_OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


class DatabaseToolFailed(Exception):
    """pg_dump or pg_restore failed; the message carries its own error output."""


@dataclass
class Snapshot:
    """What was dumped: row counts per table and the latest applied migration per app."""

    tables: dict
    migrations: dict


def vendor(alias="default"):
    return connections[alias].vendor


def dump(path, alias="default") -> Snapshot:
    """Write the database to `path` and describe what was written."""
    connection = connections[alias]
    if connection.vendor == "sqlite":
        return _dump_sqlite(connection, path)
    if connection.vendor == "postgresql":
        return _dump_postgresql(connection, path)
    raise NotImplementedError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}")


def load(path, alias="default"):
    """Replace the database's content with the dump at `path` (made by dump() on this vendor)."""
    connection = connections[alias]
    vendor = connection.vendor
    if connection.vendor == "sqlite":
        _load_sqlite(connection, path)
    elif connection.vendor == "postgresql":
        _load_postgresql(connection, path)
    else:
        raise NotImplementedError(f"Restores support SQLite and PostgreSQL, not {vendor}")
    # Whatever Django's connection held (schema caches, an old file) belongs to the old database.
    connection.close()


def row_counts(alias="default", tables=None) -> dict:
    """Rows in each table (every table when `tables` is None), as the live database has them."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor) if tables is None else tables
        present = set(connection.introspection.table_names(cursor))
        return {
            name: _count(cursor, connection.ops.quote_name(name)) if name in present else None
            for name in names
        }


def _count(cursor, quoted_name):
    # The name comes from the database's own catalogue (or a manifest checked against it) and is
    # quoted by Django; it cannot carry SQL.
    cursor.execute(f"SELECT COUNT(*) FROM {quoted_name}")  # nosec B608 # noqa: S608
    return cursor.fetchone()[0]


def _latest_migrations(rows):
    latest = {}
    for app, name in rows:
        # Migration names start with their number, so the greatest name is the latest one.
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


# SQLite


def _dump_sqlite(connection, path):
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy)
        # One self-contained file: no write-ahead log beside it in the archive.
        copy.execute("PRAGMA journal_mode=DELETE")
        tables = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        counts = {
            name: copy.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # nosec B608 # noqa: S608
            for name in tables
        }
        migrations = []
        if "django_migrations" in tables:
            migrations = copy.execute("SELECT app, name FROM django_migrations").fetchall()
    return Snapshot(tables=counts, migrations=_latest_migrations(migrations))


def _load_sqlite(connection, path):
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as source:
        # The backup API in reverse: every page of the target is replaced, under its write lock,
        # so no reader ever sees half of the old database and half of the new one.
        source.backup(connection.connection)


# PostgreSQL


def libpq_environment(settings_dict):
    """The environment for pg_dump/pg_restore: connection details, the password included."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    for option, variable in PG_OPTION_VARIABLES.items():
        values[variable] = settings_dict.get("OPTIONS", {}).get(option)
    environment.update({key: str(value) for key, value in values.items() if value})
    return environment


def _run(command, settings_dict):
    result = subprocess.run(  # nosec B603 # noqa: S603 (a fixed program; no shell)
        command,
        env=libpq_environment(settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise DatabaseToolFailed(f"{command[0]} failed: {result.stderr.strip()}")


def _dump_postgresql(connection, path):
    # durable: the snapshot must be this transaction's own, not a savepoint in someone else's.
    with transaction.atomic(using=connection.alias, durable=True), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = connection.introspection.table_names(cursor)
        counts = {name: _count(cursor, connection.ops.quote_name(name)) for name in tables}
        migrations = []
        if "django_migrations" in tables:
            cursor.execute("SELECT app, name FROM django_migrations")
            migrations = cursor.fetchall()
        # pg_dump must run while the exporting transaction is still open.
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot}",
                f"--file={path}",
            ],
            connection.settings_dict,
        )
    return Snapshot(tables=counts, migrations=_latest_migrations(migrations))


def _load_postgresql(connection, path):
    # Django's own connection holds nothing pg_restore must wait for.
    connection.close()
    _run(
        [
            "pg_restore",
            # Tables are dropped and made again, so an empty migrated schema is replaced too.
            "--clean",
            "--if-exists",
            # The target's own role owns everything; the source's roles need not exist here.
            "--no-owner",
            "--no-privileges",
            # All or nothing: a failure leaves the database as it was.
            "--single-transaction",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ],
        connection.settings_dict,
    )
