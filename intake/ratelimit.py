"""Which address the help form's rate limits count by.

Behind the reverse proxy every request arrives from 127.0.0.1, and counting by that would let one
abuser lock the form for everyone. With BEHIND_HTTPS_PROXY on, the proxy's X-Real-IP header (set
in README's nginx block) is the client's address. It is used only as a rate-limit key, which
django-ratelimit hashes into a short-lived cache key; it is never stored or logged.
"""

from django.conf import settings


def client_address(request):
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # nosec B104 # noqa: S104 - a key, not a bind address
