"""Figure 3 of issue 11: public pages under gunicorn, in requests per second, beside a static
file of the same size served by the same server to the same clients.

gunicorn runs with production-like settings (DEBUG off, svoboda.loadtest.server.environment) on
127.0.0.1 against the database this process uses. Each page is fetched once first, and its
exact bytes are written into STATIC_ROOT as the floor's file; WhiteNoise finds static files when
it starts, so gunicorn is then started again and both are loaded alike: CLIENTS processes,
each sending one request after another (a new connection for each, as gunicorn's sync workers
close them), for SECONDS per page in ROUNDS turns with the floor, after a WARMUP that lets every
worker load its templates and fill its cache. The target: a page at least half the static rate
(ratio <= 2).

Reads only: the pages' articles are bench.articles' ones (or any public ones). On SQLite the
server reads the same database file; readers do not block each other there, so the figures
stand, but they are SQLite's.
"""

import multiprocessing
import os
import shutil
import socket
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils import translation

from bench.figures import REQUESTS_PER_S, Figure, percentile
from publishing import queries
from svoboda.loadtest import server

CLIENTS = 8
SECONDS = 5.0
# The page and its floor take turns this many times (load_alternately).
ROUNDS = 5
WARMUP = 2.0
WORKERS = 3
# A loaded machine may take a while to import the project in every worker.
READY_WITHIN = 180.0
LANGUAGE = "ru"
TARGET_RATIO = 2.0
# Where the floor files go inside STATIC_ROOT; removed afterwards.
FLOOR_DIR = "bench-floor"


def pages(language=LANGUAGE):
    """[(key, label, path)] of the measured pages: the newest public article and the category
    of most public articles."""
    article = queries.published(language).select_related(None).only("slug", "language").first()
    category = _busiest_category(language)
    with translation.override(language):
        found = [
            ("public.home", "Home page", reverse("public:home")),
            ("public.article_list", "Article list", reverse("news:list")),
        ]
        if article is not None:
            found.append(("public.article", "Article page", article.get_absolute_url()))
        if category is not None:
            found.append(
                (
                    "public.category_feed",
                    "Category RSS feed",
                    reverse("feeds:category-rss", args=[category]),
                )
            )
    return found


def _busiest_category(language):
    row = (
        queries.published(language)
        .order_by()
        .values("category__slug")
        .annotate(n=Count("pk"))
        .order_by("-n", "category__slug")
        .first()
    )
    return row["category__slug"] if row else None


def floor_name(key):
    return f"{FLOOR_DIR}/{key.replace('.', '-')}.html"


def write_floor(static_root, key, body):
    """The floor's file: the page's own bytes, so the same size and content type."""
    path = Path(static_root) / floor_name(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    return path


def fetch(port, path, timeout=10.0):
    """(status, body bytes, seconds) of one GET on a new connection; status None on failure."""
    started = time.perf_counter()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
            )
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
    except OSError:
        return None, b"", time.perf_counter() - started
    data = b"".join(chunks)
    head, _sep, body = data.partition(b"\r\n\r\n")
    try:
        status = int(head.split(b" ", 2)[1])
    except (IndexError, ValueError):
        status = None
    if b"transfer-encoding: chunked" in head.lower():
        body = _unchunk(body)
    return status, body, time.perf_counter() - started


def _unchunk(body):
    out, rest = [], body
    while rest:
        size_line, _sep, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out.append(rest[:size])
        rest = rest[size + 2 :]
    return b"".join(out)


def _client(port, path, until, queue):
    """One client process: requests one after another until `until` (time.time())."""
    statuses, seconds = {}, []
    while time.time() < until:
        status, _body, took = fetch(port, path)
        statuses[status] = statuses.get(status, 0) + 1
        seconds.append(took)
    queue.put((statuses, seconds))


def load(port, path, *, clients=CLIENTS, seconds=SECONDS):
    """{"rate", "ok", "errors", "statuses", "seconds"} of `clients` processes loading `path`
    for `seconds`; "seconds" holds each request's time."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    # The processes start before the window opens, so forking is not timed.
    start = time.time() + 0.3
    until = start + seconds
    processes = [
        context.Process(target=_delayed_client, args=(port, path, start, until, queue))
        for _ in range(clients)
    ]
    for process in processes:
        process.start()
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    statuses, timings = {}, []
    for client_statuses, client_seconds in results:
        for status, count in client_statuses.items():
            statuses[status] = statuses.get(status, 0) + count
        timings.extend(client_seconds)
    ok = statuses.get(200, 0)
    return {
        "rate": ok / seconds,
        "ok": ok,
        "errors": sum(count for status, count in statuses.items() if status != 200),
        "statuses": {str(status): count for status, count in sorted(statuses.items(), key=str)},
        "seconds": timings,
    }


def load_alternately(port, path, floor_path, *, clients, seconds, rounds=ROUNDS):
    """The page and its floor loaded by turns, `rounds` times each for seconds / rounds: other
    work on the machine then weighs on both alike, and the ratio holds when the rates drift."""
    page_runs, floor_runs = [], []
    for _ in range(rounds):
        page_runs.append(load(port, path, clients=clients, seconds=seconds / rounds))
        floor_runs.append(load(port, floor_path, clients=clients, seconds=seconds / rounds))
    return _merged(page_runs, seconds), _merged(floor_runs, seconds)


def _merged(runs, seconds):
    statuses = {}
    for run in runs:
        for status, count in run["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    timings = [value for run in runs for value in run["seconds"]]
    ok = sum(run["ok"] for run in runs)
    return {
        "rate": ok / seconds,
        "ok": ok,
        "errors": sum(run["errors"] for run in runs),
        "statuses": statuses,
        "p50_ms": round(percentile(timings, 0.5) * 1000, 2) if timings else None,
        "p95_ms": round(percentile(timings, 0.95) * 1000, 2) if timings else None,
    }


def _delayed_client(port, path, start, until, queue):
    time.sleep(max(0.0, start - time.time()))
    _client(port, path, until, queue)


def figure(key, label, page, floor, *, size, clients, seconds, workers):
    """A rate figure: the page's successful requests per second beside the static file's."""
    details = {
        "bytes": size,
        "clients": clients,
        "seconds": seconds,
        "gunicorn_workers": workers,
        "ok": page["ok"],
        "errors": page["errors"],
        "statuses": page["statuses"],
        "p50_ms": page["p50_ms"],
        "p95_ms": page["p95_ms"],
        "floor_ok": floor["ok"],
        "floor_errors": floor["errors"],
        "floor_p50_ms": floor["p50_ms"],
        "floor_p95_ms": floor["p95_ms"],
        "database": connection.vendor,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
    }
    if connection.vendor == "sqlite":
        details["note"] = "SQLite: the server reads the same database file; not production's."
    return Figure(
        key=key,
        label=label,
        unit=REQUESTS_PER_S,
        value=round(page["rate"], 1),
        floor=round(floor["rate"], 1),
        target_ratio=TARGET_RATIO,
        details=details,
    )


def _ensure_static(static_root):
    """DEBUG off needs collected static files (the manifest); collect them if they are not."""
    if not (Path(static_root) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


def measure(context, *, clients=CLIENTS, seconds=SECONDS, warmup=WARMUP, workers=WORKERS):
    measured = pages()
    log_path = settings.VAR_DIR / "bench" / "gunicorn-public.log"
    context.out(f"Public pages: {len(measured)} pages, {clients} clients, {seconds:g} s each")
    try:
        return _measure(context, measured, log_path, clients, seconds, warmup, workers)
    except server.ServerError as error:
        # The other sections' figures still count: say why these are missing instead.
        context.out(f"  gunicorn failed: {error}")
        return [
            Figure(
                key=key,
                label=label,
                unit=REQUESTS_PER_S,
                value=0.0,
                target_ratio=TARGET_RATIO,
                details={"error": str(error), "path": path},
            )
            for key, label, path in measured
        ]


def _measure(context, measured, log_path, clients, seconds, warmup, workers):
    static_root = Path(settings.STATIC_ROOT)
    _ensure_static(static_root)
    env = server.environment(STATIC_ROOT=static_root)

    # First run: the pages' bytes, for floor files of the same size.
    bodies = {}
    port = server.free_port()
    with server.gunicorn(
        port=port, workers=1, env=env, log_path=log_path, ready_within=READY_WITHIN
    ):
        for key, _label, path in measured:
            status, body, _took = fetch(port, path)
            if status != 200:
                raise server.ServerError(f"{path} answered {status}; see {log_path}")
            bodies[key] = body

    floor_root = static_root / FLOOR_DIR
    figures = []
    try:
        for key, body in bodies.items():
            write_floor(static_root, key, body)
        port = server.free_port()
        with server.gunicorn(
            port=port, workers=workers, env=env, log_path=log_path, ready_within=READY_WITHIN
        ):
            static_url = "/" + settings.STATIC_URL.strip("/") + "/"
            for key, label, path in measured:
                floor_path = static_url + floor_name(key)
                status, floor_body, _took = fetch(port, floor_path)
                if status != 200 or len(floor_body) != len(bodies[key]):
                    raise server.ServerError(f"{floor_path} answered {status}; see {log_path}")
                if warmup > 0:
                    load(port, path, clients=clients, seconds=warmup)
                page, floor = load_alternately(
                    port, path, floor_path, clients=clients, seconds=seconds
                )
                result = figure(
                    key,
                    label,
                    page,
                    floor,
                    size=len(bodies[key]),
                    clients=clients,
                    seconds=seconds,
                    workers=workers,
                )
                result.details["path"] = path
                context.out(
                    f"  {label}: {result.value:g} req/s, static {result.floor:g} req/s "
                    f"(ratio {result.ratio:.2f}; p95 {page['p95_ms']} ms; "
                    f"{page['errors']} errors)"
                )
                figures.append(result)
    finally:
        shutil.rmtree(floor_root, ignore_errors=True)
    context.notes["public_load_average"] = list(os.getloadavg())
    return figures
