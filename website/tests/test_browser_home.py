import pytest

from svoboda.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_in_both_languages_with_the_switcher(live_server, page):
    page.goto(f"{live_server.url}/ru/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text() == "Никто не должен принадлежать другому человеку"

    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"{live_server.url}/en/")
    assert page.locator("h1").inner_text() == "Nobody should be owned by another person"

    page.get_by_role("link", name="Русский").click()
    page.wait_for_url(f"{live_server.url}/ru/")


def test_home_page_fits_a_360_pixel_phone_without_javascript(live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/")
    assert page.get_by_role(
        "heading", name="Get help or report someone held in slavery"
    ).is_visible()
    context.close()
    # Layout width is measured with a script, in a page of its own.
    measuring = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    measuring.goto(f"{live_server.url}/en/")
    assert measuring.evaluate("document.documentElement.scrollWidth") <= 360
    measuring.context.close()


def test_a_role_signs_in_and_sees_its_workspace(live_server, page, coordinator):
    sign_in(page, live_server.url, "coordinator@example.org", start="/workspace/")
    navigation = page.get_by_role("navigation", name="Workspace")
    assert navigation.get_by_role("link", name="Branches").is_visible()
    assert navigation.get_by_role("link", name="Administration").count() == 0
