"""/healthz: whether the database, the cache and the job queue answer, for the proxy and monitoring.

The answer is a status word per part, and the age of the oldest job waiting for a worker (a
growing age means no `db_worker` runs): no versions, no host names, no error texts, nothing a
stranger could use. Failures are logged by name only. Plain GET, no session, no CSRF, never
cached.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend

logger = logging.getLogger(__name__)

OK = "ok"
ERROR = "error"


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    # A key of its own per probe, so that concurrent probes do not read each other's value.
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, OK, timeout=10)
    try:
        if cache.get(key) != OK:
            raise RuntimeError("the cache did not return what was stored")
    finally:
        cache.delete(key)


def oldest_ready_job_seconds():
    """Seconds the oldest job ready to run has waited, None when none waits (or jobs do not go
    through the database, as in the tests)."""
    from django_tasks_db.models import DBTaskResult

    aliases = [
        backend.alias for backend in task_backends.all() if isinstance(backend, DatabaseBackend)
    ]
    if not aliases:
        return None
    oldest = (
        DBTaskResult.objects.filter(backend_name__in=aliases)
        .ready()
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )
    if oldest is None:
        return None
    return max(0, int((timezone.now() - oldest).total_seconds()))


def probe(name, check):
    try:
        return OK, check()
    except Exception as error:
        logger.warning("health check: %s failed: %s", name, type(error).__name__)
        return ERROR, None


@csrf_exempt
@require_safe
def healthz(request):
    database, _ = probe("database", check_database)
    cache_status, _ = probe("cache", check_cache)
    jobs, oldest = probe("jobs", oldest_ready_job_seconds)
    body = {
        "database": database,
        "cache": cache_status,
        "jobs": jobs,
        "jobs_oldest_ready_seconds": oldest,
    }
    healthy = database == cache_status == jobs == OK
    response = JsonResponse(body, status=200 if healthy else 503)
    add_never_cache_headers(response)
    return response
