"""Workspace sessions: idle expiry, signing out everywhere, deactivation, and the sign-in trail."""

import json
import time
from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from accounts.sessions import LAST_ACTIVITY
from accounts.tests.factories import UserFactory
from accounts.tests.signing_in import sign_in
from audit.models import AuditEntry

DASHBOARD = reverse("workspace:dashboard")
LOGIN = reverse("accounts:login")


def idle_for(client, seconds):
    """Pretend the last request of the client's session was this long ago."""
    session = client.session
    session[LAST_ACTIVITY] = int(time.time()) - seconds
    session.save()


def session_exists(key):
    return import_module(settings.SESSION_ENGINE).SessionStore().exists(key)


def audit_text():
    """Everything the audit trail holds, as one string to search."""
    return json.dumps(
        [
            [e.actor_id, e.actor_label, e.verb, e.target_id, e.changes]
            for e in AuditEntry.objects.all()
        ],
        ensure_ascii=False,
        default=str,
    )


# Idle expiry.


def test_after_31_idle_minutes_the_next_workspace_page_asks_to_sign_in_again(client, coordinator):
    client.force_login(coordinator)
    old_key = client.session.session_key
    idle_for(client, 31 * 60)

    response = client.get(DASHBOARD, follow=True)

    assert response.redirect_chain[0][0].startswith(f"{LOGIN}?next=")
    assert "You were signed out after 30 minutes without activity." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not session_exists(old_key)
    entry = AuditEntry.objects.get(verb="accounts.session_expired")
    assert entry.actor == coordinator
    assert not AuditEntry.objects.filter(verb="accounts.logged_out").exists()


def test_after_29_idle_minutes_the_user_is_still_in(client, coordinator):
    client.force_login(coordinator)
    idle_for(client, 29 * 60)
    assert client.get(DASHBOARD).status_code == 200
    assert client.session["_auth_user_id"] == str(coordinator.pk)


@override_settings(WORKSPACE_IDLE_MINUTES=5)
def test_the_idle_time_is_a_setting(client, coordinator):
    client.force_login(coordinator)
    idle_for(client, 6 * 60)
    response = client.get(DASHBOARD, follow=True)
    assert "You were signed out after 5 minutes without activity." in response.content.decode()


def test_the_activity_stamp_is_not_rewritten_on_every_request(client, coordinator):
    client.force_login(coordinator)
    idle_for(client, 20)
    stamp = client.session[LAST_ACTIVITY]
    client.get(DASHBOARD)
    assert client.session[LAST_ACTIVITY] == stamp

    idle_for(client, 61)
    client.get(DASHBOARD)
    assert client.session[LAST_ACTIVITY] >= int(time.time()) - 5


def test_activity_does_not_stretch_a_session_past_its_age(client, coordinator):
    sign_in(client, coordinator)
    ends = client.session.get_expiry_date()
    idle_for(client, 10 * 60)
    client.get(DASHBOARD)
    assert client.session.get_expiry_date() == ends


def test_a_visitor_of_the_public_site_gets_no_session(client, db):
    response = client.get("/en/")
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies


# Signing out everywhere.


def test_signing_out_everywhere_ends_other_sessions_and_keeps_this_one(coordinator):
    here, phone = Client(), Client()
    sign_in(here, coordinator)
    sign_in(phone, coordinator)
    assert phone.get(DASHBOARD).status_code == 200

    response = here.post(reverse("team:sign-out-everywhere"), follow=True)

    assert "You were signed out on every other device." in response.content.decode()
    assert here.get(DASHBOARD).status_code == 200
    assert phone.get(DASHBOARD).url.startswith(LOGIN)
    entry = AuditEntry.objects.get(verb="accounts.signed_out_everywhere")
    assert entry.actor == coordinator


def test_signing_out_everywhere_needs_a_post(client, coordinator):
    client.force_login(coordinator)
    salt = coordinator.session_salt
    assert client.get(reverse("team:sign-out-everywhere")).status_code == 405
    coordinator.refresh_from_db()
    assert coordinator.session_salt == salt


def test_the_profile_page_offers_to_sign_out_everywhere(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("team:profile"))
    assert reverse("team:sign-out-everywhere").encode() in response.content


def test_a_new_password_ends_the_other_sessions(caseworker):
    here, elsewhere = Client(), Client()
    here.force_login(caseworker)
    elsewhere.force_login(caseworker)
    here.post(
        reverse("team:password-change"),
        {
            "old_password": "password",
            "new_password1": "correct-horse-9-battery",
            "new_password2": "correct-horse-9-battery",
        },
    )
    assert here.get(DASHBOARD).status_code == 200
    assert elsewhere.get(DASHBOARD).url.startswith(LOGIN)


# Deactivation.


@pytest.mark.parametrize("update_fields", [None, ["is_active"]])
def test_a_deactivated_user_loses_access_at_the_next_request(client, caseworker, update_fields):
    client.force_login(caseworker)
    assert client.get(DASHBOARD).status_code == 200
    salt = caseworker.session_salt

    caseworker.is_active = False
    caseworker.save(update_fields=update_fields)

    assert client.get(DASHBOARD).url.startswith(LOGIN)
    assert client.get(reverse("team:profile")).url.startswith(LOGIN)
    caseworker.refresh_from_db()
    # Even a backend that forgot to check is_active would find the session's hash stale.
    assert caseworker.session_salt != salt


def test_an_administrator_deactivating_someone_in_the_admin_ends_their_session(
    administrator, caseworker
):
    theirs, admin = Client(), Client()
    theirs.force_login(caseworker)
    admin.force_login(administrator)
    data = {
        "email": caseworker.email,
        "full_name": caseworker.full_name,
        "language": caseworker.language,
        "groups": [group.pk for group in caseworker.groups.all()],
        "branches": [branch.pk for branch in caseworker.branches.all()],
        # is_active left out: the unticked box
    }
    response = admin.post(reverse("admin:accounts_user_change", args=[caseworker.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    caseworker.refresh_from_db()
    assert not caseworker.is_active
    assert theirs.get(DASHBOARD).url.startswith(LOGIN)


def test_reactivating_does_not_bring_old_sessions_back(client, caseworker):
    client.force_login(caseworker)
    caseworker.is_active = False
    caseworker.save()
    caseworker.is_active = True
    caseworker.save()
    assert client.get(DASHBOARD).url.startswith(LOGIN)


def test_saving_an_active_user_keeps_their_sessions(client, caseworker):
    client.force_login(caseworker)
    caseworker.full_name = "Another Name"
    caseworker.save()
    assert client.get(DASHBOARD).status_code == 200


# The sign-in trail.

DEVICE = {"REMOTE_ADDR": "203.0.113.77", "HTTP_USER_AGENT": "TellTaleBrowser/9.9"}


def test_signing_in_and_out_is_recorded_without_the_device(coordinator):
    client = Client(**DEVICE)
    sign_in(client, coordinator)
    client.post(reverse("accounts:logout"))

    verbs = list(AuditEntry.objects.order_by("id").values_list("verb", "actor", "target_id"))
    assert verbs == [
        ("accounts.logged_in", coordinator.pk, str(coordinator.pk)),
        ("accounts.logged_out", coordinator.pk, str(coordinator.pk)),
    ]
    trail = audit_text()
    assert "203.0.113.77" not in trail
    assert "TellTaleBrowser" not in trail


def test_a_failed_sign_in_names_the_account_tried_but_not_the_password(coordinator):
    client = Client(**DEVICE)
    client.post(LOGIN, {"username": "Coordinator@Example.org", "password": "Wr0ng-secret"})

    entry = AuditEntry.objects.get(verb="accounts.login_failed")
    assert entry.actor is None
    assert entry.actor_label == "unknown person signing in"
    assert entry.target_id == str(coordinator.pk)
    assert entry.changes == {"known_account": True}
    trail = audit_text()
    assert "Wr0ng-secret" not in trail
    assert "203.0.113.77" not in trail
    assert "TellTaleBrowser" not in trail


@pytest.mark.django_db
def test_a_failed_sign_in_with_an_unknown_address_keeps_nothing_of_what_was_typed():
    Client(**DEVICE).post(LOGIN, {"username": "someone.private@example.net", "password": "x"})

    entry = AuditEntry.objects.get(verb="accounts.login_failed")
    assert entry.target_id == ""
    assert entry.changes == {"known_account": False}
    assert "someone.private" not in audit_text()


def test_a_deactivated_account_trying_to_sign_in_is_recorded_as_a_failure(client, db):
    user = UserFactory(email="gone@example.org", is_active=False)
    response = client.post(LOGIN, {"username": "gone@example.org", "password": "password"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(verb="accounts.login_failed")
    assert entry.target_id == str(user.pk)


# Cookies.


@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_the_session_cookie_is_secure_http_only_and_same_site(client, coordinator):
    client.get(LOGIN)  # sets the CSRF cookie
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    response = sign_in(client, coordinator)
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"


def test_production_settings_keep_cookies_secure_http_only_and_same_site():
    """The suite's settings relax Secure for plain HTTP; production's must not."""
    from svoboda.tests.test_settings import SVOBODA, production_env, run

    names = [
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SAMESITE",
        "WORKSPACE_IDLE_MINUTES",
    ]
    script = f"from django.conf import settings; print([getattr(settings, n) for n in {names!r}])"
    env = production_env(SECRET_KEY="k" * 64, ALLOWED_HOSTS="svoboda.example.org")
    result = run([SVOBODA, "shell", "-c", script], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str([True, True, "Lax", True, True, "Lax", 30])
