"""Rescue reports: started from a completed operation, checked for personal data, published
only once an editor confirmed the anonymisation of that exact text and every survivor agreed
to public mentions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from assistance import actions as assistance_actions
from assistance.models import Consent
from audit.models import AuditEntry
from cases.tests.factories import AssignmentFactory
from operations.models import Operation
from operations.tests.factories import OperationFactory
from publishing import actions, anonymisation, rescue_reports
from publishing.models import Article
from publishing.tests.factories import ArticleFactory, published
from publishing.tests.image_factories import add_image, image_storage  # noqa: F401
from publishing.tests.rescue_factories import OPERATION_ADDRESS, SHELTER_STREET, completed_operation
from svoboda.errors import DomainError

Status = Article.Status


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def operation(branch):
    return completed_operation(branch)


@pytest.fixture
def report(operation, editor):
    return rescue_reports.start_rescue_report(actor=editor, operation=operation, language="ru")


def write(report, editor, body):
    return actions.update_article(actor=editor, article=report, body=body)


def confirm(report, editor):
    return rescue_reports.confirm_anonymisation(
        actor=editor, article=report, fingerprint=anonymisation.fingerprint(report)
    )


def reasons(article, field="body"):
    return {
        (finding.text, finding.reason)
        for finding in anonymisation.check(article).findings
        if finding.field == field
    }


# Starting a report.


def test_a_report_starts_as_a_draft_tied_to_the_operation_with_nothing_identifying(
    operation, editor
):
    report = rescue_reports.start_rescue_report(actor=editor, operation=operation, language="en")
    assert report.status == Status.DRAFT
    assert report.kind == Article.Kind.RESCUE_REPORT
    assert report.operation == operation
    assert report.category.slug == "forced-labour"
    assert report.title.startswith("Rescue operation: Russia, ")
    assert report.summary == "2 people left exploitation."
    assert anonymisation.check(report).findings == []
    entry = AuditEntry.objects.get(verb="publishing.rescue_report_started")
    assert entry.changes == {"operation": operation.reference, "language": "en"}


def test_the_draft_is_written_in_the_language_chosen(operation, editor):
    report = rescue_reports.start_rescue_report(actor=editor, operation=operation, language="ru")
    assert report.language == "ru"
    assert report.title.startswith("Спасательная операция: Россия, ")
    assert report.summary == "2 человека освобождены от эксплуатации."


def test_the_category_follows_the_kind_of_exploitation(branch, editor):
    operation = completed_operation(branch, exploitation_types=("SexualExploitation",))
    report = rescue_reports.start_rescue_report(actor=editor, operation=operation, language="ru")
    assert report.category.slug == "sexual-exploitation"


@pytest.mark.parametrize(
    "status", [Operation.Status.PLANNING, Operation.Status.IN_PROGRESS, Operation.Status.ABORTED]
)
def test_only_a_completed_operation_can_be_reported_on(branch, editor, status):
    operation = OperationFactory(
        branch=branch,
        status=status,
        abort_reason="Called off.",
        approved_by=editor,
        approved_at=timezone.now(),
    )
    with pytest.raises(DomainError, match="completed operation"):
        rescue_reports.start_rescue_report(actor=editor, operation=operation, language="ru")
    assert not Article.objects.exists()


def test_starting_a_report_needs_the_right_to_write_articles(operation, caseworker):
    with pytest.raises(PermissionDenied):
        rescue_reports.start_rescue_report(actor=caseworker, operation=operation, language="ru")


def test_a_rescue_report_cannot_be_made_by_choosing_the_kind(editor):
    with pytest.raises(DomainError, match="completed operation"):
        actions.create_article(
            actor=editor,
            language="ru",
            title="Report",
            kind=Article.Kind.RESCUE_REPORT,
            category=ArticleFactory.build().category,
            body="Text.",
        )
    news = ArticleFactory()
    with pytest.raises(DomainError, match="completed operation"):
        actions.update_article(actor=editor, article=news, kind=Article.Kind.RESCUE_REPORT)
    news.refresh_from_db()
    assert news.kind == Article.Kind.NEWS


def test_a_rescue_report_stays_one(report, editor):
    with pytest.raises(DomainError, match="stays a rescue report"):
        actions.update_article(actor=editor, article=report, kind=Article.Kind.NEWS)


# What the check finds.


def test_names_of_people_in_the_cases_are_found_in_any_script_and_with_russian_endings(
    report, editor
):
    report = write(
        report,
        editor,
        "Мы вывезли Магомеда и его соседку. Magomed Aliev thanked the team; "
        "Мага позвонил брату. Свидетель Гаджиев помог.",
    )
    found = reasons(report)
    assert {
        ("Магомеда", "name"),
        ("Magomed", "name"),
        ("Aliev", "name"),
        ("Мага", "name"),
        ("Гаджиев", "name"),
    } <= found


def test_known_and_generic_contact_details_are_found(report, editor):
    report = write(
        report,
        editor,
        "Звоните 8 (928) 555-12-34 или +7 999 000 11 22. Паспорт 82 15 123456, "
        "виза AB1234567. Пишите zarina.i@example.org или info@other.example. "
        "Жили на ул. Ленина, д. 5, кв. 12. Точка 42.9849, 47.5047.",
    )
    found = {reason for _text, reason in reasons(report)}
    assert {
        "known_phone",
        "phone",
        "known_document",
        "document",
        "known_email",
        "email",
        "address",
        "coordinates",
    } <= found


def test_the_operations_and_shelters_addresses_and_contact_addresses_are_found(report, editor):
    report = write(
        report,
        editor,
        f"Приют: {SHELTER_STREET}. Место: {OPERATION_ADDRESS}. Дом: пос. Шамхал, Озёрная, 4.",
    )
    found = [text for text, reason in reasons(report) if reason == "known_address"]
    assert len(found) == 3


def test_years_dates_and_counts_are_not_mistaken_for_personal_data(report, editor):
    report = write(
        report,
        editor,
        "С 2019–2023 годы, 12.03.2024, 150 человек в 3 регионах; горячая линия работает "
        "круглосуточно. Operation 2024/11 freed 12 people.",
    )
    assert reasons(report) == set()


def test_the_title_and_summary_are_checked_too(report, editor):
    report = actions.update_article(
        actor=editor, article=report, title="Как спасли Зарину", summary="Исаева дома."
    )
    assert ("Зарину", "name") in reasons(report, "title")
    assert ("Исаева", "name") in reasons(report, "summary")


# Publication.


def test_a_rescue_report_cannot_be_published_until_the_anonymisation_is_confirmed(report, editor):
    with pytest.raises(DomainError, match="anonymisation is confirmed"):
        actions.publish_article(actor=editor, article=report)
    with pytest.raises(DomainError, match="anonymisation is confirmed"):
        actions.publish_article(
            actor=editor, article=report, publish_at=timezone.now() + datetime.timedelta(days=1)
        )
    report.refresh_from_db()
    assert report.status == Status.DRAFT
    assert not AuditEntry.objects.filter(verb="publishing.article_published").exists()

    confirm(report, editor)
    report = actions.publish_article(actor=editor, article=report)
    assert report.is_public


def test_the_confirmation_is_recorded_with_what_the_check_found(report, editor):
    report = write(report, editor, "Магомед дома.")
    confirm(report, editor)
    report.refresh_from_db()
    assert report.anonymisation_confirmed_by == editor
    entry = AuditEntry.objects.get(verb="publishing.anonymisation_confirmed")
    assert entry.changes["findings"] == ["body: name"]


def test_a_change_after_the_confirmation_asks_for_it_again(report, editor):
    confirm(report, editor)
    report = write(report, editor, "Новый текст, где есть Зарина.")
    with pytest.raises(DomainError, match="changed after its anonymisation was confirmed"):
        actions.publish_article(actor=editor, article=report)
    confirm(report, editor)
    assert actions.publish_article(actor=editor, article=report).is_public


def test_a_confirmation_of_a_text_that_changed_meanwhile_is_refused(report, editor):
    seen = anonymisation.fingerprint(report)
    report = write(report, editor, "Someone else's edit.")
    with pytest.raises(DomainError, match="changed while you were reading"):
        rescue_reports.confirm_anonymisation(actor=editor, article=report, fingerprint=seen)
    report.refresh_from_db()
    assert report.anonymisation_confirmed_at is None


def test_only_those_who_publish_may_confirm(report, branch):
    writer = UserFactory(roles=[Role.EDITOR], branches=[branch])
    writer.user_permissions.clear()
    caseworker = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    with pytest.raises(PermissionDenied):
        confirm(report, caseworker)


def test_survivors_without_consent_block_publication_even_when_confirmed(branch, editor):
    operation = completed_operation(branch, consent=False)
    report = rescue_reports.start_rescue_report(actor=editor, operation=operation, language="en")
    confirm(report, editor)
    with pytest.raises(DomainError, match="2 of the 2 survivors"):
        actions.publish_article(actor=editor, article=report)
    report.refresh_from_db()
    assert report.status == Status.DRAFT


def test_a_withdrawn_consent_blocks_publication(operation, report, editor):
    Consent.objects.filter(person=operation.survivors[0]).update(
        withdrawn_at=timezone.now(), withdrawn_by=editor, withdrawal_method="phone"
    )
    confirm(report, editor)
    with pytest.raises(DomainError, match="1 of the 2 survivors"):
        actions.publish_article(actor=editor, article=report)


def test_the_text_of_a_published_report_cannot_change(report, editor):
    confirm(report, editor)
    report = actions.publish_article(actor=editor, article=report)
    with pytest.raises(DomainError, match="unpublish it"):
        write(report, editor, "Магомед Алиев.")
    report.refresh_from_db()
    assert "Магомед" not in report.body


def test_a_translation_is_a_report_on_the_same_operation_confirmed_on_its_own(report, editor):
    confirm(report, editor)
    english = actions.create_article(
        actor=editor,
        language="en",
        title="Rescue in Dagestan",
        translation_of=report,
        kind=Article.Kind.NEWS,
        category=report.category,
        body="Magomed is home.",
    )
    assert english.kind == Article.Kind.RESCUE_REPORT
    assert english.operation == report.operation
    assert ("Magomed", "name") in reasons(english)
    with pytest.raises(DomainError, match="anonymisation is confirmed"):
        actions.publish_article(actor=editor, article=english)


def test_a_news_article_cannot_be_translated_into_a_rescue_report(editor):
    news = ArticleFactory()
    with pytest.raises(DomainError):
        actions.create_article(
            actor=editor,
            language="en",
            title="Report",
            translation_of=news,
            kind=Article.Kind.RESCUE_REPORT,
            category=news.category,
            body="Text.",
        )


# A survivor who withdraws consent takes the reports down.


@pytest.fixture
def survivors_caseworker(operation, branch):
    worker = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    AssignmentFactory(case=operation.cases.get(), user=worker)
    return worker


def withdraw(operation, person, worker):
    plan = assistance_actions.open_assistance_plan(
        actor=worker, case=operation.cases.get(), person=person
    )
    consent = Consent.objects.get(person=person, kind=Consent.Kind.MENTION)
    assistance_actions.withdraw_consent(actor=worker, plan=plan, consent=consent, method="phone")


@pytest.mark.parametrize("days_ahead", [0, 2], ids=["public", "scheduled"])
def test_withdrawing_consent_takes_the_reports_off_the_site_at_once(
    operation, report, editor, survivors_caseworker, days_ahead
):
    confirm(report, editor)
    actions.publish_article(
        actor=editor,
        article=report,
        publish_at=timezone.now() + datetime.timedelta(days=days_ahead),
    )
    other = published(title="Unrelated news")
    withdraw(operation, operation.survivors[1], survivors_caseworker)
    report.refresh_from_db()
    assert report.status == Status.DRAFT
    assert report.publish_at is None
    other.refresh_from_db()
    assert other.is_public
    entry = AuditEntry.objects.get(verb="publishing.rescue_report_withdrawn")
    assert entry.actor == survivors_caseworker
    assert entry.changes["reason"] == "consent_withdrawn"
    with pytest.raises(DomainError, match="1 of the 2 survivors"):
        actions.publish_article(actor=editor, article=report)


def test_withdrawing_another_kind_of_consent_leaves_reports_alone(
    operation, report, editor, survivors_caseworker
):
    confirm(report, editor)
    actions.publish_article(actor=editor, article=report)
    person = operation.survivors[0]
    plan = assistance_actions.open_assistance_plan(
        actor=survivors_caseworker, case=operation.cases.get(), person=person
    )
    store = assistance_actions.give_consent(
        actor=survivors_caseworker,
        plan=plan,
        kind=Consent.Kind.STORE,
        given_on=timezone.localdate(),
        method="oral_witnessed",
    )
    assistance_actions.withdraw_consent(
        actor=survivors_caseworker, plan=plan, consent=store, method="phone"
    )
    report.refresh_from_db()
    assert report.is_public


# Pictures.


@pytest.mark.usefixtures("image_storage")
def test_a_picture_added_after_the_confirmation_asks_for_it_again(report, editor):
    confirm(report, editor)
    add_image(editor, report, alt_text="Зарина у ворот", caption="Дом в Шамхале")
    report.refresh_from_db()
    assert ("Зарина", "name") in reasons(report, "images")
    with pytest.raises(DomainError, match="changed after its anonymisation was confirmed"):
        actions.publish_article(actor=editor, article=report)
