"""Downloading a file the writer sent: only for those who see the request, always audited."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from audit.models import AuditEntry
from cases.tests.factories import AssignmentFactory
from intake import actions
from intake.models import Attachment
from intake.tests.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0 not really a photo"


def attachment_of(help_request, content_type="image/jpeg", content=JPEG):
    attachment = Attachment(
        request=help_request,
        original_name="passport-ivanov.jpg",
        content_type=content_type,
        size=len(content),
    )
    attachment.file.save("upload", ContentFile(content), save=False)
    attachment.save()
    return attachment


def url(attachment):
    return reverse("intake:attachment-download", args=[attachment.pk])


def downloads(help_request):
    return AuditEntry.objects.filter(
        verb="intake.attachment_downloaded", target_id=str(help_request.pk)
    )


def test_coordinator_downloads_a_file_of_a_request_they_see(client, coordinator, branch):
    attachment = attachment_of(HelpRequestFactory(branch=branch))
    client.force_login(coordinator)
    response = client.get(url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == JPEG


def test_the_download_is_audited(client, coordinator):
    help_request = HelpRequestFactory()
    attachment = attachment_of(help_request)
    client.force_login(coordinator)
    client.get(url(attachment))
    assert downloads(help_request).get().changes == {"attachment": str(attachment.pk)}


def test_the_file_gets_a_neutral_name_not_the_senders(client, coordinator):
    attachment = attachment_of(HelpRequestFactory())
    client.force_login(coordinator)
    disposition = client.get(url(attachment))["Content-Disposition"]
    assert disposition == f'attachment; filename="attachment-{attachment.pk.hex[:8]}.jpg"'


def test_a_pdf_keeps_its_type_and_extension(client, coordinator):
    attachment = attachment_of(
        HelpRequestFactory(), content_type="application/pdf", content=b"%PDF-1.4"
    )
    client.force_login(coordinator)
    response = client.get(url(attachment))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')


def test_the_download_cannot_run_in_the_browser_or_be_cached(client, coordinator):
    attachment = attachment_of(HelpRequestFactory())
    client.force_login(coordinator)
    response = client.get(url(attachment))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"


def test_coordinator_of_another_branch_gets_404_and_nothing_is_recorded(
    client, coordinator_other_branch, branch
):
    help_request = HelpRequestFactory(branch=branch)
    attachment = attachment_of(help_request)
    client.force_login(coordinator_other_branch)
    assert client.get(url(attachment)).status_code == 404
    assert not downloads(help_request).exists()


def test_caseworker_not_assigned_gets_404(client, caseworker, branch):
    attachment = attachment_of(HelpRequestFactory(branch=branch))
    client.force_login(caseworker)
    assert client.get(url(attachment)).status_code == 404


def test_a_worker_of_the_case_the_request_became_downloads_it(
    client, coordinator, caseworker, branch
):
    help_request = HelpRequestFactory(branch=branch)
    attachment = attachment_of(help_request)
    case = actions.accept_request_into_new_case(
        actor=coordinator, request=help_request, title="Kiln", branch=branch
    )
    AssignmentFactory(case=case, user=caseworker)
    client.force_login(caseworker)
    assert client.get(url(attachment)).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client):
    attachment = attachment_of(HelpRequestFactory())
    response = client.get(url(attachment))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
