"""A benchmark of the reports (issue 8): how long the dashboard's figures take with many victims.

seed() fills an empty database with synthetic, deterministic data (the same --seed gives the
same rows): anonymous imported records (StatisticalRecord) in a few branches, and Svoboda's own
victims (people with the role "victim" in cases). measure() then times statistics.compute()
and the dashboard page the way they are used, and counts their queries. Nothing here is a
test: timings depend on the machine; `svoboda bench_reports` prints them and README.md records
what was measured.

All names and records are made up; nothing is read from real data.
"""

import datetime
import math
import os
import platform
import random
import statistics
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Branch, User
from accounts.roles import Role
from cases.htcds import ExploitationType, Gender
from cases.models import Case, Participant, Person
from cases.names import search_text_for
from reports.forms import Period
from reports.models import AGE_GROUPS, ImportBatch, StatisticalRecord
from reports.statistics import compute

BATCH_SIZE = 5_000
ADMINISTRATOR_EMAIL = "bench-reports@example.invalid"

# Four branches of unequal size, so that "one branch" is neither everything nor a sliver.
BRANCHES = [("Bench North", 0.4), ("Bench South", 0.3), ("Bench East", 0.2), ("Bench West", 0.1)]

# Shapes close to the CTDC files (../shared/data/ctdc/README.md): mostly single years since
# 2002, some bands of years, a few unknown; about a quarter without an age group; many countries.
YEAR_BANDS = [(2005, 2013), (2014, 2018), (2021, 2022)]
GENDERS = [
    (Gender.FEMININE, 50),
    (Gender.MASCULINE, 36),
    (Gender.TRANSGENDER_FEMININE, 1),
    (Gender.TRANSGENDER_MASCULINE, 1),
    (Gender.NON_CONFORMING, 2),
    (Gender.UNKNOWN, 10),
]
AGES = [(code, 3) for code, _label in AGE_GROUPS] + [("", 25)]
COUNTRIES = [
    *("AF", "BD", "BG", "BR", "BY", "CN", "CO", "DE", "EG", "ES", "ET", "FR", "GB", "GH", "GE"),
    *("ID", "IN", "IQ", "IT", "JO", "KE", "KG", "KH", "KZ", "LA", "LK", "MD", "MM", "MX", "MY"),
    *("NG", "NP", "PH", "PK", "PL", "RO", "RU", "SA", "SN", "TH", "TJ", "TR", "UA", "UG", "US"),
    *("UZ", "VN", "ZA", "ZW", "AE", "AM", "AZ", "CZ", "GR", "HU", "LB", "LT", "LV", "NL"),
]
REGIONS = ["UN:Africa", "UN:Americas", "UN:Asia", "UN:Europe", "UN:Oceania"]
TYPE_COMBINATIONS = [
    ([ExploitationType.FORCED_LABOUR], 40),
    ([ExploitationType.SEXUAL_EXPLOITATION], 30),
    ([ExploitationType.FORCED_LABOUR, ExploitationType.SEXUAL_EXPLOITATION], 5),
    ([ExploitationType.FORCED_MARRIAGE], 3),
    ([ExploitationType.FORCED_BEGGING], 2),
    ([ExploitationType.SERVITUDE, ExploitationType.FORCED_LABOUR], 2),
    ([ExploitationType.CHILD_LABOUR], 2),
    ([ExploitationType.DOMESTIC_VIOLENCE], 2),
    ([ExploitationType.OTHER], 2),
    ([], 12),
]
GIVEN_NAMES = ["Anna", "Olga", "Maria", "Elena", "Aigul", "Dilnoza", "Grace", "Ivan", "Timur"]
FAMILY_NAMES = ["Ivanova", "Petrova", "Karimova", "Usmanova", "Moyo", "Banda", "Ivanov", "Petrov"]


class BenchRefused(Exception):
    """The database is not one the benchmark may fill."""


@dataclass(frozen=True)
class Measurement:
    key: str
    label: str
    seconds: list
    queries: int

    @property
    def min(self):
        return min(self.seconds)

    @property
    def median(self):
        return statistics.median(self.seconds)

    @property
    def p95(self):
        """Nearest rank: the smallest time at least 95 % of the runs did not exceed."""
        ordered = sorted(self.seconds)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]


# Seeding.


def seed(*, records, own_victims, seed_value, out=lambda line: None):
    """Branches, an administrator, `records` imported records and `own_victims` own victims."""
    rng = random.Random(seed_value)  # nosec B311 # noqa: S311 (seeded on purpose: the same data every run)
    with transaction.atomic():
        branches = [
            Branch.objects.get_or_create(name=name, defaults={"city": name, "country": "RU"})[0]
            for name, _share in BRANCHES
        ]
        administrator()
        shares = [share for _name, share in BRANCHES]
        _seed_records(rng, branches, shares, records, seed_value, out)
        _seed_own_victims(rng, branches, shares, own_victims, out)
    _analyze()


def administrator():
    """The benchmark's reader of the dashboard: an administrator who cannot log in."""
    user, created = User.objects.get_or_create(
        email=ADMINISTRATOR_EMAIL, defaults={"full_name": "Benchmark administrator"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=Role.ADMINISTRATOR.value))
    return user


def _weighted(rng, pairs, k):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=k)


def _registration_years(rng, k):
    this_year = timezone.localdate().year
    single = list(range(2002, this_year + 1))
    # Later years weigh more: partners report more each year.
    pairs = [((year, year), 1 + (year - 2002)) for year in single]
    pairs += [(band, 40) for band in YEAR_BANDS] + [((None, None), 25)]
    return _weighted(rng, pairs, k)


def _record_rows(rng, branches, shares, records):
    """Rows (branch, years, gender, age group, citizenship, place, types) for every record."""
    branch_of = rng.choices(branches, weights=shares, k=records)
    years = _registration_years(rng, records)
    genders = _weighted(rng, GENDERS, records)
    ages = _weighted(rng, AGES, records)
    citizenship = _weighted(rng, [(c, 3) for c in COUNTRIES] + [("", 20)], records)
    places = _weighted(
        rng, [(c, 3) for c in COUNTRIES] + [(r, 4) for r in REGIONS] + [("", 25)], records
    )
    types = _weighted(rng, TYPE_COMBINATIONS, records)
    return zip(branch_of, years, genders, ages, citizenship, places, types, strict=True)


def _seed_records(rng, branches, shares, records, seed_value, out):
    batches = {
        branch.pk: ImportBatch.objects.create(
            branch=branch,
            layout=ImportBatch.Layout.HTCDS,
            file_name=f"bench-{branch.pk}.csv",
            sha256=f"{seed_value:032d}{branch.pk:032d}",
        )
        for branch in branches
    }
    lines = dict.fromkeys(batches, 0)

    def rows():
        """Values in the order of COPIED_FIELDS, generated as they are written."""
        for branch, (year_from, year_to), *coded in _record_rows(rng, branches, shares, records):
            lines[branch.pk] += 1
            yield (batches[branch.pk].pk, branch.pk, lines[branch.pk], year_from, year_to, *coded)

    started = time.perf_counter()
    if connection.vendor == "postgresql":
        _copy_records(rows())
    else:
        _bulk_create_records(rows())
    for batch in batches.values():
        batch.rows_read = batch.rows_stored = lines[batch.branch_id]
        batch.save(update_fields=["rows_read", "rows_stored"])
    out(f"Seeded {records:,} imported records in {time.perf_counter() - started:.1f} s.")


COPIED_FIELDS = [
    StatisticalRecord._meta.get_field(name)
    for name in (
        "batch",
        "branch",
        "line",
        "year_from",
        "year_to",
        "gender",
        "age_group",
        "citizenship",
        "exploitation_place",
        "exploitation_types",
    )
]


def _copy_records(rows):
    """PostgreSQL's COPY: several times faster than INSERTs for a million rows."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in COPIED_FIELDS)
    sql = f"COPY {quote(StatisticalRecord._meta.db_table)} ({columns}) FROM STDIN"
    types = COPIED_FIELDS[-1]
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row((*row[:-1], types.get_prep_value(row[-1])))


def _bulk_create_records(rows):
    names = [field.attname for field in COPIED_FIELDS]
    chunk = []
    for row in rows:
        chunk.append(StatisticalRecord(**dict(zip(names, row, strict=True))))
        if len(chunk) == BATCH_SIZE:
            StatisticalRecord.objects.bulk_create(chunk)
            chunk = []
    StatisticalRecord.objects.bulk_create(chunk)


@contextmanager
def _given_created_at(*models):
    """created_at is auto_now_add, which bulk_create would set to now for every row; synthetic
    cases need their opening days spread over years, so the field keeps the given value."""
    fields = [model._meta.get_field("created_at") for model in models]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def _uuid(rng):
    """Ids from the seeded generator too: the earliest of two cases opened at the same time is
    the one with the lower id, so random ids would change the figures from run to run."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _opening_days(rng, k):
    """Opening days of cases, 2015 to today, more in recent years."""
    today = timezone.localdate()
    first = datetime.date(2015, 1, 1)
    span = (today - first).days
    days = [first + datetime.timedelta(days=int(span * rng.random() ** 0.7)) for _ in range(k)]
    return [
        datetime.datetime.combine(day, datetime.time(9 + rng.randrange(9)), datetime.UTC)
        for day in days
    ]


def _seed_own_victims(rng, branches, shares, own_victims, out):
    if not own_victims:
        return
    started = time.perf_counter()
    creator = administrator()
    n_cases = max(1, own_victims * 3 // 4)
    case_branches = rng.choices(branches, weights=shares, k=n_cases)
    opened = _opening_days(rng, n_cases)
    types = _weighted(rng, TYPE_COMBINATIONS, n_cases)
    statuses = [code for code, _label in Case.Status.choices if code != Case.Status.CLOSED]
    now = timezone.now()
    cases = []
    for i in range(n_cases):
        closed = rng.random() < 0.4
        cases.append(
            Case(
                id=_uuid(rng),
                title=f"Synthetic case {i + 1}",
                branch=case_branches[i],
                status=Case.Status.CLOSED if closed else rng.choice(statuses),
                outcome=Case.Outcome.EXITED_AND_SUPPORTED if closed else "",
                closed_at=min(opened[i] + datetime.timedelta(days=90), now) if closed else None,
                risk=rng.choice(list(Case.Risk)),
                exploitation_types=types[i],
                exploitation_country=rng.choice([*COUNTRIES, ""]),
                created_by=creator,
                created_at=opened[i],
            )
        )
    with _given_created_at(Case):
        Case.objects.bulk_create(cases, batch_size=BATCH_SIZE)
    people = []
    for i in range(own_victims):
        person = Person(
            id=_uuid(rng),
            given_name=rng.choice(GIVEN_NAMES),
            family_name=f"{rng.choice(FAMILY_NAMES)} {i + 1}",
            gender=_weighted(rng, GENDERS, 1)[0],
            branch=rng.choices(branches, weights=shares)[0],
        )
        known = rng.random()
        if known < 0.5:
            person.birth_year = rng.randrange(1960, 2012)
        elif known < 0.8:
            person.age_estimate = rng.randrange(12, 60)
        person.search_text = search_text_for(person)
        people.append(person)
    Person.objects.bulk_create(people, batch_size=BATCH_SIZE)
    # Every victim in one case; one in ten also in a second (counted once, by the earliest).
    pairs = {(rng.randrange(n_cases), i) for i in range(own_victims)}
    pairs |= {(rng.randrange(n_cases), i) for i in range(0, own_victims, 10)}
    Participant.objects.bulk_create(
        (
            Participant(case=cases[c], person=people[p], role=Participant.Role.VICTIM)
            for c, p in sorted(pairs)
        ),
        batch_size=BATCH_SIZE,
    )
    out(
        f"Seeded {own_victims:,} own victims in {n_cases:,} cases "
        f"in {time.perf_counter() - started:.1f} s."
    )


def _analyze():
    """Planner statistics, as autovacuum would have gathered them by the time anyone looks."""
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in (StatisticalRecord, Case, Person, Participant)]
    with connection.cursor() as cursor:
        for table in tables:
            # VACUUM also marks the pages all-visible (index-only scans), but cannot run inside
            # a transaction (the smoke test runs in one).
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f"{verb} {connection.ops.quote_name(table)}")


# Measuring.


def largest_branch():
    row = (
        StatisticalRecord.objects.order_by()
        .values("branch")
        .annotate(n=Count("pk"))
        .order_by("-n", "branch")
        .first()
    )
    return Branch.objects.get(pk=row["branch"]) if row else Branch.objects.order_by("pk").first()


def measure(*, repeat, warmup=1):
    """Each scenario run warmup + repeat times; the first run also counts its queries."""
    today = timezone.localdate()
    this_year = Period(today.replace(month=1, day=1), today)
    last_year = this_year.previous
    full_year = datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31)
    branch = largest_branch()
    client = Client()
    client.force_login(administrator())
    url = reverse("reports:dashboard")

    def dashboard(params):
        def request():
            # secure: production settings redirect plain HTTP to HTTPS.
            response = client.get(url, params, secure=True)
            if response.status_code != 200:
                raise BenchRefused(f"The dashboard answered {response.status_code}.")

        return request

    scenarios = [
        ("compute_all_time", "compute(): whole organisation, all time", lambda: compute(None)),
        (
            "compute_one_year",
            f"compute(): whole organisation, {full_year[0].year}",
            lambda: compute(None, date_from=full_year[0], date_to=full_year[1]),
        ),
        (
            "compute_one_branch",
            f"compute(): one branch ({branch.name}), all time",
            lambda: compute([branch]),
        ),
        (
            "compute_period_comparison",
            "compute() twice: this year so far and the same days last year",
            lambda: [
                compute(None, date_from=p.start, date_to=p.end) for p in (this_year, last_year)
            ],
        ),
        (
            "dashboard_all_time",
            "Dashboard page (administrator): all time",
            dashboard({"date_from": "", "date_to": ""}),
        ),
        (
            "dashboard_this_year",
            "Dashboard page (administrator): this year vs last year (the default)",
            dashboard({}),
        ),
    ]
    results = []
    # The test client's host name, and no HTTPS redirect loop: what a proxy in front would do.
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for key, label, run in scenarios:
            results.append(_timed(key, label, run, repeat=repeat, warmup=warmup))
    return results


def _timed(key, label, run, *, repeat, warmup):
    # Counted by a wrapper around execution: Django empties connection.queries at the start of
    # every request, so CaptureQueriesContext would miss the page's queries.
    executed = []
    with connection.execute_wrapper(lambda execute, *args: executed.append(1) or execute(*args)):
        run()
    for _ in range(warmup - 1):
        run()
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - started)
    return Measurement(key, label, seconds, len(executed))


# Reporting.


def machine():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return {
        "cpus": os.cpu_count(),
        # Other work on the machine slows the figures down; this says how busy it was.
        "load_average": [round(load, 2) for load in os.getloadavg()]
        if hasattr(os, "getloadavg")
        else None,
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "system": platform.platform(),
        "database": {"vendor": connection.vendor, "version": version},
    }


def _cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def data_summary():
    return {
        "imported_records": StatisticalRecord.objects.count(),
        "own_victims": Participant.objects.filter(role=Participant.Role.VICTIM)
        .values("person")
        .distinct()
        .count(),
        "cases": Case.objects.count(),
        "branches": Branch.objects.count(),
    }


def as_dict(measurements, *, data, settings):
    """The result with stable keys, for JSON."""
    return {
        "benchmark": "reports",
        "measured_at": timezone.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "data": data,
        "settings": settings,
        "measurements": {
            m.key: {
                "label": m.label,
                "runs": len(m.seconds),
                "min_ms": _ms(m.min),
                "median_ms": _ms(m.median),
                "p95_ms": _ms(m.p95),
                "queries": m.queries,
            }
            for m in measurements
        },
    }


def markdown(measurements):
    lines = [
        "| What | Queries | Min | Median | p95 |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for m in measurements:
        lines.append(
            f"| {m.label} | {m.queries} | {_ms(m.min):,} ms | {_ms(m.median):,} ms "
            f"| {_ms(m.p95):,} ms |"
        )
    return "\n".join(lines)


def _ms(seconds):
    return round(seconds * 1000)
