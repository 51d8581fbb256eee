"""Two-factor sign-in: a password alone opens no workspace or admin page (accounts.two_factor)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.tests.signing_in import LOGIN, TWO_FACTOR, authenticator_code, code_for, sign_in
from accounts.two_factor_views import WRONG_CODE
from audit.models import AuditEntry
from svoboda.tests.test_url_protection import protected_paths

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:two-factor-setup")
QR = reverse("accounts:two-factor-qr")
DASHBOARD = reverse("workspace:dashboard")


def password_only(client, user):
    response = client.post(LOGIN, {"username": user.email, "password": "password"})
    assert response.status_code == 302
    return response


def enrol(client, user):
    """The first sign-in: password, then setting up the app. Returns the recovery codes."""
    password_only(client, user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": code_for(device)})
    assert response.status_code == 200
    return response.context["codes"]


def verbs(user):
    return list(AuditEntry.objects.filter(target_id=str(user.pk)).values_list("verb", flat=True))


def wrong_code_message():
    with translation.override("en"):
        return escape(str(WRONG_CODE))


# Every workspace and admin page, found by walking the URLconf (so new pages are covered too).
PATHS = [p for p in protected_paths() if p not in {"/admin/login/", "/admin/logout/"}]


@pytest.mark.parametrize("path", PATHS)
def test_a_password_only_session_reaches_no_workspace_or_admin_page(client, administrator, path):
    """The administrator holds the most permissions; with only a password, each page sends the
    account on to set up its second factor (or is a 404 for a sample id), and shows nothing."""
    password_only(client, administrator)
    response = client.get(path)
    if response.status_code == 301:  # a missing trailing slash first
        response = client.get(response["Location"])
    assert response.status_code in (302, 404), (path, response.status_code)
    if response.status_code == 302:
        assert response["Location"].startswith(SETUP), (path, response["Location"])


def test_a_password_only_session_cannot_post_to_the_workspace(client, coordinator):
    password_only(client, coordinator)
    response = client.post(reverse("team:sign-out-everywhere"))
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    assert "accounts.signed_out_everywhere" not in verbs(coordinator)


def test_first_sign_in_sends_the_account_to_set_up_the_app(client, caseworker):
    response = password_only(client, caseworker)
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fworkspace%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    # The key for apps that cannot scan, in groups of four; the QR code carries the same key.
    secret = page.context["secret"]
    assert secret.replace(" ", "") in device.config_url
    assert 'src="/accounts/two-factor/setup/qr.svg"' in page.content.decode()


def test_the_qr_code_is_an_svg_without_script_or_style(client, caseworker):
    password_only(client, caseworker)
    client.get(SETUP)
    response = client.get(QR)
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "<script" not in svg and "style=" not in svg
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_reloading_the_setup_page_keeps_the_key_the_phone_scanned(client, caseworker):
    password_only(client, caseworker)
    first = client.get(SETUP).context["secret"]
    second = client.get(SETUP).context["secret"]
    assert first == second
    assert TOTPDevice.objects.filter(user=caseworker).count() == 1


def test_confirming_the_app_shows_ten_recovery_codes_once_and_opens_the_workspace(
    client, caseworker
):
    codes = enrol(client, caseworker)
    assert len(codes) == len(set(codes)) == two_factor.RECOVERY_CODE_COUNT
    assert client.get(DASHBOARD).status_code == 200
    assert "accounts.two_factor_enrolled" in verbs(caseworker)
    assert TOTPDevice.objects.get(user=caseworker).confirmed


def test_a_wrong_first_code_leaves_the_account_without_a_second_factor(client, caseworker):
    password_only(client, caseworker)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 400
    assert wrong_code_message() in response.content.decode()
    assert not TOTPDevice.objects.filter(user=caseworker, confirmed=True).exists()
    assert client.get(DASHBOARD)["Location"].startswith(SETUP)
    assert "accounts.two_factor_failed" in verbs(caseworker)


def test_an_enrolled_account_is_asked_for_its_code_after_the_password(client, caseworker):
    enrol(Client(), caseworker)
    response = password_only(client, caseworker)
    response = client.get(response["Location"])
    assert response["Location"].startswith(TWO_FACTOR)
    # Someone with only the password cannot set up an app of their own instead.
    assert client.get(SETUP)["Location"].startswith(TWO_FACTOR)
    assert client.get(QR).status_code == 404


def test_the_code_from_the_app_opens_the_workspace(client, caseworker):
    sign_in(client, caseworker)
    assert client.get(DASHBOARD).status_code == 200


def test_a_replayed_code_is_refused(caseworker):
    enrol(Client(), caseworker)
    code = authenticator_code(caseworker)
    first, second = Client(), Client()
    password_only(first, caseworker)
    assert first.post(TWO_FACTOR, {"code": code}).status_code == 302
    password_only(second, caseworker)
    response = second.post(TWO_FACTOR, {"code": code})
    assert response.status_code == 400
    assert wrong_code_message() in response.content.decode()
    assert second.get(DASHBOARD)["Location"].startswith(TWO_FACTOR)


def test_a_wrong_code_is_refused_and_audited(client, caseworker):
    enrol(Client(), caseworker)
    password_only(client, caseworker)
    response = client.post(TWO_FACTOR, {"code": "123456"})
    assert response.status_code == 400
    assert verbs(caseworker).count("accounts.two_factor_failed") == 1


def test_a_recovery_code_works_once(caseworker):
    codes = enrol(Client(), caseworker)
    phone_lost = Client()
    password_only(phone_lost, caseworker)
    assert phone_lost.post(TWO_FACTOR, {"code": codes[0].upper()}).status_code == 302
    assert phone_lost.get(DASHBOARD).status_code == 200
    assert "accounts.recovery_code_used" in verbs(caseworker)
    again = Client()
    password_only(again, caseworker)
    assert again.post(TWO_FACTOR, {"code": codes[0]}).status_code == 400


def test_new_recovery_codes_replace_the_old_ones(client, caseworker):
    old = enrol(client, caseworker)
    response = client.post(
        reverse("team:new-recovery-codes"), {"code": authenticator_code(caseworker)}
    )
    new = response.context["codes"]
    assert "no-store" in response["Cache-Control"]
    assert set(new).isdisjoint(old)
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert stored == set(new)


def test_new_recovery_codes_need_a_code_from_the_app(client, caseworker):
    """A session left open on a laptop is not enough to take the account's recovery codes."""
    old = enrol(client, caseworker)
    response = client.post(reverse("team:new-recovery-codes"), {"code": "000000"})
    assert response.status_code == 302
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old)
    assert "accounts.two_factor_failed" in verbs(caseworker)


def test_moving_to_a_new_phone_needs_a_code_from_the_old_one(client, caseworker):
    enrol(client, caseworker)
    old = TOTPDevice.objects.get(user=caseworker, confirmed=True)
    client.get(SETUP)
    new = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    response = client.post(SETUP, {"current_code": "000000", "code": code_for(new)})
    assert response.status_code == 400
    assert wrong_code_message() in response.content.decode()
    assert list(TOTPDevice.objects.filter(user=caseworker, confirmed=True)) == [old]


def test_moving_to_a_new_phone_replaces_the_old_authenticator(client, caseworker):
    enrol(client, caseworker)
    old = TOTPDevice.objects.get(user=caseworker, confirmed=True)
    page = client.get(SETUP)
    assert page.status_code == 200
    new = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    response = client.post(
        SETUP, {"current_code": authenticator_code(caseworker), "code": code_for(new)}
    )
    assert response.status_code == 200
    assert list(TOTPDevice.objects.filter(user=caseworker)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_an_administrator_resets_a_lost_phone_and_ends_every_session(administrator, caseworker):
    colleague = Client()
    sign_in(colleague, caseworker)
    assert colleague.get(DASHBOARD).status_code == 200
    two_factor.reset(actor=administrator, user=caseworker)
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    assert not StaticToken.objects.filter(device__user=caseworker).exists()
    assert "/login/" in colleague.get(DASHBOARD)["Location"]
    assert "accounts.two_factor_reset" in verbs(caseworker)
    # The next sign-in sets up the app again.
    fresh = Client()
    response = password_only(fresh, caseworker)
    assert fresh.get(response["Location"])["Location"].startswith(SETUP)


def test_only_administrators_reset_a_second_factor(coordinator, caseworker):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        two_factor.reset(actor=coordinator, user=caseworker)


def test_the_admin_action_resets_the_second_factor(client, administrator, caseworker):
    sign_in(Client(), caseworker)
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [caseworker.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=caseworker).exists()


def test_the_admin_does_not_show_anyones_secret(client, administrator):
    client.force_login(administrator)
    page = client.get(reverse("admin:index")).content.decode()
    assert "otp_totp" not in page and "otp_static" not in page


def test_public_pages_stay_open_before_the_second_factor(client, caseworker):
    password_only(client, caseworker)
    assert client.get("/ru/help/").status_code == 200
    assert client.get("/en/").status_code == 200


def test_an_htmx_request_is_told_to_load_the_code_page(client, caseworker):
    enrol(Client(), caseworker)
    password_only(client, caseworker)
    response = client.get(DASHBOARD, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(TWO_FACTOR)


def test_the_code_page_goes_on_to_the_page_asked_for_but_never_to_another_site(client, caseworker):
    enrol(Client(), caseworker)
    password_only(client, caseworker)
    response = client.post(
        TWO_FACTOR, {"code": authenticator_code(caseworker), "next": "/workspace/profile/"}
    )
    assert response["Location"] == "/workspace/profile/"
    password_only(other := Client(), caseworker)
    response = other.post(
        TWO_FACTOR, {"code": authenticator_code(caseworker), "next": "https://evil.example/"}
    )
    assert response["Location"] == DASHBOARD


def test_the_menu_stays_empty_until_the_second_factor(client, coordinator):
    password_only(client, coordinator)
    page = client.get(SETUP)
    assert page.context["workspace_navigation"] == []


def test_codes_are_never_written_to_the_audit_trail(caseworker):
    codes = enrol(Client(), caseworker)
    client = Client()
    password_only(client, caseworker)
    client.post(TWO_FACTOR, {"code": "654321"})
    text = str(list(AuditEntry.objects.values()))
    assert "654321" not in text
    assert not any(code in text for code in codes)
    assert not re.search(r"\b\d{6}\b", str(list(AuditEntry.objects.values("changes"))))


def test_a_password_only_session_never_sees_the_secret_the_owner_scans(caseworker):
    """Someone with only the password opens the setup page before the owner's first sign-in and
    keeps its secret: the owner's app must get another one, and the stale one must not confirm."""
    attacker, owner = Client(), Client()
    password_only(attacker, caseworker)
    seen_by_attacker = attacker.get(SETUP).context["secret"]
    attackers_device = TOTPDevice.objects.get(user=caseworker, confirmed=False)

    password_only(owner, caseworker)
    scanned_by_owner = owner.get(SETUP).context["secret"]
    owners_device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    assert scanned_by_owner != seen_by_attacker

    owner.post(SETUP, {"code": code_for(owners_device)})
    confirmed = TOTPDevice.objects.get(user=caseworker, confirmed=True)
    assert confirmed.bin_key != attackers_device.bin_key
    assert attacker.post(SETUP, {"code": code_for(attackers_device)}).status_code == 302
    assert attacker.get(DASHBOARD).status_code == 302
