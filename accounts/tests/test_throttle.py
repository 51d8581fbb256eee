"""Sign-in throttling: a pause after repeated failures that always ends, per account and per
connection, the same for addresses that are no account, audited, and never storing an address."""

import time

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from accounts import actions, throttle
from accounts.tests.factories import UserFactory
from audit.models import AuditEntry

LOGIN = reverse("accounts:login")
TOO_MANY = "Too many attempts. Try again in"
CLIENT_ADDRESS = "203.0.113.77"


def attempt(client, email, password, address=CLIENT_ADDRESS):
    return client.post(
        LOGIN,
        {"username": email, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def fail(client, email, times, address=CLIENT_ADDRESS):
    for _ in range(times):
        response = attempt(client, email, "wrong password", address)
        assert response.status_code == 200, "still under the limit: the ordinary error"


def signed_in(client):
    return "_auth_user_id" in client.session


def later(monkeypatch, minutes):
    """Move the throttle's clock forward."""
    now = time.time() + minutes * 60
    monkeypatch.setattr(throttle, "_now", lambda: now)


def test_after_five_failures_even_the_right_password_is_refused_with_429(client, coordinator):
    fail(client, coordinator.email, 5)

    response = attempt(client, coordinator.email, "password")

    assert response.status_code == 429
    assert "Too many attempts. Try again in 15 minutes." in response.content.decode()
    assert not signed_in(client)


def test_the_pause_ends_and_the_right_password_then_works_and_resets_the_count(
    client, coordinator, monkeypatch
):
    fail(client, coordinator.email, 5)
    later(monkeypatch, 16)

    response = attempt(client, coordinator.email, "password")

    assert response.status_code == 302
    client.logout()
    # The count started again: four more failures are not enough for a new pause.
    fail(client, coordinator.email, 4)
    assert attempt(client, coordinator.email, "password").status_code == 302


def test_a_second_round_of_failures_pauses_longer_but_still_ends(client, coordinator, monkeypatch):
    fail(client, coordinator.email, 5)
    later(monkeypatch, 16)
    fail(client, coordinator.email, 5)

    response = attempt(client, coordinator.email, "password")
    assert response.status_code == 429
    assert "Try again in 30 minutes." in response.content.decode()

    later(monkeypatch, 16 + 31)
    assert attempt(client, coordinator.email, "password").status_code == 302


def test_the_pause_grows_only_up_to_the_maximum():
    assert [throttle.cool_off_minutes(level) for level in (1, 2, 3, 4, 5, 10, 50)] == [
        15,
        30,
        60,
        120,
        240,
        240,
        240,
    ]


def test_an_address_that_is_no_account_gets_the_same_answers(client, coordinator):
    known = [attempt(client, coordinator.email, "wrong") for _ in range(6)]
    client.cookies.clear()
    unknown = [attempt(client, "nobody@example.org", "wrong", "198.51.100.9") for _ in range(6)]

    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    assert [r.status_code for r in unknown] == [200] * 5 + [429]
    assert TOO_MANY in unknown[-1].content.decode()
    assert known[0].content.decode().replace(coordinator.email, "EMAIL").count(
        "The email address or password is wrong"
    ) == unknown[0].content.decode().count("The email address or password is wrong")


def test_the_letter_case_of_the_address_does_not_dodge_the_count(client, coordinator):
    for email in ("Coordinator@example.org", "COORDINATOR@EXAMPLE.ORG", " coordinator@example.org"):
        attempt(client, email, "wrong")
    fail(client, "coordinator@Example.org", 2)

    assert attempt(client, coordinator.email, "password").status_code == 429


def test_other_accounts_are_not_paused_by_one_accounts_failures(client, coordinator, caseworker):
    fail(client, coordinator.email, 5)

    assert attempt(client, caseworker.email, "password").status_code == 302


@override_settings(LOGIN_ADDRESS_RATE="6/15m")
def test_many_failures_across_accounts_from_one_connection_pause_that_connection(client, db):
    users = [UserFactory(email=f"person{i}@example.org") for i in range(4)]
    for user in users[:3]:
        fail(client, user.email, 2)

    refused = attempt(client, users[3].email, "password")
    elsewhere = attempt(client, users[3].email, "password", address="198.51.100.20")

    assert refused.status_code == 429
    assert TOO_MANY in refused.content.decode()
    assert elsewhere.status_code == 302


def test_a_pause_is_audited_with_the_account_and_never_the_typed_text(client, coordinator):
    fail(client, coordinator.email, 5)
    fail(client, "ghost.address@example.org", 5)
    attempt(client, coordinator.email, "password")  # refused: no further entry

    locks = list(AuditEntry.objects.filter(verb="accounts.sign_in_locked").order_by("pk"))
    assert [entry.target_id for entry in locks] == [str(coordinator.pk), ""]
    assert locks[1].target_type is None
    assert locks[0].changes["known_account"] is True
    assert locks[1].changes["known_account"] is False
    assert AuditEntry.objects.filter(verb="accounts.login_failed").count() == 10
    assert "ghost.address" not in dump_database()


def test_no_client_address_is_stored_anywhere(client, coordinator, monkeypatch):
    fail(client, coordinator.email, 5)
    attempt(client, coordinator.email, "password")
    later(monkeypatch, 16)
    attempt(client, coordinator.email, "password")

    assert AuditEntry.objects.exists()
    assert CLIENT_ADDRESS not in dump_database()


def dump_database():
    """Every value of every table, as one string."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            parts.extend(str(row) for row in cursor.fetchall())
    return "\n".join(parts)


def test_an_administrator_unlocks_at_once_from_the_admin_and_it_is_audited(
    client, coordinator, administrator
):
    fail(client, coordinator.email, 5)
    admin_client = type(client)()
    admin_client.force_login(administrator)

    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [coordinator.pk]},
    )

    assert response.status_code == 302
    entry = AuditEntry.objects.get(verb="accounts.sign_in_unlocked")
    assert entry.actor == administrator
    assert entry.changes == {"was_locked": True}
    assert attempt(client, coordinator.email, "password").status_code == 302


def test_only_those_who_manage_users_may_unlock(coordinator, caseworker):
    with pytest.raises(PermissionDenied):
        actions.unlock_sign_in(actor=caseworker, user=coordinator)
    assert not AuditEntry.objects.filter(verb="accounts.sign_in_unlocked").exists()


def test_the_admin_sign_in_page_is_throttled_too(client, administrator):
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": administrator.email, "password": "wrong"})

    response = client.post(
        url, {"username": administrator.email, "password": "password"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert not signed_in(client)
    assert TOO_MANY in response.content.decode()
