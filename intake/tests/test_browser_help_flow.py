"""The whole path of a help request, in a real browser: from a frightened writer's phone without
JavaScript, through the coordinator and the case worker, back to the writer's follow-up page."""

import re

import pytest

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from svoboda.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit_form(form):
    with form.page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_a_russian_report_without_javascript_reaches_a_case_and_the_reply_reaches_the_writer(
    live_server, browser, branch
):
    base = live_server.url
    UserFactory(email="coord@example.org", roles=[Role.COORDINATOR], branches=[branch])
    UserFactory(
        email="worker@example.org",
        full_name="Анна Рабочая",
        roles=[Role.CASEWORKER],
        branches=[branch],
    )

    # 1. The writer, on a small phone with JavaScript off, reports a brother held at a kiln.
    writer = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    phone = writer.new_page()
    phone.goto(f"{base}/ru/help/")
    assert phone.locator("html").get_attribute("lang") == "ru"
    phone.check("input[name=writer_kind][value=relative]")
    phone.check("input[name=danger][value=yes]")
    phone.check("input[name=situations][value=forced_labour]")
    phone.select_option("select[name=country]", "RU")
    phone.fill("input[name=city]", "Кизляр")
    phone.fill("textarea[name=description]", "Брата держат на кирпичном заводе, паспорт забрали.")
    phone.check("input[name=no_contact]")
    submit_form(phone.locator("form.help-form"))
    code = phone.locator("#follow-up-code").inner_text().strip()
    assert len(code.split()) == 7
    writer.close()  # the writer leaves; nothing but the words goes with them

    # 2. The coordinator finds it at the top of the queue and opens a case from it.
    staff = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = staff.new_page()
    sign_in(desk, base, "coord@example.org", start="/workspace/")
    desk.goto(f"{base}/workspace/requests/")
    first_row = desk.locator("tr.queue-row").first
    assert "urgency--1" in first_row.inner_html()  # immediate danger, suggested from the form
    with desk.expect_navigation():
        first_row.locator("a").first.click()
    accept = desk.locator("form[action$='/accept/']")
    accept.locator("input[name=title]").fill("Кирпичный завод, Кизляр")
    accept.locator("select[name=branch]").select_option(label=branch.name)
    submit_form(accept)
    assert re.search(r"/workspace/cases/[0-9a-f-]{36}/$", desk.url), desk.content()[:3000]
    case_url = desk.url

    # ... and puts the case worker on it.
    desk.locator("#form-assign summary").click()
    assign = desk.locator("form[action$='/workers/']")
    assign.locator("select").select_option(label="Анна Рабочая")
    submit_form(assign)
    assert "Анна Рабочая" in desk.locator("#team-title").locator("xpath=..").inner_text()
    staff.close()

    # 3. The case worker opens the case from the list and replies to the writer.
    staff = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = staff.new_page()
    sign_in(desk, base, "worker@example.org", start="/workspace/")
    desk.goto(f"{base}/workspace/cases/")
    with desk.expect_navigation():
        desk.locator(f"a[href='{case_url.removeprefix(base)}']").first.click()
    desk.locator("#thread-title").locator("xpath=..").locator("summary").first.click()
    reply = desk.locator("form[action*='/reply/']").first
    reply.locator("textarea").fill("Мы прочитали ваше сообщение. Завтра с вами свяжется юрист.")
    submit_form(reply)
    staff.close()

    # 4. The writer comes back, types the code in capitals with hyphens, and reads the reply.
    writer = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    phone = writer.new_page()
    phone.goto(f"{base}/ru/help/follow-up/")
    phone.fill("[name=code]", "-".join(code.upper().split()))
    submit_form(phone.locator("form.help-form"))
    page_text = phone.locator("main").inner_text()
    assert "Завтра с вами свяжется юрист." in page_text
    assert "Анна Рабочая" not in page_text  # replies are signed by the team, not by a name
    writer.close()
