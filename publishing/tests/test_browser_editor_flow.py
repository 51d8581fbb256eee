"""An editor writes an article in Russian, translates it into English, schedules the English
version for tomorrow and publishes the Russian one now, all in a real browser."""

import datetime

import pytest
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from publishing import queries
from publishing.models import Article, Category
from svoboda.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(form):
    with form.page.expect_navigation():
        form.locator("button[type=submit]").click()


def click(page, link):
    with page.expect_navigation():
        link.click()


def test_an_editor_writes_translates_schedules_and_publishes(live_server, browser):
    base = live_server.url
    # Transactional tests start from an emptied database; the sections come from a migration.
    Category.objects.get_or_create(
        slug="prevention", defaults={"name_ru": "Профилактика", "name_en": "Prevention"}
    )
    UserFactory(email="editor@example.org", roles=[Role.EDITOR], language="en")

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = context.new_page()
    desk.set_default_timeout(15_000)
    sign_in(desk, base, "editor@example.org", start="/workspace/")

    # 1. The Russian article, from the menu.
    click(desk, desk.locator("nav.ws-nav").get_by_role("link", name="Articles"))
    click(desk, desk.get_by_role("link", name="Write an article"))
    form = desk.locator("form.article-form")
    form.locator("select[name=language]").select_option("ru")
    form.locator("select[name=kind]").select_option("news")
    form.locator("select[name=category]").select_option(label="Prevention")
    form.locator("input[name=title]").fill("Урок о трудовой миграции в школе")
    form.locator("textarea[name=summary]").fill("Волонтёры провели урок для старшеклассников.")
    form.locator("textarea[name=body]").fill(
        "Мы рассказали, как **проверить работодателя**.\n\n- договор\n- паспорт у себя"
    )
    form.locator("input[name=tags]").fill("профилактика, школы")
    submit(form)
    russian = Article.objects.get(language="ru")
    assert desk.url == f"{base}{russian.get_edit_url()}"
    assert desk.locator("#preview strong").inner_text() == "проверить работодателя"
    assert russian.slug == "урок-о-трудовой-миграции-в-школе"

    # 2. The English version, started from the Russian one with its category and tags.
    click(desk, desk.get_by_role("link", name="Translate into English"))
    form = desk.locator("form.article-form")
    assert form.locator("select[name=category]").input_value() == str(russian.category.pk)
    assert form.locator("input[name=tags]").input_value() == "профилактика, школы"
    form.locator("input[name=title]").fill("A lesson on labour migration at a school")
    form.locator("textarea[name=body]").fill("We explained how to **check an employer**.")
    submit(form)
    english = Article.objects.get(language="en")
    assert english.group == russian.group
    assert desk.url == f"{base}{english.get_edit_url()}"

    # 3. The English one is scheduled for tomorrow at 09:00, the workspace's time.
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    schedule = desk.locator("form.schedule")
    schedule.locator("input[name=publish_at]").fill(tomorrow.strftime("%Y-%m-%dT09:00"))
    submit(schedule)
    assert "Scheduled for" in desk.locator(".case-outline").inner_text()

    # 4. The Russian one, reached through "Other languages", is published now.
    click(desk, desk.locator("#versions").get_by_role("link", name="Урок о трудовой миграции"))
    assert desk.url == f"{base}{russian.get_edit_url()}"
    submit(desk.locator("form.publish-now"))
    assert "The article is published." in desk.locator(".messages").inner_text()
    context.close()

    russian.refresh_from_db()
    english.refresh_from_db()
    assert list(queries.published("ru")) == [russian]
    assert list(queries.published("en")) == []
    assert english.is_scheduled
    assert timezone.localtime(english.publish_at).date() == tomorrow.date()
    assert timezone.localtime(english.publish_at).strftime("%H:%M") == "09:00"
