"""A deploy check: the public form's rate limits only work if every app process shares them."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES[settings.RATELIMIT_USE_CACHE]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            checks.Warning(
                "Rate limits on the public help form and on sign-in are counted per process.",
                hint="Set CACHE_URL to a shared cache, e.g. redis://127.0.0.1:6379/1, so that "
                "every gunicorn worker and server counts the same attempts.",
                id="intake.W001",
            )
        ]
    return []
