"""The case page in a real browser: usable without JavaScript and readable on a 360 px phone."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import actions
from cases.models import Note
from cases.tests.factories import AssignmentFactory, CaseFactory, ParticipantFactory, TaskFactory
from intake.models import HelpRequest
from intake.tests.factories import HelpRequestFactory, MessageFactory
from svoboda.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def busy_case(branch, coordinator, caseworker):
    case = CaseFactory(
        branch=branch,
        created_by=coordinator,
        title="Brick kiln on the road out of the town, three men held since the spring",
        summary="A long summary " * 40,
        exploitation_types=["ForcedLabour"],
        means_of_control=["DebtBondage", "WithholdsDocuments", "PhysicalThreats"],
    )
    AssignmentFactory(case=case, user=caseworker)
    ParticipantFactory(case=case)
    TaskFactory(case=case, owner=caseworker, title="Call the consulate about the passports")
    actions.add_note(actor=caseworker, case=case, body="A" * 300, is_sensitive=True)
    actions.add_case_file(
        actor=caseworker,
        case=case,
        upload=SimpleUploadedFile("a-very-long-file-name-" * 5 + ".pdf", b"%PDF-1.4 x"),
        content_type="application/pdf",
    )
    request = HelpRequestFactory(case=case, status=HelpRequest.Status.ACCEPTED)
    MessageFactory(request=request, body="B" * 400)
    actions.change_case_status(actor=caseworker, case=case, status="verifying")
    return case


def test_a_note_is_added_without_javascript(live_server, browser, busy_case, coordinator):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, coordinator.email)
    page.goto(live_server.url + busy_case.get_absolute_url())
    page.locator("#form-note summary").click()
    page.fill("#id_body", "Met the brother at the station.")
    page.get_by_role("button", name="Add the note").click()
    page.wait_for_url(f"{live_server.url}{busy_case.get_absolute_url()}#notes")
    assert page.get_by_text("Met the brother at the station.").is_visible()
    # Note.body is encrypted: compared in Python, not by the database.
    assert "Met the brother at the station." in Note.objects.values_list("body", flat=True)
    context.close()


def test_the_case_page_fits_a_360_pixel_phone(live_server, browser, busy_case, coordinator):
    page = browser.new_context(viewport=PHONE).new_page()
    sign_in(page, live_server.url, coordinator.email)
    page.goto(live_server.url + busy_case.get_absolute_url())
    for heading in ("People", "Exploitation", "Tasks", "Notes", "Files", "Timeline"):
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.context.close()


def test_the_case_list_fits_a_360_pixel_phone(live_server, browser, busy_case, coordinator):
    page = browser.new_context(viewport=PHONE).new_page()
    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/workspace/cases/")
    assert page.get_by_role("link", name=busy_case.title).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.context.close()
