"""The report files' pages: who may ask for one, for which branches, who may follow and download
it, and what the pages show while the job runs and after."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from audit.models import AuditEntry
from reports.models import ReportExport
from reports.tests import stats_world

URL = "/workspace/reports/exports/"
YEAR_2025 = {"kind": "pdf", "date_from": "2025-01-01", "date_to": "2025-12-31", "compare": "on"}


@pytest.fixture
def world(branch, other_branch):
    return stats_world.build(branch, other_branch)


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST the form as `user`, running the job when the request commits (as a worker would)."""

    def post(user, data):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, data)

    return post


def queued(user, **fields):
    """An export as the action leaves it, before any worker picked it up."""
    return ReportExport.objects.create(
        requested_by=user,
        kind=fields.pop("kind", ReportExport.Kind.PDF),
        date_from=datetime.date(2025, 1, 1),
        date_to=datetime.date(2025, 12, 31),
        language="en",
        expires_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC),
        **fields,
    )


def made(post, user, **data):
    response = post(user, {**YEAR_2025, **data})
    assert response.status_code == 302
    return ReportExport.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])


def test_the_pages_have_their_names_in_the_reports_namespace():
    assert reverse("reports:report-exports") == URL
    assert reverse("reports:report-export", kwargs={"pk": 7}) == URL + "7/"
    assert reverse("reports:report-export-download", kwargs={"pk": 7}) == URL + "7/download/"
    assert reverse("reports:report-export-print", kwargs={"pk": 7}) == URL + "7/print/"


def test_a_coordinator_is_offered_only_their_own_branches(client, coordinator, other_branch):
    client.force_login(coordinator)

    response = client.get(URL)

    assert response.status_code == 200
    offered = list(response.context["form"].fields["branches"].queryset)
    assert [branch.name for branch in offered] == ["Moscow"]


@pytest.mark.parametrize("persona", ["caseworker", "volunteer", "editor"])
def test_roles_without_reports_are_refused(client, personas, persona):
    client.force_login(personas[persona])

    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("persona", ["caseworker", "volunteer", "editor"])
def test_roles_without_reports_cannot_open_a_file_page(client, personas, persona, coordinator):
    export = queued(coordinator)
    client.force_login(personas[persona])

    assert client.get(reverse("reports:report-export", args=[export.pk])).status_code == 403


def test_posting_the_form_queues_the_job_and_goes_to_the_file_page(
    world, post, coordinator, branch
):
    response = post(coordinator, YEAR_2025)

    export = ReportExport.objects.get()
    assert response.url == reverse("reports:report-export", args=[export.pk])
    assert export.requested_by == coordinator
    assert list(export.branches.all()) == [branch]
    assert (export.compare_from, export.compare_to) == (
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
    )
    assert export.status == "done"


def test_asking_for_a_file_is_audited(world, post, coordinator):
    export = made(post, coordinator)

    entry = AuditEntry.objects.get(verb="reports.export_requested")
    assert entry.actor == coordinator
    assert entry.target_id == str(export.pk)
    assert entry.changes["branches"] == ["Moscow"]


def test_a_coordinator_cannot_ask_for_another_branch(post, coordinator, other_branch):
    response = post(coordinator, {**YEAR_2025, "branches": [other_branch.pk]})

    assert response.status_code == 200
    assert "branches" in response.context["form"].errors
    assert not ReportExport.objects.exists()


def test_an_administrator_without_branches_ticked_gets_the_whole_organisation(
    world, post, administrator
):
    export = made(post, administrator)

    assert export.whole_organisation
    assert export.branches.count() == 0


def test_the_start_after_the_end_is_a_form_error(post, coordinator):
    response = post(coordinator, {**YEAR_2025, "date_from": "2026-01-01"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not ReportExport.objects.exists()


def test_a_running_file_page_reloads_itself_and_shows_progress(client, coordinator):
    export = queued(coordinator, status=ReportExport.Status.RUNNING, progress=60)
    client.force_login(coordinator)

    response = client.get(reverse("reports:report-export", args=[export.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert '<meta http-equiv="refresh" content="3">' in content
    assert 'value="60"' in content
    assert reverse("reports:report-export-download", args=[export.pk]) not in content


def test_a_finished_file_page_offers_the_download_and_stops_reloading(
    world, post, client, coordinator
):
    export = made(post, coordinator)

    response = client.get(reverse("reports:report-export", args=[export.pk]))

    content = response.content.decode()
    assert 'http-equiv="refresh"' not in content
    assert reverse("reports:report-export-download", args=[export.pk]) in content
    assert reverse("reports:report-export-print", args=[export.pk]) in content


def test_a_failed_file_page_shows_the_message(client, coordinator):
    export = queued(
        coordinator,
        status=ReportExport.Status.FAILED,
        error="The file could not be made (ValueError).",
        finished_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )
    client.force_login(coordinator)

    response = client.get(reverse("reports:report-export", args=[export.pk]))

    assert response.status_code == 200
    assert "The file could not be made (ValueError)." in response.content.decode()
    assert 'http-equiv="refresh"' not in response.content.decode()


def test_the_owner_downloads_the_file_privately(world, post, client, coordinator):
    export = made(post, coordinator)

    response = client.get(reverse("reports:report-export-download", args=[export.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_download_is_audited(world, post, client, coordinator):
    export = made(post, coordinator)

    client.get(reverse("reports:report-export-download", args=[export.pk]))

    entry = AuditEntry.objects.get(verb="reports.export_downloaded")
    assert (entry.actor, entry.target_id) == (coordinator, str(export.pk))


def test_an_xlsx_downloads_as_a_spreadsheet(world, post, client, coordinator):
    export = made(post, coordinator, kind="xlsx")

    response = client.get(reverse("reports:report-export-download", args=[export.pk]))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="report-tables-2025-01-01-2025-12-31.xlsx"' in response["Content-Disposition"]


def test_another_coordinator_of_the_same_branch_gets_404(world, post, client, coordinator, branch):
    export = made(post, coordinator)
    colleague = UserFactory(roles=[Role.COORDINATOR], branches=[branch])
    client.force_login(colleague)

    for name in ("report-export", "report-export-download", "report-export-print"):
        assert client.get(reverse(f"reports:{name}", args=[export.pk])).status_code == 404
    assert not AuditEntry.objects.filter(verb="reports.export_downloaded").exists()


def test_an_administrator_may_download_anyones_file(
    world, post, client, coordinator, administrator
):
    export = made(post, coordinator)
    client.force_login(administrator)

    response = client.get(reverse("reports:report-export-download", args=[export.pk]))

    assert response.status_code == 200


def test_a_file_of_a_branch_no_longer_visible_is_gone(world, post, client, coordinator, branch):
    export = made(post, coordinator)
    coordinator.branches.remove(branch)

    response = client.get(reverse("reports:report-export-download", args=[export.pk]))

    assert response.status_code == 404


def test_an_expired_file_is_gone_before_it_is_purged(world, post, client, coordinator):
    export = made(post, coordinator)
    ReportExport.objects.filter(pk=export.pk).update(
        expires_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    )

    response = client.get(reverse("reports:report-export-download", args=[export.pk]))

    assert response.status_code == 404


def test_a_file_not_ready_cannot_be_downloaded(client, coordinator):
    export = queued(coordinator)
    client.force_login(coordinator)

    response = client.get(reverse("reports:report-export-download", args=[export.pk]))

    assert response.status_code == 404


def test_the_printable_page_is_the_report_with_its_print_stylesheet(
    world, post, client, coordinator
):
    export = made(post, coordinator)

    response = client.get(reverse("reports:report-export-print", args=[export.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Impact report" in content
    assert "reports/impact-report.css" in content
    assert "People rescued" in content
    assert AuditEntry.objects.get(verb="reports.export_downloaded").changes["as"] == "page"


def test_the_list_shows_own_files_only(world, post, client, coordinator, branch):
    mine = made(post, coordinator)
    colleague = UserFactory(roles=[Role.COORDINATOR], branches=[branch])
    theirs = queued(colleague)

    response = client.get(URL)

    assert response.context["exports"] == [mine]
    assert theirs not in response.context["exports"]


def _list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    return len(queries)


def test_the_list_takes_as_many_queries_for_many_files_as_for_one(client, coordinator, branch):
    queued(coordinator).branches.add(branch)
    client.force_login(coordinator)
    one = _list_queries(client)
    for _ in range(7):
        queued(coordinator).branches.add(branch)

    assert _list_queries(client) == one


def test_the_dashboard_links_to_the_report_files(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("reports:dashboard"))

    assert f'href="{URL}"' in response.content.decode()
