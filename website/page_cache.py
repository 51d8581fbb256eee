"""Whole public pages kept in the cache for visitors who are not signed in: the home page, the
news lists, articles, the feeds and the list of feeds (issue 11, figure 3).

A page is served from the cache before the session, the user or the database is looked at
(`PublicPageCacheMiddleware`, right after WhiteNoise), so a cached page costs two cache reads.
Only views marked with `@public_page` are ever stored, and only when:

- the request carries no session cookie and no messages cookie: a signed-in person (staff) is
  never served a stored page, and what they are shown is never stored;
- it asks a GET with no query parameters but those the view declares (`page` for lists;
  `back` for an article, which is not part of the key: see below);
- the response is a 200 that sets no cookie, used no CSRF token and forbids no caching.

Invalidation. Every key holds a generation: a random token in the cache that any change to what
these pages show deletes (`bump`: articles, their tags and images, categories; publishing.apps
connects the model signals, so admin edits count too). The next request draws a new token, so
every page is rendered afresh at once on every app server sharing the cache (CACHE_URL, Redis in
production). The generation also ends when the next scheduled article's time comes, since
nothing is saved at that moment, and after PUBLIC_PAGE_CACHE_SECONDS in any case. With the
default per-process cache (locmem) other gunicorn workers cannot see a bump: there pages are
kept LOCAL_CACHE_SECONDS at most, so a withdrawn article is gone from every worker that soon.

Headers added outside this middleware (Content-Security-Policy, HSTS, Permissions-Policy...) are
added to every response, cached or not; the pages use no CSP nonce, so a stored page stays valid.
An article's "back to the list" link comes from the reader's ?back=: the page is stored with a
placeholder, replaced for each reader, so that ?back= cannot multiply the stored copies.
"""

import hashlib
import logging
import math
import re
import secrets
from functools import wraps
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import get_language_from_path

logger = logging.getLogger(__name__)

# The versions let a release that changes what is stored ignore what an older one left there.
GENERATION_KEY = "public-pages:generation:1"
PAGE_KEY = "public-pages:page:1:{}"
# Per-process caches cannot hear another worker's bump: pages live this long there at most.
LOCAL_CACHE_SECONDS = 10
# Paths (after /ru or /en) that may hold a cached page; other public pages skip the lookup.
CACHEABLE_PATH = re.compile(r"^/[a-z]{2}/(?:news/|feeds/|$)")
# Written as the lists write it: "01", "001" or "0" would be further copies of a page.
PAGE_NUMBER = re.compile(r"^[1-9][0-9]{0,3}$")
MAX_BACK_LENGTH = 500
# Headers the middleware sets again for each response instead of keeping them.
NOT_STORED = {"content-length", "set-cookie"}


def page_seconds():
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    if isinstance(cache, LocMemCache):
        seconds = min(seconds, LOCAL_CACHE_SECONDS)
    return seconds


def generation():
    """The current generation's token, drawn when there is none."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = secrets.token_hex(8)
        # add: when two servers draw at once, both use the one stored first.
        cache.add(GENERATION_KEY, token, _generation_seconds())
        token = cache.get(GENERATION_KEY) or token
    return token


def _generation_seconds():
    """Until the next scheduled article becomes public, at most page_seconds()."""
    from publishing.models import Article

    now = timezone.now()
    seconds = page_seconds()
    next_time = (
        Article.objects.filter(status=Article.Status.PUBLISHED, publish_at__gt=now)
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    if next_time is not None:
        seconds = min(seconds, math.ceil((next_time - now).total_seconds()) + 1)
    return max(1, seconds)


def bump():
    """Forget every stored page: the next request of each is rendered afresh."""
    try:
        cache.delete(GENERATION_KEY)
    except Exception:
        # A cache that cannot be reached cannot serve stale pages either.
        logger.warning("public page cache unavailable for a bump")


def public_page(*, query=()):
    """Mark a public view whose pages may be stored for anonymous visitors. `query`: the
    parameters the page depends on (part of the key); any other parameter leaves the request
    uncached. An article view declares "back" and renders back_placeholder() for the link."""
    allowed = frozenset(query)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            state = getattr(request, "_public_page_cache", None)
            if state is not None and state["params"] <= allowed:
                state["store"] = True
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def not_stored(request):
    """Keep this response out of the cache: a list asked for a page past its end is shown its
    last page, which would otherwise be stored again under each number asked."""
    state = getattr(request, "_public_page_cache", None)
    if state is not None:
        state["store"] = False


def back_placeholder(request, back):
    """What the page shows for its "back" link: `back` itself, or a placeholder when the page
    is to be stored (replaced by each reader's own link, `back_link`)."""
    state = getattr(request, "_public_page_cache", None)
    if state is None or not state.get("store"):
        return back
    state["back_marker"] = state.get("back_marker") or f"back-{secrets.token_hex(8)}"
    return state["back_marker"]


def _back_link(request, language):
    from publishing.public_views import back_link

    with translation.override(language):
        return back_link(request)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = self._lookup_state(request)
        if state is None:
            return self.get_response(request)
        try:
            entry = cache.get(state["key"])
        except Exception:
            logger.warning("public page cache unavailable")
            return self.get_response(request)
        if entry is not None:
            return self._respond(request, entry)
        request._public_page_cache = state
        response = self.get_response(request)
        if not state.get("store"):
            return response
        entry = {
            "content": b"" if response.streaming else response.content,
            "headers": [
                (name, value) for name, value in response.items() if name.lower() not in NOT_STORED
            ],
            "back_marker": state.get("back_marker"),
        }
        if self._storable(request, response):
            try:
                cache.set(state["key"], entry, page_seconds())
            except Exception:
                logger.warning("public page cache unavailable")
        if entry["back_marker"] and not response.streaming:
            response.content = _with_back_link(request, entry)
            response["Content-Length"] = str(len(response.content))
        return response

    def _lookup_state(self, request):
        """The request's cache key, or None when it may not be served from the cache."""
        if request.method != "GET" or not CACHEABLE_PATH.match(request.path_info):
            return None
        if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0:
            return None
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in request.COOKIES
        ):
            return None
        params = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
        names = [name for name, _value in params]
        if len(set(names)) != len(names) or not set(names) <= {"page", "back"}:
            return None
        values = dict(params)
        if "page" in values and not PAGE_NUMBER.match(values["page"]):
            return None
        if len(values.get("back", "")) > MAX_BACK_LENGTH:
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None
        try:
            token = generation()
        except Exception:
            logger.warning("public page cache unavailable")
            return None
        # Not "back": an article's link back is put in for each reader. (A list asked with a
        # ?back= it ignores may be given the stored list; only an article's view stores with it.)
        parts = [token, request.scheme, host, request.path, values.get("page", "")]
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return {"key": PAGE_KEY.format(digest), "params": frozenset(names)}

    @staticmethod
    def _storable(request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        # A page that used a CSRF token is one visitor's.
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
            return False
        cache_control = response.get("Cache-Control", "")
        return not any(word in cache_control for word in ("private", "no-store", "no-cache"))

    @staticmethod
    def _respond(request, entry):
        content = _with_back_link(request, entry) if entry["back_marker"] else entry["content"]
        response = HttpResponse(content)
        for name, value in entry["headers"]:
            response[name] = value
        response["Content-Length"] = str(len(content))
        return response


def _with_back_link(request, entry):
    """The stored page with this reader's "back to the list" link in place of the placeholder,
    escaped as the template escapes it."""
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    link = escape(_back_link(request, language)).encode()
    return entry["content"].replace(entry["back_marker"].encode(), link)
