"""Sign-in throttling: guessing passwords is slowed per account and per client address.

Per account: LOGIN_FAILURE_LIMIT failures within LOGIN_FAILURE_WINDOW_MINUTES start a cool-off
during which that address is refused whatever the password. Each further lockout doubles the
cool-off up to LOGIN_LOCKOUT_MAX_MINUTES, so it grows but always ends: somebody who knows a
colleague's address can delay her, never shut her out for good, and an administrator can lift
the lock at once (accounts.actions.unlock_sign_in). A successful sign-in forgets it all.

Per address: many failures from one connection, across any accounts, are refused for a while
too (django-ratelimit, like the public forms).

Everything lives in the cache and nowhere else: no table, no log line. The address is only a
rate-limit key that django-ratelimit hashes; the typed email is keyed by a salted HMAC, so a
dump of the cache shows neither. Unknown addresses are counted and refused exactly like real
accounts, so the answers say nothing about which accounts exist.
"""

import logging
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

import audit

logger = logging.getLogger(__name__)

ADDRESS_GROUP = "accounts.sign_in"
_SALT = "accounts.throttle"


def _now():
    return time.time()


def _cache():
    return caches[settings.RATELIMIT_USE_CACHE]


def _keys(typed):
    normal = typed.strip().lower() if isinstance(typed, str) else ""
    digest = salted_hmac(_SALT, normal, algorithm="sha256").hexdigest()[:40]
    return f"{_SALT}.failures.{digest}", f"{_SALT}.lock.{digest}"


def _minutes(seconds):
    return max(1, math.ceil(seconds / 60))


def refusal_message(minutes):
    return ngettext(
        "Too many attempts. Try again in %(minutes)d minute.",
        "Too many attempts. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def cool_off_minutes(level):
    """The cool-off of the `level`th lockout in a row: 15, 30, 60... up to the maximum."""
    base = settings.LOGIN_LOCKOUT_MINUTES
    return min(base * 2 ** (level - 1), max(base, settings.LOGIN_LOCKOUT_MAX_MINUTES))


def account_locked_minutes(typed):
    """Minutes until sign-in as `typed` is allowed again, or None when it is not locked."""
    try:
        state = _cache().get(_keys(typed)[1])
    except Exception:
        logger.warning("sign-in throttle cache unavailable")
        return None
    if not state or state["until"] <= _now():
        return None
    return _minutes(state["until"] - _now())


def _address_usage(request, increment):
    if request is None:
        return None
    try:
        return get_usage(
            request,
            group=ADDRESS_GROUP,
            key="ip",
            rate=settings.LOGIN_ADDRESS_RATE,
            method="POST",
            increment=increment,
        )
    except Exception:
        # Like the public forms: a cache outage must not lock every member of staff out.
        logger.warning("sign-in throttle cache unavailable")
        return None


def address_limited_minutes(request):
    """Minutes until this connection may try again, or None when it is under its limit."""
    usage = _address_usage(request, increment=False)
    # Counted failures, so refuse once the limit is reached rather than once it is exceeded.
    if usage is None or usage["count"] < usage["limit"]:
        return None
    return _minutes(usage["time_left"])


def refused_minutes(request, typed):
    """Minutes to wait before this attempt may be checked at all, or None to go ahead."""
    waits = [m for m in (account_locked_minutes(typed), address_limited_minutes(request)) if m]
    return max(waits) if waits else None


def record_failure(request, typed):
    """Count a failed sign-in; lock the account when this was one too many."""
    _address_usage(request, increment=True)
    failures_key, lock_key = _keys(typed)
    cache = _cache()
    window = settings.LOGIN_FAILURE_WINDOW_MINUTES * 60
    try:
        cache.add(failures_key, 0, window)
        failures = cache.incr(failures_key)
        if failures < settings.LOGIN_FAILURE_LIMIT:
            return
        cache.delete(failures_key)
        previous = cache.get(lock_key)
        level = previous["level"] + 1 if previous else 1
        minutes = cool_off_minutes(level)
        # The lockout count is remembered for a day after the cool-off, so a second round of
        # guessing earns a longer cool-off; after a quiet day it starts again from the first.
        cache.set(
            lock_key,
            {"until": _now() + minutes * 60, "level": level},
            minutes * 60 + settings.LOGIN_LOCKOUT_MEMORY_HOURS * 3600,
        )
    except Exception:
        logger.warning("sign-in throttle cache unavailable")
        return
    _record_lockout(typed, minutes, level)


def _record_lockout(typed, minutes, level):
    from accounts.models import User

    account = User.objects.typed_at_sign_in(typed)
    audit.record(
        actor=audit.SIGN_IN_ATTEMPT,
        verb="accounts.sign_in_locked",
        target=account,
        changes={"known_account": account is not None, "minutes": minutes, "lockout": level},
    )


def forget(email):
    """Clear failures and any lock for this address. Returns whether it was locked."""
    failures_key, lock_key = _keys(email)
    cache = _cache()
    state = cache.get(lock_key)
    cache.delete_many([failures_key, lock_key])
    return bool(state and state["until"] > _now())
