"""The pages work with the Content-Security-Policy enforced: Chromium reports no violation on
the help form (and the code page, whose copy button a static script shows), the workspace
dashboard, the reports dashboard with its charts, and an article."""

import pytest

from publishing.tests.factories import published
from svoboda.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch(page):
    """Console errors about the policy, and script errors, as they happen."""
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_the_help_form_and_its_code_page_break_no_rule(live_server, page):
    problems = watch(page)
    page.goto(f"{live_server.url}/en/help/")
    # The quick-exit script ran: it shows the Esc hint that is hidden without JavaScript.
    assert page.locator("[data-quick-exit-hint]").is_visible()
    page.check("input[name=writer_kind][value=self]")
    page.check("input[name=danger][value=no]")
    page.check("input[name=situations][value=forced_labour]")
    page.fill("textarea[name=description]", "They keep my passport at the farm.")
    page.check("input[name=no_contact]")
    with page.expect_navigation():
        page.locator("form.help-form button[type=submit]").click()
    # The form's POST, sent with `Origin: null` from a no-referrer page, passed the CSRF check.
    assert page.locator("#follow-up-code").is_visible()
    assert page.locator("[data-copy-code]").is_visible()
    assert problems == []


def test_the_workspace_dashboards_break_no_rule(live_server, page, coordinator):
    problems = watch(page)
    # The first sign-in: setting up the authenticator app shows its QR code as an image.
    page.goto(f"{live_server.url}/workspace/")
    page.fill("#id_username", "coordinator@example.org")
    page.fill("#id_password", "password")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert "/accounts/two-factor/setup/" in page.url
    assert page.locator("img.qr-code").evaluate("image => image.naturalWidth") > 0
    page.context.clear_cookies()
    sign_in(page, live_server.url, "coordinator@example.org", start="/workspace/")
    page.goto(f"{live_server.url}/workspace/reports/")
    assert page.locator("h1").is_visible()
    assert problems == []


def test_an_article_breaks_no_rule(live_server, page):
    article = published(title="Freed from the kiln", language="en", slug="freed")
    problems = watch(page)
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert page.get_by_role("heading", name="Freed from the kiln").is_visible()
    assert problems == []


def test_the_watch_sees_a_violation_and_the_policy_blocks_inline_script(live_server, page, client):
    """The proof that the tests above can fail: this site's policy, on a page with inline
    script and style, blocks both and is reported."""
    policy = client.get("/en/")["Content-Security-Policy"]
    page.route(
        f"{live_server.url}/probe",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": policy},
            body="<title>before</title><script>document.title = 'ran'</script>"
            '<p style="color: red">x</p>',
        ),
    )
    problems = watch(page)
    page.goto(f"{live_server.url}/probe")
    assert page.title() == "before"
    assert len(problems) >= 2
