"""What a benchmark measured: one figure beside its floor (issue 11).

A floor is the same work done the cheapest way this machine knows: the same rows fetched by
hand-written SQL, the same rows written by COPY or plain INSERTs, a static file of the same size
served by the same server. The ratio says how many times slower than its floor Svoboda is, so a
figure means something on any machine; the target is checked against both.

Keys are stable ("lists.requests_queue", "public.home"...): results of different dates and
machines are compared by key.
"""

import math
import statistics
import time
from dataclasses import asdict, dataclass, field

# Units: a latency is better lower, a rate better higher.
MS = "ms"
ROWS_PER_S = "rows/s"
REQUESTS_PER_S = "req/s"
MB = "MB"
S = "s"
LOWER_IS_BETTER = {MS, MB, S}
# Timed runs of one thing stop after this many seconds, once at least MIN_RUNS were timed.
BUDGET_SECONDS = 30.0
MIN_RUNS = 5


@dataclass
class Figure:
    key: str
    label: str
    unit: str
    value: float
    # The same work done the cheapest way; None where there is nothing to compare with (memory).
    floor: float | None = None
    # A limit on the value in its unit, and a limit on the ratio to the floor; None: no target.
    target_value: float | None = None
    target_ratio: float | None = None
    # Anything else worth keeping: p50, query counts, rows...
    details: dict = field(default_factory=dict)

    @property
    def ratio(self):
        """How many times slower than its floor: value / floor for a latency, floor / value
        for a rate; 1.0 is the floor itself."""
        if not self.floor or not self.value:
            return None
        if self.unit in LOWER_IS_BETTER:
            return self.value / self.floor
        return self.floor / self.value

    @property
    def met(self):
        """True when every target is met, None without a target."""
        checks = []
        if self.target_value is not None:
            if self.unit in LOWER_IS_BETTER:
                checks.append(self.value <= self.target_value)
            else:
                checks.append(self.value >= self.target_value)
        if self.target_ratio is not None and self.ratio is not None:
            checks.append(self.ratio <= self.target_ratio)
        return all(checks) if checks else None

    def as_dict(self):
        data = asdict(self)
        data["ratio"] = None if self.ratio is None else round(self.ratio, 3)
        data["met"] = self.met
        return data


def percentile(values, share):
    """Nearest rank: the smallest value at least `share` of the values do not exceed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class Timings:
    """Seconds of repeated runs of one thing."""

    seconds: list

    @classmethod
    def of(cls, run, *, repeat, warmup=2, budget=BUDGET_SECONDS):
        """`repeat` timed runs after `warmup` untimed ones, but no more than `budget` seconds
        once MIN_RUNS are timed: a figure of several seconds a run (the dashboard at a million
        cases) is measured MIN_RUNS times instead of holding the benchmark for many minutes."""
        started = time.perf_counter()
        for _ in range(warmup):
            run()
            if time.perf_counter() - started > budget / 4:
                break
        seconds = []
        started = time.perf_counter()
        for _ in range(repeat):
            began = time.perf_counter()
            run()
            seconds.append(time.perf_counter() - began)
            if len(seconds) >= MIN_RUNS and time.perf_counter() - started > budget:
                break
        return cls(seconds)

    @property
    def p50_ms(self):
        return statistics.median(self.seconds) * 1000

    @property
    def p95_ms(self):
        return percentile(self.seconds, 0.95) * 1000


def latency(key, label, page, floor, **targets):
    """A latency figure: the p95 of `page` beside the p95 of `floor` (both Timings)."""
    return Figure(
        key=key,
        label=label,
        unit=MS,
        value=page.p95_ms,
        floor=floor.p95_ms,
        details={
            "p50_ms": round(page.p50_ms, 2),
            "floor_p50_ms": round(floor.p50_ms, 2),
            "runs": len(page.seconds),
        },
        **targets,
    )
