"""A survivor who withdraws consent to public mentions takes the rescue report about them off
the site (publishing.rescue_reports.withdraw_reports_about), and with it off the channels it
was posted to: the Telegram message is deleted and the webhook receiver told."""

import pytest

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from assistance import actions as assistance_actions
from assistance.models import Consent
from audit.models import AuditEntry
from broadcast.models import Post
from cases.tests.factories import AssignmentFactory
from publishing import anonymisation, rescue_reports
from publishing.models import Article
from publishing.tests.rescue_factories import completed_operation

pytestmark = pytest.mark.django_db


@pytest.fixture
def operation(branch):
    return completed_operation(branch)


@pytest.fixture
def published_report(operation, editor, publish):
    report = rescue_reports.start_rescue_report(actor=editor, operation=operation, language="ru")
    rescue_reports.confirm_anonymisation(
        actor=editor, article=report, fingerprint=anonymisation.fingerprint(report)
    )
    return publish(report)


@pytest.fixture
def survivors_caseworker(operation, branch):
    worker = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    AssignmentFactory(case=operation.cases.get(), user=worker)
    return worker


def withdraw_consent(operation, person, worker, capture):
    plan = assistance_actions.open_assistance_plan(
        actor=worker, case=operation.cases.get(), person=person
    )
    consent = Consent.objects.get(person=person, kind=Consent.Kind.MENTION)
    with capture(execute=True):
        assistance_actions.withdraw_consent(
            actor=worker, plan=plan, consent=consent, method="phone"
        )


def test_a_withdrawn_consent_deletes_the_reports_telegram_message(
    channels,
    operation,
    published_report,
    survivors_caseworker,
    django_capture_on_commit_callbacks,
):
    post = Post.objects.get(article=published_report, channel="telegram-ru")
    assert post.status == Post.Status.SENT
    withdraw_consent(
        operation,
        operation.survivors[0],
        survivors_caseworker,
        django_capture_on_commit_callbacks,
    )
    published_report.refresh_from_db()
    assert published_report.status == Article.Status.DRAFT
    assert [(r.json["chat_id"], r.json["message_id"]) for r in channels.deletions] == [
        ("@svoboda_ru", int(post.remote_id))
    ]
    post.refresh_from_db()
    assert post.status == Post.Status.WITHDRAWN
    queued = AuditEntry.objects.get(verb="broadcast.withdrawal_queued", target_id=str(post.pk))
    assert queued.actor == survivors_caseworker


def test_a_withdrawn_consent_tells_the_webhook_to_remove_its_copy(
    channels,
    operation,
    published_report,
    survivors_caseworker,
    django_capture_on_commit_callbacks,
):
    withdraw_consent(
        operation,
        operation.survivors[1],
        survivors_caseworker,
        django_capture_on_commit_callbacks,
    )
    events = [request.json["event"] for request in channels.webhook]
    assert events == ["article.published", "article.withdrawn"]
    assert channels.webhook[1].signature_ok
    assert Post.objects.get(article=published_report, channel="webhook").status == (
        Post.Status.WITHDRAWN
    )
