"""The demo's completed operation and the rescue report about it (operations/demo.py,
publishing/demo.py): what an editor trying rescue reports finds after `svoboda seed_demo`."""

import pytest
from django.core.management import call_command

from assistance.queries import may_mention_in_public
from cases.models import Contact, IdentityDocument
from operations.models import Debrief, Operation
from publishing import anonymisation, queries
from publishing.models import Article

pytestmark = pytest.mark.django_db


def seed(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def seeded(settings):
    seed(settings)


def completed_operation():
    return Operation.objects.get(status=Operation.Status.COMPLETED)


def public_report():
    return queries.published("ru").get(kind=Article.Kind.RESCUE_REPORT)


def test_a_completed_operation_freed_two_people_who_consent_to_anonymous_mentions(seeded):
    operation = completed_operation()
    assert operation.debrief.outcome == Debrief.Outcome.ALL_OUT
    rescued = [row.person for row in operation.debrief.rescued.all()]
    assert len(rescued) == 2
    assert [may_mention_in_public(person) for person in rescued] == ["anonymous", "anonymous"]
    # Something for the check to look for besides names.
    assert Contact.objects.filter(person__in=rescued, kind=Contact.Kind.PHONE).exists()
    # Document numbers are encrypted: compared in Python, not by the database.
    assert any(IdentityDocument.objects.filter(person__in=rescued).values_list("number", flat=True))


def test_the_operation_that_is_still_being_planned_stays_so(seeded):
    assert Operation.objects.filter(status=Operation.Status.PLANNING).count() == 1


def test_the_public_rescue_report_passes_its_anonymisation_check(seeded):
    report = public_report()
    assert report.operation == completed_operation()
    result = anonymisation.check(report)
    assert result.findings == []
    assert result.blockers == []
    assert anonymisation.confirmation_is_current(report)


def test_the_public_report_page_names_no_survivor(client, seeded):
    report = public_report()
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    for row in completed_operation().debrief.rescued.select_related("person"):
        assert row.person.given_name not in text
        assert row.person.family_name not in text


def test_the_english_version_is_a_draft_whose_check_finds_a_survivors_name(seeded):
    report = public_report()
    english = Article.objects.get(group=report.group, language="en")
    assert english.kind == Article.Kind.RESCUE_REPORT
    assert english.status == Article.Status.DRAFT
    assert not english.is_public
    result = anonymisation.check(english)
    assert [(finding.text, finding.reason) for finding in result.findings] == [("Fatima", "name")]
    assert result.blockers == []


def test_a_second_run_leaves_the_operations_and_reports_as_they_are(settings):
    seed(settings)
    report = public_report()
    before = (
        list(Operation.objects.order_by("pk").values_list("pk", "status")),
        list(Article.objects.filter(kind=Article.Kind.RESCUE_REPORT).values_list("pk", "status")),
        report.anonymisation_fingerprint,
    )
    seed(settings)
    after = (
        list(Operation.objects.order_by("pk").values_list("pk", "status")),
        list(Article.objects.filter(kind=Article.Kind.RESCUE_REPORT).values_list("pk", "status")),
        public_report().anonymisation_fingerprint,
    )
    assert after == before
