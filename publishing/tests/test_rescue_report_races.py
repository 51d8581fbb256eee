"""A survivor withdraws consent while an editor publishes the report about them: whichever
commits first, the report does not stay on the public site. Two connections at once, so only
on PostgreSQL (SQLite's transactions take the write lock up front and run one after the other).
"""

import threading

import pytest
from django.db import close_old_connections, connection

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from assistance import actions as assistance_actions
from assistance.models import Consent
from cases.tests.factories import AssignmentFactory
from publishing import actions, anonymisation, rescue_reports
from publishing.models import Article
from publishing.tests.rescue_factories import completed_operation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks"),
]

# How long the publication waits, holding its lock, for the withdrawal to get as far as it can.
WITHDRAWAL_HEAD_START = 3
GIVE_UP = 60


def in_thread(function, errors):
    def run():
        try:
            function()
        except Exception as error:  # reported by the test below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_consent_withdrawn_while_the_report_is_being_published_takes_it_down(
    branch, editor, monkeypatch
):
    operation = completed_operation(branch)
    report = rescue_reports.start_rescue_report(actor=editor, operation=operation, language="ru")
    rescue_reports.confirm_anonymisation(
        actor=editor, article=report, fingerprint=anonymisation.fingerprint(report)
    )
    worker = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    AssignmentFactory(case=operation.cases.get(), user=worker)
    person = operation.survivors[0]
    plan = assistance_actions.open_assistance_plan(
        actor=worker, case=operation.cases.get(), person=person
    )
    consent = Consent.objects.get(person=person, kind=Consent.Kind.MENTION)

    # The publication has found every consent in force and holds the report's row...
    checked, go_on = threading.Event(), threading.Event()
    real_refusal = rescue_reports.refusal_to_publish

    def refusal_then_wait(article):
        refusal = real_refusal(article)
        checked.set()
        go_on.wait(GIVE_UP)
        return refusal

    monkeypatch.setattr(rescue_reports, "refusal_to_publish", refusal_then_wait)
    errors = []
    publishing = in_thread(lambda: actions.publish_article(actor=editor, article=report), errors)
    assert checked.wait(GIVE_UP)

    # ...when the case worker records the withdrawal; then the publication commits.
    withdrawing = in_thread(
        lambda: assistance_actions.withdraw_consent(
            actor=worker, plan=plan, consent=consent, method="phone"
        ),
        errors,
    )
    withdrawing.join(WITHDRAWAL_HEAD_START)
    go_on.set()
    publishing.join(GIVE_UP)
    withdrawing.join(GIVE_UP)

    assert errors == []
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    report.refresh_from_db()
    assert report.status == Article.Status.DRAFT
    assert not report.is_public
