"""The audit trail is a keyed hash chain, and `svoboda audit verify` finds the first broken link."""

import importlib
import itertools
import threading
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import close_old_connections, connection, transaction
from django.test import override_settings

import audit
from audit import chain
from audit.models import AuditEntry

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers by itself"
)


def tamper(sql, params=()):
    """Raw SQL of someone with write access to the database. On PostgreSQL they also get past
    the append-only trigger (the tests run as a superuser, who may switch triggers off)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


def record_some(actor, n=6):
    return [
        audit.record(
            actor=actor,
            verb="accounts.profile_updated",
            target=actor,
            changes={"language": "ru", "step": i},
        )
        for i in range(n)
    ]


def verify():
    """Run `svoboda audit verify`: (output, error message or None)."""
    from io import StringIO

    out = StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


def test_each_entry_carries_the_hash_of_the_one_before(caseworker):
    record_some(caseworker)
    audit.record(actor=audit.SYSTEM_ACTOR, verb="accounts.profile_updated")
    entries = list(AuditEntry.objects.order_by("id"))
    assert entries[0].previous_hash == ""
    for before, entry in itertools.pairwise(entries):
        assert entry.previous_hash == before.entry_hash
    assert len({entry.entry_hash for entry in entries}) == len(entries)
    assert all(len(entry.entry_hash) == 64 for entry in entries)


def test_verify_says_ok_with_the_count_and_the_last_hash(caseworker):
    entries = record_some(caseworker, 7)
    output, error = verify()
    assert error is None
    assert "OK: 7 entries" in output
    assert f"Last entry: {entries[-1].pk}, hash {entries[-1].entry_hash}" in output


def test_an_empty_trail_verifies():
    output, error = verify()
    assert (error, output.strip()) == (None, "OK: 0 entries, the chain is unbroken.")


def test_values_that_json_turns_into_others_still_verify(caseworker):
    # Tuples read back as lists, keys as strings; PostgreSQL's jsonb reorders keys.
    audit.record(
        actor=caseworker,
        verb="accounts.profile_updated",
        changes={"zeta": (1, 2), 3: "three", "alpha": {"b": 1.5, "a": None}, "name": "Ёлка"},
    )
    assert verify()[1] is None


def test_a_changed_entry_is_reported_as_changed(caseworker):
    entries = record_some(caseworker)
    tamper(
        'UPDATE audit_auditentry SET changes = \'{"language": "en"}\' WHERE id = %s',
        [entries[3].pk],
    )
    output, error = verify()
    assert f"Broken audit chain at entry {entries[3].pk} " in error
    assert "was changed" in error
    assert f"the last good one is {entries[2].pk}" in output


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("actor_label", "someone.else@example.org"),
        ("verb", "accounts.logged_in"),
        ("target_id", "999"),
        ("actor_id", None),
        ("target_type_id", None),
        ("previous_hash", "0" * 64),
        ("entry_hash", "0" * 64),
    ],
)
def test_the_hash_covers_every_stored_field(caseworker, column, value):
    entries = record_some(caseworker, 3)
    tamper(f"UPDATE audit_auditentry SET {column} = %s WHERE id = %s", [value, entries[1].pk])  # noqa: S608
    assert f"at entry {entries[1].pk} " in verify()[1]


def test_a_moved_time_is_reported(caseworker):
    entries = record_some(caseworker, 3)
    moved = entries[1].created_at - timedelta(microseconds=1)
    tamper("UPDATE audit_auditentry SET created_at = %s WHERE id = %s", [moved, entries[1].pk])
    assert f"at entry {entries[1].pk} " in verify()[1]


def test_a_deleted_entry_is_reported_at_the_one_after_it(caseworker):
    entries = record_some(caseworker)
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [entries[2].pk])
    output, error = verify()
    assert f"Broken audit chain at entry {entries[3].pk} " in error
    assert "deleted" in error
    assert "2 entries checked" in output


def test_a_deleted_first_entry_is_reported(caseworker):
    entries = record_some(caseworker, 3)
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [entries[0].pk])
    assert f"at entry {entries[1].pk} " in verify()[1]


def test_an_entry_rehashed_without_the_key_is_reported(caseworker):
    """Whoever can write to the database but lacks AUDIT_CHAIN_KEY cannot rewrite the chain."""
    entries = record_some(caseworker, 3)
    with override_settings(AUDIT_CHAIN_KEY="a key the attacker made up"):
        forged = chain.entry_digest(
            chain.chain_key(),
            actor_id=caseworker.pk,
            actor_label="someone.else@example.org",
            verb=entries[2].verb,
            target_type="accounts.user",
            target_id=entries[2].target_id,
            changes=entries[2].changes,
            created_at=entries[2].created_at,
            previous_hash=entries[2].previous_hash,
        )
    tamper(
        "UPDATE audit_auditentry SET actor_label = %s, entry_hash = %s WHERE id = %s",
        ["someone.else@example.org", forged, entries[2].pk],
    )
    assert f"at entry {entries[2].pk} " in verify()[1]


def test_the_chain_needs_the_key_it_was_made_with(caseworker):
    record_some(caseworker, 2)
    with override_settings(AUDIT_CHAIN_KEY="another key"):
        assert verify()[1] is not None
    assert verify()[1] is None


def test_a_configured_key_is_used_and_is_not_the_secret_key(settings):
    settings.AUDIT_CHAIN_KEY = "chain key"
    assert chain.chain_key() == b"chain key"
    settings.AUDIT_CHAIN_KEY = ""
    assert chain.chain_key() not in {settings.SECRET_KEY.encode(), b""}


def test_the_migration_chains_entries_made_before_it(caseworker):
    entries = record_some(caseworker, 5)
    tamper("UPDATE audit_auditentry SET previous_hash = '', entry_hash = ''")
    migration = importlib.import_module("audit.migrations.0003_hash_chain")

    migration.fill_chain(apps, connection)

    rehashed = list(AuditEntry.objects.order_by("id"))
    assert [(e.previous_hash, e.entry_hash) for e in rehashed] == [
        (e.previous_hash, e.entry_hash) for e in entries
    ]
    assert verify()[1] is None


@postgresql_only
def test_the_migration_leaves_the_append_only_trigger_on(caseworker):
    record_some(caseworker, 2)
    importlib.import_module("audit.migrations.0003_hash_chain").fill_chain(apps, connection)
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditentry")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_transactions_append_to_one_chain():
    threads, per_thread = 4, 15
    start = threading.Barrier(threads)
    failures = []

    def append():
        try:
            start.wait()
            for i in range(per_thread):
                with transaction.atomic():
                    audit.record(actor=audit.SYSTEM_ACTOR, verb="accounts.profile_updated")
                    audit.record(
                        actor=audit.SYSTEM_ACTOR,
                        verb="accounts.profile_updated",
                        changes={"step": i},
                    )
        except Exception as error:  # reported below, in the test's own thread
            failures.append(error)
        finally:
            close_old_connections()
            connection.close()

    workers = [threading.Thread(target=append) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert failures == []
    output, error = verify()
    assert error is None, error
    assert f"OK: {threads * per_thread * 2} entries" in output
    previous = list(AuditEntry.objects.values_list("previous_hash", flat=True))
    assert len(set(previous)) == len(previous)
