"""Figure 1: workspace lists through the full Django stack, beside the same rows by SQL.

A coordinator of the main branch (a third of everything) reads each page through the test
client: middleware, session, permission checks, need-to-know queries, the audit entry of a case
view, templates. The floor fetches the rows the page shows with hand-written SQL on the same
connection, knowing already what the page has to work out (the user's branches, the matching
name words). Probes cycle through several requests, people and cases so that no single row is
always hot in a cache.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from accounts.roles import Role
from bench import users
from bench.figures import Timings, latency
from bench.harness import BenchRefused
from cases.models import Case, Person
from matching.search import matching_forms, parse

PROBES = 10
# p95 under 100 ms at a million cases, and under three times the floor (issue 11).
TARGETS = {"target_value": 100.0, "target_ratio": 3.0}


def measure(context):
    coordinator = users.user(Role.COORDINATOR)
    branch = users.main_branch()
    client = users.signed_in_client(coordinator)
    branch_ids = list(coordinator.branches.values_list("pk", flat=True))
    figures = []
    # The test client's host name; secure: production settings redirect plain HTTP to HTTPS.
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for key, label, page, floor in _scenarios(client, coordinator, branch, branch_ids):
            context.out(f"  {label}")
            queries = _query_count(page)
            figure = latency(
                f"lists.{key}",
                label,
                Timings.of(page, repeat=context.repeat),
                Timings.of(floor, repeat=context.repeat),
                # The baseline is there to read the others by, not a list with a target.
                **({} if key == "stack_baseline" else TARGETS),
            )
            figure.details["queries"] = queries
            figures.append(figure)
    return figures


def _cycle(items):
    state = {"i": 0}

    def following():
        item = items[state["i"] % len(items)]
        state["i"] += 1
        return item

    return following


def _get(client, url, params=None):
    def run():
        response = client.get(url, params or {}, secure=True)
        if response.status_code != 200:
            raise BenchRefused(f"{url} answered {response.status_code}.")
        return response

    return run


def _query_count(run):
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured.captured_queries)


def _in(values):
    """A parameter list for IN (...) on every database."""
    return "(" + ", ".join(["%s"] * len(values)) + ")", list(values)


def _fetch(sql, params):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def _fetch_all(*statements):
    runs = [_fetch(sql, params) for sql, params in statements]

    def run():
        for one in runs:
            one()

    return run


def _scenarios(client, user, branch, branch_ids):
    # What every workspace page costs before its own rows: middleware, session, the second
    # factor, permissions, the page frame and navigation. The floor is one trivial query.
    yield (
        "stack_baseline",
        "Baseline: the empty search page (the cost of any workspace page)",
        _get(client, reverse("workspace:search")),
        _fetch("SELECT 1", []),
    )
    in_branches, branch_params = _in(branch_ids)
    yield (
        "requests_queue",
        "Requests queue (open requests, first page of 50)",
        _get(client, reverse("intake:request-list")),
        _fetch(
            f"""SELECT r.id, r.created_at, r.channel, r.language, r.situations, r.country,
                r.city, r.status, r.urgency, r.danger, b.name, u.full_name, r.case_id
            FROM intake_helprequest r
            LEFT JOIN accounts_branch b ON b.id = r.branch_id
            LEFT JOIN accounts_user u ON u.id = r.assignee_id
            WHERE r.status IN ('new', 'in_triage')
              AND (r.branch_id IN {in_branches} OR r.branch_id IS NULL
                   OR r.assignee_id = %s OR r.recorded_by_id = %s)
            ORDER BY CASE r.status WHEN 'new' THEN 0 ELSE 1 END, r.urgency, r.created_at DESC
            LIMIT 50""",  # nosec B608 # noqa: S608 (only placeholders are formatted in)
            [*branch_params, user.pk, user.pk],
        ),
    )
    for status in (Case.Status.ASSISTANCE, Case.Status.CLOSED):
        yield (
            f"cases_{status}",
            f"Cases of one branch with status {status} (first page of 25)",
            _get(client, reverse("cases:case-list"), {"branch": branch.pk, "status": status}),
            _cases_floor(branch.pk, status),
        )
    probes = _name_probes(branch)
    next_name = _cycle(probes)
    yield (
        "people_search",
        "People search by name (given and family name, first page of 25)",
        lambda: _get(client, reverse("people:person-list"), {"q": next_name()})(),
        _people_floor(probes, branch),
    )
    # Cases in assistance: open, with a timeline of several steps. A small seed may have none.
    in_branch = Case.objects.filter(branch=branch).order_by("pk").values_list("pk", flat=True)
    cases = list(in_branch.filter(status=Case.Status.ASSISTANCE)[:PROBES]) or list(
        in_branch[:PROBES]
    )
    if not cases:
        raise BenchRefused("No case in the main branch: run seed_bench first.")
    next_case = _cycle(cases)
    yield (
        "case_page",
        "A case page with its timeline (a coordinator's view, audited)",
        lambda: _get(client, reverse("cases:case-detail", args=[next_case()]))(),
        _case_page_floor(cases),
    )


def _cases_floor(branch_id, status):
    cases = _fetch(
        """SELECT c.id, c.title, c.status, c.risk, c.created_at, c.updated_at, b.name
        FROM cases_case c JOIN accounts_branch b ON b.id = c.branch_id
        WHERE c.branch_id = %s AND c.status = %s
        ORDER BY c.risk DESC, c.created_at DESC LIMIT 25""",
        [branch_id, status],
    )

    def run():
        ids = [row[0] for row in cases()]
        if ids:
            in_ids, params = _in(ids)
            _fetch(
                f"""SELECT a.case_id, u.full_name, u.email FROM cases_assignment a
                JOIN accounts_user u ON u.id = a.user_id WHERE a.case_id IN {in_ids}
                ORDER BY a.assigned_at""",  # nosec B608 # noqa: S608 (placeholders only)
                params,
            )()

    return run


def _name_probes(branch):
    people = Person.objects.filter(branch=branch, merged_into=None).order_by("pk")[:PROBES]
    probes = [f"{p.given_name} {p.family_name}".strip() for p in people]
    if not probes:
        raise BenchRefused("No people in the main branch: run seed_bench first.")
    return probes


def _people_floor(probes, branch):
    """Per probe: the people with two matching name words by one query over the name index
    (the matching words known in advance, as matching.bench's floor does), then their rows."""
    prepared = []
    for text in probes:
        per_word = [sorted(matching_forms(word)) for word in parse(text).words]
        every = sorted(set().union(*per_word))
        if not every:
            continue
        which = " ".join(
            f"WHEN pn.form_id IN {_in(ids)[0]} THEN {i}" for i, ids in enumerate(per_word)
        )
        in_every, every_params = _in(every)
        matched = f"COUNT(DISTINCT CASE {which} END)"
        word_params = [form for ids in per_word for form in ids]
        sql = f"""SELECT pn.person_id, {matched} AS matched
            FROM matching_personname pn JOIN cases_person p ON p.id = pn.person_id
            WHERE pn.form_id IN {in_every} AND p.branch_id = %s AND p.merged_into_id IS NULL
            GROUP BY pn.person_id HAVING {matched} >= %s ORDER BY matched DESC LIMIT 25"""  # nosec B608 # noqa: S608
        params = [*word_params, *every_params, branch.pk, *word_params, min(2, len(per_word))]
        prepared.append((sql, params))
    next_probe = _cycle(prepared)

    def run():
        sql, params = next_probe()
        ids = [row[0] for row in _fetch(sql, params)()]
        if ids:
            in_ids, id_params = _in(ids)
            _fetch(
                f"""SELECT p.id, p.given_name, p.patronymic, p.family_name, p.birth_year,
                    p.citizenship, b.name FROM cases_person p
                JOIN accounts_branch b ON b.id = p.branch_id WHERE p.id IN {in_ids}""",  # nosec B608 # noqa: S608
                id_params,
            )()

    return run


def _case_page_floor(cases):
    from django.contrib.contenttypes.models import ContentType

    case_type = ContentType.objects.get_for_model(Case).pk
    statements = []
    for case_id in cases:
        pk = case_id if connection.vendor == "postgresql" else case_id.hex
        statements.append(
            _fetch_all(
                (
                    """SELECT c.*, b.name FROM cases_case c
                    JOIN accounts_branch b ON b.id = c.branch_id WHERE c.id = %s""",
                    [pk],
                ),
                (
                    """SELECT pa.role, p.id, p.given_name, p.family_name FROM cases_participant pa
                    JOIN cases_person p ON p.id = pa.person_id WHERE pa.case_id = %s""",
                    [pk],
                ),
                (
                    """SELECT a.assigned_at, u.full_name FROM cases_assignment a
                    JOIN accounts_user u ON u.id = a.user_id WHERE a.case_id = %s""",
                    [pk],
                ),
                ("SELECT * FROM cases_task WHERE case_id = %s", [pk]),
                ("SELECT * FROM cases_note WHERE case_id = %s", [pk]),
                ("SELECT * FROM intake_helprequest WHERE case_id = %s", [pk]),
                (
                    """SELECT * FROM audit_auditentry WHERE target_type_id = %s
                    AND target_id = %s AND verb NOT IN ('cases.case_viewed',
                    'cases.person_viewed', 'cases.file_downloaded')
                    ORDER BY created_at DESC, id DESC LIMIT 50""",
                    [case_type, str(case_id)],
                ),
            )
        )
    next_case = _cycle(statements)
    return lambda: next_case()()
