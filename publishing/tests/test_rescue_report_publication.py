"""What a rescue report shows the public beyond its text (its address and tags), and the ways
it could reach the public without a current confirmation or a survivor's consent."""

import datetime

import pytest
from django.utils import timezone

from publishing import actions, anonymisation, rescue_reports
from publishing.models import Article, Category
from publishing.tests.image_factories import add_image, image_storage  # noqa: F401
from publishing.tests.rescue_factories import completed_operation
from svoboda.errors import DomainError


@pytest.fixture
def operation(branch):
    return completed_operation(branch)


@pytest.fixture
def report(operation, editor):
    return rescue_reports.start_rescue_report(actor=editor, operation=operation, language="ru")


def confirm(report, editor):
    return rescue_reports.confirm_anonymisation(
        actor=editor, article=report, fingerprint=anonymisation.fingerprint(report)
    )


def findings(report, field):
    return {
        (finding.text, finding.reason)
        for finding in anonymisation.check(report).findings
        if finding.field == field
    }


# The address and the tags are on the public page too.


def test_the_address_and_the_tags_are_checked(report, editor):
    report = actions.update_article(
        actor=editor,
        article=report,
        slug="kak-magomed-vernulsya",
        tags=actions.tags_named(["Зарина Исаева", "Дагестан"]),
    )
    assert ("magomed", "name") in findings(report, "slug")
    assert findings(report, "tags") == {("Зарина", "name"), ("Исаева", "name")}


@pytest.mark.parametrize("change", ["slug", "tags"])
def test_a_new_address_or_tag_after_the_confirmation_asks_for_it_again(report, editor, change):
    confirm(report, editor)
    if change == "slug":
        actions.update_article(actor=editor, article=report, slug="magomed-aliev")
    else:
        actions.update_article(
            actor=editor, article=report, tags=actions.tags_named(["Магомед Алиев"])
        )
    with pytest.raises(DomainError, match="changed after its anonymisation was confirmed"):
        actions.publish_article(actor=editor, article=report)
    report.refresh_from_db()
    assert report.status == Article.Status.DRAFT


@pytest.mark.parametrize("days_ahead", [0, 2], ids=["public", "scheduled"])
@pytest.mark.parametrize("change", ["slug", "tags"])
def test_the_address_and_tags_of_a_published_report_cannot_change(
    report, editor, change, days_ahead
):
    confirm(report, editor)
    report = actions.publish_article(
        actor=editor,
        article=report,
        publish_at=timezone.now() + datetime.timedelta(days=days_ahead),
    )
    with pytest.raises(DomainError, match=r"unpublish it|keeps its address"):
        if change == "slug":
            actions.update_article(actor=editor, article=report, slug="magomed-aliev")
        else:
            actions.update_article(
                actor=editor, article=report, tags=actions.tags_named(["Магомед Алиев"])
            )
    report.refresh_from_db()
    assert report.slug != "magomed-aliev"
    assert not report.tags.exists()


# The section it appears in says what the survivors went through.


def other_category(report):
    return Category.objects.exclude(pk=report.category_id).get(slug="sexual-exploitation")


def test_a_new_category_after_the_confirmation_asks_for_it_again(report, editor):
    confirm(report, editor)
    actions.update_article(actor=editor, article=report, category=other_category(report))
    with pytest.raises(DomainError, match="changed after its anonymisation was confirmed"):
        actions.publish_article(actor=editor, article=report)


def test_the_category_of_a_published_report_cannot_change(report, editor):
    confirm(report, editor)
    report = actions.publish_article(actor=editor, article=report)
    with pytest.raises(DomainError, match="unpublish it"):
        actions.update_article(actor=editor, article=report, category=other_category(report))
    report.refresh_from_db()
    assert report.category.slug == "forced-labour"


# Its pictures come down with it.


@pytest.mark.usefixtures("image_storage")
def test_caches_ask_each_time_whether_a_rescue_reports_picture_is_still_public(
    client, report, editor
):
    image = add_image(editor, report, alt_text="Ворота завода")
    report = actions.update_article(actor=editor, article=report, body=f"{image.markdown}\n")
    confirm(report, editor)
    actions.publish_article(actor=editor, article=report)

    response = client.get(image.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, no-cache"
    again = client.get(image.url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    assert again["Cache-Control"] == "public, no-cache"

    actions.unpublish_article(actor=editor, article=report)
    assert client.get(image.url, headers={"If-None-Match": response["ETag"]}).status_code == 404
