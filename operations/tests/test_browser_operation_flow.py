"""A rescue operation from plan to debrief in a real browser, on a 360 px phone without
JavaScript: the checklist stops it until complete, the debrief moves the cases and opens the
survivors' assistance plans."""

import re

import pytest

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from assistance.models import AssistancePlan
from cases.models import Case
from cases.tests.factories import CaseFactory, ParticipantFactory
from operations import queries
from operations.models import ChecklistItem, Operation
from operations.tests.factories import ChecklistItemFactory
from svoboda.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def click_and_wait(locator):
    with locator.page.expect_navigation():
        locator.click()


def fits_the_phone(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_coordinator_plans_checks_runs_and_debriefs_an_operation(live_server, browser, branch):
    base = live_server.url
    UserFactory(
        email="coord@example.org",
        full_name="Olga Coordinator",
        roles=[Role.COORDINATOR],
        branches=[branch],
    )
    case = CaseFactory(branch=branch, title="Brickworks on the river", status="verifying")
    ParticipantFactory(case=case, person__given_name="Ivan", person__family_name="Kuznetsov")
    ChecklistItem.objects.update(is_active=False)
    ChecklistItemFactory(text_en="Exit route agreed", text_ru="Маршрут отхода согласован")
    ChecklistItemFactory(text_en="Team briefed", text_ru="Команда проинструктирована")
    rescued_before = queries.rescued_people().count()

    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base, "coord@example.org")

    # 1. From the case page, plan an operation for the case.
    page.goto(base + case.get_absolute_url())
    click_and_wait(page.get_by_role("link", name="Plan a rescue operation"))
    assert page.locator(f"input[name=cases][value='{case.pk}']").is_checked()
    page.fill("#id_title", "Night exit")
    page.select_option("#id_country", "RU")
    page.fill("#id_city", "Кизляр")
    page.fill("#id_address", "Road to the kiln, second gate")
    page.fill("#id_starts_at", "2031-05-01T05:00")
    page.fill("#id_ends_at", "2031-05-01T08:00")
    page.select_option("#id_lead", label="Olga Coordinator")
    page.fill("#id_brief", "Meet at the station at 4:30.")
    assert fits_the_phone(page)
    click_and_wait(page.get_by_role("button", name="Plan the operation"))
    assert re.search(r"/workspace/operations/[0-9a-f-]{36}/$", page.url), page.content()[:2000]
    operation = Operation.objects.get()
    assert fits_the_phone(page)

    # 2. Marking it ready fails: the checklist is not complete.
    click_and_wait(page.get_by_role("button", name="Mark ready"))
    alert = page.locator("#status [role=alert]")
    assert "The risk checklist is not complete" in alert.inner_text()
    assert "Exit route agreed" in alert.inner_text()

    # 3. Complete the checklist, approve, mark ready, start.
    while page.locator("#checklist").get_by_role("button", name="Tick", exact=True).count():
        click_and_wait(
            page.locator("#checklist").get_by_role("button", name="Tick", exact=True).first
        )
    assert "2 of 2 done" in page.locator("#checklist").inner_text()
    click_and_wait(page.get_by_role("button", name="Approve the plan"))
    click_and_wait(page.get_by_role("button", name="Mark ready"))
    click_and_wait(page.get_by_role("button", name="Start the operation"))
    operation.refresh_from_db()
    assert operation.status == Operation.Status.IN_PROGRESS

    # 4. Debrief with two people: Ivan, already recorded, and Timur, recorded now.
    click_and_wait(page.get_by_role("link", name="Debrief and complete"))
    page.check("input[name=outcome][value=all_out]")
    page.fill("#id_summary", "Both men left with the team before dawn.")
    page.get_by_label(re.compile("Ivan Kuznetsov")).check()
    page.fill("#id_new-0-given_name", "Timur")
    page.fill("#id_new-0-family_name", "Aliev")
    assert fits_the_phone(page)
    click_and_wait(page.get_by_role("button", name="Complete the operation"))
    assert page.url.endswith(operation.get_absolute_url())
    debrief_text = page.locator("#debrief").inner_text()
    assert "Ivan Kuznetsov" in debrief_text and "Timur Aliev" in debrief_text

    operation.refresh_from_db()
    case.refresh_from_db()
    assert operation.status == Operation.Status.COMPLETED
    assert case.status == Case.Status.EXITED
    assert (
        AssistancePlan.objects.filter(case=case, person__given_name__in=["Ivan", "Timur"]).count()
        == 2
    )
    assert queries.rescued_people().count() == rescued_before + 2
    context.close()


def test_the_brief_prints_on_one_phone_width_page(live_server, browser, branch):
    from operations import actions
    from operations.tests.factories import plan

    coordinator = UserFactory(
        email="coord@example.org", roles=[Role.COORDINATOR], branches=[branch]
    )
    case = CaseFactory(branch=branch)
    ChecklistItem.objects.update(is_active=False)
    ChecklistItemFactory(text_en="Exit route agreed")
    operation = actions.create_operation(
        actor=coordinator, cases=[case], lead=coordinator, **plan(brief="Signal: two short calls.")
    )
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, "coord@example.org")
    page.goto(f"{live_server.url}/workspace/operations/{operation.pk}/brief/")
    assert page.get_by_text("Signal: two short calls.").is_visible()
    assert fits_the_phone(page)
    assert page.locator(".ws-header").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".ws-header").is_visible()
    context.close()
