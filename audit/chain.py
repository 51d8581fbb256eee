"""The audit trail as a keyed hash chain: changing, deleting or inserting an entry shows.

Each entry stores `previous_hash` (the `entry_hash` of the entry before it in id order; empty for
the first) and `entry_hash`, the HMAC-SHA256 of a canonical serialisation of every stored field,
the previous hash included. A plain hash could be recomputed by anyone who can write to the
database; the HMAC needs AUDIT_CHAIN_KEY, which lives in the environment and never in the
database. What a chain cannot show on its own is a cut-off tail: `svoboda audit verify` prints the
last hash so operators can keep it elsewhere and compare later.

The entry's id is not hashed (it is only known after the insert); the chain fixes the order.

On PostgreSQL, appending takes a transaction-level advisory lock, held until commit, so that two
transactions never chain to the same entry. Every transaction must therefore lock the rows it
needs (select_for_update) before its first audit entry, never after: a transaction holding the
chain while it waits for a row deadlocks with one holding that row while it waits for the chain
(PostgreSQL then aborts one of them). Actions record their audit entries last for that reason.
Sealing the chain after commit, in a short transaction of its own, would lift this rule; that is
the next step if it ever gets in the way.
"""

import hashlib
import hmac
import json
from datetime import UTC

from django.conf import settings

# pg_advisory_xact_lock key that serialises appends to the chain ("SVOBAUDI" in ASCII).
APPEND_LOCK_ID = 0x5356_4F42_4155_4449


def chain_key():
    """AUDIT_CHAIN_KEY, or (unset, as in development) a key derived from SECRET_KEY.

    Never SECRET_KEY itself: the derived key is bound to this one purpose. `check --deploy`
    warns when production runs on the derived key (audit.W001).
    """
    if settings.AUDIT_CHAIN_KEY:
        return settings.AUDIT_CHAIN_KEY.encode()
    return hmac.new(
        settings.SECRET_KEY.encode(), b"svoboda audit chain, development key", hashlib.sha256
    ).digest()


def normalise_changes(changes):
    """The value `changes` reads back as from the database (tuples become lists, keys strings),
    so that the hash computed before the insert matches the one computed when verifying."""
    return json.loads(json.dumps(changes or {}))


def entry_digest(
    key,
    *,
    actor_id,
    actor_label,
    verb,
    target_type,
    target_id,
    changes,
    created_at,
    previous_hash,
):
    """Hex HMAC-SHA256 of one entry. `target_type` is "app_label.model" (stable across a restore
    that renumbers content types), or None."""
    payload = {
        "actor_id": actor_id,
        "actor_label": actor_label,
        "verb": verb,
        "target_type": target_type,
        "target_id": target_id,
        "changes": changes,
        "created_at": created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "previous_hash": previous_hash,
    }
    message = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def lock_for_append(connection):
    """Serialise appends until the transaction ends, so two transactions never chain to the same
    entry. SQLite needs nothing: its writers are serialised already (IMMEDIATE transactions)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPEND_LOCK_ID])


class Break:
    """The first broken link found by verify()."""

    ALTERED = "altered"  # the entry's own hash does not match its fields
    RELINKED = "relinked"  # its previous hash is not the hash of the entry before it

    def __init__(self, kind, entry_id, created_at, verb):
        self.kind, self.entry_id, self.created_at, self.verb = kind, entry_id, created_at, verb


class Result:
    def __init__(self, count, last_id, last_hash, broken=None):
        self.count, self.last_id, self.last_hash, self.broken = count, last_id, last_hash, broken


def verify(*, chunk_size=2000, using="default"):
    """Walk the whole chain in id order, streaming, and stop at the first broken link."""
    from django.contrib.contenttypes.models import ContentType

    from audit.models import AuditEntry

    key = chain_key()
    type_names = {
        pk: f"{app_label}.{model}"
        for pk, app_label, model in ContentType.objects.using(using).values_list(
            "pk", "app_label", "model"
        )
    }
    rows = (
        AuditEntry.objects.using(using)
        .order_by("id")
        .values_list(
            "id",
            "actor_id",
            "actor_label",
            "verb",
            "target_type_id",
            "target_id",
            "changes",
            "created_at",
            "previous_hash",
            "entry_hash",
        )
        .iterator(chunk_size=chunk_size)
    )
    count, last_id, last_hash = 0, None, ""
    for row in rows:
        (pk, actor_id, actor_label, verb, type_id, target_id, changes, created_at) = row[:8]
        previous_hash, entry_hash = row[8:]
        expected = entry_digest(
            key,
            actor_id=actor_id,
            actor_label=actor_label,
            verb=verb,
            target_type=type_names.get(type_id) if type_id is not None else None,
            target_id=target_id,
            changes=changes,
            created_at=created_at,
            previous_hash=previous_hash,
        )
        if not hmac.compare_digest(expected, entry_hash):
            return Result(count, last_id, last_hash, Break(Break.ALTERED, pk, created_at, verb))
        if not hmac.compare_digest(previous_hash, last_hash):
            return Result(count, last_id, last_hash, Break(Break.RELINKED, pk, created_at, verb))
        count, last_id, last_hash = count + 1, pk, entry_hash
    return Result(count, last_id, last_hash)
