"""`svoboda seed_bench --cases N`: a large organisation's years of work, synthetic, in bulk.

The same --seed gives the same rows, dated back from the day it runs. What is written, for N
cases (the shares are a guess at a large organisation ten years on, not anyone's figures):

- 1.3 N people with names in Cyrillic, Latin and Georgian letters and their name index
  (matching.bench.seed_people: the same generator the search benchmark uses), spread over six
  branches;
- N cases, opened evenly over ten years, most of them closed, each with one or two victims, one
  or two assigned workers, tasks and notes while open, and the audit entries their timeline is
  read from (opened, assigned, people added, status changes, closed), chained as audit.record()
  chains them;
- 1.15 N help requests: one per case it became (with the first reply to the writer), some
  closed without a case, and an open queue;
- N / 25 rescue operations of about three cases each, with the debrief of those completed and
  the people who left exploitation; assistance plans and services for a third of the victims;
- N anonymous statistical records (reports.bench) and the public site's articles (bench.articles).

On PostgreSQL everything goes through COPY (bench.bulk); a million cases load in minutes.
"""

import contextlib
import datetime
import random
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from accounts.roles import Role
from assistance.models import AssistancePlan, Service
from audit import chain
from audit.models import AuditEntry
from bench import bulk, users
from cases.htcds import ExploitationType, MeansOfControl, RecruitmentMethod
from cases.models import Assignment, Case, Note, Participant, Task
from intake.models import HelpRequest, Message
from operations.models import Debrief, Operation, RescuedPerson

CHUNK = 20_000
YEARS = 10
PEOPLE_PER_CASE = 1.3
CASEWORKERS_PER_BRANCH = 12
REQUESTS_WITHOUT_CASE = 0.15  # closed as spam, duplicate, not our mandate...
OPEN_QUEUE_SHARE = 0.005  # requests new or in triage, per case: 5,000 at a million
OPERATION_EVERY = 25
PLAN_SHARE = 0.35

# Status of a case by its age: old cases are closed, new ones still open.
OPEN_STATUSES = [
    (Case.Status.NEW, 3),
    (Case.Status.VERIFYING, 3),
    (Case.Status.RESCUE_PLANNED, 1),
    (Case.Status.EXITED, 2),
    (Case.Status.ASSISTANCE, 6),
]
OUTCOMES = [
    (Case.Outcome.EXITED_AND_SUPPORTED, 50),
    (Case.Outcome.EXITED, 15),
    (Case.Outcome.REFERRED, 10),
    (Case.Outcome.NOT_CONFIRMED, 10),
    (Case.Outcome.DECLINED, 5),
    (Case.Outcome.LOST_CONTACT, 10),
]
TITLES = [
    "Brick kiln, {n} workers",
    "Construction site, passports held",
    "Forced begging, railway station",
    "Domestic servitude",
    "Fishing boat crew",
    "Farm workers, unpaid",
    "Massage parlour",
    "Stranded abroad without documents",
    "Garment workshop",
    "Domestic violence, leaving safely",
]
SUMMARY = (
    "Synthetic case for the benchmark. The person called the hotline from a borrowed phone; "
    "the employer keeps the passports and pays nothing since the spring. "
)
DESCRIPTION = (
    "Synthetic request. My brother went to work on a construction site and they took his "
    "passport; he says they are not paid and cannot leave. He called from someone's phone. "
)
COUNTRIES = ["RU", "RU", "RU", "KZ", "TR", "AE", "IL", "ZW", "SS", "MN", "UZ", "TJ", "CN", "DE"]


class Load:
    """Seconds per step and rows written."""

    def __init__(self):
        self.seconds, self.counts = {}, {}

    @contextlib.contextmanager
    def step(self, name):
        started = time.perf_counter()
        yield
        self.seconds[name] = self.seconds.get(name, 0) + time.perf_counter() - started

    def add(self, name, count):
        self.counts[name] = self.counts.get(name, 0) + count

    def as_dict(self):
        return {
            "rows": dict(sorted(self.counts.items())),
            "seconds": {name: round(s, 1) for name, s in sorted(self.seconds.items())},
            "total_seconds": round(sum(self.seconds.values()), 1),
        }


def _uuid(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def seed(*, cases, seed_value=1, out=print):
    """Everything above for `cases` cases; returns the Load (rows and seconds per step)."""
    from matching import bench as people_bench
    from matching import names as name_keys

    rng = random.Random(seed_value)  # nosec B311 # noqa: S311 (seeded on purpose: the same data every run)
    load = Load()
    with load.step("setup"), transaction.atomic():
        branches = users.branches()
        staff = users.all_users()
        workers = {branch.pk: _caseworkers(branch) for branch in branches}
        pools = people_bench.name_pools(rng)
        name_keys.keys_of("иван")  # rigour's data loads on first use, not in a step below
    people = int(cases * PEOPLE_PER_CASE)
    out(f"Seeding {people:,} people...")
    in_cases = people_bench.seed_people(
        rng, pools, branches, people, load, out, shares=users.branch_shares(), in_cases_share=1.0
    )
    by_branch = {}
    for branch, person_id in in_cases:
        by_branch.setdefault(branch.pk, []).append(person_id)
    del in_cases
    out(f"Seeding {cases:,} cases with their requests, timeline, operations and services...")
    _Cases(rng, load, branches, by_branch, workers, staff).write(cases, out)
    with load.step("statistical_records"):
        from reports import bench as reports_bench

        reports_bench._seed_records(rng, branches, users.branch_shares(), cases, seed_value, out)
        load.add("statistical_records", cases)
    with load.step("articles"):
        from bench import articles

        for name, count in articles.seed_articles(scale=cases, rng=rng, out=out).items():
            load.add(name, count)
    with load.step("analyze"):
        _reset_sequences()
        bulk.analyze()
    out(f"Seeded in {sum(load.seconds.values()):.0f} s: {load.as_dict()}")
    return load


def _caseworkers(branch):
    """CASEWORKERS_PER_BRANCH case workers of `branch` (bench-caseworker-<branch>-<n>)."""
    from django.contrib.auth.models import Group

    from accounts.models import User

    group = Group.objects.get(name=Role.CASEWORKER.value)
    found = []
    for n in range(CASEWORKERS_PER_BRANCH):
        user, created = User.objects.get_or_create(
            email=f"bench-caseworker-{branch.pk}-{n}@example.invalid",
            defaults={"full_name": f"Case worker {n + 1} ({branch.name[7:]})"},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(group)
            user.branches.add(branch)
        found.append(user.pk)
    return found


def _reset_sequences():
    """Ids written explicitly (assistance plans, debriefs) must not be handed out again."""
    statements = connection.ops.sequence_reset_sql(no_style(), [AssistancePlan, Debrief])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


class _Chain:
    """Audit entries as audit.record() writes them, hash-chained in the order written."""

    FIELDS = [
        "created_at",
        "actor",
        "actor_label",
        "verb",
        "target_type",
        "target_id",
        "changes",
        "previous_hash",
        "entry_hash",
    ]

    def __init__(self):
        self.key = chain.chain_key()
        self.last = (
            AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first() or ""
        )
        self.case_type = ContentType.objects.get_for_model(Case)
        self.request_type = ContentType.objects.get_for_model(HelpRequest)
        self.labels = {}

    def entry(self, when, actor_id, actor_label, verb, content_type, target_id, changes):
        target_name = f"{content_type.app_label}.{content_type.model}"
        digest = chain.entry_digest(
            self.key,
            actor_id=actor_id,
            actor_label=actor_label,
            verb=verb,
            target_type=target_name,
            target_id=target_id,
            changes=changes,
            created_at=when,
            previous_hash=self.last,
        )
        row = (
            when,
            actor_id,
            actor_label,
            verb,
            content_type.pk,
            target_id,
            changes,
            self.last,
            digest,
        )
        self.last = digest
        return row


class _Cases:
    def __init__(self, rng, load, branches, people_by_branch, workers, staff):
        self.rng, self.load = rng, load
        self.branches = branches
        self.shares = users.branch_shares()
        self.people = people_by_branch
        self.everyone = [pk for pool in people_by_branch.values() for pk in pool]
        self.next_person = dict.fromkeys([*people_by_branch, None], 0)
        self.workers = workers
        self.coordinator = staff[Role.COORDINATOR]
        self.labels = {
            pk: email
            for pk, email in staff[Role.COORDINATOR]._meta.model.objects.values_list("pk", "email")
        }
        self.chain = _Chain()
        self.with_plan = set()
        self.now = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
        self.first_day = self.now - datetime.timedelta(days=365 * YEARS)
        self.next_debrief_id = (
            Debrief.objects.order_by("-id").values_list("id", flat=True).first() or 0
        ) + 1
        self.next_plan_id = (
            AssistancePlan.objects.order_by("-id").values_list("id", flat=True).first() or 0
        ) + 1

    def _take_people(self, branch_id, count):
        # A small seed can leave a branch without people of its own: it takes anyone's.
        pool = self.people.get(branch_id) or self.everyone
        taken = []
        for _ in range(count):
            key = branch_id if branch_id in self.people else None
            taken.append(pool[self.next_person[key] % len(pool)])
            self.next_person[key] += 1
        return list(dict.fromkeys(taken))

    def write(self, cases, out):
        rng = self.rng
        span = (self.now - self.first_day).total_seconds()
        # Opened evenly over the years, in order: the audit trail's ids follow its times.
        opened = sorted(rng.random() for _ in range(cases))
        queue = max(20, int(cases * OPEN_QUEUE_SHARE))
        for start in range(0, cases, CHUNK):
            rows = _Rows()
            with self.load.step("generate_cases"):
                for fraction in opened[start : start + CHUNK]:
                    self._case(rows, self.first_day + datetime.timedelta(seconds=fraction * span))
                # Requests closed without a case, and the open queue, among the chunk's.
                without_case = int(len(rows.cases) * REQUESTS_WITHOUT_CASE)
                open_here = queue * len(rows.cases) // cases
                for i in range(without_case + open_here):
                    self._request_without_case(rows, is_open=i < open_here)
            with self.load.step("write_cases"), transaction.atomic():
                for name, model, fields, values in rows.tables():
                    self.load.add(name, bulk.write(model, fields, values))
            out(f"  {min(start + CHUNK, cases):,} cases written.")

    def _case(self, rows, created):
        rng = self.rng
        branch = rng.choices(self.branches, weights=self.shares)[0]
        case_id = _uuid(rng)
        age_days = (self.now - created).days
        # Cases older than a year are closed; younger ones more often open the younger they are.
        is_open = age_days < 365 and rng.random() < 1 - age_days / 400
        status = _weighted(rng, OPEN_STATUSES) if is_open else Case.Status.CLOSED
        closed_at = None if is_open else created + datetime.timedelta(days=rng.randint(20, 300))
        if closed_at is not None and closed_at > self.now:
            closed_at = self.now
        outcome = "" if is_open else _weighted(rng, OUTCOMES).value
        workers = rng.sample(self.workers[branch.pk], rng.choice([1, 1, 2]))
        lead = workers[0]
        types = [_weighted(rng, [(t, w) for t, w in _TYPE_WEIGHTS])]
        rows.cases.append(
            (
                case_id,
                created,
                closed_at or created,
                rng.choice(TITLES).format(n=rng.randint(2, 40)),
                branch.pk,
                status.value if hasattr(status, "value") else status,
                outcome,
                closed_at,
                rng.choice([1, 2, 2, 2, 3, 3, 4]),
                SUMMARY * rng.randint(1, 4),
                types,
                rng.choice(COUNTRIES),
                "",
                [rng.choice(_MEANS)],
                [rng.choice(_RECRUITMENT)],
                "",
                self.coordinator.pk,
            )
        )
        people = self._take_people(branch.pk, rng.choice([1, 1, 1, 2, 2, 3]))
        for person_id in people:
            rows.participants.append((case_id, person_id, Participant.Role.VICTIM.value, created))
        for worker in workers:
            rows.assignments.append((case_id, worker, created))
        # The request the case came from, accepted into it.
        request_id = _uuid(rng)
        received = created - datetime.timedelta(hours=rng.randint(1, 72))
        rows.requests.append(self._request(request_id, received, branch.pk, case_id, lead))
        # The first reply to the writer (the dashboard's time to first contact).
        replied = received + datetime.timedelta(minutes=rng.randint(5, 60 * 48))
        rows.messages.append((request_id, "to_writer", _REPLY, lead, replied))
        self._timeline(
            rows,
            case_id,
            request_id,
            branch,
            created,
            received,
            status,
            closed_at,
            outcome,
            workers,
            people,
        )
        if is_open:
            for _ in range(rng.randint(1, 3)):
                due = (created + datetime.timedelta(days=rng.randint(1, 30))).date()
                rows.tasks.append(
                    (case_id, created, created, rng.choice(_TASKS), lead, due, None, lead)
                )
        if is_open or rng.random() < 0.3:
            for _ in range(rng.randint(1, 3)):
                rows.notes.append((case_id, created, created, _NOTE, rng.random() < 0.5, lead))
        if status == Case.Status.CLOSED and outcome == Case.Outcome.EXITED_AND_SUPPORTED:
            self._assistance(rows, case_id, people, created, lead)
        if rng.random() < 1 / OPERATION_EVERY * 3:
            rows.operation_cases.append((case_id, people))
            if len(rows.operation_cases) >= 3:
                self._operation(rows, branch, created, lead)

    def _request(
        self, request_id, received, branch_id, case_id, assignee, *, status=None, reason=""
    ):
        rng = self.rng
        status = status or HelpRequest.Status.ACCEPTED
        closed_at = received + datetime.timedelta(days=1) if status == "closed" else None
        return (
            request_id,
            received,
            received,
            rng.choice(["web", "web", "web", "phone", "messenger"]),
            rng.choice(["ru", "ru", "en"]),
            rng.choice(_WRITER_KINDS),
            [rng.choice(_SITUATIONS)],
            rng.choice(COUNTRIES),
            "",
            "",
            rng.choice(["", "since spring", "two years"]),
            rng.choice([None, 1, 2, 5, 12]),
            rng.choice(_DANGERS),
            False,
            "telegram",
            f"+7 900 {rng.randint(0, 1_999):07d}",  # a pool: each is encrypted once (bulk)
            "",
            False,
            DESCRIPTION * rng.randint(1, 3),
            status,
            rng.choice([1, 2, 3, 3, 3]),
            branch_id,
            assignee,
            None,
            received if status != HelpRequest.Status.NEW else None,
            case_id,
            reason,
            "",
            closed_at,
            None,
        )

    def _request_without_case(self, rows, *, is_open):
        rng = self.rng
        if is_open:
            # The queue: the last weeks' requests, new or being triaged.
            received = self.now - datetime.timedelta(minutes=rng.randint(5, 60 * 24 * 21))
            status = rng.choice([HelpRequest.Status.NEW, HelpRequest.Status.IN_TRIAGE])
            reason = ""
        else:
            received = self.first_day + datetime.timedelta(days=rng.randint(0, 365 * YEARS - 2))
            status = HelpRequest.Status.CLOSED
            reason = rng.choice(_CLOSURE_REASONS)
        branch = rng.choices(self.branches, weights=self.shares)[0]
        assignee = rng.choice(self.workers[branch.pk]) if status != "new" else None
        request_id = _uuid(rng)
        rows.requests.append(
            self._request(
                request_id, received, branch.pk, None, assignee, status=status, reason=reason
            )
        )
        rows.audit.append(
            self.chain.entry(
                received,
                None,
                "anonymous writer",
                "intake.request_submitted",
                self.chain.request_type,
                str(request_id),
                {},
            )
        )

    def _timeline(
        self,
        rows,
        case_id,
        request_id,
        branch,
        created,
        received,
        status,
        closed_at,
        outcome,
        workers,
        people,
    ):
        rng = self.rng
        chain_ = self.chain
        lead_label = self.labels.get(workers[0], "")
        coordinator = self.coordinator
        request = str(request_id)
        case = str(case_id)
        entries = [
            (
                received,
                None,
                "anonymous writer",
                "intake.request_submitted",
                chain_.request_type,
                request,
                {},
            ),
            (
                created,
                coordinator.pk,
                coordinator.email,
                "intake.request_accepted",
                chain_.request_type,
                request,
                {"case": case},
            ),
            (
                created,
                coordinator.pk,
                coordinator.email,
                "cases.case_opened",
                chain_.case_type,
                case,
                {"branch": branch.pk, "risk": 2},
            ),
        ]
        step = datetime.timedelta(minutes=1)
        for n, worker in enumerate(workers):
            entries.append(
                (
                    created + step * (n + 1),
                    coordinator.pk,
                    coordinator.email,
                    "cases.worker_assigned",
                    chain_.case_type,
                    case,
                    {"user": worker},
                )
            )
        for n, person_id in enumerate(people):
            entries.append(
                (
                    created + step * (5 + n),
                    workers[0],
                    lead_label,
                    "cases.person_added",
                    chain_.case_type,
                    case,
                    {"person": str(person_id), "role": "victim"},
                )
            )
        previous, when = "new", created
        path = ["verifying", "rescue_planned", "exited", "assistance"]
        target = path.index(status) + 1 if status in path else len(path)
        for new in path[:target]:
            when = when + datetime.timedelta(days=rng.randint(1, 20))
            if closed_at is not None and when > closed_at:
                break
            entries.append(
                (
                    when,
                    workers[0],
                    lead_label,
                    "cases.status_changed",
                    chain_.case_type,
                    case,
                    {"status": [previous, new]},
                )
            )
            previous = new
        if closed_at is not None:
            entries.append(
                (
                    closed_at,
                    coordinator.pk,
                    coordinator.email,
                    "cases.case_closed",
                    chain_.case_type,
                    case,
                    {"outcome": outcome},
                )
            )
        for entry in entries:
            rows.audit.append(chain_.entry(*entry))

    def _assistance(self, rows, case_id, people, created, lead):
        rng = self.rng
        for person_id in people:
            # One plan per survivor, whichever of their cases it came with.
            if rng.random() > PLAN_SHARE * 2 or person_id in self.with_plan:
                continue
            self.with_plan.add(person_id)
            plan_id = self.next_plan_id
            self.next_plan_id += 1
            rows.plans.append((plan_id, created, created, person_id, case_id, lead, None))
            for kind in rng.sample(_SERVICE_KINDS, rng.randint(1, 4)):
                started = created.date() + datetime.timedelta(days=rng.randint(0, 30))
                ended = started + datetime.timedelta(days=rng.randint(1, 120))
                rows.services.append(
                    (
                        created,
                        created,
                        plan_id,
                        kind,
                        Service.Status.DONE.value,
                        started,
                        ended,
                        None,
                        "",
                        "",
                    )
                )

    def _operation(self, rows, branch, created, lead):
        rng = self.rng
        operation_id = _uuid(rng)
        starts = created + datetime.timedelta(days=rng.randint(5, 40))
        done = starts < self.now
        rows.operations.append(
            (
                operation_id,
                created,
                created,
                f"Operation {rng.randint(100, 999)}",
                branch.pk,
                Operation.Status.COMPLETED.value if done else Operation.Status.PLANNING.value,
                rng.choice(COUNTRIES),
                "",
                "",
                "",
                starts,
                starts + datetime.timedelta(hours=rng.randint(2, 30)),
                lead,
                "Synthetic brief: the north road, two cars, meet at the fuel station.",
                self.coordinator.pk if done else None,
                created if done else None,
                starts if done else None,
                starts + datetime.timedelta(hours=5) if done else None,
                "",
                lead,
            )
        )
        rows.links.extend((operation_id, case_id) for case_id, _people in rows.operation_cases)
        if done:
            # The debrief: everyone of the operation's cases left exploitation (the dashboard's
            # "rescued" and "time to exit" are read from these rows).
            debrief_id = self.next_debrief_id
            self.next_debrief_id += 1
            ended = starts + datetime.timedelta(hours=5)
            rows.debriefs.append(
                (debrief_id, ended, ended, operation_id, "all_out", _DEBRIEF, "", "", lead)
            )
            rescued = {}
            for case_id, people in rows.operation_cases:
                for person_id in people:
                    rescued.setdefault(person_id, case_id)
            rows.rescued.extend(
                (debrief_id, person_id, case_id) for person_id, case_id in rescued.items()
            )
        rows.operation_cases = []


_TYPE_WEIGHTS = [
    (ExploitationType.FORCED_LABOUR.value, 45),
    (ExploitationType.SEXUAL_EXPLOITATION.value, 25),
    (ExploitationType.FORCED_BEGGING.value, 8),
    (ExploitationType.DOMESTIC_VIOLENCE.value, 10),
    (ExploitationType.FORCED_MARRIAGE.value, 4),
    (ExploitationType.OTHER.value, 8),
]
# Choices read once: an enum's .values builds a new list on every call.
_WRITER_KINDS = HelpRequest.WriterKind.values
_SITUATIONS = HelpRequest.Situation.values
_DANGERS = HelpRequest.Danger.values
_CLOSURE_REASONS = HelpRequest.ClosureReason.values
_MEANS = MeansOfControl.values
_RECRUITMENT = RecruitmentMethod.values
_SERVICE_KINDS = Service.Kind.values
_TASKS = [
    "Call back on the safe number",
    "Check the address",
    "Book the tickets home",
    "Ask the consulate about documents",
    "Find a shelter place",
]
_REPLY = "Synthetic reply: we read your message and will call on the safe number tomorrow."
_DEBRIEF = "Synthetic debrief: everyone left with the team; no incidents on the road."
_NOTE = "Synthetic note: spoke on the safe number; she is ready to leave on Friday."


class _Rows:
    """The rows of one chunk, per table, in the order they must be written."""

    def __init__(self):
        self.cases, self.participants, self.assignments = [], [], []
        self.tasks, self.notes, self.requests, self.audit = [], [], [], []
        self.plans, self.services, self.operations, self.links = [], [], [], []
        self.messages, self.debriefs, self.rescued = [], [], []
        self.operation_cases = []

    def tables(self):
        return [
            ("cases", Case, CASE_FIELDS, self.cases),
            (
                "participants",
                Participant,
                ["case", "person", "role", "added_at"],
                self.participants,
            ),
            ("assignments", Assignment, ["case", "user", "assigned_at"], self.assignments),
            (
                "tasks",
                Task,
                [
                    "case",
                    "created_at",
                    "updated_at",
                    "title",
                    "owner",
                    "due_on",
                    "done_at",
                    "created_by",
                ],
                self.tasks,
            ),
            (
                "notes",
                Note,
                ["case", "created_at", "updated_at", "body", "is_sensitive", "author"],
                self.notes,
            ),
            ("help_requests", HelpRequest, REQUEST_FIELDS, self.requests),
            ("audit_entries", AuditEntry, _Chain.FIELDS, self.audit),
            (
                "assistance_plans",
                AssistancePlan,
                [
                    "id",
                    "created_at",
                    "updated_at",
                    "person",
                    "case",
                    "opened_by",
                    "returned_home_on",
                ],
                self.plans,
            ),
            (
                "services",
                Service,
                [
                    "created_at",
                    "updated_at",
                    "plan",
                    "kind",
                    "status",
                    "started_on",
                    "ended_on",
                    "cost",
                    "currency",
                    "notes",
                ],
                self.services,
            ),
            ("operations", Operation, OPERATION_FIELDS, self.operations),
            ("operation_cases", Operation.cases.through, ["operation", "case"], self.links),
            (
                "debriefs",
                Debrief,
                [
                    "id",
                    "created_at",
                    "updated_at",
                    "operation",
                    "outcome",
                    "summary",
                    "incidents",
                    "media_links",
                    "recorded_by",
                ],
                self.debriefs,
            ),
            ("rescued_people", RescuedPerson, ["debrief", "person", "case"], self.rescued),
            (
                "messages",
                Message,
                ["request", "direction", "body", "author", "created_at"],
                self.messages,
            ),
        ]


CASE_FIELDS = [
    "id",
    "created_at",
    "updated_at",
    "title",
    "branch",
    "status",
    "outcome",
    "closed_at",
    "risk",
    "summary",
    "exploitation_types",
    "exploitation_country",
    "exploitation_place",
    "means_of_control",
    "recruitment_methods",
    "recruitment_details",
    "created_by",
]
REQUEST_FIELDS = [
    "id",
    "created_at",
    "updated_at",
    "channel",
    "language",
    "writer_kind",
    "situations",
    "country",
    "city",
    "place",
    "since_when",
    "people_count",
    "danger",
    "no_contact",
    "contact_channel",
    "contact_handle",
    "safe_times",
    "write_only",
    "description",
    "status",
    "urgency",
    "branch",
    "assignee",
    "recorded_by",
    "read_at",
    "case",
    "closure_reason",
    "closure_note",
    "closed_at",
    "submission_token",
]
OPERATION_FIELDS = [
    "id",
    "created_at",
    "updated_at",
    "title",
    "branch",
    "status",
    "country",
    "region",
    "city",
    "address",
    "starts_at",
    "ends_at",
    "lead",
    "brief",
    "approved_by",
    "approved_at",
    "started_at",
    "ended_at",
    "abort_reason",
    "created_by",
]
