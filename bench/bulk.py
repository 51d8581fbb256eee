"""Writing many rows fast: PostgreSQL's COPY, bulk_create elsewhere.

Values are given as the model holds them (clear text for encrypted fields, lists for JSON): the
fields that turn a value into something else on its way to the database (encryption, JSON,
multi-country) are applied here, the rest go as they are.
"""

import json

from django.db import connection
from django.db.models import JSONField

BATCH_SIZE = 5_000


def _prepared(field):
    return getattr(field, "encrypted", False) or isinstance(field, JSONField)


# Distinct values of a field encrypted once and reused: synthetic texts repeat, and encrypting
# each of millions of rows again would take most of the seeding's time. The stored ciphertexts
# are as long as, and decrypt like, those of distinct rows.
MAX_REMEMBERED = 10_000


def _prepare(field, value, seen):
    if isinstance(field, JSONField):
        # COPY takes JSON as text: no adapter object per row.
        return json.dumps(value, cls=field.encoder)
    if not isinstance(value, str | type(None)):
        return field.get_db_prep_save(value, connection)
    prepared = seen.get(value)
    if prepared is None:
        prepared = field.get_db_prep_save(value, connection)
        if len(seen) < MAX_REMEMBERED:
            seen[value] = prepared
    return prepared


def write(model, names, rows):
    """Rows of values in the order of `names` (field names); returns how many were written."""
    fields = [model._meta.get_field(name) for name in names]
    count = 0
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        prepared = [(i, f, {}) for i, f in enumerate(fields) if _prepared(f)]
        sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                if prepared:
                    row = list(row)
                    for i, field, seen in prepared:
                        row[i] = _prepare(field, row[i], seen)
                copy.write_row(row)
                count += 1
        return count
    attnames = [f.attname for f in fields]
    batch = []
    for row in rows:
        batch.append(model(**dict(zip(attnames, row, strict=True))))
        if len(batch) >= BATCH_SIZE:
            model.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    model.objects.bulk_create(batch)
    return count + len(batch)


def analyze():
    """Planner statistics and the visibility map of every table, as autovacuum would have left
    them after the load. Without them PostgreSQL guesses: a name search read all 3.4 million
    index rows (0.5 s) instead of the 5,500 it needed (30 ms)."""
    with connection.cursor() as cursor:
        # VACUUM also marks the pages all-visible (index-only scans), but cannot run inside a
        # transaction (tests run in one).
        in_transaction = connection.in_atomic_block or connection.vendor != "postgresql"
        cursor.execute("ANALYZE" if in_transaction else "VACUUM ANALYZE")
