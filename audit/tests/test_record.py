import pytest
from django.db import connection, transaction

import audit
from accounts import actions
from audit.models import AppendOnlyError, AuditEntry

pytestmark = pytest.mark.django_db


def test_record_stores_who_did_what_to_which_object(caseworker):
    entry = audit.record(
        actor=caseworker, verb="accounts.profile_updated", target=caseworker, changes={"a": 1}
    )
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert (entry.actor, entry.actor_label, entry.verb) == (
        caseworker,
        "caseworker@example.org",
        "accounts.profile_updated",
    )
    assert (entry.target_type.model, entry.target_id) == ("user", str(caseworker.pk))


def test_record_refuses_an_undeclared_verb(caseworker):
    with pytest.raises(ValueError, match=r"audit/verbs\.py"):
        audit.record(actor=caseworker, verb="accounts.typo_made")


def test_jobs_record_as_the_system():
    entry = audit.record(actor=audit.SYSTEM_ACTOR, verb="accounts.profile_updated")
    assert (entry.actor, entry.actor_label) == (None, "system")


def test_record_refuses_a_missing_actor():
    with pytest.raises(ValueError):
        audit.record(actor=None, verb="accounts.profile_updated")


def test_an_entry_cannot_be_changed_through_the_orm(caseworker):
    entry = audit.record(actor=caseworker, verb="accounts.profile_updated")
    entry.verb = "something.else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(verb="x")


def test_an_entry_cannot_be_deleted_through_the_orm(caseworker):
    entry = audit.record(actor=caseworker, verb="accounts.profile_updated")
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_raw_sql_that_changes_an_entry(caseworker):
    entry = audit.record(actor=caseworker, verb="accounts.profile_updated")
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditentry SET verb = 'x' WHERE id = %s", [entry.pk])


def test_profile_update_is_audited_without_the_name(caseworker):
    actions.update_own_profile(actor=caseworker, full_name="New Name", language="ru")
    entry = AuditEntry.objects.get(verb="accounts.profile_updated")
    assert entry.actor == caseworker
    assert entry.changes == {"full_name": None, "language": "ru"}
    assert "New Name" not in str(entry.changes)


def test_a_rolled_back_change_leaves_no_entry(caseworker):
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.update_own_profile(actor=caseworker, full_name="New Name", language="ru")
        raise RuntimeError
    assert not AuditEntry.objects.exists()


def test_saving_an_unchanged_profile_writes_no_entry(caseworker):
    actions.update_own_profile(
        actor=caseworker, full_name=caseworker.full_name, language=caseworker.language
    )
    assert not AuditEntry.objects.exists()
