"""The organisation's figures, counted in the database. One function, compute(), answers for the
dashboard (/workspace/reports/), `svoboda stats --json`, and later the exports and the public
impact page, so that they can never disagree.

compute(branches, date_from=..., date_to=...) returns a plain dict of numbers, ready for JSON.
Every figure is an aggregate query (COUNT with GROUP BY, or conditional COUNT and SUM): no row
about a person ever leaves the database, and the number of queries does not grow with the
records. `svoboda bench_reports` measures it with a million records; README.md ("Performance of
the reports") has the figures.

Scope. `branches` is None for the whole organisation, or the branches to count (Branch objects
or ids). Each figure belongs to a branch through: the request's branch (requests not routed to
any branch count only for the whole organisation), the case's branch (cases, victims), the
operation's branch (operations, rescued), the branch of the case in which the survivor's
assistance plan was opened (services, helped), the import's branch (imported records).

Period. `date_from` and `date_to` (datetime.date, inclusive, both optional) select by:
- rescued: the day the operation ended (operations.queries.rescued_people);
- helped and services: the day a done service ended (assistance.queries.helped_people);
- requests and both waiting times: the day the request arrived;
- operations: the planned start (`starts_at`), as the operations list filters them;
- own victims: the day their case was opened;
- imported records: their registration year(s), which must lie within the years of the period
  (a record banded "2005-2013" counts only for periods covering all those years; a record with
  no year counts only when no period is given);
- open cases are a snapshot of now, whatever the period.

Keys of the result (stable; a breakdown lists every known code, zeros included, and
"unknown" for missing values, which are never dropped):

- period: {from, to} as ISO dates or null; branches: branch names, or null for all.
- rescued: people rescued (operations.queries.rescued_people: linked in a completed
  operation's debrief as having left exploitation), each person once.
- helped: people helped (assistance.queries.helped_people: at least one service done).
- requests: {received, by_status: {new, in_triage, accepted, closed},
  by_closure_reason: {duplicate, not_our_mandate, spam, no_contact}}.
- open_cases: {total, by_status: {new, verifying, rescue_planned, exited, assistance},
  by_risk: {low, medium, high, critical}}.
- operations: {total, by_status: {planning, ready, in_progress, completed, aborted},
  by_outcome: {all_out, some_out, nobody_out}} (by_outcome: the completed ones' debriefs).
- services: {delivered, by_kind: {return_home, shelter, documents, ...}}: done services.
- time_to_first_contact: {measured, median_hours}: from a request's arrival to the first reply
  written to the writer in its thread. A reply is the first contact the writer experiences
  (reading the request, `read_at`, is internal); requests without a reply are not measured.
- time_to_exit: {measured, median_hours}: from a request's arrival to the end of the first
  completed operation whose debrief records someone of the request's case as having left
  exploitation (the same records that define "rescued"), if it ended after the request.
  Medians, not means: one request that waited months would swamp a mean. null when nothing was
  measured.
- victims: {total, by_period, by_branch, by_country_of_exploitation, by_exploitation_type,
  by_gender, by_age_group, own: {...the same...}, imported: {...the same...}}.
  `own` are Svoboda's own victims: people with the role "victim" in a case, each person once,
  described by their earliest victim case in scope (branch, country and types of exploitation,
  year opened) and their age when it was opened (year opened minus year of birth, else the
  estimated age), banded as reports.models.AGE_GROUPS. `imported` are the anonymous
  StatisticalRecord rows loaded from partners' files, counted as stored. The top level adds the
  two. by_period keys are years ("2024") or bands of years ("2005-2013"); countries are ISO
  codes or UN regions ("UN:Europe"); genders are HTCDS prs_Gender codes; exploitation types are
  HTCDS codes, counted once per type a victim has (a victim with two types counts in both, so
  that breakdown may add up to more than the total); by_branch keys are branch names.
"""

import datetime
from collections import Counter

from django.db.models import Case as Choose
from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Sum,
    When,
)
from django.db.models.functions import ExtractYear

from accounts.models import Branch
from assistance.models import Service
from cases.htcds import ExploitationType, Gender
from cases.models import Case, Participant
from intake.models import HelpRequest, Message
from operations.models import Debrief, Operation
from operations.queries import rescue_records
from reports.models import AGE_BANDS, AGE_GROUPS, StatisticalRecord
from svoboda.model_fields import has_choice

UNKNOWN = "unknown"


BREAKDOWNS = [
    "by_period",
    "by_branch",
    "by_country_of_exploitation",
    "by_exploitation_type",
    "by_gender",
    "by_age_group",
]


def compute(branches=None, *, date_from=None, date_to=None):
    """Every figure for `branches` (None: the whole organisation) and the period, as a dict.

    See the module docstring for what each key counts."""
    branch_ids = None if branches is None else [getattr(b, "pk", b) for b in branches]
    in_scope = Branch.objects.order_by("name", "pk")
    if branch_ids is not None:
        in_scope = in_scope.filter(pk__in=branch_ids)
    scope_branches = list(in_scope.values_list("pk", "name"))
    period = _Period(date_from, date_to)
    requests = HelpRequest.objects.filter(_within(branch_ids, "branch") & period.days("created_at"))
    own = _own_victims(branch_ids, period, scope_branches)
    imported = _imported_victims(branch_ids, period, scope_branches)
    return {
        "period": {
            "from": date_from.isoformat() if date_from else None,
            "to": date_to.isoformat() if date_to else None,
        },
        "branches": None if branch_ids is None else [name for _pk, name in scope_branches],
        "rescued": _rescued(branch_ids, period),
        "helped": _helped(branch_ids, period),
        "requests": _requests(requests),
        "open_cases": _open_cases(branch_ids),
        "operations": _operations(branch_ids, period),
        "services": _services(branch_ids, period),
        "time_to_first_contact": _median_hours(_waits_for_first_reply(requests)),
        "time_to_exit": _median_hours(_waits_for_exit(requests)),
        "victims": {**_added(own, imported), "own": own, "imported": imported},
    }


class _Period:
    def __init__(self, date_from, date_to):
        self.date_from, self.date_to = date_from, date_to

    def days(self, field, *, is_date=False):
        """A filter on a date or date-time field, in the current time zone, both ends inclusive."""
        lookup = field if is_date else f"{field}__date"
        condition = Q()
        if self.date_from:
            condition &= Q(**{f"{lookup}__gte": self.date_from})
        if self.date_to:
            condition &= Q(**{f"{lookup}__lte": self.date_to})
        return condition

    def years(self):
        """Imported records: their registration years lie within the period's years."""
        condition = Q()
        if self.date_from:
            condition &= Q(year_from__gte=self.date_from.year)
        if self.date_to:
            condition &= Q(year_to__lte=self.date_to.year)
        return condition


def _within(branch_ids, field):
    return Q() if branch_ids is None else Q(**{f"{field}__in": branch_ids})


def _counts(queryset, *, column="pk", **conditions):
    """One aggregate query with a conditional COUNT(column) per named condition; `column` must
    never be null. Counting a column of an index that also holds the conditions' columns lets
    PostgreSQL answer from the index alone."""
    return queryset.order_by().aggregate(
        **{name: Count(column, filter=condition) for name, condition in conditions.items()}
    )


def _by_code(prefix, choices, counts):
    return {code: counts[f"{prefix}{code}"] for code, _label in choices}


# Headline figures.


def _rescued(branch_ids, period):
    # The distinct people of the rescue records (operations.queries.rescued_people's
    # definition), counted from those rows alone: the people's table is not read, which took
    # 36 ms instead of 5 with 130,000 people (bench/README.md, figure 2). A person rescued in
    # several branches of the scope counts once.
    rescues = rescue_records(
        branches=branch_ids, completed_from=period.date_from, completed_to=period.date_to
    )
    return rescues.order_by().aggregate(n=Count("person", distinct=True))["n"]


def _helped(branch_ids, period):
    # People with a done service (assistance.queries.helped_people), counted as the distinct
    # plans of the done services: a plan is one person's (AssistancePlan.person is unique), so
    # neither the people nor the plans are read for the whole organisation. Semi-joining every
    # person to the services took 602 ms instead of 218 with 130,000 people (bench/README.md,
    # figure 2).
    # COUNT(DISTINCT ...), not COUNT over SELECT DISTINCT: PostgreSQL counts it as it scans
    # instead of hashing every plan first (26 ms -> 16 ms with 130,000 services).
    return _done_services(branch_ids, period).aggregate(n=Count("plan", distinct=True))["n"]


def _requests(requests):
    statuses, reasons = HelpRequest.Status.choices, HelpRequest.ClosureReason.choices
    counts = _counts(
        requests,
        received=Q(),
        **{f"s_{code}": Q(status=code) for code, _label in statuses},
        **{f"r_{code}": Q(status="closed", closure_reason=code) for code, _label in reasons},
    )
    return {
        "received": counts["received"],
        "by_status": _by_code("s_", statuses, counts),
        "by_closure_reason": _by_code("r_", reasons, counts),
    }


def _open_cases(branch_ids):
    statuses = [(code, label) for code, label in Case.Status.choices if code != Case.Status.CLOSED]
    cases = Case.objects.filter(_within(branch_ids, "branch")).exclude(status=Case.Status.CLOSED)
    # COUNT(status), not COUNT(id): the case list's index (branch, status, risk, opened) holds
    # every column read, so PostgreSQL does not touch the table: 25 ms -> 8 ms with 100,000
    # cases, 410 ms -> 52 ms with a million (bench/README.md, figure 2).
    counts = _counts(
        cases,
        column="status",
        total=Q(),
        **{f"s_{code}": Q(status=code) for code, _label in statuses},
        **{f"r_{risk.name.lower()}": Q(risk=risk.value) for risk in Case.Risk},
    )
    return {
        "total": counts["total"],
        "by_status": _by_code("s_", statuses, counts),
        "by_risk": {risk.name.lower(): counts[f"r_{risk.name.lower()}"] for risk in Case.Risk},
    }


def _operations(branch_ids, period):
    statuses, outcomes = Operation.Status.choices, Debrief.Outcome.choices
    operations = Operation.objects.filter(_within(branch_ids, "branch") & period.days("starts_at"))
    counts = _counts(
        operations,
        total=Q(),
        **{f"s_{code}": Q(status=code) for code, _label in statuses},
        **{
            f"o_{code}": Q(status=Operation.Status.COMPLETED, debrief__outcome=code)
            for code, _label in outcomes
        },
    )
    return {
        "total": counts["total"],
        "by_status": _by_code("s_", statuses, counts),
        "by_outcome": _by_code("o_", outcomes, counts),
    }


def _done_services(branch_ids, period):
    """Services done in the scope (the branch of the plan's case) that ended within the period."""
    return Service.objects.filter(
        Q(status=Service.Status.DONE)
        & _within(branch_ids, "plan__case__branch")
        & period.days("ended_on", is_date=True)
    ).order_by()


def _services(branch_ids, period):
    kinds = Service.Kind.choices
    counts = _counts(
        _done_services(branch_ids, period),
        delivered=Q(),
        **{f"k_{code}": Q(kind=code) for code, _label in kinds},
    )
    return {"delivered": counts["delivered"], "by_kind": _by_code("k_", kinds, counts)}


# Waiting times.


def _waits_for_first_reply(requests):
    # The requests joined to their replies and grouped, MIN(reply time) per request: one hash
    # join, where a subquery per request probed the messages once per request (3.1 s against
    # 0.3 s with 115,000 requests; bench/README.md, figure 2). The filter comes before the
    # annotation, so MIN reads only the replies, and requests without one drop out.
    return requests.filter(messages__direction=Message.Direction.TO_WRITER).annotate(
        reached_at=Min("messages__created_at")
    )


def _waits_for_exit(requests):
    # Grouped like _waits_for_first_reply: the end of the earliest completed operation that
    # records someone of the request's case as rescued, ending after the request arrived. Both
    # conditions are in one filter() so that they hold for the same rescue row.
    ended = "case__rescues__debrief__operation__ended_at"
    return requests.filter(
        case__rescues__debrief__operation__status=Operation.Status.COMPLETED,
        **{f"{ended}__gte": F("created_at")},
    ).annotate(reached_at=Min(ended))


def _median_hours(requests):
    """The median of reached_at - created_at over the requests that have one: a count, then the
    one or two middle values read by position, so the database sorts and nothing else is read."""
    waits = (
        requests.filter(reached_at__isnull=False)
        .annotate(
            wait=ExpressionWrapper(F("reached_at") - F("created_at"), output_field=DurationField())
        )
        .order_by("wait", "pk")
    )
    measured = waits.count()
    if not measured:
        return {"measured": 0, "median_hours": None}
    middle = list(waits.values_list("wait", flat=True)[(measured - 1) // 2 : measured // 2 + 1])
    median = sum(middle, datetime.timedelta()) / len(middle)
    return {"measured": measured, "median_hours": round(median.total_seconds() / 3600, 2)}


# Victims.
#
# GROUP BY queries: one by period, one by country, one by gender, age group and branch together
# (_grouped_together), and one by combination of types, added up per type (_coded_counts).

TYPE_CODES = [code for code, _label in ExploitationType.choices]
GENDER_CODES = [code for code, _label in Gender.choices if code != Gender.UNKNOWN]
AGE_CODES = [code for code, _label in AGE_GROUPS]


def _own_victims(branch_ids, period, scope_branches):
    in_scope = Participant.objects.filter(
        Q(role=Participant.Role.VICTIM)
        & _within(branch_ids, "case__branch")
        & period.days("case__created_at")
    )
    # Each person once: the row of their earliest victim case within the scope (by opening
    # time, then case id), i.e. the row with no earlier one. Written as NOT EXISTS, the database
    # answers with one anti-join instead of a subquery per row: several times faster (README,
    # "Performance of the reports").
    opened_at = OuterRef("case__created_at")
    earlier = in_scope.filter(
        Q(case__created_at__lt=opened_at)
        | Q(case__created_at=opened_at, case_id__lt=OuterRef("case_id")),
        person=OuterRef("person"),
    )
    opened = ExtractYear("case__created_at")
    victims = (
        in_scope.filter(~Exists(earlier))
        .order_by()
        .annotate(
            year=opened,
            age=Choose(
                When(person__birth_year__isnull=False, then=opened - F("person__birth_year")),
                default=F("person__age_estimate"),
                output_field=IntegerField(),
            ),
        )
    )
    coded, by_period, by_country = _own_victims_counted(victims, scope_branches)
    return _breakdown(
        coded, by_period=by_period, by_country=by_country, scope_branches=scope_branches
    )


def _own_victims_counted(victims, scope_branches):
    """(coded counts, by_period, by_country) of the victims from ONE query.

    Finding each person's earliest victim case is the expensive part (an anti-join over the
    victims' cases); grouping the result four ways ran it four times. Here it runs once: the
    rows are grouped by year and country (a few hundred groups), and every other breakdown is a
    conditional COUNT per code, added up over the groups here. With 100,000 cases this is
    2.7 s -> 1.0 s (bench/README.md, figure 2)."""
    conditions = {"t_unknown": Q(case__exploitation_types="")}
    conditions |= {
        f"t{i}": has_choice("case__exploitation_types", code) for i, code in enumerate(TYPE_CODES)
    }
    conditions |= {f"g{i}": Q(person__gender=code) for i, code in enumerate(GENDER_CODES)}
    conditions["g_unknown"] = Q(person__gender__in=[Gender.UNKNOWN, ""])
    # The bands are disjoint; an age in none of them (none known, or a birth year after the
    # case) is unknown: the total less the banded.
    for i, (low, high, _code) in enumerate(AGE_BANDS):
        conditions[f"a{i}"] = Q(age__gte=low) if high is None else Q(age__gte=low, age__lte=high)
    conditions |= {f"b{pk}": Q(case__branch=pk) for pk, _name in scope_branches}
    rows = victims.values("year", "case__exploitation_country").annotate(
        n=Count("pk"),
        **{name: Count("pk", filter=condition) for name, condition in conditions.items()},
    )
    totals, years, countries = Counter(), Counter(), Counter()
    for row in rows:
        years[(row["year"], row["year"])] += row["n"]
        countries[row["case__exploitation_country"]] += row["n"]
        totals.update({name: row[name] for name in ("n", *conditions)})
    banded = {code: totals[f"a{i}"] for i, (_low, _high, code) in enumerate(AGE_BANDS)}
    coded = {
        "total": totals["n"],
        "by_branch": {name: totals[f"b{pk}"] for pk, name in scope_branches},
        "by_exploitation_type": {code: totals[f"t{i}"] for i, code in enumerate(TYPE_CODES)}
        | {UNKNOWN: totals["t_unknown"]},
        "by_gender": {code: totals[f"g{i}"] for i, code in enumerate(GENDER_CODES)}
        | {UNKNOWN: totals["g_unknown"]},
        "by_age_group": {code: banded.get(code, 0) for code in AGE_CODES}
        | {UNKNOWN: totals["n"] - sum(banded.values())},
    }
    # A case always has an opening day, so an own victim's year is never unknown.
    return coded, dict(years), dict(countries)


def _imported_victims(branch_ids, period, scope_branches):
    records = StatisticalRecord.objects.filter(_within(branch_ids, "branch") & period.years())
    periods = dict(
        ((row["year_from"], row["year_to"]), row["n"])
        for row in records.order_by().values("year_from", "year_to").annotate(n=Count("pk"))
    )
    known = {key: n for key, n in periods.items() if key[0] is not None}
    return _breakdown(
        _coded_counts(
            records,
            types="exploitation_types",
            gender="gender",
            age_group="age_group",
            branch="branch",
            scope_branches=scope_branches,
        ),
        by_period=known | {None: periods.get((None, None), 0)},
        by_country=_grouped(records, "exploitation_place"),
        scope_branches=scope_branches,
    )


def _grouped(queryset, field):
    rows = queryset.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n")
    return dict(rows)


def _grouped_together(queryset, *fields):
    """Counts by each field, from one GROUP BY over all of them: the rows are read once instead
    of once per field (half the time of three queries with a million records), and the groups,
    at most genders x age groups x branches, are added up here."""
    totals = [Counter() for _field in fields]
    rows = queryset.order_by().values(*fields).annotate(n=Count("pk")).values_list(*fields, "n")
    for *keys, n in rows:
        for total, key in zip(totals, keys, strict=True):
            total[key] += n
    return totals


def _coded_counts(queryset, *, types, gender, age_group, branch, scope_branches):
    """The total and the breakdowns by type, gender, age group and branch."""
    # Types are several per victim, stored together (" ForcedLabour SexualExploitation "): the
    # database groups the victims by their combination of types (a handful of combinations),
    # then one conditional SUM per type adds up the combinations that include it. A victim
    # counts once for each type they have. LIKE runs on the combinations, not on every row.
    combinations = queryset.order_by().values(types).annotate(n=Count("pk"))
    conditions = {"total": Q(), "t_unknown": Q(**{types: ""})}
    conditions |= {f"t{i}": has_choice(types, code) for i, code in enumerate(TYPE_CODES)}
    counts = {
        name: total or 0
        for name, total in combinations.aggregate(
            **{name: Sum("n", filter=condition) for name, condition in conditions.items()}
        ).items()
    }
    genders, ages, branches = _grouped_together(queryset, gender, age_group, branch)
    return {
        "total": counts["total"],
        "by_branch": {name: branches.get(pk, 0) for pk, name in scope_branches},
        "by_exploitation_type": {code: counts[f"t{i}"] for i, code in enumerate(TYPE_CODES)}
        | {UNKNOWN: counts["t_unknown"]},
        "by_gender": {code: genders.get(code, 0) for code in GENDER_CODES}
        | {UNKNOWN: genders.get(Gender.UNKNOWN, 0) + genders.get("", 0)},
        "by_age_group": {code: ages.get(code, 0) for code in AGE_CODES}
        | {UNKNOWN: ages.get("", 0) + ages.get(None, 0)},
    }


def _breakdown(coded, *, by_period, by_country, scope_branches):
    """The same shape for own and imported victims: every known code, then "unknown"."""
    periods = sorted(key for key in by_period if key is not None)
    countries = sorted((code for code in by_country if code), key=lambda c: (-by_country[c], c))
    return {
        "total": coded["total"],
        "by_period": {_period_key(key): by_period[key] for key in periods}
        | {UNKNOWN: by_period.get(None, 0)},
        "by_branch": coded["by_branch"],
        "by_country_of_exploitation": {code: by_country[code] for code in countries}
        | {UNKNOWN: by_country.get("", 0) + by_country.get(None, 0)},
        "by_exploitation_type": coded["by_exploitation_type"],
        "by_gender": coded["by_gender"],
        "by_age_group": coded["by_age_group"],
    }


def _period_key(key):
    year_from, year_to = key
    return str(year_from) if year_from == year_to else f"{year_from}-{year_to}"


def _added(first, second):
    """Two breakdowns of the same shape, added key by key (keys of either, in order)."""
    result = {"total": first["total"] + second["total"]}
    for name in BREAKDOWNS:
        a, b = first[name], second[name]
        merged = {key: a.get(key, 0) + b.get(key, 0) for key in {**a, **b} if key != UNKNOWN}
        if name == "by_period":
            merged = dict(sorted(merged.items(), key=lambda item: _period_sort(item[0])))
        elif name == "by_country_of_exploitation":
            merged = dict(sorted(merged.items(), key=lambda item: (-item[1], item[0])))
        if UNKNOWN in a or UNKNOWN in b:  # a branch is never unknown
            merged[UNKNOWN] = a.get(UNKNOWN, 0) + b.get(UNKNOWN, 0)
        result[name] = merged
    return result


def _period_sort(key):
    start, _dash, end = key.partition("-")
    return (int(start), int(end or start))
