"""The editors' pages for rescue reports: starting one, reading the check, confirming."""

import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEntry
from publishing import actions, anonymisation, rescue_reports
from publishing.models import Article
from publishing.tests.factories import ArticleFactory
from publishing.tests.rescue_factories import completed_operation

NEW = reverse("publishing:rescue-report-new")


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def operation(branch):
    return completed_operation(branch)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def report(operation, editor):
    report = rescue_reports.start_rescue_report(actor=editor, operation=operation, language="ru")
    return actions.update_article(
        actor=editor, article=report, body="Магомед вернулся домой. Тел. +7 928 555-12-34."
    )


def confirm_url(article):
    return reverse("publishing:article-confirm-anonymisation", args=[article.pk])


def test_the_list_of_operations_shows_no_case_or_person(editor_client, operation):
    response = editor_client.get(NEW)
    page = response.content.decode()
    assert response.status_code == 200
    assert operation.reference in page
    for secret in ("Магомед", "Алиев", "Kiln by the road", operation.title, "Кирпичный"):
        assert secret not in page


def test_choosing_an_operation_and_a_language_starts_a_draft(editor_client, operation):
    response = editor_client.post(NEW, {"operation": operation.pk, "language": "en"})
    report = Article.objects.get()
    assert response.status_code == 302
    assert response.url == report.get_edit_url()
    assert (report.operation, report.language, report.status) == (operation, "en", "draft")


@pytest.mark.parametrize(
    "data",
    [{}, {"operation": "not-a-key", "language": "en"}, {"operation": "", "language": "xx"}],
)
def test_a_bad_choice_is_refused_with_a_message(editor_client, operation, data):
    response = editor_client.post(NEW, data)
    assert response.status_code == 400
    assert "Choose a completed operation and a language." in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize("persona", ["caseworker", "coordinator", "volunteer"])
def test_only_editors_start_reports(client, request, operation, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, {"operation": operation.pk, "language": "en"}).status_code == 403
    assert not Article.objects.exists()


def test_the_report_page_lists_what_looks_like_personal_data_and_audits_the_check(
    editor_client, report
):
    response = editor_client.get(report.get_edit_url())
    page = response.content.decode()
    findings = [(f.text, f.reason) for f in response.context["check"].findings]
    assert ("Магомед", "name") in findings
    assert ("+7 928 555-12-34", "known_phone") in findings
    assert "a phone number of a person in the operation&#x27;s cases" in page
    assert response.context["confirm_form"] is not None
    # The page names no one the text does not already name.
    assert "Исаева" not in page and "Зарина" not in page
    entry = AuditEntry.objects.get(verb="publishing.rescue_report_checked")
    assert entry.changes["people_checked"] == 3


def test_confirming_needs_the_box_ticked(editor_client, report):
    response = editor_client.post(
        confirm_url(report), {"fingerprint": anonymisation.fingerprint(report)}
    )
    assert response.status_code == 400
    assert "Tick the box to confirm" in response.content.decode()
    report.refresh_from_db()
    assert report.anonymisation_confirmed_at is None


def test_confirming_then_publishing(editor_client, report):
    response = editor_client.post(
        reverse("publishing:article-publish", args=[report.pk]), {"publish_at": ""}
    )
    assert response.status_code == 400
    assert "only after its anonymisation is confirmed" in response.content.decode()

    response = editor_client.post(
        confirm_url(report),
        {"fingerprint": anonymisation.fingerprint(report), "checked": "on"},
    )
    assert response.status_code == 302
    page = editor_client.get(report.get_edit_url()).content.decode()
    assert "Anonymisation confirmed by" in page

    response = editor_client.post(
        reverse("publishing:article-publish", args=[report.pk]), {"publish_at": ""}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_public


def test_a_stale_confirmation_form_is_refused_with_the_reason(editor_client, editor, report):
    seen = anonymisation.fingerprint(report)
    actions.update_article(actor=editor, article=report, body="Новый текст.")
    response = editor_client.post(confirm_url(report), {"fingerprint": seen, "checked": "on"})
    assert response.status_code == 400
    assert "changed while you were reading" in response.content.decode()


def test_the_editing_form_of_a_report_has_no_kind_to_choose(editor_client, report):
    response = editor_client.get(reverse("publishing:article-edit", args=[report.pk]))
    assert "kind" not in response.context["form"].fields
    response = editor_client.get(reverse("publishing:article-new"))
    kinds = [value for value, _label in response.context["form"].fields["kind"].choices]
    assert Article.Kind.RESCUE_REPORT not in kinds


def test_editing_a_report_through_the_form_keeps_it_a_report(editor_client, report):
    response = editor_client.post(
        reverse("publishing:article-edit", args=[report.pk]),
        {
            "kind": "news",
            "category": report.category_id,
            "title": report.title,
            "slug": report.slug,
            "summary": "",
            "body": "Без имён.",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.kind == Article.Kind.RESCUE_REPORT
    assert report.body == "Без имён."


def test_translating_a_report_keeps_the_operation(editor_client, report):
    response = editor_client.post(
        reverse("publishing:article-translate", args=[report.pk, "en"]),
        {"category": report.category_id, "title": "Home again", "body": "Magomed is home."},
    )
    assert response.status_code == 302
    english = Article.objects.get(language="en")
    assert english.kind == Article.Kind.RESCUE_REPORT
    assert english.operation_id == report.operation_id


def test_news_pages_have_no_anonymisation_panel(editor_client):
    response = editor_client.get(ArticleFactory().get_edit_url())
    assert "check" not in response.context
    assert not AuditEntry.objects.filter(verb="publishing.rescue_report_checked").exists()
