"""Response helpers shared by the public pages that take personal details."""

import logging
import math
from functools import wraps

from django.utils.cache import add_never_cache_headers
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)


def private_page(view):
    """No copy in any cache, no Referer to another site, not in search results.

    "same-origin" rather than "no-referrer": with no-referrer Chromium sends `Origin: null` on
    the form's own POST, which Django's CSRF check must refuse (the browser test caught it).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapper


def minutes_until_allowed(request, *, group, rate, increment):
    """How many minutes this address must wait before POSTing to `group` again, or None when
    it is under its limit.

    Counted per address in the cache only (django-ratelimit hashes the key); nothing is
    written anywhere else. A cache outage lets the request through: turning away someone who
    asks for help would be worse than a burst of spam.
    """
    try:
        usage = get_usage(
            request, group=group, key="ip", rate=rate, method="POST", increment=increment
        )
    except Exception:
        logger.warning("rate limit cache unavailable for %s", group)
        return None
    if usage is None or not usage["should_limit"]:
        return None
    # For whoever watches the logs during a flood: which form, never who (no address).
    logger.warning("rate limit refused a POST to %s", group)
    return max(1, math.ceil(usage["time_left"] / 60))


def form_rate_limit_message(request, *, group, rate, increment):
    """The message a public form shows when this address has sent it too often, or None."""
    minutes = minutes_until_allowed(request, group=group, rate=rate, increment=increment)
    if minutes is None:
        return None
    return ngettext(
        "This form was sent many times from your connection in a short while. Please try "
        "again in %(minutes)d minute. What you wrote is still here.",
        "This form was sent many times from your connection in a short while. Please try "
        "again in %(minutes)d minutes. What you wrote is still here.",
        minutes,
    ) % {"minutes": minutes}
