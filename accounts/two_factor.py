"""Two-factor sign-in: a password alone opens nothing in the workspace or the admin.

Every account with a workspace or admin role must also give a code from an authenticator app
(TOTP, django-otp's TOTPDevice) or one of ten recovery codes (django-otp's StaticDevice). This is
stricter than "roles with access to cases": editors can publish, administrators can grant
themselves any role, and a stolen password must not be enough for either.

- Enrolment happens at the first sign-in: until it is done, the only pages open to the account
  are the enrolment pages and signing out (TwoFactorMiddleware).
- django-otp refuses a code that was already used (a TOTP time step is accepted once per device)
  and slows down repeated failures per device; recovery codes are used up when used.
- Every enrolment, reset, failure and use of a recovery code goes into the audit trail.
- An administrator resets a colleague's second factor (a lost phone): every device goes, every
  session ends, and the next sign-in enrols again.

Known limit: django-otp keeps TOTP secrets and recovery codes as they are in the database (a
TOTP check needs the secret itself). A copy of the database alone still cannot sign in: the
password is stored only as an Argon2 hash.
"""

from urllib.parse import urlencode

from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language_from_path
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

import audit
from accounts.models import User, new_session_salt
from accounts.permissions import require

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR = "authenticator"
RECOVERY_CODES = "recovery codes"

# Open to a signed-in account that has not given its second factor yet.
OPEN_PATH_NAMES = {
    "accounts:two-factor",
    "accounts:two-factor-setup",
    "accounts:two-factor-qr",
    "accounts:logout",
}


def required_for(user) -> bool:
    """Whether the account must give a second factor: every workspace or admin role does."""
    return user.is_active and (
        user.is_superuser
        or user.has_perm("accounts.access_workspace")
        or user.has_perm("accounts.access_admin")
    )


def is_verified(request) -> bool:
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


def authenticator_of(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


# The authenticator this session is setting up (its primary key).
PENDING_SESSION_KEY = "two_factor_pending_device"


def _session_pending(request):
    pk = request.session.get(PENDING_SESSION_KEY)
    if pk is None:
        return TOTPDevice.objects.none()
    return TOTPDevice.objects.filter(user=request.user, confirmed=False, pk=pk)


def pending_authenticator(request):
    """The authenticator this session is setting up: the same secret until it is confirmed, so
    that reloading the page does not invalidate what the phone has already scanned.

    Bound to the session, never shared between sessions of the account: otherwise someone with
    only the password could open the setup page first, wait, and read the very secret the
    owner's phone scans later. A new one replaces any other session's unconfirmed one."""
    device = _session_pending(request).first()
    if device is None:
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=request.user, name=AUTHENTICATOR, confirmed=False)
        request.session[PENDING_SESSION_KEY] = device.pk
    return device


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _code(token) -> str:
    return "".join(str(token or "").split()).lower()


@transaction.atomic
def confirm_authenticator(request, token, current_code=None) -> list[str] | None:
    """Finish enrolment with a first code from the app; returns the new recovery codes, or None
    if a code is wrong. The session counts as verified from here on.

    Replacing an authenticator (a new phone) also takes a code from the old one, or a recovery
    code: a session left open on someone's laptop must not be enough to take over the account.
    """
    user = request.user
    if authenticator_of(user) is not None and _matching_device(user, current_code) is None:
        return None
    device = _session_pending(request).select_for_update().first()
    if device is None or not device.verify_token(_code(token)):
        audit.record(actor=user, verb="accounts.two_factor_failed", target=user)
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    request.session.pop(PENDING_SESSION_KEY, None)
    codes = _new_recovery_codes(user)
    otp_login(request, device)
    audit.record(actor=user, verb="accounts.two_factor_enrolled", target=user)
    return codes


def _matching_device(user, token):
    """The device (authenticator or recovery codes) that accepts the code, or None; a failure is
    audited. Locked one by one, as django-otp's own verify_token does, so that two requests
    racing with one code cannot both pass, and a failure counts against the right device."""
    token = _code(token)
    devices = [
        *TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True),
        *StaticDevice.objects.select_for_update().filter(user=user, confirmed=True),
    ]
    for device in devices:
        if device.verify_token(token):
            if isinstance(device, StaticDevice):
                audit.record(
                    actor=user,
                    verb="accounts.recovery_code_used",
                    target=user,
                    changes={"recovery_codes_left": device.token_set.count()},
                )
            return device
    audit.record(actor=user, verb="accounts.two_factor_failed", target=user)
    return None


@transaction.atomic
def verify(request, token) -> bool:
    """Check a code from the app, or a recovery code (used up by this), for this session."""
    device = _matching_device(request.user, token)
    if device is None:
        return False
    otp_login(request, device)
    return True


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def replace_recovery_codes(*, actor: User, current_code) -> list[str] | None:
    """New recovery codes, for a code from the app (or a recovery code); the old ones stop
    working. None when the code is wrong."""
    if _matching_device(actor, current_code) is None:
        return None
    codes = _new_recovery_codes(actor)
    audit.record(actor=actor, verb="accounts.recovery_codes_replaced", target=actor)
    return codes


@transaction.atomic
def reset(*, actor: User, user: User) -> None:
    """An administrator removes a user's second factor (a lost phone). Every session of the user
    ends with it, and their next sign-in starts enrolment again."""
    require(actor, "accounts.change_user")
    user = User.objects.select_for_update().get(pk=user.pk)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.session_salt = new_session_salt()
    user.save(update_fields=["session_salt"])
    audit.record(actor=actor, verb="accounts.two_factor_reset", target=user)


class TwoFactorMiddleware:
    """Sends a signed-in account without its second factor to enrolment or to the code page.

    Goes after OTPMiddleware (which tells whether the session gave a second factor) and after the
    idle-timeout middleware. Public pages stay open: they show nothing a visitor could not see.
    Everything else (the workspace, the admin, article pictures for editors) waits for the code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or is_verified(request):
            return None
        match = request.resolver_match
        if match is None or match.view_name in OPEN_PATH_NAMES or _is_public(request, match):
            return None
        if not required_for(user):
            return None
        target = "accounts:two-factor" if authenticator_of(user) else "accounts:two-factor-setup"
        query = urlencode({"next": request.get_full_path()})
        response = redirect(f"{reverse(target)}?{query}")
        if request.headers.get("HX-Request"):
            # htmx would swap the code page into a fragment; make it load the whole page.
            response["HX-Redirect"] = response["Location"]
        return response


def _is_public(request, match):
    """Pages anyone may open: the public site (everything under /ru/ and /en/ shows the same to
    staff as to anyone), signing in, password reset, health checks and the sitemap."""
    if get_language_from_path(request.path_info):
        return True
    return match.view_name in {
        "accounts:login",
        "accounts:password-reset",
        "accounts:password-reset-done",
        "accounts:password-reset-confirm",
        "accounts:password-reset-complete",
        "healthz",
        "sitemap",
        "admin:login",
        "admin:logout",
    }
