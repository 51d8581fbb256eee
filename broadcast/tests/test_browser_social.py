"""An editor publishes an article in a real browser and finds it posted on the social media
page; a post that failed is sent again from there."""

import pytest

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from broadcast.models import Post
from publishing.models import Category
from publishing.tests.factories import ArticleFactory
from svoboda.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, button):
    with page.expect_navigation():
        button.click()


def test_an_editor_publishes_and_follows_the_posts(live_server, browser, channels, settings):
    settings.SOCIAL_WEBHOOK_URL = ""
    # Transactional tests start from an emptied database; the sections come from a migration.
    Category.objects.get_or_create(
        slug="forced-labour",
        defaults={"name_ru": "Принудительный труд", "name_en": "Forced labour"},
    )
    editor = UserFactory(email="editor@example.org", roles=[Role.EDITOR], language="en")
    article = ArticleFactory(language="ru", title="Освобождены 12 человек", author=editor)
    channels.answer(400, {"ok": False, "description": "Bad Request: chat not found"})

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = context.new_page()
    desk.set_default_timeout(15_000)
    sign_in(desk, live_server.url, "editor@example.org", start="/workspace/")

    desk.goto(f"{live_server.url}{article.get_edit_url()}")
    submit(desk, desk.get_by_role("button", name="Publish now"))
    with desk.expect_navigation():
        desk.locator("nav.ws-nav").get_by_role("link", name="Social media").click()
    row = desk.locator("tbody tr")
    assert "Освобождены 12 человек" in row.inner_text()
    assert "Failed" in row.inner_text()
    assert "chat not found" in row.inner_text()

    submit(desk, row.get_by_role("button", name="Send again now"))
    assert "Sent" in desk.locator("tbody tr").inner_text()
    assert Post.objects.get().status == Post.Status.SENT
    assert len(channels.telegram) == 2
    context.close()
