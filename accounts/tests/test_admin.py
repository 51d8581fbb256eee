"""The admin's user pages write rows directly: every save of a user is audited all the same."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def entries(verb):
    return list(AuditEntry.objects.filter(verb=verb))


def change_form_data(user, **overrides):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "groups": [g.pk for g in user.groups.all()],
        "branches": [b.pk for b in user.branches.all()],
        "is_active": "on" if user.is_active else "",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def test_giving_a_role_in_the_admin_is_audited_with_the_roles_but_not_the_name(
    client, administrator, volunteer
):
    client.force_login(administrator)
    coordinator_group = Group.objects.get(name=Role.COORDINATOR.value)
    response = client.post(
        reverse("admin:accounts_user_change", args=[volunteer.pk]),
        change_form_data(
            volunteer,
            full_name="Новое Имя Синтетическое",
            groups=[coordinator_group.pk],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    [entry] = entries("accounts.user_changed")
    assert entry.actor == administrator
    assert entry.target_id == str(volunteer.pk)
    assert entry.changes["roles"] == [Role.COORDINATOR.value]
    assert set(entry.changes["fields"]) == {"full_name", "groups"}
    assert "Новое Имя" not in str(entry.changes)


def test_deactivating_in_the_admin_is_audited(client, administrator, caseworker):
    client.force_login(administrator)
    client.post(
        reverse("admin:accounts_user_change", args=[caseworker.pk]),
        change_form_data(caseworker, is_active=""),
    )
    [entry] = entries("accounts.user_changed")
    assert entry.changes["is_active"] is False
    assert entry.changes["fields"] == ["is_active"]


def test_a_password_set_in_the_admin_is_audited_without_the_password(
    client, administrator, caseworker
):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[caseworker.pk]),
        {"password1": "a-long-new-passphrase-42", "password2": "a-long-new-passphrase-42"},
    )
    assert response.status_code == 302
    [entry] = entries("accounts.user_changed")
    assert entry.changes["fields"] == ["password"]
    assert "passphrase" not in str(entry.changes)


def test_an_account_added_in_the_admin_is_audited(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new.colleague@example.org",
            "full_name": "Синтетический Коллега",
            "language": "ru",
            "password1": "a-long-new-passphrase-42",
            "password2": "a-long-new-passphrase-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.colleague@example.org")
    [entry] = entries("accounts.user_created")
    assert entry.target_id == str(user.pk)
    assert entry.changes == {"roles": [], "branches": [], "is_active": True}


def test_an_administrator_ends_every_session_of_the_selected_accounts(
    client, administrator, caseworker, coordinator
):
    from django.test import Client

    others = {user: Client() for user in (caseworker, coordinator)}
    for user, browser in others.items():
        browser.force_login(user)
        assert browser.get("/workspace/").status_code == 200
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "end_sessions", "_selected_action": [caseworker.pk, coordinator.pk]},
    )
    assert response.status_code == 302
    for browser in others.values():
        assert "/login/" in browser.get("/workspace/")["Location"]
    assert client.get("/workspace/").status_code == 200
    assert len(entries("accounts.sessions_ended")) == 2


def test_only_administrators_end_other_peoples_sessions(coordinator, caseworker):
    from django.core.exceptions import PermissionDenied

    from accounts import actions

    with pytest.raises(PermissionDenied):
        actions.end_sessions(actor=coordinator, user=caseworker)
