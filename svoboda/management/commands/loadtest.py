"""svoboda loadtest: the help form under load, against gunicorn, checked in the database after.

`make loadtest` runs it on a fresh PostgreSQL database and drops the database afterwards.
"""

import asyncio
import json
import os
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.harness import refuse_production
from svoboda.loadtest import server, verify
from svoboda.loadtest.scenario import Load, percentile

# The load server stands for many people writing at once, all from 127.0.0.1 here: its help-form
# rate limit is raised so high that it never refuses one of them (the limit is still counted,
# in the same cache, on the same code path). The flood test shows the limit refusing one client.
LOAD_SUBMIT_RATE = "1000000/m"


class Command(BaseCommand):
    help = (
        "Load test of the public help form: starts gunicorn on 127.0.0.1 with production-like "
        "settings (DEBUG off; the environment's DATABASE_URL, SECRET_KEY and collected static "
        "files), sends help-request submissions (GET the form, POST it) and public page reads "
        "at fixed rates for --duration seconds, then checks that every acknowledged submission "
        "is stored exactly once. Prints requests per second, p50/p95/p99 latencies and errors; "
        "fails when an acknowledged request is lost or duplicated, when a request failed, or "
        "when a p95 reaches --p95-limit-ms. It adds help requests it never removes: run it on a "
        "database made for it (`make loadtest`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=float, default=60.0, metavar="SECONDS")
        parser.add_argument("--rate", type=float, default=30.0, help="Submissions per second.")
        parser.add_argument(
            "--read-rate", type=float, default=10.0, help="Public page reads per second."
        )
        parser.add_argument(
            "--warmup",
            type=float,
            default=5.0,
            metavar="SECONDS",
            help="Light untimed load first, so that every worker has loaded its templates and "
            "translations (a cold worker's first requests take about a second).",
        )
        parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes.")
        parser.add_argument("--timeout", type=float, default=20.0, help="Seconds per request.")
        parser.add_argument("--p95-limit-ms", type=float, default=500.0)
        parser.add_argument("--max-in-flight", type=int, default=300)
        parser.add_argument(
            "--port", type=int, default=0, help="gunicorn's port (default: a free one)."
        )
        parser.add_argument(
            "--url-port",
            type=int,
            default=0,
            help="Load a server already running on 127.0.0.1 at this port instead of starting "
            "one (it must share this database and let many submissions through).",
        )
        parser.add_argument("--json", type=Path, metavar="FILE", help="Also write JSON here.")
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off. It adds rows."
        )

    def handle(self, *args, **options):
        refuse_production(options["force"], adds="thousands of help requests")
        if options["duration"] <= 0 or options["rate"] <= 0:
            raise CommandError("--duration and --rate must be positive.")
        run_id = secrets.token_hex(4)
        load_options = {
            "rate": options["rate"],
            "read_rate": options["read_rate"],
            "duration": options["duration"],
            "timeout": options["timeout"],
            "run_id": run_id,
            "max_in_flight": options["max_in_flight"],
            "warmup": options["warmup"],
        }
        if options["url_port"]:
            results = self.load(options["url_port"], load_options)
        else:
            port = options["port"] or server.free_port()
            log_path = settings.VAR_DIR / "loadtest" / "gunicorn.log"
            env = server.environment(
                INTAKE_SUBMIT_RATE=LOAD_SUBMIT_RATE,
                INTAKE_UPLOAD_RATE=LOAD_SUBMIT_RATE,
                STATIC_ROOT=settings.STATIC_ROOT,
            )
            self.stdout.write(f"Starting gunicorn ({options['workers']} workers) on port {port}…")
            try:
                with server.gunicorn(
                    port=port, workers=options["workers"], env=env, log_path=log_path
                ):
                    results = self.load(port, load_options)
            except server.ServerError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"Server log: {log_path}")

        per_marker, incomplete = verify.stored(f"loadtest-{run_id}-")
        lost, duplicated = verify.lost_and_duplicated(results.acknowledged, per_marker)
        stored_unacknowledged = sum(1 for marker in results.unacknowledged if per_marker[marker])
        figures = self.figures(options, results, lost, duplicated, incomplete)
        figures["stored_without_acknowledgement"] = stored_unacknowledged
        self.report(figures, results)
        if options["json"]:
            options["json"].write_text(json.dumps(figures, indent=2) + "\n")

        failures = []
        if lost:
            failures.append(f"{len(lost)} acknowledged requests are not stored: {lost[:5]}")
        if duplicated:
            failures.append(f"{len(duplicated)} requests are stored more than once")
        if incomplete:
            failures.append(f"{len(incomplete)} stored requests lack their code or audit entry")
        if results.errors:
            failures.append(f"{sum(results.errors.values())} requests failed")
        for name in ("form_page", "submission", "page_read"):
            p95 = figures[name]["p95_ms"]
            if p95 is not None and p95 >= options["p95_limit_ms"]:
                failures.append(f"{name} p95 {p95:.0f} ms ≥ {options['p95_limit_ms']:.0f} ms")
        if not results.acknowledged:
            failures.append("no submission was acknowledged")
        if failures:
            raise CommandError("Load test failed: " + "; ".join(failures))
        self.stdout.write(self.style.SUCCESS("Load test passed."))

    def load(self, port, load_options):
        if load_options["warmup"] > 0:
            self.stdout.write(f"Warming up for {load_options['warmup']:g} s…")
            warmup = {
                **load_options,
                "rate": 2.0,
                "read_rate": 4.0,
                "duration": load_options["warmup"],
                # Another marker: warm-up submissions are not counted or checked.
                "run_id": load_options["run_id"] + "w",
            }
            asyncio.run(Load(host="127.0.0.1", port=port, **_without(warmup, "warmup")).run())
        self.stdout.write(
            f"Loading for {load_options['duration']:g} s: {load_options['rate']:g} submissions/s "
            f"and {load_options['read_rate']:g} page reads/s…"
        )
        load = Load(host="127.0.0.1", port=port, **_without(load_options, "warmup"))
        return asyncio.run(load.run())

    @staticmethod
    def figures(options, results, lost, duplicated, incomplete):
        def latency(values):
            return {
                "count": len(values),
                "p50_ms": percentile(values, 0.50),
                "p95_ms": percentile(values, 0.95),
                "p99_ms": percentile(values, 0.99),
                "max_ms": max(values) if values else None,
            }

        return {
            "measured_at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
            "duration_s": options["duration"],
            "target_submissions_per_s": options["rate"],
            "target_reads_per_s": options["read_rate"],
            "workers": options["workers"],
            "elapsed_s": round(results.elapsed, 2),
            "requests_per_s": round(results.requests_completed / results.elapsed, 1),
            "submissions_started": results.submissions_started,
            "acknowledged": len(results.acknowledged),
            "acknowledged_per_s": round(len(results.acknowledged) / options["duration"], 1),
            "form_page": latency(results.form_ms),
            "submission": latency(results.submission_ms),
            "page_read": latency(results.read_ms),
            "errors": dict(results.errors),
            "lost": len(lost),
            "duplicated": len(duplicated),
            "incomplete": len(incomplete),
            "load_average": list(_load_average()),
        }

    def report(self, figures, results):
        def ms(value):
            return "-" if value is None else f"{value:.0f} ms"

        write = self.stdout.write
        write("")
        write("| Requests | Count | p50 | p95 | p99 | Max |")
        write("| --- | ---: | ---: | ---: | ---: | ---: |")
        for label, name in (
            ("Help form page (GET)", "form_page"),
            ("Submission (POST)", "submission"),
            ("Public page read (GET)", "page_read"),
        ):
            row = figures[name]
            write(
                f"| {label} | {row['count']} | {ms(row['p50_ms'])} | {ms(row['p95_ms'])} "
                f"| {ms(row['p99_ms'])} | {ms(row['max_ms'])} |"
            )
        write("")
        write(
            f"Elapsed {figures['elapsed_s']} s; {figures['requests_per_s']} requests/s answered; "
            f"{figures['acknowledged']} of {figures['submissions_started']} submissions "
            f"acknowledged ({figures['acknowledged_per_s']}/s)."
        )
        errors = ", ".join(f"{count} × {kind}" for kind, count in results.errors.items())
        write(f"Errors: {errors or 'none'}.")
        write(
            f"Database: {figures['lost']} acknowledged lost, {figures['duplicated']} duplicated, "
            f"{figures['incomplete']} incomplete, {figures['stored_without_acknowledgement']} "
            "stored without an acknowledgement (a retry of the same form would find them)."
        )
        write(
            "Load average (1, 5, 15 min) at the end: "
            + ", ".join(f"{value:.2f}" for value in figures["load_average"])
        )


def _without(mapping, key):
    return {name: value for name, value in mapping.items() if name != key}


def _load_average():
    try:
        return os.getloadavg()
    except OSError:
        return ()
