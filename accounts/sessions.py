"""Workspace sessions: they end after a time without activity, and every sign-in, sign-out and
failed sign-in goes into the audit trail.

Nothing about the device is recorded: no IP address, no user agent, not even for staff. A seized
server or a leaked audit export must not tell anyone where a member of staff signs in from, and
the people they work with are safer for it.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import ngettext

import audit

# Seconds since the epoch of the last request seen in this session.
LAST_ACTIVITY = "accounts.last_activity"
# The stamp is rewritten at most this often, so a busy page does not save its session each time.
STAMP_EVERY_SECONDS = 60
# The test suite's client.force_login leaves this receiver out (conftest.py).
RECORD_LOGIN = "accounts.sessions.record_login"


def _now():
    return int(time.time())


class IdleTimeoutMiddleware:
    """Signs a user out when WORKSPACE_IDLE_MINUTES passed since their last request.

    A staff laptop left open in a café must not stay in the workspace. Anonymous visitors of the
    public site have no session to look at and are left alone. Goes after MessageMiddleware, so
    that the next page can say why the user has to sign in again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        now = _now()
        last = request.session.get(LAST_ACTIVITY)
        minutes = settings.WORKSPACE_IDLE_MINUTES
        if last is not None and now - last > minutes * 60:
            request.session_expired = True  # read by record_logout below
            logout(request)
            messages.info(
                request,
                ngettext(
                    "You were signed out after %(minutes)d minute without activity. "
                    "Sign in again to continue.",
                    "You were signed out after %(minutes)d minutes without activity. "
                    "Sign in again to continue.",
                    minutes,
                )
                % {"minutes": minutes},
            )
        elif last is None or now - last >= STAMP_EVERY_SECONDS:
            request.session[LAST_ACTIVITY] = now


@receiver(user_logged_in, dispatch_uid="accounts.sessions.start_session")
def start_session(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        session[LAST_ACTIVITY] = _now()
        # The activity stamp saves the session now and then, and each save would push its end
        # further: fix the end at sign-in, so SESSION_COOKIE_AGE stays the longest a session lasts.
        session.set_expiry(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE))


@receiver(user_logged_in, dispatch_uid=RECORD_LOGIN)
def record_login(sender, request, user, **kwargs):
    audit.record(actor=user, verb="accounts.logged_in", target=user)


@receiver(user_logged_out, dispatch_uid="accounts.sessions.record_logout")
def record_logout(sender, request, user, **kwargs):
    if user is None:  # signing out of a session that had already ended
        return
    expired = getattr(request, "session_expired", False)
    verb = "accounts.session_expired" if expired else "accounts.logged_out"
    audit.record(actor=user, verb=verb, target=user)


@receiver(user_login_failed, dispatch_uid="accounts.sessions.record_failed_login")
def record_failed_login(sender, credentials, request=None, **kwargs):
    """The account that was tried, if it exists; otherwise only that a sign-in failed.

    What was typed is never stored: an address that is not an account is someone's personal
    data (often a member of staff's own address with a typo, or a private one), and a password
    typed in the wrong field is a password.
    """
    from accounts.models import User

    typed = credentials.get(User.USERNAME_FIELD) or credentials.get("username") or ""
    account = User.objects.typed_at_sign_in(typed)
    audit.record(
        actor=audit.SIGN_IN_ATTEMPT,
        verb="accounts.login_failed",
        target=account,
        changes={"known_account": account is not None},
    )
