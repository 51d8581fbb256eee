"""The export page in the workspace: who sees it, which branches it offers, and the download."""

import csv
import io

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from cases.tests.factories import CaseFactory, ParticipantFactory
from reports import htcds_columns as col

URL = "/workspace/reports/export/"


@pytest.fixture
def victims(branch, other_branch):
    for place, country in ((branch, "RU"), (other_branch, "ZW")):
        for _ in range(6):
            ParticipantFactory(case=CaseFactory(branch=place, exploitation_country=country))


def download(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def exports():
    return AuditEntry.objects.filter(verb="reports.htcds_exported")


def test_the_page_has_its_name_in_the_reports_namespace():
    assert reverse("reports:htcds-export") == URL


def test_a_coordinator_is_offered_only_their_own_branches(client, coordinator, other_branch):
    client.force_login(coordinator)

    response = client.get(URL)

    assert response.status_code == 200
    offered = list(response.context["form"].fields["branches"].queryset)
    assert [branch.name for branch in offered] == ["Moscow"]


def test_a_coordinator_is_not_offered_a_trusted_export(client, coordinator):
    client.force_login(coordinator)

    response = client.get(URL)

    assert "trusted" not in response.context["form"].fields
    assert b'name="trusted"' not in response.content


def test_an_administrator_is_offered_a_trusted_export(client, administrator):
    client.force_login(administrator)

    response = client.get(URL)

    assert b'name="trusted"' in response.content
    assert b'name="reason"' in response.content


@pytest.mark.parametrize("persona", ["caseworker", "volunteer", "editor", "no role"])
def test_other_roles_are_refused(client, personas, persona):
    client.force_login(personas[persona])

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"k": 10}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_coordinator_downloads_their_branch_k_anonymised(client, coordinator, victims):
    client.force_login(coordinator)

    response = client.post(URL, {"k": 5})

    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith('attachment; filename="htcds-')
    assert response["Cache-Control"] == "no-store"
    rows = download(response)
    assert {row[col.COUNTRY_OF_EXPLOITATION] for row in rows} == {"RU"}
    assert exports().get().changes["k"] == 5


def test_a_crafted_branch_of_another_city_is_a_form_error(
    client, coordinator, other_branch, victims
):
    client.force_login(coordinator)

    response = client.post(URL, {"k": 5, "branches": [other_branch.pk]})

    assert response.status_code == 200
    assert response.context["form"].errors["branches"]
    assert not exports().exists()


def test_a_coordinator_posting_trusted_still_gets_k_anonymity(client, coordinator, victims):
    client.force_login(coordinator)

    response = client.post(URL, {"trusted": "on", "reason": "Please", "k": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["k"]
    assert not exports().exists()


def test_k_below_the_minimum_is_a_form_error(client, coordinator, victims):
    client.force_login(coordinator)

    response = client.post(URL, {"k": 2})

    assert response.context["form"].errors["k"]
    assert not exports().exists()


def test_a_trusted_export_without_a_reason_is_a_form_error(client, administrator, victims):
    client.force_login(administrator)

    response = client.post(URL, {"trusted": "on", "reason": " "})

    assert response.context["form"].errors["reason"]
    assert not exports().exists()


def test_an_administrator_downloads_a_trusted_export_with_the_reason_audited(
    client, administrator, victims
):
    client.force_login(administrator)

    response = client.post(URL, {"trusted": "on", "reason": "OSCE study, agreement 7"})

    assert len(download(response)) == 12
    entry = exports().get()
    assert (entry.actor, entry.changes["k"], entry.changes["reason"]) == (
        administrator,
        None,
        "OSCE study, agreement 7",
    )


def test_opening_the_page_exports_nothing(client, administrator, victims):
    client.force_login(administrator)

    client.get(URL, {"trusted": "on", "reason": "x"})

    assert not exports().exists()
