"""Help requests past their retention period are deleted with everything they hold; nothing
else is."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from cases.tests.factories import CaseFactory
from intake import retention
from intake.models import Attachment, FollowUpCode, HelpRequest, Message
from intake.tests.factories import FollowUpCodeFactory, HelpRequestFactory, MessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.RETENTION_SPAM_REQUEST_DAYS = 30
    settings.RETENTION_CLOSED_REQUEST_DAYS = 365


def closed_request(reason, days_ago, **fields):
    """A request closed `days_ago` days ago, untouched since."""
    when = timezone.now() - timedelta(days=days_ago)
    request = HelpRequestFactory(
        status=HelpRequest.Status.CLOSED, closure_reason=reason, closed_at=when, **fields
    )
    HelpRequest.objects.filter(pk=request.pk).update(created_at=when, updated_at=when)
    return request


def with_thread(request):
    message = MessageFactory(request=request)
    FollowUpCodeFactory(request=request, code=f"code {request.pk}")
    attachment = Attachment(
        request=request, message=message, original_name="photo.jpg", content_type="image/jpeg"
    )
    attachment.size = 4
    attachment.file.save("upload", ContentFile(b"\xff\xd8\xff\xe0"), save=False)
    attachment.save()
    return attachment.file.name


def apply(rule, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return retention.delete_requests(rule(timezone.now()))


def test_spam_past_its_period_goes_with_its_messages_files_and_codes(
    django_capture_on_commit_callbacks,
):
    old = closed_request(HelpRequest.ClosureReason.SPAM, days_ago=31)
    file_name = with_thread(old)
    assert default_storage.exists(file_name)

    counts = apply(retention.expired_spam_requests, django_capture_on_commit_callbacks)

    assert counts == {"requests": 1, "messages": 1, "files": 1}
    assert not HelpRequest.objects.filter(pk=old.pk).exists()
    assert not Message.objects.filter(request_id=old.pk).exists()
    assert not FollowUpCode.objects.filter(request_id=old.pk).exists()
    assert not Attachment.objects.filter(request_id=old.pk).exists()
    assert not default_storage.exists(file_name)


def test_spam_within_its_period_is_kept(django_capture_on_commit_callbacks):
    recent = closed_request(HelpRequest.ClosureReason.SPAM, days_ago=29)
    file_name = with_thread(recent)

    counts = apply(retention.expired_spam_requests, django_capture_on_commit_callbacks)

    assert counts["requests"] == 0
    assert HelpRequest.objects.filter(pk=recent.pk).exists()
    assert default_storage.exists(file_name)


def test_a_writer_message_after_closing_restarts_the_period(django_capture_on_commit_callbacks):
    request = closed_request(HelpRequest.ClosureReason.DUPLICATE, days_ago=400)
    # What intake.actions.add_writer_message does to the request.
    HelpRequest.objects.filter(pk=request.pk).update(updated_at=timezone.now())

    apply(retention.expired_closed_requests, django_capture_on_commit_callbacks)

    assert HelpRequest.objects.filter(pk=request.pk).exists()


@pytest.mark.parametrize(
    "reason",
    [
        HelpRequest.ClosureReason.DUPLICATE,
        HelpRequest.ClosureReason.NOT_OUR_MANDATE,
        HelpRequest.ClosureReason.NO_CONTACT,
    ],
)
def test_other_closed_requests_go_after_their_own_period(
    reason, django_capture_on_commit_callbacks
):
    old = closed_request(reason, days_ago=366)
    younger = closed_request(reason, days_ago=364)
    spam_of_the_same_age = closed_request(HelpRequest.ClosureReason.SPAM, days_ago=366)

    counts = apply(retention.expired_closed_requests, django_capture_on_commit_callbacks)

    assert counts["requests"] == 1
    assert not HelpRequest.objects.filter(pk=old.pk).exists()
    assert HelpRequest.objects.filter(pk=younger.pk).exists()
    # Spam is the other rule's business.
    assert HelpRequest.objects.filter(pk=spam_of_the_same_age.pk).exists()


def test_a_request_accepted_into_a_case_is_never_deleted(django_capture_on_commit_callbacks):
    long_ago = timezone.now() - timedelta(days=5000)
    accepted = HelpRequestFactory(status=HelpRequest.Status.ACCEPTED, case=CaseFactory())
    HelpRequest.objects.filter(pk=accepted.pk).update(created_at=long_ago, updated_at=long_ago)
    open_request = HelpRequestFactory()
    HelpRequest.objects.filter(pk=open_request.pk).update(created_at=long_ago, updated_at=long_ago)

    apply(retention.expired_spam_requests, django_capture_on_commit_callbacks)
    apply(retention.expired_closed_requests, django_capture_on_commit_callbacks)

    assert HelpRequest.objects.filter(pk__in=[accepted.pk, open_request.pk]).count() == 2


def test_a_period_of_zero_keeps_for_ever(settings, django_capture_on_commit_callbacks):
    settings.RETENTION_SPAM_REQUEST_DAYS = 0
    settings.RETENTION_CLOSED_REQUEST_DAYS = 0
    spam = closed_request(HelpRequest.ClosureReason.SPAM, days_ago=5000)
    duplicate = closed_request(HelpRequest.ClosureReason.DUPLICATE, days_ago=5000)

    apply(retention.expired_spam_requests, django_capture_on_commit_callbacks)
    apply(retention.expired_closed_requests, django_capture_on_commit_callbacks)

    assert HelpRequest.objects.filter(pk__in=[spam.pk, duplicate.pk]).count() == 2


def test_requests_go_in_batches(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr("svoboda.deletion.BATCH_SIZE", 2)
    for _ in range(5):
        closed_request(HelpRequest.ClosureReason.SPAM, days_ago=40)

    counts = apply(retention.expired_spam_requests, django_capture_on_commit_callbacks)

    assert counts["requests"] == 5
    assert not HelpRequest.objects.exists()
