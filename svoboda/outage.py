"""A calm 503 page, instead of a server error, while the database does not answer.

People write to the help form from danger; a stack trace or a blank "500" tells them nothing.
While the database is unreachable every page that needs it answers 503 with Retry-After: the
public pages say so in the visitor's language with the organisation's phone and messenger
(HELP_PHONE, HELP_MESSENGER), the workspace says plainly that the database is not answering.

The page is rendered by a template engine of its own, from settings and the URL alone: no
context processor, no session, no user, nothing that would ask the database again. The log
line names the error and the path, never the query string, address, user agent or form.

Django turns an exception into a response inside each middleware layer, so one try/except
cannot see them all. Three places catch a database outage:
- OutageMiddleware.process_exception: the view and the rendering of its template;
- OutageMiddleware.__call__: loading the session and the signed-in user, which it does itself,
  right after AuthenticationMiddleware, where the next middleware would do it anyway;
- server_error (handler500): anything later, e.g. the session saved on the way out.

Recovery needs no restart: Django opens a connection per request (SQLite) or checks a kept one
before reuse (PostgreSQL, CONN_HEALTH_CHECKS), and drops a broken one at the request's end.
"""

import logging
import sys
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import Context, Engine
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger(__name__)

# Seconds a browser or a proxy is told to wait before trying again.
RETRY_AFTER_SECONDS = 60

# Addresses that belong to the staff side; everything else is the public site.
STAFF_PREFIXES = ("/workspace/", "/accounts/", "/admin/")

TEMPLATES = Path(__file__).resolve().parent / "templates"


def is_database_outage(exception):
    """True when the exception, or one it was raised from, means the database did not answer.

    Django wraps the driver's connection errors (psycopg, sqlite3) in these two classes. A
    locked SQLite database is an OperationalError too, and "try again shortly" suits it.
    """
    seen = 0
    while exception is not None and seen < 5:
        if isinstance(exception, (OperationalError, InterfaceError)):
            return True
        exception = exception.__cause__ or exception.__context__
        seen += 1
    return False


@cache
def engine():
    """A template engine that knows only the outage templates and no context processors."""
    return Engine(
        dirs=[str(TEMPLATES)], libraries={"i18n": "django.templatetags.i18n"}, debug=False
    )


def stylesheet(name):
    try:
        return staticfiles_storage.url(name)
    except Exception:  # a missing manifest must not cost the page its text
        return ""


def language_for(request):
    """The URL's /ru/ or /en/, else the language cookie or Accept-Language; never the session
    or the user's own setting, which live in the database."""
    return translation.get_language_from_path(
        request.path_info
    ) or translation.get_language_from_request(request, check_path=False)


def outage_response(request, exception):
    staff = request.path_info.startswith(STAFF_PREFIXES)
    logger.error(
        "database unavailable while answering %s %s: %s: %s",
        request.method,
        request.path_info,
        type(exception).__name__,
        exception,
    )
    language = language_for(request)
    with translation.override(language):
        if staff:
            template = "outage/workspace.html"
            context = {"stylesheet": stylesheet("css/workspace.css")}
        else:
            template = "outage/public.html"
            context = {
                "stylesheet": stylesheet("css/public.css"),
                "help_phone": settings.HELP_PHONE,
                "help_phone_link": "".join(
                    c for c in settings.HELP_PHONE if c.isdigit() or c == "+"
                ),
                "help_messenger": settings.HELP_MESSENGER,
                "help_messenger_is_link": settings.HELP_MESSENGER.startswith("https://"),
            }
        context["LANGUAGE_CODE"] = language
        body = engine().get_template(template).render(Context(context))
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    # Django's own request log would add the request (and, mailed to ADMINS, its form data).
    response._has_been_logged = True
    return response


class OutageMiddleware:
    """Place right after AuthenticationMiddleware (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            # Loads the session and the user now, where a failure can be caught here; later
            # middleware reads the same cached user.
            user = getattr(request, "user", None)
            if user is not None:
                user.is_authenticated  # noqa: B018
        except Exception as error:
            if not is_database_outage(error):
                raise
            return outage_response(request, error)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            return outage_response(request, exception)
        return None


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: the outage page for a database outage that escaped the middleware, Django's
    own 500 page for everything else."""
    error = sys.exc_info()[1]
    if is_database_outage(error):
        return outage_response(request, error)
    return defaults.server_error(request, template_name)
