"""Downloading a case file: only for those who see the case in full, always audited, never
shown inline by the browser."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from audit.models import AuditEntry
from cases import actions
from cases.tests.factories import AssignmentFactory, CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(branch, coordinator, caseworker, volunteer):
    case = CaseFactory(branch=branch, created_by=coordinator)
    AssignmentFactory(case=case, user=caseworker)
    AssignmentFactory(case=case, user=volunteer)
    return case


@pytest.fixture
def case_file(case, coordinator):
    return actions.add_case_file(
        actor=coordinator,
        case=case,
        upload=SimpleUploadedFile("Aliev passport.pdf", b"%PDF-1.4 passport"),
        content_type="application/pdf",
    )


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "JPEG")
    return buffer.getvalue()


def download(client, user, case_file):
    client.force_login(user)
    return client.get(reverse("cases:file-download", args=[case_file.pk]))


def test_caseworker_downloads_the_file(client, caseworker, case_file):
    response = download(client, caseworker, case_file)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 passport"


def test_the_download_is_named_by_id_not_by_the_uploaded_name(client, caseworker, case_file):
    response = download(client, caseworker, case_file)
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="case-file-{case_file.pk.hex[:8]}.pdf"'
    assert "Aliev" not in disposition


def test_the_download_carries_protective_headers(client, caseworker, case_file):
    response = download(client, caseworker, case_file)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"


def test_the_download_is_audited(client, caseworker, case_file):
    download(client, caseworker, case_file)
    [entry] = AuditEntry.objects.filter(verb="cases.file_downloaded")
    assert (entry.actor, entry.changes) == (caseworker, {"file": str(case_file.pk)})


def test_an_assigned_volunteer_gets_404(client, volunteer, case_file):
    assert download(client, volunteer, case_file).status_code == 404
    assert not AuditEntry.objects.filter(verb="cases.file_downloaded").exists()


def test_a_coordinator_of_another_branch_gets_404(client, coordinator_other_branch, case_file):
    assert download(client, coordinator_other_branch, case_file).status_code == 404
    assert not AuditEntry.objects.filter(verb="cases.file_downloaded").exists()


def test_an_unknown_file_is_404(client, caseworker, case):
    client.force_login(caseworker)
    url = reverse("cases:file-download", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404


def test_a_photo_downloads_with_its_real_extension(client, caseworker, case, coordinator):
    case_file = actions.add_case_file(
        actor=coordinator,
        case=case,
        upload=SimpleUploadedFile("x.pdf", jpeg_bytes()),
        content_type="image/jpeg",
    )
    response = download(client, caseworker, case_file)
    assert response["Content-Disposition"].endswith('.jpg"')
