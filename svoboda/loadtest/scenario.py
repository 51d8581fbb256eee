"""The load: help-request submissions and public page reads at fixed rates, for a fixed time.

Open loop: a new submission starts every 1/rate seconds whether or not the earlier ones have been
answered, as people arrive independently of each other; a slow server then shows up as growing
latency instead of being hidden by a client that waits (coordinated omission). Each submission is
what a browser does: GET the form (CSRF cookie and token, submission token), then POST it with a
description that carries a unique marker, by which the database is checked afterwards.
"""

import asyncio
import math
import time
from collections import Counter
from dataclasses import dataclass, field

from svoboda.loadtest import client, form

READ_PATHS = ["/ru/", "/en/", "/ru/news/", "/en/news/", "/ru/impact/", "/ru/help/follow-up/"]
FORM_PATHS = ["/ru/help/", "/en/help/"]


@dataclass
class Results:
    form_ms: list[float] = field(default_factory=list)
    submission_ms: list[float] = field(default_factory=list)
    read_ms: list[float] = field(default_factory=list)
    # Markers of the submissions whose POST answered with the code page.
    acknowledged: list[str] = field(default_factory=list)
    # Markers of the submissions that were POSTed but not acknowledged (they may be stored).
    unacknowledged: list[str] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    submissions_started: int = 0
    reads_started: int = 0
    elapsed: float = 0.0

    @property
    def requests_completed(self):
        return len(self.form_ms) + len(self.submission_ms) + len(self.read_ms)


def percentile(values, share):
    """Nearest-rank percentile of a list of numbers, None for an empty list."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class Load:
    def __init__(self, *, host, port, rate, read_rate, duration, timeout, run_id, max_in_flight):
        self.host, self.port = host, port
        self.rate, self.read_rate, self.duration = rate, read_rate, duration
        self.timeout, self.run_id, self.max_in_flight = timeout, run_id, max_in_flight
        self.results = Results()
        self.in_flight = set()

    def marker(self, number):
        return f"loadtest-{self.run_id}-{number:06d}"

    async def timed(self, method, path, **kwargs):
        started = time.perf_counter()
        response = await client.request(
            self.host, self.port, method, path, timeout=self.timeout, **kwargs
        )
        return response, (time.perf_counter() - started) * 1000

    async def submission(self, number):
        results = self.results
        path = FORM_PATHS[number % len(FORM_PATHS)]
        language = path.split("/")[1]
        marker = self.marker(number)
        posted = False
        try:
            page, ms = await self.timed("GET", path, headers=[("Accept-Language", language)])
            results.form_ms.append(ms)
            if page.status != 200:
                results.errors[f"form page answered {page.status}"] += 1
                return
            hidden = form.hidden_fields(page.text)
            cookie = form.csrf_cookie(page.header_values("Set-Cookie"))
            body = form.answers(hidden, f"{marker} Брата держат на кирпичном заводе.")
            posted = True
            answer, ms = await self.timed(
                "POST",
                path,
                headers=[
                    ("Accept-Language", language),
                    ("Cookie", f"csrftoken={cookie}"),
                    ("Content-Type", "application/x-www-form-urlencoded"),
                ],
                body=body,
            )
            results.submission_ms.append(ms)
            if form.is_acknowledged(answer.status, answer.text):
                results.acknowledged.append(marker)
            else:
                results.unacknowledged.append(marker)
                results.errors[f"submission answered {answer.status} without a code"] += 1
        except TimeoutError:
            self._failed(marker, posted, "timed out")
        except (OSError, client.ProtocolError, form.FormPageError) as error:
            self._failed(marker, posted, type(error).__name__)

    def _failed(self, marker, posted, reason):
        if posted:
            self.results.unacknowledged.append(marker)
        step = "submission" if posted else "form page"
        self.results.errors[f"{step}: {reason}"] += 1

    async def read(self, number):
        path = READ_PATHS[number % len(READ_PATHS)]
        try:
            response, ms = await self.timed("GET", path)
        except TimeoutError:
            self.results.errors["page read: timed out"] += 1
            return
        except (OSError, client.ProtocolError) as error:
            self.results.errors[f"page read: {type(error).__name__}"] += 1
            return
        self.results.read_ms.append(ms)
        if response.status != 200:
            self.results.errors[f"page read answered {response.status}"] += 1

    async def arrivals(self, rate, work, counter):
        """Start `work(n)` every 1/rate seconds until the duration is over."""
        if rate <= 0:
            return
        loop = asyncio.get_running_loop()
        start = loop.time()
        number = 0
        while (due := start + number / rate) < start + self.duration:
            await asyncio.sleep(max(0.0, due - loop.time()))
            if len(self.in_flight) >= self.max_in_flight:
                # The client would need ever more connections: the server is not keeping up.
                self.results.errors["not started: too many requests already waiting"] += 1
            else:
                task = asyncio.create_task(work(number))
                self.in_flight.add(task)
                task.add_done_callback(self.in_flight.discard)
                setattr(self.results, counter, getattr(self.results, counter) + 1)
            number += 1

    async def run(self):
        started = time.perf_counter()
        await asyncio.gather(
            self.arrivals(self.rate, self.submission, "submissions_started"),
            self.arrivals(self.read_rate, self.read, "reads_started"),
        )
        # Every request has its own timeout, so this wait is bounded.
        while self.in_flight:
            await asyncio.wait(set(self.in_flight))
        self.results.elapsed = time.perf_counter() - started
        return self.results
