"""Issue 9's access matrix: every URL of the project, requested by every role and anonymously,
with the objects of the persona's own branch and with those of another branch, by GET and, when
the view takes one, by POST.

The personas are conftest's, all in one branch; asking for the other branch's case, person,
help request, operation, shelter or volunteer is what a user of another branch does, so the
"other" column is the cross-branch check (0 leaks: nobody but an administrator, where the
rules say so, reaches another branch's things).

Each answer is sorted into "allow" (2xx, or a redirect that is not to a login page) or "deny"
(403, 404, 405, or a redirect to a login page) and compared with access_matrix.TABLE. A URL
missing from the table fails the test by name, and so does a table entry that names no URL.

Every request runs in a savepoint that is rolled back, so an allowed POST (sent empty: it may
be refused as invalid, never as forbidden) leaves nothing for the next request, and the world
is built once per persona. A denied POST must change nothing: every row of every table but the
audit trail and the sessions is compared with how it was before the request.
"""

from http.cookies import SimpleCookie

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.shortcuts import resolve_url

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from svoboda.tests import access_matrix
from svoboda.tests.access_urls import branch_bound, path_for, url_patterns
from svoboda.tests.access_world import build_shared, build_side

PERSONAS = ["administrator", "coordinator", "caseworker", "volunteer", "editor", "anonymous"]
METHODS = ["GET", "POST"]
# The audit trail may note a refusal; sessions are the client's own.
UNWATCHED_APPS = {"audit", "sessions", "contenttypes", "admin"}
UNWATCHED_MODELS = {"auth.Permission"}


@pytest.fixture
def world(branch, other_branch, personas, coordinator_other_branch, monkeypatch):
    """The persona's branch and another branch, each with one of everything."""
    monkeypatch.setattr("reports.impact_report.pdf_bytes", lambda html: b"%PDF-1.4 figures")
    other_caseworker = UserFactory(roles=[Role.CASEWORKER], branches=[other_branch])
    other_volunteer = UserFactory(roles=[Role.VOLUNTEER], branches=[other_branch])
    sides = {
        "own": build_side(
            branch, personas["coordinator"], personas["caseworker"], personas["volunteer"]
        ),
        "other": build_side(
            other_branch, coordinator_other_branch, other_caseworker, other_volunteer
        ),
    }
    shared = build_shared(personas["editor"], operation=sides["own"].objects["operation"])
    objects = {}
    for name, side in sides.items():
        objects[name] = {
            **shared,
            **side.objects,
            "branch": side.branch,
            "coordinator": side.coordinator,
            "caseworker": side.caseworker,
            "volunteer": side.volunteer,
        }
    return objects


def watched_tables():
    return sorted(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in UNWATCHED_APPS and model._meta.label not in UNWATCHED_MODELS
    )


def fingerprint():
    """Every row of every watched table, as plain values (plain SQL: this runs after each
    denied POST, and the ORM would double the matrix's time)."""
    rows = {}
    with connection.cursor() as cursor:
        for table in watched_tables():
            # Table names come from the models, never from a request.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
            rows[table] = cursor.fetchall()
    return rows


def outcome(response):
    status = response.status_code
    if status in (403, 404, 405):
        return "deny"
    if status in (301, 302, 303, 307, 308):
        location = response.headers["Location"]
        if location.startswith(resolve_url(settings.LOGIN_URL)) or "/login/" in location:
            return "deny"
        return "allow"
    if 200 <= status < 300:
        return "allow"
    return f"status {status}"


def changed_tables(baseline):
    now = fingerprint()
    return sorted(label for label, rows in now.items() if rows != baseline.get(label))


def send(client, method, path, baseline):
    """The outcome of one request, and the tables a denied POST changed; then undo it all."""
    cookies = SimpleCookie()
    cookies.load(client.cookies.output(header="", sep=";"))
    changed = []
    with transaction.atomic():
        try:
            response = client.get(path) if method == "GET" else client.post(path)
        except Exception as error:
            result = f"error {error!r}"
        else:
            result = outcome(response)
            if response.streaming:
                # Read to the end: the client then closes the file without closing the
                # database connection (calling response.close() here would, on PostgreSQL).
                b"".join(response.streaming_content)
        if method == "POST" and result == "deny":
            changed = changed_tables(baseline)
        transaction.set_rollback(True)
    client.cookies = cookies
    cache.clear()
    return result, changed


def requests_for(world):
    """(url name, branch, method, path) for every request a persona makes."""
    for name, (sample, params) in sorted(url_patterns().items()):
        if name.startswith("admin:"):
            # The admin is covered coarsely: GET on every pattern, with sample ids.
            yield name, "own", "GET", sample
            continue
        sides = ["own", "other"] if branch_bound(name, params) else ["own"]
        for side in sides:
            path = path_for(name, params, world[side])
            for method in METHODS:
                if method == "GET" or access_matrix.takes_post(name):
                    yield name, side, method, path


def verdict(expected, method, result, changed):
    """None when the answer is the one the table expects, else what is wrong."""
    if expected == "deny":
        if result != "deny":
            return f"expected deny, got {result}"
        if changed:
            return f"denied, but changed {', '.join(changed)}"
        return None
    if method == "POST":
        # An allowed POST is sent empty: it may be refused as invalid (4xx), never as forbidden,
        # and never with a server error.
        refused = result == "deny" or result.startswith(("error", "status 5"))
    else:
        refused = result != "allow"
    return f"expected allow, got {result}" if refused else None


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_url_answers_each_persona_as_the_table_says(client, world, personas, persona):
    if persona != "anonymous":
        client.force_login(personas[persona])
    baseline = fingerprint()
    wrong = []
    for name, side, method, path in requests_for(world):
        expected = access_matrix.expected(name, persona, side, method)
        if expected not in ("allow", "deny"):
            continue
        result, changed = send(client, method, path, baseline)
        problem = verdict(expected, method, result, changed)
        if problem:
            wrong.append(f"{method} {path} ({name}, {side} branch) as {persona}: {problem}")
    assert not wrong, f"{len(wrong)} answers differ from the table:\n" + "\n".join(wrong)
    # Every request was undone: the next persona's answers do not depend on this one's.
    assert not changed_tables(baseline)


def test_a_changed_row_is_seen(branch):
    """The check behind "a denied POST changes nothing" does see a change."""
    baseline = fingerprint()
    with transaction.atomic():
        branch.city = "Tver"
        branch.save()
        assert changed_tables(baseline) == ["accounts_branch"]
        transaction.set_rollback(True)
    assert not changed_tables(baseline)


def test_every_url_has_an_entry_and_every_entry_a_url():
    names = set(url_patterns())
    missing = sorted(name for name in names if not access_matrix.has_rule(name))
    assert not missing, "URLs with no entry in access_matrix.TABLE: " + ", ".join(missing)
    unused = sorted(access_matrix.unused_entries(names))
    assert not unused, "access_matrix.TABLE entries that name no URL: " + ", ".join(unused)


@pytest.mark.parametrize(
    ("name", "persona", "side", "method"),
    [
        pytest.param(*leak.key, marks=pytest.mark.xfail(strict=True, reason=leak.reason))
        for leak in access_matrix.KNOWN_LEAKS
    ],
)
def test_known_leak_is_closed(client, world, personas, name, persona, side, method):
    """Each known leak fails here (strict xfail) until it is fixed; then remove it from
    access_matrix.KNOWN_LEAKS and this passes as part of the matrix."""
    if persona != "anonymous":
        client.force_login(personas[persona])
    _sample, params = url_patterns()[name]
    path = path_for(name, params, world[side])
    result, changed = send(client, method, path, fingerprint())
    assert result == "deny" and not changed, f"{method} {path} as {persona}: {result} {changed}"
