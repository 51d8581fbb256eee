"""Erasing a person on request (cases.erasure): every personal value goes, the figures stay."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from assistance.models import Consent
from assistance.tests.factories import ConsentFactory, PlanFactory, ReferralFactory, ServiceFactory
from audit import chain
from audit.models import AuditEntry
from cases import actions, erasure
from cases.models import AccessGrant, Case, CaseFile, Participant, Person
from cases.tests.factories import CaseFactory, ParticipantFactory, TaskFactory
from intake.models import Attachment, HelpRequest
from intake.tests.factories import FollowUpCodeFactory, HelpRequestFactory, MessageFactory
from operations.models import Debrief, Operation, RescuedPerson
from operations.tests.factories import OperationFactory
from reports import statistics
from reports.models import StatisticalRecord
from shelters.tests.factories import PlacementFactory
from svoboda.errors import DomainError
from website.queries import _count_impact

pytestmark = pytest.mark.django_db

MARKER = "Qzmarkerx"


def marked(label):
    return f"{MARKER} {label}"


@pytest.fixture
def survivor(branch, coordinator, administrator):
    """A survivor with a marked value in every personal field the platform holds about them."""
    person = actions.create_person(
        actor=coordinator,
        branch=branch,
        given_name=marked("given"),
        patronymic=marked("patronymic"),
        family_name=marked("family"),
        gender="Feminine",
        birth_year=1995,
        citizenship=["KG"],
        languages=marked("languages"),
        description=marked("description"),
        aliases=[marked("alias")],
        contacts=[{"kind": "phone", "value": marked("phone"), "note": marked("contact note")}],
        documents=[{"kind": "passport", "number": marked("passport")}],
    )
    case = actions.open_case(
        actor=coordinator,
        branch=branch,
        title=marked("title"),
        summary=marked("summary"),
        exploitation_types=["ForcedLabour"],
        exploitation_country="RU",
        exploitation_place=marked("place"),
        recruitment_details=marked("recruitment"),
    )
    actions.add_person_to_case(actor=coordinator, case=case, person=person, role="victim")
    actions.add_note(actor=coordinator, case=case, body=marked("note"), is_sensitive=True)
    TaskFactory(case=case, title=marked("task"), owner=coordinator)
    AccessGrant.objects.create(
        case=case, user=administrator, reason=marked("grant"), granted_by=coordinator
    )
    case_file = actions.add_case_file(
        actor=coordinator,
        case=case,
        upload=ContentFile(f"%PDF-1.4 {MARKER}".encode(), name=marked("file.pdf")),
        content_type="application/pdf",
        description=marked("file description"),
    )
    help_request = HelpRequestFactory(
        branch=branch,
        status=HelpRequest.Status.ACCEPTED,
        case=case,
        city=marked("city"),
        place=marked("request place"),
        since_when=marked("since"),
        contact_handle=marked("handle"),
        safe_times=marked("times"),
        description=marked("request"),
    )
    MessageFactory(request=help_request, body=marked("message"))
    FollowUpCodeFactory(request=help_request)
    attachment = Attachment(
        request=help_request, original_name=marked("photo.pdf"), content_type="application/pdf"
    )
    attachment.size = 10
    attachment.file.save("upload", ContentFile(f"%PDF- {MARKER}".encode()), save=True)
    plan = PlanFactory(case=case, person=person)
    ServiceFactory(plan=plan, status="done", ended_on=timezone.localdate(), notes=marked("svc"))
    ReferralFactory(plan=plan, request=marked("referral"), outcome=marked("outcome"))
    ConsentFactory(person=person, kind=Consent.Kind.MENTION, details=marked("consent"))
    PlacementFactory(
        person=person,
        shelter__branch=branch,
        start_on=datetime.date(2025, 1, 1),
        end_on=datetime.date(2025, 2, 1),
        over_capacity_reason=marked("overfull"),
    )
    operation = OperationFactory(
        branch=branch,
        cases=[case],
        status=Operation.Status.COMPLETED,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ended_at=timezone.now() - datetime.timedelta(days=2),
    )
    debrief = Debrief.objects.create(
        operation=operation, outcome=Debrief.Outcome.ALL_OUT, recorded_by=coordinator
    )
    RescuedPerson.objects.create(debrief=debrief, person=person, case=case)
    actions.close_case(actor=coordinator, case=case, outcome="exited_supported")
    return {"person": person, "case": case, "file": case_file, "attachment": attachment}


def everything_in_the_database():
    """Every value of every row of every table, as one string: what a search of a stolen copy
    of the database would go through, read raw and read through the models (which decrypt the
    fields that are encrypted at rest)."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        value = bytes(value).decode("utf-8", "replace")
                    values.append(str(value))
    for model in apps.get_models():
        names = [field.attname for field in model._meta.concrete_fields]
        for row in model._base_manager.values_list(*names):
            values.extend(str(value) for value in row)
    return "\n".join(values)


def test_the_marker_is_everywhere_before(survivor):
    # Otherwise the test below would prove nothing.
    dump = everything_in_the_database()
    labels = ["given", "phone", "passport", "note", "task", "message", "svc", "overfull", "grant"]
    for label in [*labels, "consent", "referral", "outcome", "handle", "alias", "file.pdf"]:
        assert marked(label) in dump
    # The name index keeps the words of names folded to lower case.
    assert MARKER.casefold() in dump.replace(MARKER, "")


def test_after_erasure_no_personal_value_is_left(survivor, administrator):
    stored = [survivor["file"].file.name, survivor["attachment"].file.name]
    with_commit_callbacks(
        lambda: erasure.erase_person(
            actor=administrator, person=survivor["person"], reason="request"
        )
    )
    dump = everything_in_the_database()
    assert MARKER not in dump
    assert MARKER.casefold() not in dump.casefold()  # nor in the name index, folded
    for name in stored:
        assert not default_storage.exists(name)
    assert not CaseFile.objects.exists()
    assert not Participant.objects.exists()


def with_commit_callbacks(function):
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return function()


def figures():
    computed = statistics.compute()
    return {
        "victims": {k: v for k, v in computed["victims"].items() if k not in ("own", "imported")},
        "rescued": computed["rescued"],
        "helped": computed["helped"],
        "services": computed["services"],
        "requests": computed["requests"],
        "operations": computed["operations"],
        "open_cases": computed["open_cases"],
        "time_to_first_contact": computed["time_to_first_contact"],
        "time_to_exit": computed["time_to_exit"],
    }


def test_the_dashboard_and_the_public_figures_stay_the_same(survivor, administrator, branch):
    # Another victim who stays, so the totals are not trivially one.
    ParticipantFactory(case=CaseFactory(branch=branch), person__gender="Masculine")
    dashboard, public = figures(), _count_impact()
    assert dashboard["victims"]["total"] == 2
    assert (dashboard["rescued"], dashboard["helped"]) == (1, 1)

    erasure.erase_person(actor=administrator, person=survivor["person"], reason="request")

    assert figures() == dashboard
    assert _count_impact() == public
    # The victim moved from the person records to the anonymous ones.
    computed = statistics.compute()
    assert (computed["victims"]["own"]["total"], computed["victims"]["imported"]["total"]) == (1, 1)
    record = StatisticalRecord.objects.get()
    assert (record.gender, record.age_group, record.citizenship) == ("Feminine", "30-38", "KG")
    assert (record.exploitation_place, record.exploitation_types) == ("RU", ["ForcedLabour"])
    assert (
        record.year_from == record.year_to == timezone.localtime(survivor["case"].created_at).year
    )


def test_a_victim_still_in_another_case_is_not_counted_twice(survivor, administrator, branch):
    person = survivor["person"]
    other = CaseFactory(
        branch=branch, status=Case.Status.CLOSED, outcome="exited", closed_at=timezone.now()
    )
    ParticipantFactory(case=other, person=person)
    before = statistics.compute()["victims"]["total"]
    erasure.erase_person(actor=administrator, person=person, reason="request")
    assert statistics.compute()["victims"]["total"] == before == 1
    assert StatisticalRecord.objects.count() == 1


def test_the_audit_trail_records_the_erasure_without_personal_data(survivor, administrator):
    person = survivor["person"]
    erasure.erase_person(actor=administrator, person=person, reason="request")
    entry = AuditEntry.objects.get(verb="cases.person_erased")
    assert entry.actor == administrator
    assert entry.target_id == str(person.pk)
    assert entry.changes == {"reason": "request", "statistical_records": 1, "people": 1, "cases": 1}
    assert chain.verify().broken is None


def test_the_person_row_stays_blanked_for_the_figures(survivor, administrator):
    erasure.erase_person(actor=administrator, person=survivor["person"], reason="request")
    person = Person.objects.get(pk=survivor["person"].pk)
    assert person.full_name == erasure.ERASED
    assert erasure.is_erased(person)
    assert Case.objects.get(pk=survivor["case"].pk).title == erasure.ERASED
    # Nothing may be published or shared under the consents any more.
    assert not Consent.objects.filter(withdrawn_at__isnull=True).exists()


def test_erasing_twice_is_refused(survivor, administrator):
    erasure.erase_person(actor=administrator, person=survivor["person"], reason="request")
    with pytest.raises(DomainError):
        erasure.erase_person(actor=administrator, person=survivor["person"], reason="request")


@pytest.mark.parametrize("persona", ["coordinator", "caseworker", "volunteer", "editor"])
def test_only_administrators_may_erase(survivor, persona, request):
    with pytest.raises(PermissionDenied):
        erasure.erase_person(
            actor=request.getfixturevalue(persona), person=survivor["person"], reason="request"
        )
    assert Person.objects.get(pk=survivor["person"].pk).family_name == marked("family")


def test_a_person_in_an_open_case_is_not_erased(branch, administrator):
    participant = ParticipantFactory(case=CaseFactory(branch=branch))
    with pytest.raises(DomainError, match="still open"):
        erasure.erase_person(actor=administrator, person=participant.person, reason="request")
    assert not erasure.is_erased(Person.objects.get(pk=participant.person_id))
    assert not AuditEntry.objects.filter(verb="cases.person_erased").exists()


def test_a_person_in_a_planned_operation_is_not_erased(survivor, administrator, branch):
    OperationFactory(branch=branch, cases=[survivor["case"]], status=Operation.Status.PLANNING)
    with pytest.raises(DomainError, match="operation"):
        erasure.erase_person(actor=administrator, person=survivor["person"], reason="request")


def test_a_person_staying_in_a_shelter_is_not_erased(survivor, administrator, branch):
    PlacementFactory(person=survivor["person"], shelter__branch=branch, end_on=None)
    with pytest.raises(DomainError, match="shelter"):
        erasure.erase_person(actor=administrator, person=survivor["person"], reason="request")


def test_a_case_shared_with_someone_else_keeps_its_story(survivor, administrator):
    case = survivor["case"]
    Participant.objects.create(case=case, person=ParticipantFactory().person, role="witness")
    erasure.erase_person(actor=administrator, person=survivor["person"], reason="request")
    case.refresh_from_db()
    assert case.title == marked("title")
    assert not Participant.objects.filter(person=survivor["person"]).exists()
    dump = everything_in_the_database()
    assert marked("given") not in dump and marked("phone") not in dump


# The administrator's pages.


def erase_url(person):
    return reverse("people:person-erase", args=[person.pk])


def test_the_administrator_finds_the_record_by_its_reference(client, administrator, survivor):
    client.force_login(administrator)
    reference = survivor["person"].reference
    response = client.get(reverse("people:erase-find"), {"reference": reference})
    assert response.status_code == 302
    assert response["Location"] == erase_url(survivor["person"])


def test_the_confirmation_page_shows_no_name(client, administrator, survivor):
    client.force_login(administrator)
    response = client.get(erase_url(survivor["person"]))
    assert response.status_code == 200
    assert survivor["person"].reference in response.content.decode()
    assert MARKER not in response.content.decode()


def test_erasing_needs_the_reference_typed_again(client, administrator, survivor):
    client.force_login(administrator)
    response = client.post(erase_url(survivor["person"]), {"reason": "request", "reference": "X"})
    assert response.status_code == 200
    assert response.context["form"].has_error("reference")
    assert not erasure.is_erased(Person.objects.get(pk=survivor["person"].pk))


def test_the_administrator_erases_through_the_page(client, administrator, survivor):
    client.force_login(administrator)
    person = survivor["person"]
    response = client.post(
        erase_url(person), {"reason": "request", "reference": person.reference.lower()}
    )
    assert response.status_code == 302
    assert erasure.is_erased(Person.objects.get(pk=person.pk))
    assert AuditEntry.objects.filter(verb="cases.person_erased", actor=administrator).exists()


def test_the_page_says_why_an_open_case_cannot_be_erased(client, administrator, branch):
    participant = ParticipantFactory(case=CaseFactory(branch=branch))
    client.force_login(administrator)
    response = client.get(erase_url(participant.person))
    assert "still open" in response.content.decode()
    response = client.post(
        erase_url(participant.person),
        {"reason": "request", "reference": participant.person.reference},
    )
    assert response.status_code == 200
    assert not erasure.is_erased(Person.objects.get(pk=participant.person_id))


@pytest.mark.parametrize("persona", ["coordinator", "caseworker", "volunteer", "editor"])
def test_everyone_else_gets_403(client, survivor, persona, request):
    client.force_login(request.getfixturevalue(persona))
    person = survivor["person"]
    assert client.get(reverse("people:erase-find")).status_code == 403
    assert client.get(erase_url(person)).status_code == 403
    response = client.post(erase_url(person), {"reason": "request", "reference": person.reference})
    assert response.status_code == 403
    assert not erasure.is_erased(Person.objects.get(pk=person.pk))


def test_the_person_page_links_to_erasure_only_for_those_who_may(client, coordinator, survivor):
    client.force_login(coordinator)
    page = client.get(reverse("people:person-detail", args=[survivor["person"].pk]))
    assert erase_url(survivor["person"]) not in page.content.decode()
