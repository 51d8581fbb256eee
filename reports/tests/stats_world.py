"""A small organisation's records in two branches and three years, and the figures of
reports.statistics counted again here in plain Python, row by row, from the same records.

The tests compare compute() with expected(): two ways of counting that share no code. Names and
places are made up.
"""

import datetime
import statistics
from types import SimpleNamespace

from django.utils import timezone

from accounts.models import Branch
from accounts.tests.factories import UserFactory
from assistance.models import Service
from assistance.tests.factories import PlanFactory, ServiceFactory
from cases.htcds import ExploitationType, Gender
from cases.models import Case, Participant
from cases.tests.factories import CaseFactory, ParticipantFactory, PersonFactory
from intake.models import HelpRequest, Message
from intake.tests.factories import HelpRequestFactory, MessageFactory
from operations.models import Debrief, Operation, RescuedPerson
from operations.tests.factories import OperationFactory
from reports.models import AGE_GROUPS, ImportBatch, StatisticalRecord


def at(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)


def created(obj, when):
    """Back-date a row's created_at (auto_now_add ignores what factories pass)."""
    type(obj).objects.filter(pk=obj.pk).update(created_at=when)
    obj.refresh_from_db()
    return obj


def case(branch, when, **fields):
    return created(CaseFactory(branch=branch, **fields), when)


def victim(case, person=None, role=Participant.Role.VICTIM, **person_fields):
    if person is None:
        person = PersonFactory(branch=case.branch, **person_fields)
    return ParticipantFactory(case=case, person=person, role=role).person


def operation(branch, starts, *, status, ended=None, outcome=None, rescued=(), lead):
    extra = {"abort_reason": "The place was empty."} if status == Operation.Status.ABORTED else {}
    op = OperationFactory(
        branch=branch, starts_at=starts, status=status, ended_at=ended, lead=lead, **extra
    )
    if outcome:
        debrief = Debrief.objects.create(
            operation=op, outcome=outcome, summary="Everyone is safe.", recorded_by=lead
        )
        for person, in_case in rescued:
            RescuedPerson.objects.create(debrief=debrief, person=person, case=in_case)
    return op


def request(branch, when, *, reply_after=None, status=HelpRequest.Status.NEW, author, **fields):
    if status == HelpRequest.Status.CLOSED:
        fields.setdefault("closure_reason", HelpRequest.ClosureReason.DUPLICATE)
        fields.setdefault("closed_at", when + datetime.timedelta(days=1))
    help_request = created(HelpRequestFactory(branch=branch, status=status, **fields), when)
    if reply_after is not None:
        reply = MessageFactory(
            request=help_request, direction=Message.Direction.TO_WRITER, author=author
        )
        Message.objects.filter(pk=reply.pk).update(created_at=when + reply_after)
        # A later reply does not change the first contact.
        later = MessageFactory(
            request=help_request, direction=Message.Direction.TO_WRITER, author=author
        )
        Message.objects.filter(pk=later.pk).update(
            created_at=when + reply_after + datetime.timedelta(days=3)
        )
    return help_request


def records(branch, rows):
    batch = ImportBatch.objects.create(
        branch=branch,
        layout=ImportBatch.Layout.HTCDS,
        file_name=f"partner-{branch.pk}-{len(rows)}.csv",
        sha256=f"{branch.pk:064d}"[-64:],
    )
    StatisticalRecord.objects.bulk_create(
        StatisticalRecord(batch=batch, branch=branch, line=line, **row)
        for line, row in enumerate(rows, start=2)
    )


def build(moscow, harare):
    """Records that touch every figure, with people in several cases and branches, unknown
    values of every kind, and dates in 2024 and 2025 (imports go back to 2005)."""
    staff = UserFactory()
    hour = datetime.timedelta(hours=1)

    kiln = case(
        moscow,
        at(2025, 3, 10),
        exploitation_types=[ExploitationType.FORCED_LABOUR, ExploitationType.SEXUAL_EXPLOITATION],
        exploitation_country="RU",
        risk=Case.Risk.HIGH,
        status=Case.Status.EXITED,
    )
    old = case(
        moscow,
        at(2024, 6, 1),
        exploitation_types=[],
        exploitation_country="",
        status=Case.Status.CLOSED,
        outcome=Case.Outcome.EXITED,
        closed_at=at(2024, 9, 1),
    )
    market = case(
        harare,
        at(2025, 7, 1),
        exploitation_types=[ExploitationType.FORCED_BEGGING],
        exploitation_country="KZ",
        risk=Case.Risk.LOW,
        status=Case.Status.ASSISTANCE,
    )
    farm = case(
        moscow,
        at(2024, 11, 20),
        exploitation_types=[ExploitationType.FORCED_LABOUR],
        exploitation_country="TR",
        status=Case.Status.VERIFYING,
        risk=Case.Risk.CRITICAL,
    )

    # Anna: victim in an old closed case and again in 2025; counted once, by her earliest case.
    anna = victim(old, gender=Gender.FEMININE, birth_year=2000)
    victim(kiln, anna)
    # Boris: a minor with only an estimated age.
    boris = victim(kiln, gender=Gender.MASCULINE, birth_year=None, age_estimate=16)
    # Someone with nothing known about them.
    victim(market, gender=Gender.UNKNOWN, birth_year=None, age_estimate=None)
    # Dina: a victim in both branches.
    dina = victim(farm, gender=Gender.FEMININE, birth_year=1970)
    victim(market, dina)
    # Not victims: they never count as one.
    victim(kiln, role=Participant.Role.REPORTER, gender=Gender.MASCULINE)
    victim(farm, role=Participant.Role.SUSPECTED_EXPLOITER)

    operation(
        moscow,
        at(2025, 3, 5),
        status=Operation.Status.COMPLETED,
        ended=at(2025, 3, 6),
        outcome=Debrief.Outcome.SOME_OUT,
        rescued=[(anna, kiln), (boris, kiln)],
        lead=staff,
    )
    operation(
        harare,
        at(2025, 8, 1),
        status=Operation.Status.COMPLETED,
        ended=at(2025, 8, 2),
        outcome=Debrief.Outcome.ALL_OUT,
        rescued=[(dina, market)],
        lead=staff,
    )
    operation(
        moscow,
        at(2024, 12, 1),
        status=Operation.Status.COMPLETED,
        ended=at(2024, 12, 2),
        outcome=Debrief.Outcome.NOBODY_OUT,
        lead=staff,
    )
    operation(
        harare, at(2025, 5, 1), status=Operation.Status.ABORTED, ended=at(2025, 5, 1), lead=staff
    )
    operation(moscow, at(2024, 2, 1), status=Operation.Status.PLANNING, lead=staff)

    anna_plan = PlanFactory(case=kiln, person=anna)
    ServiceFactory(
        plan=anna_plan,
        kind=Service.Kind.MEDICAL,
        status=Service.Status.DONE,
        ended_on=datetime.date(2025, 4, 1),
    )
    ServiceFactory(
        plan=anna_plan,
        kind=Service.Kind.LEGAL,
        status=Service.Status.DONE,
        ended_on=datetime.date(2024, 12, 31),
    )
    ServiceFactory(plan=anna_plan, kind=Service.Kind.SHELTER, status=Service.Status.PLANNED)
    dina_plan = PlanFactory(case=market, person=dina)
    ServiceFactory(
        plan=dina_plan,
        kind=Service.Kind.RETURN_HOME,
        status=Service.Status.DONE,
        ended_on=datetime.date(2025, 9, 1),
    )
    ServiceFactory(plan=dina_plan, kind=Service.Kind.DOCUMENTS, status=Service.Status.DECLINED)

    request(moscow, at(2025, 2, 1), author=staff)
    request(
        moscow,
        at(2025, 3, 1),
        reply_after=5 * hour,
        status=HelpRequest.Status.ACCEPTED,
        case=kiln,
        author=staff,
    )
    request(
        moscow,
        at(2025, 3, 2),
        reply_after=30 * hour,
        status=HelpRequest.Status.IN_TRIAGE,
        author=staff,
    )
    request(
        harare,
        at(2025, 6, 1),
        reply_after=2 * hour,
        status=HelpRequest.Status.ACCEPTED,
        case=market,
        author=staff,
    )
    request(
        harare,
        at(2025, 6, 2),
        status=HelpRequest.Status.CLOSED,
        closure_reason=HelpRequest.ClosureReason.SPAM,
        author=staff,
    )
    # Not routed to a branch yet: counts only for the whole organisation.
    request(None, at(2025, 6, 3), reply_after=9 * hour, author=staff)
    request(moscow, at(2024, 5, 1), status=HelpRequest.Status.CLOSED, author=staff)

    records(
        moscow,
        [
            {
                "year_from": 2019,
                "year_to": 2019,
                "gender": Gender.FEMININE,
                "age_group": "18-20",
                "citizenship": "UA",
                "exploitation_place": "RU",
                "exploitation_types": [ExploitationType.FORCED_LABOUR],
            },
            {
                "year_from": 2005,
                "year_to": 2013,
                "gender": Gender.MASCULINE,
                "age_group": "",
                "exploitation_place": "UN:Europe",
                "exploitation_types": [],
            },
            {
                "gender": Gender.UNKNOWN,
                "age_group": "minor",
                "exploitation_types": [
                    ExploitationType.SEXUAL_EXPLOITATION,
                    ExploitationType.FORCED_LABOUR,
                ],
            },
        ],
    )
    records(
        harare,
        [
            {
                "year_from": 2025,
                "year_to": 2025,
                "gender": Gender.FEMININE,
                "age_group": "48+",
                "exploitation_place": "KZ",
                "exploitation_types": [ExploitationType.OTHER],
            }
        ],
    )
    return SimpleNamespace(staff=staff, kiln=kiln, market=market, farm=farm, old=old)


# The same figures, counted in Python.


def _day(moment):
    return timezone.localtime(moment).date()


def _within(day, date_from, date_to):
    return (date_from is None or day >= date_from) and (date_to is None or day <= date_to)


def _median_hours(waits):
    if not waits:
        return {"measured": 0, "median_hours": None}
    median = statistics.median(sorted(waits))
    return {"measured": len(waits), "median_hours": round(median.total_seconds() / 3600, 2)}


def _age_group(age):
    if age is None or age < 0:
        return "unknown"
    for low, high, code in [
        (0, 8, "0-8"),
        (9, 17, "9-17"),
        (18, 20, "18-20"),
        (21, 23, "21-23"),
        (24, 26, "24-26"),
        (27, 29, "27-29"),
        (30, 38, "30-38"),
        (39, 47, "39-47"),
    ]:
        if low <= age <= high:
            return code
    return "48+"


def _empty_breakdown(branch_names):
    return {
        "total": 0,
        "by_period": {"unknown": 0},
        "by_branch": dict.fromkeys(branch_names, 0),
        "by_country_of_exploitation": {"unknown": 0},
        "by_exploitation_type": {code: 0 for code, _label in ExploitationType.choices}
        | {"unknown": 0},
        "by_gender": {code: 0 for code, _label in Gender.choices if code != Gender.UNKNOWN}
        | {"unknown": 0},
        "by_age_group": {code: 0 for code, _label in AGE_GROUPS} | {"unknown": 0},
    }


def _count(breakdown, *, period, branch, country, types, gender, age_group):
    breakdown["total"] += 1
    for name, key in [
        ("by_period", period),
        ("by_branch", branch),
        ("by_country_of_exploitation", country or "unknown"),
        ("by_gender", "unknown" if gender in ("", Gender.UNKNOWN) else gender),
        ("by_age_group", age_group or "unknown"),
    ]:
        breakdown[name][key] = breakdown[name].get(key, 0) + 1
    for code in types or ["unknown"]:
        breakdown["by_exploitation_type"][code] += 1


def expected(branch_ids=None, date_from=None, date_to=None):
    """What compute(branch_ids, date_from=..., date_to=...) must answer, counted row by row."""

    def scoped(branch_id):
        return branch_ids is None or branch_id in branch_ids

    def in_period(moment):
        return _within(_day(moment), date_from, date_to)

    branches = Branch.objects.order_by("name")
    names = [b.name for b in branches if scoped(b.pk)]

    rescued = set()
    for rescue in RescuedPerson.objects.select_related("debrief__operation"):
        op = rescue.debrief.operation
        if scoped(op.branch_id) and in_period(op.ended_at):
            rescued.add(rescue.person_id)
    done = [
        service
        for service in Service.objects.select_related("plan__case")
        if service.status == Service.Status.DONE
        and scoped(service.plan.case.branch_id)
        and _within(service.ended_on, date_from, date_to)
    ]
    requests = [
        r
        for r in HelpRequest.objects.all()
        if (branch_ids is None or r.branch_id in branch_ids) and in_period(r.created_at)
    ]
    open_cases = [c for c in Case.objects.all() if scoped(c.branch_id) and c.status != "closed"]
    operations = [
        op
        for op in Operation.objects.select_related("debrief")
        if scoped(op.branch_id) and in_period(op.starts_at)
    ]

    first_replies = []
    exits = []
    for r in requests:
        replies = [m.created_at for m in r.messages.all() if m.direction == "to_writer"]
        if replies:
            first_replies.append(min(replies) - r.created_at)
        if r.case_id:
            ends = [
                rescue.debrief.operation.ended_at
                for rescue in RescuedPerson.objects.filter(case_id=r.case_id)
                if rescue.debrief.operation.status == "completed"
                and rescue.debrief.operation.ended_at >= r.created_at
            ]
            if ends:
                exits.append(min(ends) - r.created_at)

    own = _empty_breakdown(names)
    earliest = {}
    for participant in Participant.objects.select_related("case__branch", "person"):
        c = participant.case
        if participant.role != "victim" or not scoped(c.branch_id) or not in_period(c.created_at):
            continue
        mark = (c.created_at, c.pk)
        if participant.person_id not in earliest or mark < earliest[participant.person_id][0]:
            earliest[participant.person_id] = (mark, participant)
    for _mark, participant in earliest.values():
        c, person = participant.case, participant.person
        year = timezone.localtime(c.created_at).year
        age = year - person.birth_year if person.birth_year is not None else person.age_estimate
        _count(
            own,
            period=str(year),
            branch=c.branch.name,
            country=c.exploitation_country.code or "",
            types=c.exploitation_types,
            gender=person.gender,
            age_group=_age_group(age),
        )

    imported = _empty_breakdown(names)
    for record in StatisticalRecord.objects.select_related("branch"):
        if not scoped(record.branch_id):
            continue
        if date_from and (record.year_from is None or record.year_from < date_from.year):
            continue
        if date_to and (record.year_to is None or record.year_to > date_to.year):
            continue
        if record.year_from is None:
            period = "unknown"
        elif record.year_from == record.year_to:
            period = str(record.year_from)
        else:
            period = f"{record.year_from}-{record.year_to}"
        _count(
            imported,
            period=period,
            branch=record.branch.name,
            country=record.exploitation_place,
            types=record.exploitation_types,
            gender=record.gender,
            age_group=record.age_group,
        )

    combined = {"total": own["total"] + imported["total"]}
    for name, value in own.items():
        if name != "total":
            keys = {**value, **imported[name]}
            combined[name] = {k: value.get(k, 0) + imported[name].get(k, 0) for k in keys}

    return {
        "period": {
            "from": date_from.isoformat() if date_from else None,
            "to": date_to.isoformat() if date_to else None,
        },
        "branches": None if branch_ids is None else names,
        "rescued": len(rescued),
        "helped": len({service.plan.person_id for service in done}),
        "requests": {
            "received": len(requests),
            "by_status": {
                code: sum(r.status == code for r in requests)
                for code, _label in HelpRequest.Status.choices
            },
            "by_closure_reason": {
                code: sum(r.status == "closed" and r.closure_reason == code for r in requests)
                for code, _label in HelpRequest.ClosureReason.choices
            },
        },
        "open_cases": {
            "total": len(open_cases),
            "by_status": {
                code: sum(c.status == code for c in open_cases)
                for code, _label in Case.Status.choices
                if code != "closed"
            },
            "by_risk": {
                risk.name.lower(): sum(c.risk == risk for c in open_cases) for risk in Case.Risk
            },
        },
        "operations": {
            "total": len(operations),
            "by_status": {
                code: sum(op.status == code for op in operations)
                for code, _label in Operation.Status.choices
            },
            "by_outcome": {
                code: sum(
                    op.status == "completed"
                    and hasattr(op, "debrief")
                    and op.debrief.outcome == code
                    for op in operations
                )
                for code, _label in Debrief.Outcome.choices
            },
        },
        "services": {
            "delivered": len(done),
            "by_kind": {
                code: sum(s.kind == code for s in done) for code, _label in Service.Kind.choices
            },
        },
        "time_to_first_contact": _median_hours(first_replies),
        "time_to_exit": _median_hours(exits),
        "victims": {**combined, "own": own, "imported": imported},
    }
