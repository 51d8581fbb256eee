"""HTTP hardening that Django and django-csp do not cover by settings alone.

- TRACE (and TRACK) are refused everywhere: no page needs them, and an echo of the request is
  an old way to read cookies and headers.
- Every page for a signed-in user outside the public site is sent `Cache-Control: no-store`
  (`StaffPagesMiddleware`): a staff laptop left open or lost must not hold copies of case pages
  in its browser cache, nor a proxy on the way.

- Permissions-Policy on every response: the site uses no camera, microphone, location or payment,
  so a script that got in anyway, or a page framed elsewhere, cannot ask for them.
- The help pages send no Referer at all, not even to this site (`no_referrer_page`). A browser
  then sends `Origin: null` with the form's own POST, which Django's CSRF check refuses; the
  CSRF middleware below accepts that opaque origin on those views only, where the CSRF token
  (cookie and form field, the cookie SameSite=Lax) still has to match.
"""

from functools import wraps

from django.conf import settings
from django.core import checks
from django.http import HttpResponseNotAllowed
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.module_loading import import_string
from django.utils.translation import get_language_from_path

from svoboda.http import private_page

# Features the site never uses, each allowed to no origin at all.
PERMISSIONS_POLICY = {
    "accelerometer": (),
    "autoplay": (),
    "browsing-topics": (),
    "camera": (),
    "display-capture": (),
    "geolocation": (),
    "gyroscope": (),
    "interest-cohort": (),
    "magnetometer": (),
    "microphone": (),
    "midi": (),
    "payment": (),
    "publickey-credentials-get": (),
    "screen-wake-lock": (),
    "serial": (),
    "usb": (),
    "xr-spatial-tracking": (),
}


def permissions_policy_header(policy):
    return ", ".join(
        f"{feature}=({' '.join(origins)})" for feature, origins in sorted(policy.items())
    )


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(
            getattr(settings, "PERMISSIONS_POLICY", PERMISSIONS_POLICY)
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


def no_referrer_page(view):
    """A private page (svoboda.http.private_page) that sends no Referer anywhere, and whose
    forms may therefore come back with `Origin: null`."""
    private = private_page(view)

    @wraps(private)
    def wrapper(request, *args, **kwargs):
        response = private(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    wrapper.csrf_accepts_opaque_origin = True
    return wrapper


class OpaqueOriginCsrfViewMiddleware(CsrfViewMiddleware):
    """Django's CSRF check, except that on a `no_referrer_page` view a POST with `Origin: null`
    and no Referer (what a no-referrer page's own form sends) is judged by its token alone.

    Everywhere else, and for any other foreign Origin, Django's check is unchanged."""

    def process_view(self, request, callback, callback_args, callback_kwargs):
        request._csrf_opaque_origin_ok = (
            getattr(callback, "csrf_accepts_opaque_origin", False)
            and request.META.get("HTTP_ORIGIN") == "null"
        )
        return super().process_view(request, callback, callback_args, callback_kwargs)

    def _origin_verified(self, request):
        if getattr(request, "_csrf_opaque_origin_ok", False):
            return True
        return super()._origin_verified(request)


@checks.register(checks.Tags.security, deploy=True)
def check_csrf_middleware(app_configs, **kwargs):
    """Django's security.W003 looks for its own CSRF middleware by name and is silenced in
    settings; this says the same of ours, which replaces it."""
    classes = [import_string(path) for path in settings.MIDDLEWARE]
    if any(issubclass(cls, CsrfViewMiddleware) for cls in classes if isinstance(cls, type)):
        return []
    return [
        checks.Warning(
            "No CSRF middleware is in MIDDLEWARE.",
            hint="Add svoboda.security.OpaqueOriginCsrfViewMiddleware back.",
            id="svoboda.W003",
        )
    ]


class StaffPagesMiddleware:
    """TRACE refused; pages for signed-in users outside /ru/ and /en/ never stored in a cache."""

    REFUSED_METHODS = {"TRACE", "TRACK"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in self.REFUSED_METHODS:
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        response = self.get_response(request)
        if get_language_from_path(request.path_info) or "Cache-Control" in response:
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_vary_headers(response, ["Cookie"])
        return response
