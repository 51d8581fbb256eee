"""Payloads through the workspace's "new" forms, read back on each list and each record's page.

One spec per kind of record: the form page (whose form tells which fields are free text), a
valid base for the other fields, and the pages that show the record. The record's page is
where the form sends the user after saving.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import reverse, reverse_lazy

from cases.tests.factories import CaseFactory
from svoboda.tests.injection.checks import LEDGER, check_html, fill, only, tally, visit

pytestmark = pytest.mark.django_db

# Records per kind: enough for every payload to pass through the long fields (texts, notes)
# and for the short ones (names, cities) to take a few dozen each, in a bounded run time.
RECORDS = 6


@dataclass
class Spec:
    persona: str
    new: object  # (world) -> URL of the form
    base: object  # (world) -> valid values for the other fields
    list_url: str
    list_fields: tuple
    detail_fields: tuple = ()  # empty: every free-text field of the form
    exclude: tuple = ()
    extra_pages: list = field(default_factory=list)  # (name, (detail URL) -> URL, fields, method)
    also_lists: list = field(default_factory=list)  # (name, URL, fields): other pages listing them


@dataclass
class World:
    branch: object
    users: dict
    case: object


@pytest.fixture
def world(branch, administrator, coordinator, caseworker, editor):
    return World(
        branch=branch,
        users={
            "administrator": administrator,
            "coordinator": coordinator,
            "caseworker": caseworker,
            "editor": editor,
        },
        case=CaseFactory(branch=branch, created_by=coordinator),
    )


SPECS = {
    "case": Spec(
        "coordinator",
        lambda w: reverse("cases:case-new"),
        lambda w: {"branch": w.branch.pk, "risk": "3", "exploitation_types": ["ForcedLabour"]},
        reverse("cases:case-list"),
        ("title",),
    ),
    "operation": Spec(
        "coordinator",
        lambda w: reverse("operations:operation-new"),
        lambda w: {
            "cases": [str(w.case.pk)],
            "country": "RU",
            "starts_at": "2031-05-01T06:00",
            "ends_at": "2031-05-01T09:30",
            "lead": w.users["coordinator"].pk,
        },
        reverse("operations:operation-list"),
        ("title",),
    ),
    "shelter": Spec(
        "coordinator",
        lambda w: reverse("shelters:shelter-new"),
        lambda w: {
            "operator": "",
            "branch": str(w.branch.pk),
            "country": "RU",
            "takes": ["women"],
            "capacity": "5",
        },
        reverse("shelters:shelter-list"),
        ("name", "city"),
        # The street address has a page of its own, whose visits are audited.
        detail_fields=("name", "operator", "city", "contact", "notes", "description"),
        extra_pages=[
            ("shelter address", lambda url: url + "address/", ("street_address",), "post")
        ],
    ),
    "partner": Spec(
        "coordinator",
        lambda w: reverse("network:partner-new"),
        lambda w: {"kind": "international", "is_active": "on"},
        reverse("network:partner-list"),
        ("name",),
    ),
    "branch": Spec(
        "administrator",
        lambda w: reverse("team:branch-new"),
        lambda w: {"country": "KG", "is_active": "on", "shown_publicly": "on"},
        reverse("team:branch-list"),
        ("name", "city"),
        # The cities of branches shown publicly are listed on the public site.
        also_lists=[("public network page", "/en/network/", ("city",))],
    ),
    "article": Spec(
        "editor",
        lambda w: reverse("publishing:article-new"),
        lambda w: {
            "language": "en",
            "kind": "news",
            "category": _category().pk,
            "slug": "",
            "body": "Plain text.",
            "tags": "labour",
        },
        reverse("publishing:article-list"),
        ("title",),
        # The body is Markdown, sanitised on the way out: test_injection_publishing.py.
        exclude=("body", "tags", "slug"),
    ),
    "event": Spec(
        "editor",
        lambda w: reverse("workspace-events:event-new"),
        lambda w: {
            "language": "en",
            "kind": "round_table",
            "slug": "",
            "starts_at": "2031-05-01T11:00",
            "ends_at": "2031-05-01T15:00",
        },
        reverse("workspace-events:event-list"),
        ("title",),
        # Markdown texts, sanitised on the way out: test_injection_publishing.py.
        exclude=("description", "participants", "materials", "report", "slug"),
    ),
}


def _category():
    from publishing.models import Category

    return Category.objects.get(slug="forced-labour")


@pytest.mark.parametrize("kind", SPECS)
def test_records_made_through_the_workspace_forms_show_their_text_as_text(client, world, kind):
    spec = SPECS[kind]
    client.force_login(world.users[spec.persona])
    area = kind
    made = []
    for _record in range(RECORDS):
        form = client.get(spec.new(world)).context["form"]
        data, expected = fill(area, form, spec.base(world), exclude=spec.exclude)
        response = client.post(spec.new(world), data)
        assert response.status_code == 302, _errors(response)
        made.append((response.url, expected))

    listed = {}
    for _url, expected in made:
        for name, ids in only(expected, *spec.list_fields).items():
            listed.setdefault(name, []).extend(ids)
    visit(client, spec.list_url, listed, area=area, page=f"{kind} list")
    for name, url, fields in spec.also_lists:
        shown = {}
        for _url, expected in made:
            for key, ids in only(expected, *fields).items():
                shown.setdefault(key, []).extend(ids)
        visit(client, url, shown, area=area, page=name)
    for url, expected in made:
        shown = only(expected, *spec.detail_fields) if spec.detail_fields else expected
        visit(client, url, shown, area=area, page=f"{kind} page")
        for name, address, fields, method in spec.extra_pages:
            shown = only(expected, *fields)
            visit(client, address(url), shown, area=area, page=name, method=method)


def _errors(response):
    context = getattr(response, "context", None)
    form = context.get("form") if context else None
    return form.errors if form is not None else response.status_code


@pytest.mark.parametrize("kind", SPECS)
def test_a_form_sent_back_with_errors_shows_what_was_typed_as_text(client, world, kind):
    # Every payload in every free-text field at once: far over the fields' lengths, so the
    # form comes back with its errors and everything typed, which must be text.
    spec = SPECS[kind]
    client.force_login(world.users[spec.persona])
    form = client.get(spec.new(world)).context["form"]
    data, expected = fill(
        f"{kind}-form", form, spec.base(world), exclude=spec.exclude, everything=True
    )
    response = client.post(spec.new(world), data)
    assert response.status_code in (200, 400), response.status_code
    count = check_html(response.content.decode(), expected, where=f"{kind} form with errors")
    tally(f"{kind}-form", f"{kind} form with errors", count)


SEARCHES = {
    "case list": ("coordinator", reverse_lazy("cases:case-list"), ("q",)),
    "people list": ("coordinator", reverse_lazy("people:person-list"), ("q",)),
    "partner list": ("coordinator", reverse_lazy("network:partner-list"), ("q",)),
    "volunteer list": ("coordinator", reverse_lazy("volunteers:volunteer-list"), ("q", "city")),
    "article list": ("editor", reverse_lazy("publishing:article-list"), ("q",)),
}


@pytest.mark.parametrize("page", SEARCHES)
def test_a_list_shows_its_search_words_as_text(client, world, page):
    # What is typed into a list's search box comes back in the page (and in its links).
    persona, url, names = SEARCHES[page]
    client.force_login(world.users[persona])
    query, expected = {}, {}
    for name in names:
        query[name], expected[f"search-{page}.{name}"] = LEDGER.pack(
            f"search-{page}.{name}", None, everything=True
        )
    response = client.get(url, query)
    assert response.status_code == 200
    tally("search", page, check_html(response.content.decode(), expected, where=page))
