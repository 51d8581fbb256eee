"""Payloads through the smaller forms of a record's page (notes, tasks, people, replies,
contacts, services, programme items...), read back on the pages that show them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assistance import actions as assistance_actions
from assistance.models import Consent
from cases.htcds import Gender
from cases.models import Case, Participant, Person
from cases.tests.factories import AssignmentFactory, CaseFactory
from intake.models import HelpRequest
from network.tests.factories import PartnerFactory
from operations.tests.factories import OperationFactory
from svoboda.tests.injection.checks import LEDGER, PAYLOADS, fill_named, only, visit

pytestmark = pytest.mark.django_db

NAMES = {"given_name": 150, "patronymic": 150, "family_name": 150}
CLOSURE_REASON = "not_our_mandate"


def post_ok(client, url, data, status=302):
    response = client.post(url, data)
    context = getattr(response, "context", None)
    keys = context.keys() if context else []
    errors = [getattr(context[key], "errors", None) for key in keys if key.endswith("form")]
    assert response.status_code == status, (url, response.status_code, errors)
    return response


def merge(*expectations):
    merged = {}
    for expected in expectations:
        for name, ids in expected.items():
            merged.setdefault(name, []).extend(ids)
    return merged


def repeat(area, field, times):
    """Until every payload went through `field`, at most `times` times."""
    count = 0
    while count < times and LEDGER.covered(f"{area}.{field}") < len(PAYLOADS):
        count += 1
        yield count


@pytest.fixture
def case(branch, coordinator, caseworker):
    case = CaseFactory(branch=branch, created_by=coordinator)
    AssignmentFactory(case=case, user=caseworker)
    return case


def test_case_notes_tasks_files_and_people(client, case, coordinator, caseworker):
    area = "case-record"
    client.force_login(coordinator)
    shown = {}
    for _ in repeat(area, "body", 3):
        data, expected = fill_named(area, {"body": 20_000}, {"is_sensitive": ""})
        post_ok(client, reverse("cases:note-add", args=[case.pk]), data)
        shown = merge(shown, expected)
    for _ in range(8):
        data, expected = fill_named(area, {"title": 300}, {"owner": caseworker.pk})
        post_ok(client, reverse("cases:task-add", args=[case.pk]), data)
        shown = merge(shown, expected)
    for number in range(3):
        data, expected = fill_named(area, {"description": 300})
        data["file"] = SimpleUploadedFile(f"letter{number}.pdf", b"%PDF-1.4 letter")
        post_ok(client, reverse("cases:file-add", args=[case.pk]), data)
        shown = merge(shown, expected)
    people = {}
    for _ in range(8):
        data, expected = fill_named(area, NAMES, {"role": "victim", "gender": Gender.UNKNOWN})
        data["aliases"], expected[f"{area}.aliases"] = LEDGER.pack(
            f"{area}.aliases", 3000, separator="\n"
        )
        # The markers make every name alike: without this, possible matches are offered.
        data["none_of_these"] = "on"
        post_ok(client, reverse("cases:participant-add", args=[case.pk]), data)
        person = Participant.objects.filter(case=case).latest("pk").person
        people[person.pk] = expected
        shown = merge(shown, only(expected, *NAMES))
    visit(client, reverse("cases:case-detail", args=[case.pk]), shown, area=area, page="case page")

    names = merge(*(only(expected, *NAMES) for expected in people.values()))
    visit(client, reverse("people:person-list"), names, area=area, page="people list")
    for pk, expected in people.items():
        url = reverse("people:person-detail", args=[pk])
        visit(client, url, expected, area=area, page="person page")


def test_person_record_contacts_and_documents(client, case, coordinator):
    area = "person"
    client.force_login(coordinator)
    person = Person.objects.create(given_name="Anna", family_name="K", branch=case.branch)
    Participant.objects.create(case=case, person=person, role=Participant.Role.VICTIM)
    url = reverse("people:person-detail", args=[person.pk])
    fields = {**NAMES, "languages": 200, "description": 5000}
    for _ in repeat(area, "given_name", 6):
        data, expected = fill_named(area, fields, {"gender": Gender.UNKNOWN})
        # Other names are one per line.
        data["aliases"], expected[f"{area}.aliases"] = LEDGER.pack(
            f"{area}.aliases", 9030, separator="\n", most=30
        )
        post_ok(client, reverse("people:person-edit", args=[person.pk]), data)
        visit(client, url, expected, area=area, page="person page")
    contacts = {}
    for _ in range(4):
        data, expected = fill_named(area, {"value": 300, "note": 300}, {"kind": "other"})
        post_ok(client, reverse("people:contact-add", args=[person.pk]), data)
        contacts = merge(contacts, expected)
    for _ in range(4):
        data, expected = fill_named(area, {"number": 100}, {"kind": "other"})
        post_ok(client, reverse("people:document-add", args=[person.pk]), data)
        contacts = merge(contacts, expected)
    visit(client, url, contacts, area=area, page="person page")


def test_staff_requests_replies_and_closing_notes(client, coordinator, branch):
    area = "request-record"
    client.force_login(coordinator)
    fields = {
        "city": 120,
        "place": 500,
        "since_when": 200,
        "description": 10_000,
        "contact_handle": 200,
        "safe_times": 200,
    }
    base = {
        "channel": "phone",
        "language": "en",
        "writer_kind": "relative",
        "situations": ["forced_labour"],
        "danger": "yes",
        "country": "RU",
        "contact_channel": "phone",
    }
    recorded = []
    for _ in range(6):
        data, expected = fill_named(area, fields, base)
        response = post_ok(client, reverse("intake:request-new"), data)
        recorded.append((response.url, expected))
    for url, expected in recorded:
        visit(client, url, expected, area=area, page="staff request page")
    listed = merge(*(only(expected, "city") for _url, expected in recorded))
    visit(client, reverse("intake:request-list"), listed, area=area, page="staff queue")

    # Closing a request with a note, and accepting one into a new case with a title.
    closing = HelpRequest.objects.get(pk=recorded[0][0].rstrip("/").rsplit("/", 1)[1])
    data, note = fill_named(area, {"note": 2000}, {"reason": CLOSURE_REASON})
    post_ok(client, reverse("intake:request-close", args=[closing.pk]), data)
    visit(client, recorded[0][0], note, area=area, page="staff request page")
    accepting = HelpRequest.objects.get(pk=recorded[1][0].rstrip("/").rsplit("/", 1)[1])
    data, title = fill_named(area, {"title": 200}, {"branch": branch.pk})
    post_ok(client, reverse("intake:request-accept", args=[accepting.pk]), data)
    case = Case.objects.get(title=data["title"])
    visit(client, reverse("cases:case-detail", args=[case.pk]), title, area=area, page="case page")
    visit(client, reverse("cases:case-list"), title, area=area, page="case list")


def test_operation_contacts_and_transport(client, case, coordinator):
    area = "operation-record"
    client.force_login(coordinator)
    operation = OperationFactory(branch=case.branch, lead=coordinator)
    operation.cases.add(case)
    shown = {}
    for _ in range(4):
        data, expected = fill_named(
            area, {"name": 200, "details": 500}, {"kind": "law_enforcement"}
        )
        post_ok(client, reverse("operations:contact-add", args=[operation.pk]), data)
        shown = merge(shown, expected)
    for _ in range(4):
        data, expected = fill_named(area, {"description": 300}, {"cost": "10", "currency": "RUB"})
        post_ok(client, reverse("operations:transport-add", args=[operation.pk]), data)
        shown = merge(shown, expected)
    url = reverse("operations:operation-detail", args=[operation.pk])
    visit(client, url, shown, area=area, page="operation page")


def test_assistance_services_referrals_and_consents(client, case, caseworker):
    area = "assistance"
    client.force_login(caseworker)
    person = Person.objects.create(given_name="Anna", family_name="K", branch=case.branch)
    Participant.objects.create(case=case, person=person, role=Participant.Role.VICTIM)
    plan = assistance_actions.open_assistance_plan(actor=caseworker, case=case, person=person)
    partner = PartnerFactory(name="Lawyers for Migrants")
    shown = {}
    for _ in repeat(area, "notes", 3):
        data, expected = fill_named(
            area, {"notes": 5000}, {"kind": "shelter", "status": "planned", "currency": "RUB"}
        )
        post_ok(client, reverse("assistance:service-add", args=[plan.pk]), data)
        shown = merge(shown, expected)
    for _ in repeat(area, "request", 6):
        data, expected = fill_named(area, {"request": 2000}, {"partner": partner.pk})
        post_ok(client, reverse("assistance:referral-add", args=[plan.pk]), data)
        shown = merge(shown, expected)
    # One consent of a kind is in force at a time: give it, withdraw it, give it again.
    for _ in repeat(area, "details", 8):
        data, expected = fill_named(
            area,
            {"details": 1000},
            {"kind": "store", "given_on": "2026-01-10", "method": "writing"},
        )
        post_ok(client, reverse("assistance:consent-give", args=[plan.pk]), data)
        consent = Consent.objects.filter(person=person).latest("pk")
        data, withdrawn = fill_named(area, {"details": 1000}, {"method": "writing"})
        url = reverse("assistance:consent-withdraw", args=[plan.pk, consent.pk])
        post_ok(client, url, data)
        shown = merge(shown, expected, withdrawn)
    url = reverse("assistance:plan-detail", args=[plan.pk])
    visit(client, url, shown, area=area, page="assistance plan page")


def test_audit_log_shows_what_it_shows_as_text(client, case, administrator, coordinator):
    # Records named by their text (a case title) in the audit log.
    client.force_login(coordinator)
    data, _expected = fill_named("audit", {"title": 200}, {"risk": "3"})
    data["exploitation_types"] = ["ForcedLabour"]
    post_ok(client, reverse("cases:case-edit", args=[case.pk]), data)
    client.force_login(administrator)
    visit(client, reverse("audit:entry-list"), None, area="audit", page="audit log")
