"""HTTP hardening that Django and django-csp do not cover by settings alone.

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
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.module_loading import import_string

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
