"""Figure 2: the reports dashboard's figures, each beside one hand-written aggregate query.

reports.statistics.compute() builds the dashboard from figure groups (rescued, helped,
requests, open cases, operations, services, two waiting times, own and imported victims). Each
group is timed as compute() runs it for the whole organisation and all time (the same private
function with the same arguments), beside its floor: ONE aggregate query written by hand that
returns the same numbers, shaped into the same dict here in Python. measure() checks once that
floor and ORM agree ("same_numbers" in the details); bench/tests/test_dashboard_floor.py checks
it on a small seeded organisation, which is what makes the floor honest.

Medians need percentile_cont, which SQLite lacks: the two waiting times have no floor there (a
reason in the details), and compute()'s floor on SQLite adds up only the figures that have one.
Imported and own victims are broken down six ways at once: on PostgreSQL one scan with GROUPING
SETS, on SQLite the same groupings joined by UNION ALL (still one statement).
"""

from collections import Counter

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.test.utils import override_settings
from django.urls import reverse

from accounts.models import Branch
from accounts.roles import Role
from assistance.models import Service
from bench import users
from bench.figures import Timings, latency
from bench.harness import BenchRefused
from cases.htcds import ExploitationType, Gender
from cases.models import Case
from intake.models import HelpRequest
from operations.models import Debrief, Operation
from reports import statistics
from reports.models import AGE_GROUPS

# Each figure under one and a half times its floor; compute() and the page under a second.
TARGET_RATIO = 1.5
TOTAL_MS = 1000.0
NO_MEDIAN = "SQLite has no percentile_cont: the median's floor is measured on PostgreSQL only."


def measure(context):
    figures, floors, same = [], {}, {}
    for key, label, orm, floor in _figure_groups():
        context.out(f"  {label}")
        if floor is None:
            timings = Timings.of(orm, repeat=context.repeat)
            figure = latency(f"dashboard.{key}", label, timings, timings, target_ratio=None)
            figure.floor = None
            figure.details.pop("floor_p50_ms")
            figure.details["floor_missing"] = NO_MEDIAN
        else:
            same[key] = orm() == floor()
            cheapest = Timings.of(floor, repeat=context.repeat)
            figure = latency(
                f"dashboard.{key}",
                label,
                Timings.of(orm, repeat=context.repeat),
                cheapest,
                target_ratio=TARGET_RATIO,
            )
            figure.details["same_numbers"] = same[key]
            floors[key] = cheapest
        figures.append(figure)
    floor_p95 = sum(t.p95_ms for t in floors.values())
    floor_p50 = sum(t.p50_ms for t in floors.values())
    context.out("  compute(): whole organisation, all time")
    total = latency(
        "dashboard.compute_total",
        "compute(): whole organisation, all time",
        Timings.of(lambda: statistics.compute(None), repeat=context.repeat),
        Timings([floor_p95 / 1000]),
        target_value=TOTAL_MS,
        target_ratio=TARGET_RATIO,
    )
    total.details["floor_p50_ms"] = round(floor_p50, 2)
    total.details["floor"] = "sum of the figures' floors: " + ", ".join(floors)
    total.details["same_numbers"] = all(same.values())
    figures.append(total)
    context.out("  the dashboard page (administrator, all time)")
    figures.append(_page(context, floor_p95, floor_p50))
    return figures


def _page(context, floor_p95, floor_p50):
    client = users.signed_in_client(users.user(Role.ADMINISTRATOR))
    url = reverse("reports:dashboard")

    def run():
        # Both dates left empty: all time, one compute() (no comparison with last year).
        response = client.get(url, {"date_from": "", "date_to": ""}, secure=True)
        if response.status_code != 200:
            raise BenchRefused(f"{url} answered {response.status_code}.")

    # The test client's host name; secure: production settings redirect plain HTTP to HTTPS.
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        figure = latency(
            "dashboard.page",
            "Dashboard page (administrator, whole organisation, all time)",
            Timings.of(run, repeat=context.repeat),
            Timings([floor_p95 / 1000]),
            target_value=TOTAL_MS,
        )
    figure.details["floor_p50_ms"] = round(floor_p50, 2)
    figure.details["floor"] = "sum of the figures' floors"
    return figure


def _figure_groups():
    """(key, label, orm, floor): orm() runs what compute(None) runs for the group and returns
    its dict; floor() runs one hand-written query and returns the same dict (None: no floor on
    this database)."""
    period = statistics._Period(None, None)
    requests = HelpRequest.objects.filter(Q())
    scope = list(Branch.objects.order_by("name", "pk").values_list("pk", "name"))
    postgres = connection.vendor == "postgresql"
    return [
        ("rescued", "People rescued", lambda: statistics._rescued(None, period), floor_rescued),
        ("helped", "People helped", lambda: statistics._helped(None, period), floor_helped),
        ("requests", "Requests by status", lambda: statistics._requests(requests), floor_requests),
        (
            "open_cases",
            "Open cases by status and risk",
            lambda: statistics._open_cases(None),
            floor_open_cases,
        ),
        (
            "operations",
            "Operations by status and outcome",
            lambda: statistics._operations(None, period),
            floor_operations,
        ),
        (
            "services",
            "Services delivered by kind",
            lambda: statistics._services(None, period),
            floor_services,
        ),
        (
            "time_to_first_contact",
            "Time to first contact (median)",
            lambda: statistics._median_hours(statistics._waits_for_first_reply(requests)),
            floor_time_to_first_contact if postgres else None,
        ),
        (
            "time_to_exit",
            "Time to exit (median)",
            lambda: statistics._median_hours(statistics._waits_for_exit(requests)),
            floor_time_to_exit if postgres else None,
        ),
        (
            "victims_own",
            "Own victims, six breakdowns",
            lambda: statistics._own_victims(None, period, scope),
            lambda: floor_own_victims(scope),
        ),
        (
            "victims_imported",
            "Imported victims (statistical records), six breakdowns",
            lambda: statistics._imported_victims(None, period, scope),
            lambda: floor_imported_victims(scope),
        ),
    ]


# The floors: one query each, whole organisation, all time.


def _rows(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def floor_rescued():
    return _rows("SELECT COUNT(DISTINCT person_id) FROM operations_rescuedperson")[0][0]


def floor_helped():
    # One plan per person (a unique constraint): the distinct plans are the distinct people.
    sql = "SELECT COUNT(DISTINCT plan_id) FROM assistance_service WHERE status = 'done'"
    return _rows(sql)[0][0]


def _codes(choices):
    return [code for code, _label in choices]


def floor_requests():
    counts = Counter()
    reasons = Counter()
    for status, reason, n in _rows(
        """SELECT status, closure_reason, COUNT(*) FROM intake_helprequest
        GROUP BY status, closure_reason"""
    ):
        counts[status] += n
        if status == "closed":
            reasons[reason] += n
    return {
        "received": sum(counts.values()),
        "by_status": {code: counts[code] for code in _codes(HelpRequest.Status.choices)},
        "by_closure_reason": {
            code: reasons[code] for code in _codes(HelpRequest.ClosureReason.choices)
        },
    }


def floor_open_cases():
    statuses, risks = Counter(), Counter()
    for status, risk, n in _rows(
        """SELECT status, risk, COUNT(*) FROM cases_case WHERE status <> 'closed'
        GROUP BY status, risk"""
    ):
        statuses[status] += n
        risks[risk] += n
    return {
        "total": sum(statuses.values()),
        "by_status": {
            code: statuses[code] for code in _codes(Case.Status.choices) if code != "closed"
        },
        "by_risk": {risk.name.lower(): risks[risk.value] for risk in Case.Risk},
    }


def floor_operations():
    statuses, outcomes = Counter(), Counter()
    for status, outcome, n in _rows(
        """SELECT o.status, d.outcome, COUNT(*) FROM operations_operation o
        LEFT JOIN operations_debrief d ON d.operation_id = o.id
        GROUP BY o.status, d.outcome"""
    ):
        statuses[status] += n
        if status == "completed":
            outcomes[outcome] += n
    return {
        "total": sum(statuses.values()),
        "by_status": {code: statuses[code] for code in _codes(Operation.Status.choices)},
        "by_outcome": {code: outcomes[code] for code in _codes(Debrief.Outcome.choices)},
    }


def floor_services():
    kinds = Counter(
        dict(
            _rows(
                """SELECT kind, COUNT(*) FROM assistance_service WHERE status = 'done'
                GROUP BY kind"""
            )
        )
    )
    return {
        "delivered": sum(kinds.values()),
        "by_kind": {code: kinds[code] for code in _codes(Service.Kind.choices)},
    }


def _median(measured, seconds):
    if not measured:
        return {"measured": 0, "median_hours": None}
    return {"measured": measured, "median_hours": round(seconds / 3600, 2)}


def floor_time_to_first_contact():
    """PostgreSQL only: the first reply to the writer per request, then percentile_cont."""
    return _median(
        *_rows(
            """SELECT COUNT(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY wait)
            FROM (SELECT EXTRACT(EPOCH FROM MIN(m.created_at) - r.created_at) AS wait
                  FROM intake_helprequest r
                  JOIN intake_message m ON m.request_id = r.id AND m.direction = 'to_writer'
                  GROUP BY r.id, r.created_at) waits"""
        )[0]
    )


def floor_time_to_exit():
    """PostgreSQL only: the first completed operation ending after the request whose debrief
    records someone of the request's case as rescued, then percentile_cont."""
    return _median(
        *_rows(
            """SELECT COUNT(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY wait)
            FROM (SELECT EXTRACT(EPOCH FROM MIN(o.ended_at) - r.created_at) AS wait
                  FROM intake_helprequest r
                  JOIN operations_rescuedperson rp ON rp.case_id = r.case_id
                  JOIN operations_debrief d ON d.id = rp.debrief_id
                  JOIN operations_operation o ON o.id = d.operation_id
                  WHERE o.status = 'completed' AND o.ended_at >= r.created_at
                  GROUP BY r.id, r.created_at) waits"""
        )[0]
    )


# Victims: one row per group of each grouping set, tagged by which set it belongs to.
# PostgreSQL scans the rows once for all four sets (GROUPING SETS); SQLite has no grouping
# sets, so the same four groupings are one statement of UNION ALL.
AGE_BAND_SQL = """CASE
    WHEN age BETWEEN 0 AND 8 THEN '0-8' WHEN age BETWEEN 9 AND 17 THEN '9-17'
    WHEN age BETWEEN 18 AND 20 THEN '18-20' WHEN age BETWEEN 21 AND 23 THEN '21-23'
    WHEN age BETWEEN 24 AND 26 THEN '24-26' WHEN age BETWEEN 27 AND 29 THEN '27-29'
    WHEN age BETWEEN 30 AND 38 THEN '30-38' WHEN age BETWEEN 39 AND 47 THEN '39-47'
    WHEN age >= 48 THEN '48+' ELSE '' END"""


def _own_victims_sql():
    """(sql, params): one query; the age (year opened minus birth year, else the estimate) is
    computed in a step of its own so that the band's CASE reads it by name. SQLite ranks each
    person's victim cases with ROW_NUMBER and has no grouping sets: the four groupings are
    joined by UNION ALL, tagged as PostgreSQL's GROUPING(...) tags them (7 by year, 11 by
    country, 13 by types, 14 by gender, age group and branch)."""
    if connection.vendor == "postgresql":
        return (
            f"""
WITH first_case AS (
    SELECT DISTINCT ON (pa.person_id) pa.person_id, c.created_at, c.branch_id,
        c.exploitation_country, c.exploitation_types, p.gender, p.birth_year, p.age_estimate
    FROM cases_participant pa
    JOIN cases_case c ON c.id = pa.case_id
    JOIN cases_person p ON p.id = pa.person_id
    WHERE pa.role = 'victim'
    ORDER BY pa.person_id, c.created_at, c.id
), victims AS (
    SELECT year, branch_id, exploitation_country AS country, exploitation_types AS types,
        gender, {AGE_BAND_SQL} AS age_group
    FROM first_case,
    LATERAL (SELECT EXTRACT(YEAR FROM created_at AT TIME ZONE %s)::int AS year) y,
    LATERAL (SELECT CASE WHEN birth_year IS NOT NULL THEN year - birth_year
                    ELSE age_estimate END AS age) a
)
SELECT GROUPING(year, country, types, gender) AS grouping_set,
    year, country, types, gender, age_group, branch_id, COUNT(*)
FROM victims
GROUP BY GROUPING SETS ((year), (country), (types), (gender, age_group, branch_id))""",  # nosec B608 # noqa: S608 (a constant)
            [settings.TIME_ZONE],
        )
    # SQLite keeps date-times as UTC text: the year in UTC (the default TIME_ZONE).
    return (
        f"""
WITH ranked AS (
    SELECT c.created_at, c.branch_id, c.exploitation_country, c.exploitation_types, p.gender,
        p.birth_year, p.age_estimate,
        ROW_NUMBER() OVER (PARTITION BY pa.person_id ORDER BY c.created_at, c.id) AS nth
    FROM cases_participant pa
    JOIN cases_case c ON c.id = pa.case_id
    JOIN cases_person p ON p.id = pa.person_id
    WHERE pa.role = 'victim'
), years AS (
    SELECT CAST(strftime('%%Y', created_at) AS INTEGER) AS year, * FROM ranked WHERE nth = 1
), victims AS (
    SELECT year, branch_id, exploitation_country AS country, exploitation_types AS types,
        gender, {AGE_BAND_SQL} AS age_group
    FROM (SELECT *, CASE WHEN birth_year IS NOT NULL THEN year - birth_year
                    ELSE age_estimate END AS age FROM years)
)
SELECT 7, year, NULL, NULL, NULL, NULL, NULL, COUNT(*) FROM victims GROUP BY year
UNION ALL
SELECT 11, NULL, country, NULL, NULL, NULL, NULL, COUNT(*) FROM victims GROUP BY country
UNION ALL
SELECT 13, NULL, NULL, types, NULL, NULL, NULL, COUNT(*) FROM victims GROUP BY types
UNION ALL
SELECT 14, NULL, NULL, NULL, gender, age_group, branch_id, COUNT(*) FROM victims
GROUP BY gender, age_group, branch_id""",  # nosec B608 # noqa: S608 (a constant)
        [],
    )


IMPORTED_PG = """
SELECT GROUPING(year_from, exploitation_place, exploitation_types, gender) AS grouping_set,
    year_from, year_to, exploitation_place, exploitation_types, gender, age_group, branch_id,
    COUNT(*)
FROM reports_statisticalrecord
GROUP BY GROUPING SETS ((year_from, year_to), (exploitation_place), (exploitation_types),
    (gender, age_group, branch_id))"""

IMPORTED_SQLITE = """
SELECT 7, year_from, year_to, NULL, NULL, NULL, NULL, NULL, COUNT(*)
FROM reports_statisticalrecord GROUP BY year_from, year_to
UNION ALL
SELECT 11, NULL, NULL, exploitation_place, NULL, NULL, NULL, NULL, COUNT(*)
FROM reports_statisticalrecord GROUP BY exploitation_place
UNION ALL
SELECT 13, NULL, NULL, NULL, exploitation_types, NULL, NULL, NULL, COUNT(*)
FROM reports_statisticalrecord GROUP BY exploitation_types
UNION ALL
SELECT 14, NULL, NULL, NULL, NULL, gender, age_group, branch_id, COUNT(*)
FROM reports_statisticalrecord GROUP BY gender, age_group, branch_id"""


def floor_own_victims(scope):
    sql, params = _own_victims_sql()
    periods, places, types, people = Counter(), Counter(), Counter(), []
    for grouping_set, year, place, combination, gender, age, branch, n in _rows(sql, params):
        if grouping_set == 7:
            periods[(year, year)] += n
        elif grouping_set == 11:
            places[place] += n
        elif grouping_set == 13:
            types[combination] += n
        else:
            people.append((gender, age, branch, n))
    return _victims(scope, periods, places, types, people)


def floor_imported_victims(scope):
    sql = IMPORTED_PG if connection.vendor == "postgresql" else IMPORTED_SQLITE
    periods, places, types, people = Counter(), Counter(), Counter(), []
    for grouping_set, year_from, year_to, place, combination, gender, age, branch, n in _rows(sql):
        if grouping_set == 7:
            periods[(year_from, year_to)] += n
        elif grouping_set == 11:
            places[place] += n
        elif grouping_set == 13:
            types[combination] += n
        else:
            people.append((gender, age, branch, n))
    return _victims(scope, periods, places, types, people)


TYPE_CODES = _codes(ExploitationType.choices)
GENDER_CODES = [code for code in _codes(Gender.choices) if code != Gender.UNKNOWN]
AGE_CODES = _codes(AGE_GROUPS)
UNKNOWN = "unknown"


def _victims(scope, periods, places, combinations, people):
    """The dict of statistics._breakdown from the grouped rows: every known code, then
    "unknown"; countries by count; a victim with two types counts in both."""
    by_type = Counter()
    for combination, n in combinations.items():
        codes = combination.split()
        for code in codes:
            by_type[code] += n
        if not codes:
            by_type[UNKNOWN] += n
    genders, ages, branches = Counter(), Counter(), Counter()
    for gender, age, branch, n in people:
        genders[gender if gender in GENDER_CODES else UNKNOWN] += n
        ages[age if age in AGE_CODES else UNKNOWN] += n
        branches[branch] += n
    known = sorted(key for key in periods if key[0] is not None)
    countries = sorted((c for c in places if c), key=lambda c: (-places[c], c))
    return {
        "total": sum(periods.values()),
        "by_period": {_period_key(key): periods[key] for key in known}
        | {UNKNOWN: periods[(None, None)]},
        "by_branch": {name: branches[pk] for pk, name in scope},
        "by_country_of_exploitation": {c: places[c] for c in countries}
        | {UNKNOWN: places[""] + places[None]},
        "by_exploitation_type": {code: by_type[code] for code in TYPE_CODES}
        | {UNKNOWN: by_type[UNKNOWN]},
        "by_gender": {code: genders[code] for code in GENDER_CODES} | {UNKNOWN: genders[UNKNOWN]},
        "by_age_group": {code: ages[code] for code in AGE_CODES} | {UNKNOWN: ages[UNKNOWN]},
    }


def _period_key(key):
    year_from, year_to = key
    return str(year_from) if year_from == year_to else f"{year_from}-{year_to}"
