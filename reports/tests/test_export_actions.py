"""Who may export what: k-anonymised exports of one's own branches, trusted exports only for
administrators with a reason, and an audit entry for every export."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

import audit
from audit.models import AuditEntry
from cases.tests.factories import CaseFactory, ParticipantFactory
from reports import htcds_columns as col
from reports.export_actions import MIN_K, export_htcds
from svoboda.errors import DomainError


@pytest.fixture
def victims(branch, other_branch):
    """Six victims exploited in Russia in Moscow's cases, six in Zimbabwe in Harare's."""
    for place, country in ((branch, "RU"), (other_branch, "ZW")):
        for _ in range(6):
            ParticipantFactory(case=CaseFactory(branch=place, exploitation_country=country))


def countries_in(export):
    return {row[col.COUNTRY_OF_EXPLOITATION] for row in export.rows}


def last_export_entry():
    return AuditEntry.objects.filter(verb="reports.htcds_exported").latest("pk")


def test_a_coordinator_exports_their_branch_k_anonymised(coordinator, victims):
    export = export_htcds(actor=coordinator, k=5)

    assert len(export.rows) == 6
    assert countries_in(export) == {"RU"}


def test_the_export_is_audited_with_its_scope_and_size(coordinator, branch, victims):
    export_htcds(
        actor=coordinator,
        branches=[branch],
        k=5,
        date_from=datetime.date(2020, 1, 1),
        date_to=datetime.date(2030, 12, 31),
    )

    entry = last_export_entry()
    assert entry.actor == coordinator
    assert entry.changes == {
        "k": 5,
        "branches": ["Moscow"],
        "from": "2020-01-01",
        "to": "2030-12-31",
        "rows": 6,
        "generalised": 0,
        "suppressed": 0,
        "rows_withheld": 0,
        "reason": "",
    }


def test_a_coordinator_cannot_export_another_branch(coordinator, other_branch, victims):
    with pytest.raises(PermissionDenied):
        export_htcds(actor=coordinator, branches=[other_branch], k=5)

    assert not AuditEntry.objects.filter(verb="reports.htcds_exported").exists()


def test_a_coordinator_cannot_export_without_k_anonymity(coordinator, victims):
    with pytest.raises(PermissionDenied):
        export_htcds(actor=coordinator, reason="The partner asked for everything")


@pytest.mark.parametrize("persona", ["caseworker", "volunteer", "editor", "no role"])
def test_other_roles_cannot_export(personas, persona, victims):
    with pytest.raises(PermissionDenied):
        export_htcds(actor=personas[persona], k=10)


def test_a_trusted_export_needs_a_reason(administrator, victims):
    with pytest.raises(DomainError):
        export_htcds(actor=administrator, reason="  ")

    assert not AuditEntry.objects.filter(verb="reports.htcds_exported").exists()


def test_an_administrator_exports_every_branch_for_a_trusted_partner(administrator, victims):
    export = export_htcds(actor=administrator, reason="IOM agreement 2025/14")

    assert countries_in(export) == {"RU", "ZW"}
    entry = last_export_entry()
    assert entry.actor == administrator
    assert entry.changes["k"] is None
    assert entry.changes["reason"] == "IOM agreement 2025/14"
    assert entry.changes["branches"] == ["Harare", "Moscow"]


def test_k_below_the_minimum_is_refused(administrator, victims):
    with pytest.raises(DomainError):
        export_htcds(actor=administrator, k=MIN_K - 1)


def test_the_period_must_be_in_order(administrator, victims):
    with pytest.raises(DomainError):
        export_htcds(
            actor=administrator,
            k=10,
            date_from=datetime.date(2024, 1, 2),
            date_to=datetime.date(2024, 1, 1),
        )


def test_the_system_exports_every_branch_k_anonymised(victims):
    export = export_htcds(actor=audit.SYSTEM_ACTOR, k=5)

    assert countries_in(export) == {"RU", "ZW"}
    assert last_export_entry().actor_label == "system"


def test_the_system_never_exports_without_k_anonymity(victims):
    with pytest.raises(PermissionDenied):
        export_htcds(actor=audit.SYSTEM_ACTOR, reason="cron")


def test_the_number_of_queries_does_not_grow_with_the_victims(administrator, branch):
    def queries_for_export():
        with CaptureQueriesContext(connection) as queries:
            export_htcds(actor=administrator, k=5)
        return len(queries)

    ParticipantFactory(case=CaseFactory(branch=branch))
    queries_for_export()  # The user's permissions are read once, then cached.
    few = queries_for_export()
    for _ in range(20):
        ParticipantFactory(case=CaseFactory(branch=branch))

    assert queries_for_export() == few
