"""Figure 4 of issue 11: public help-request submissions stored per second, end to end.

Several clients submit the public help form (/ru/help/, /en/help/) to gunicorn with production
settings (DEBUG off, the environment's database and keys), each doing what a browser does: GET
the form for its CSRF cookie and submission token, then POST it; a client starts its next
submission as soon as the last one is answered (closed loop: this is throughput, not the
latency under a fixed arrival rate that `svoboda loadtest` measures). The help form's rate limit
is raised the way the load test raises it (svoboda/management/commands/loadtest.py), or one
address would be refused after five submissions. Every acknowledged submission is then looked up
in the database, with its follow-up code and audit entry; one missing fails the figure.

Floor: the same rows INSERTed one by one through a raw cursor, each committed on its own as each
submission is: the stored requests themselves are read back and written again into the same
table under new ids and submission tokens (same encrypted values, so the same sizes and the
same indexes to update), then deleted. The submitted requests and their codes are deleted too,
so the request queue that other figures read stays as seeded; their audit entries stay, as the
audit trail is append-only.
"""

import asyncio
import secrets
import time
import uuid
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from bench.figures import REQUESTS_PER_S, Figure, percentile
from intake.models import HelpRequest
from svoboda.loadtest import client, form, server, verify
from svoboda.management.commands.loadtest import LOAD_SUBMIT_RATE

KEY = "submission.help_request"
FORM_PATHS = ["/ru/help/", "/en/help/"]
SUBMISSIONS = 500
CLIENTS = 8
WORKERS = 3
WARMUP = 12
TIMEOUT = 30.0
UNREACHABLE = 1e12
# Workers of a busy machine can take long to load Django and answer /healthz.
READY_WITHIN = 180.0
# gunicorn kills a worker silent for this long, even while it loads Django: on a busy machine
# three workers starting at once need more than production's 30 seconds.
WORKER_TIMEOUT = 120


def submissions_for(context):
    """500 submissions, fewer when the context asks for few repeats (a smoke run)."""
    return SUBMISSIONS if context.repeat >= 10 else max(20, context.repeat * 10)


def measure(context):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"] in ("", ":memory:"):
        return [_not_measured("gunicorn cannot see an in-memory SQLite database")]
    # SQLite takes one writer at a time: more workers would only wait on its file lock.
    workers, clients = (WORKERS, CLIENTS) if context.vendor == "postgresql" else (1, 2)
    total = submissions_for(context)
    run_id = secrets.token_hex(4)
    started_at = timezone.now()
    _ensure_static()
    port = server.free_port()
    log_path = settings.VAR_DIR / "bench" / "submission-gunicorn.log"
    env = server.environment(
        INTAKE_SUBMIT_RATE=LOAD_SUBMIT_RATE,
        INTAKE_UPLOAD_RATE=LOAD_SUBMIT_RATE,
        STATIC_ROOT=settings.STATIC_ROOT,
    )
    context.out(f"Submitting the help form {total} times with {clients} clients…")
    try:
        with server.gunicorn(
            port=port,
            workers=workers,
            env=env,
            log_path=log_path,
            ready_within=READY_WITHIN,
            timeout=WORKER_TIMEOUT,
        ):
            # Untimed: a cold worker's first requests load templates and translations.
            asyncio.run(_submit(port, f"bench-{run_id}w", WARMUP, clients))
            results = asyncio.run(_submit(port, f"bench-{run_id}", total, clients))
    except server.ServerError as error:
        return [_not_measured(str(error))]

    rows = _stored_since(started_at, f"bench-{run_id}-")
    per_marker = Counter(marker for marker, _pk in rows)
    lost, duplicated = verify.lost_and_duplicated(results["acknowledged"], per_marker)
    incomplete = len(verify.incomplete_requests([pk for _marker, pk in rows]))
    stored = sum(1 for marker in results["acknowledged"] if per_marker[marker])
    value = stored / results["elapsed"]

    pks = [pk for _marker, pk in rows]
    floor_rows, floor_seconds = _floor_inserts(pks)
    floor = floor_rows / floor_seconds if floor_seconds else None
    removed = _remove_submitted(started_at, f"bench-{run_id}")

    details = {
        "submissions": total,
        "clients": clients,
        "gunicorn_workers": workers,
        "database": connection.vendor,
        "elapsed_s": round(results["elapsed"], 2),
        "acknowledged": len(results["acknowledged"]),
        "checked_in_database": len(results["acknowledged"]),
        "stored": stored,
        "missing": len(lost),
        "missing_markers": lost[:20],
        "duplicated": len(duplicated),
        "incomplete": incomplete,
        "errors": dict(results["errors"]),
        "post_p50_ms": _percentile(results["post_ms"], 0.5),
        "post_p95_ms": _percentile(results["post_ms"], 0.95),
        "floor": "plain INSERT + COMMIT per row of the same stored rows (raw cursor), then deleted",
        "floor_rows": floor_rows,
        "submitted_rows_deleted": removed,
    }
    figure = Figure(
        key=KEY,
        label="Public help-request submission (GET form + POST), stored requests/s",
        unit=REQUESTS_PER_S,
        value=value,
        floor=floor,
        details=details,
    )
    if lost or duplicated or incomplete or results["errors"]:
        # A lost or half-stored request is a failure whatever the speed: a target no rate can
        # meet marks the figure not met (JSON has no infinity), and details say why.
        figure.target_value = UNREACHABLE
        figure.details["failed"] = (
            f"{len(lost)} acknowledged submissions missing, {len(duplicated)} stored twice, "
            f"{incomplete} without their code or audit entry, "
            f"{sum(results['errors'].values())} failed requests"
        )
    return [figure]


def _not_measured(reason):
    return Figure(
        key=KEY,
        label="Public help-request submission, stored requests/s",
        unit=REQUESTS_PER_S,
        value=0.0,
        details={"not_measured": reason},
    )


def _ensure_static():
    """DEBUG off needs collected static files (the manifest); collect them if they are not."""
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


async def _submit(port, prefix, total, clients):
    """Submit the form `total` times from `clients` concurrent clients; markers and timings."""
    results = {"acknowledged": [], "post_ms": [], "errors": Counter(), "elapsed": 0.0}
    numbers = iter(range(total))

    async def one_client():
        for number in numbers:
            await _one(port, f"{prefix}-{number:06d}", number, results)

    started = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(clients)))
    results["elapsed"] = time.perf_counter() - started
    return results


async def _one(port, marker, number, results):
    path = FORM_PATHS[number % len(FORM_PATHS)]
    language = path.split("/")[1]
    try:
        page = await client.request(
            "127.0.0.1", port, "GET", path, headers=[("Accept-Language", language)], timeout=TIMEOUT
        )
        if page.status != 200:
            results["errors"][f"form page answered {page.status}"] += 1
            return
        hidden = form.hidden_fields(page.text)
        cookie = form.csrf_cookie(page.header_values("Set-Cookie"))
        started = time.perf_counter()
        answer = await client.request(
            "127.0.0.1",
            port,
            "POST",
            path,
            headers=[
                ("Accept-Language", language),
                ("Cookie", f"csrftoken={cookie}"),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            body=form.answers(hidden, f"{marker} Брата держат на кирпичном заводе."),
            timeout=TIMEOUT,
        )
        results["post_ms"].append((time.perf_counter() - started) * 1000)
    except TimeoutError:
        results["errors"]["timed out"] += 1
        return
    except (OSError, client.ProtocolError, form.FormPageError) as error:
        results["errors"][type(error).__name__] += 1
        return
    if form.is_acknowledged(answer.status, answer.text):
        results["acknowledged"].append(marker)
    else:
        results["errors"][f"submission answered {answer.status} without a code"] += 1


def _stored_since(started_at, prefix):
    """(marker, pk) of the requests stored since the run started whose description starts with
    the prefix. Filtered in Python: the description is encrypted at rest; the date keeps it to
    this run's rows instead of decrypting the whole seeded queue."""
    return [
        (description.split(" ", 1)[0], pk)
        for pk, description in HelpRequest.objects.filter(created_at__gte=started_at)
        .values_list("pk", "description")
        .iterator()
        if description.startswith(prefix)
    ]


def _floor_inserts(pks):
    """(rows, seconds) to INSERT the stored rows again, one INSERT and one COMMIT per row,
    through a raw cursor; the copies are deleted afterwards."""
    if not pks:
        return 0, None
    quote = connection.ops.quote_name
    table = quote(HelpRequest._meta.db_table)
    fields = HelpRequest._meta.concrete_fields
    columns = [field.column for field in fields]
    id_field, token_field = HelpRequest._meta.pk, HelpRequest._meta.get_field("submission_token")
    id_at, token_at = columns.index(id_field.column), columns.index(token_field.column)
    column_list = ", ".join(quote(column) for column in columns)

    def stored(value, field):
        return field.get_db_prep_value(value, connection)

    # Only the model's table and column names and placeholders are formatted in.
    def by_id(count):
        return f"WHERE {quote(id_field.column)} IN ({', '.join(['%s'] * count)})"

    select = f"SELECT {column_list} FROM {table} {by_id(len(pks))}"  # nosec B608 # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(select, [stored(pk, id_field) for pk in pks])
        rows = [list(row) for row in cursor.fetchall()]
    copies = []
    for row in rows:
        row[id_at] = stored(uuid.uuid4(), id_field)
        row[token_at] = stored(uuid.uuid4(), token_field)
        copies.append(row)
    placeholders = ", ".join(["%s"] * len(columns))
    insert = f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})"  # nosec B608 # noqa: S608
    # Autocommit, as Django runs outside a transaction: each INSERT commits on its own.
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for row in copies:
            cursor.execute(insert, row)
    seconds = time.perf_counter() - started
    delete = f"DELETE FROM {table} {by_id(len(copies))}"  # nosec B608 # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(delete, [row[id_at] for row in copies])
    return len(copies), seconds


def _remove_submitted(started_at, prefix):
    """Delete this run's requests (warm-up included) and their codes; returns how many."""
    pks = [pk for _marker, pk in _stored_since(started_at, prefix)]
    HelpRequest.objects.filter(pk__in=pks).delete()
    return len(pks)


def _percentile(values, share):
    return round(percentile(values, share), 1) if values else None
