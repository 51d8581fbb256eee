"""Re-encrypting what is stored: existing rows when a field becomes encrypted (migrations), and
everything under the current key when keys rotate (`svoboda rotate_keys`).

Both work on the raw columns in batches, in primary-key order, one transaction per batch, so a
large table is never held locked for long. An update names the value it read
(`WHERE pk = … AND column = <old token>`): a row changed meanwhile keeps the change, which is
already under the current key. A file is written anew under a new name, the row moved to it,
and only then the old file deleted: an interruption leaves at worst an unused file.
Running either again is harmless: values already in the wanted state are skipped.
"""

from dataclasses import dataclass, field

from django.apps import apps as global_apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connections, migrations, models, transaction

from svoboda.encryption import (
    decrypt_bytes,
    encrypt_bytes,
    is_current,
    is_encrypted,
    rotate_bytes,
)
from svoboda.encryption.fields import encrypted_fields
from svoboda.encryption.files import EncryptedStorage

BATCH_SIZE = 500


def encrypt_if_plain(data: bytes):
    return None if is_encrypted(data) else encrypt_bytes(data)


def decrypt_if_encrypted(data: bytes):
    return decrypt_bytes(data) if is_encrypted(data) else None


def rotate_if_stale(data: bytes):
    return None if is_current(data) else rotate_bytes(data)


@dataclass
class Rewritten:
    values: int = 0
    files: int = 0
    missing_files: list = field(default_factory=list)


def _batches(connection, table, pk_column, columns, batch_size):
    qn = connection.ops.quote_name
    # Names come from model metadata and are quoted; values travel as parameters.
    listed = ", ".join(qn(c) for c in columns)
    select = f"SELECT {qn(pk_column)}, {listed} FROM {qn(table)}"  # nosec B608 # noqa: S608
    last = None
    while True:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            if last is None:
                cursor.execute(f"{select} ORDER BY {qn(pk_column)} LIMIT %s", [batch_size])
            else:
                cursor.execute(
                    f"{select} WHERE {qn(pk_column)} > %s ORDER BY {qn(pk_column)} LIMIT %s",
                    [last, batch_size],
                )
            rows = cursor.fetchall()
            yield cursor, rows
        if len(rows) < batch_size:
            return
        last = rows[-1][0]


def _update(cursor, connection, table, pk_column, column, pk, old, new):
    qn = connection.ops.quote_name
    cursor.execute(
        f"UPDATE {qn(table)} SET {qn(column)} = %s "  # nosec B608 # noqa: S608
        f"WHERE {qn(pk_column)} = %s AND {qn(column)} = %s",
        [new, pk, old],
    )
    return cursor.rowcount


def rewrite_values(connection, model, field_names, change, batch_size=BATCH_SIZE):
    """Apply change(bytes) -> bytes | None to every non-empty value of the text columns."""
    meta = model._meta
    columns = [meta.get_field(name).column for name in field_names]
    count = 0
    for cursor, rows in _batches(connection, meta.db_table, meta.pk.column, columns, batch_size):
        for pk, *values in rows:
            for column, value in zip(columns, values, strict=True):
                if not value:
                    continue
                # A text column; a column just converted from numbers may still hand numbers.
                value = str(value)
                new = change(value.encode())
                if new is not None:
                    count += _update(
                        cursor,
                        connection,
                        meta.db_table,
                        meta.pk.column,
                        column,
                        pk,
                        value,
                        new.decode(),
                    )
    return count


def rewrite_files(connection, model, field_name, change, batch_size=BATCH_SIZE):
    """Apply change(bytes) -> bytes | None to the content of every file the column names."""
    meta = model._meta
    file_field = meta.get_field(field_name)
    raw = storages["default"]
    result = Rewritten()
    columns = [file_field.column]
    for cursor, rows in _batches(connection, meta.db_table, meta.pk.column, columns, batch_size):
        for pk, name in rows:
            if not name:
                continue
            if not raw.exists(name):
                result.missing_files.append(name)
                continue
            with raw.open(name, "rb") as stored:
                new = change(stored.read())
            if new is None:
                continue
            new_name = raw.save(name, ContentFile(new), max_length=file_field.max_length)
            if _update(
                cursor,
                connection,
                meta.db_table,
                meta.pk.column,
                file_field.column,
                pk,
                name,
                new_name,
            ):
                # Only once the row's move is committed: a batch rolled back (an error, a killed
                # process, a failed migration) still names the old file, which must still be there.
                transaction.on_commit(
                    lambda name=name: raw.delete(name), using=connection.alias, robust=True
                )
                result.files += 1
            else:
                raw.delete(new_name)
    return result


def encrypted_file_fields(model):
    return [
        f
        for f in model._meta.local_concrete_fields
        if isinstance(f, models.FileField) and isinstance(f.storage, EncryptedStorage)
    ]


def rotate_everything(using="default", batch_size=BATCH_SIZE):
    """Re-encrypt every encrypted value and file with the current key: {model label: Rewritten}."""
    connection = connections[using]
    report = {}
    for model in global_apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        names = [f.name for f in encrypted_fields(model) if f.model is model]
        files = encrypted_file_fields(model)
        if not names and not files:
            continue
        result = Rewritten()
        if names:
            result.values = rewrite_values(connection, model, names, rotate_if_stale, batch_size)
        for file_field in files:
            done = rewrite_files(connection, model, file_field.name, rotate_if_stale, batch_size)
            result.files += done.files
            result.missing_files += done.missing_files
        report[model._meta.label] = result
    return report


def encrypt_existing(app_label, model_name, fields=(), files=()):
    """A migration operation encrypting the existing values and files of a model (and, reversed,
    decrypting them). Put it after the AlterFields that make the fields encrypted."""

    def apply(apps, schema_editor, change):
        model = apps.get_model(app_label, model_name)
        connection = schema_editor.connection
        # PostgreSQL refuses to ALTER a table with deferred constraint checks pending, which
        # these updates would leave for the AlterFields after them when migrating backwards.
        immediate = connection.vendor == "postgresql"
        if immediate:
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        if fields:
            rewrite_values(connection, model, fields, change)
        for name in files:
            rewrite_files(connection, model, name, change)
        if immediate:
            schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")

    def forwards(apps, schema_editor):
        apply(apps, schema_editor, encrypt_if_plain)

    def backwards(apps, schema_editor):
        apply(apps, schema_editor, decrypt_if_encrypted)

    return migrations.RunPython(forwards, backwards)
