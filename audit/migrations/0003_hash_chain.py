"""Chain the audit trail: every entry gets `previous_hash` and `entry_hash` (audit/chain.py).

Existing entries are chained in id order with the key configured now (AUDIT_CHAIN_KEY), so set it
before running this migration. On PostgreSQL the append-only trigger (0002) refuses the UPDATEs
that fill the new columns: it is disabled for the backfill only, inside this migration's
transaction, whose ALTER TABLE locks the table until commit, so no other session ever sees the
table without it.
"""

from django.db import migrations, models

from audit import chain

BATCH = 1000


def fill_chain(apps, connection):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    type_names = {
        pk: f"{app_label}.{model}"
        for pk, app_label, model in ContentType.objects.using(connection.alias).values_list(
            "pk", "app_label", "model"
        )
    }
    key = chain.chain_key()
    # The base manager: plain QuerySet.update(), even with the live model (which refuses it).
    entries = AuditEntry._base_manager.using(connection.alias).order_by("id")
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        with connection.cursor() as cursor:
            # ALTER TABLE refuses while deferred foreign key checks of rows written earlier in
            # the transaction are pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
    last_id, last_hash = 0, ""
    # Keyset batches rather than one cursor: the rows read are being updated.
    while batch := list(entries.filter(id__gt=last_id)[:BATCH]):
        for entry in batch:
            entry.previous_hash = last_hash
            entry.entry_hash = last_hash = chain.entry_digest(
                key,
                actor_id=entry.actor_id,
                actor_label=entry.actor_label,
                verb=entry.verb,
                target_type=type_names.get(entry.target_type_id),
                target_id=entry.target_id,
                changes=entry.changes,
                created_at=entry.created_at,
                previous_hash=entry.previous_hash,
            )
        entries.bulk_update(batch, ["previous_hash", "entry_hash"])
        last_id = batch[-1].id
    if postgresql:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")


def backfill(apps, schema_editor):
    fill_chain(apps, schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_forbid_changes_on_postgresql"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="created_at",
            field=models.DateTimeField(db_index=True, editable=False, verbose_name="time"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="previous_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="previous hash"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="entry_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        # Reversing just drops the columns (the AddFields above); nothing to undo here.
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
