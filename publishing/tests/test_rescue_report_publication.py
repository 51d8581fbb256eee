"""What a rescue report shows the public beyond its text (its address and tags), and the ways
it could reach the public without a current confirmation or a survivor's consent."""

import datetime

import pytest
from django.utils import timezone

from publishing import actions, anonymisation, rescue_reports
from publishing.models import Article
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
    with pytest.raises(DomainError, match="unpublish it|keeps its address"):
        if change == "slug":
            actions.update_article(actor=editor, article=report, slug="magomed-aliev")
        else:
            actions.update_article(
                actor=editor, article=report, tags=actions.tags_named(["Магомед Алиев"])
            )
    report.refresh_from_db()
    assert report.slug != "magomed-aliev"
    assert not report.tags.exists()
