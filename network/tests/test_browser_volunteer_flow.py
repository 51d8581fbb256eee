"""A volunteer signs up from a small phone with JavaScript off, in Russian, confirms by the link
that the real SMTP server received, and a coordinator vets them to active in the workspace."""

import re

import pytest

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from network.models import Volunteer
from svoboda.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(form):
    with form.page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_sign_up_on_a_phone_then_vetting_in_the_workspace(live_server, browser, smtp_server):
    from accounts.tests.factories import BranchFactory

    base = live_server.url
    branch = BranchFactory(name="Makhachkala", city="Makhachkala", shown_publicly=True)
    UserFactory(email="coord@example.org", roles=[Role.COORDINATOR], branches=[branch])

    # 1. On a phone without JavaScript, a first try without consent comes back with what was typed.
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    phone = context.new_page()
    phone.goto(f"{base}/ru/volunteer/")
    form = phone.locator("form.help-form")
    phone.fill("input[name=full_name]", "Заира Синтетическая")
    phone.fill("input[name=email]", "zaira@example.org")
    phone.select_option("select[name=country]", "RU")
    phone.fill("input[name=city]", "Махачкала")
    phone.select_option("select[name=branch]", label="Makhachkala, Россия")
    phone.check("input[name=languages][value=ru]")
    phone.check("input[name=languages][value=av]")
    phone.check("input[name=skills][value=legal]")
    phone.fill("textarea[name=motivation]", "Юрист, могу консультировать по выходным.")
    submit(form)
    assert "Мы можем хранить ваши данные только с вашего согласия." in phone.content()
    assert phone.input_value("input[name=full_name]") == "Заира Синтетическая"
    assert phone.locator("input[name=languages][value=av]").is_checked()
    assert not Volunteer.objects.exists()
    # Nothing on the page is wider than the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    phone.check("input[name=consent]")
    submit(phone.locator("form.help-form"))
    assert "/ru/volunteer/sent/" in phone.url

    # 2. The link from the mail, opened on the same phone, confirms with one button.
    [mail] = smtp_server.messages
    body = mail.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+", body).group(0)
    path = re.sub(r"^https?://[^/]+", "", link)
    phone.goto(f"{base}{path}")
    submit(phone.locator("form.help-form"))
    assert Volunteer.objects.get().is_confirmed
    context.close()

    # 3. The coordinator finds the application in the directory and vets it to active.
    staff = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = staff.new_page()
    sign_in(desk, base, "coord@example.org", start="/workspace/")
    desk.goto(f"{base}/workspace/volunteers/?skill=legal&language=av")
    with desk.expect_navigation():
        desk.get_by_role("link", name="Заира Синтетическая").click()
    for status in ["interviewed", "checked", "trained", "active"]:
        move = desk.locator("form[action$='/move/']")
        move.locator("select[name=to_status]").select_option(status)
        move.locator("textarea[name=note]").fill(f"{status}: ok")
        submit(move)
    volunteer = Volunteer.objects.get()
    assert volunteer.status == Volunteer.Status.ACTIVE
    assert volunteer.user.is_active
    assert len(smtp_server.messages) == 2  # the confirmation and the account invitation
    staff.close()
