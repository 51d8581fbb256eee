"""Reads of help requests, scoped to who may triage or work them.

Coordinators triage the requests of their branches and the requests not yet routed to any
branch (someone must see a new request at 2 a.m.); a worker sees the requests assigned to them
or recorded by them. Opening a request is recorded in the audit trail (read_request).
"""

import uuid

from django.db.models import Case as When_
from django.db.models import IntegerField, Prefetch, Q, Value, When
from django.http import Http404

import audit
from intake.models import Attachment, HelpRequest
from svoboda.encryption.fields import encrypted_fields


def requests_visible_to(user):
    if not (user.is_authenticated and user.is_active and user.has_perm("intake.view_helprequest")):
        return HelpRequest.objects.none()
    condition = Q(assignee=user) | Q(recorded_by=user)
    if user.has_perm("intake.triage_helprequest"):
        branches = list(user.branches.values_list("pk", flat=True))
        condition |= Q(branch__in=branches) | Q(branch__isnull=True)
    # Every condition is a column of the request: no join, so no "pk IN (...)" is needed, and
    # the queue is read from its index (intake_queue_idx) instead of from every request.
    return HelpRequest.objects.filter(condition)


def queue_for(user):
    """The queue: open requests first, new before in triage, then by urgency, newest first."""
    return (
        requests_visible_to(user)
        # A row shows no encrypted field: decrypting five of them for fifty rows was 6 ms.
        .defer(*(field.name for field in encrypted_fields(HelpRequest)))
        .select_related("branch", "assignee", "case")
        .annotate(
            queue_rank=When_(
                When(status=HelpRequest.Status.NEW, then=Value(0)),
                When(status=HelpRequest.Status.IN_TRIAGE, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("queue_rank", "urgency", "-created_at")
    )


def assignees_for(user):
    """Active people who work on help requests in the user's own branches (for the triage form).

    A choice list only: triage_request checks that the person belongs to the chosen branch.
    """
    from accounts.models import User

    holds_permission = Q(
        groups__permissions__codename="view_helprequest",
        groups__permissions__content_type__app_label="intake",
    )
    return User.objects.filter(
        pk__in=User.objects.filter(
            holds_permission, is_active=True, branches__in=user.branches.all()
        ).values("pk")
    ).order_by("full_name", "email")


def request_for(user, pk):
    """One request, or 404 when the user may not see it. Does not audit: see read_request."""
    request = (
        requests_visible_to(user)
        .filter(pk=_uuid_or_404(pk))
        .select_related("branch", "assignee", "recorded_by", "case")
        .first()
    )
    if request is None:
        raise Http404
    return request


def read_request(user, pk):
    request = request_for(user, pk)
    audit.record(actor=user, verb="intake.request_viewed", target=request)
    return request


def thread_of(request):
    return request.messages.select_related("author").prefetch_related("attachments")


def request_for_writer(pk):
    """The request whose code was entered in this browser session, with the files sent with it.

    None once the request is gone or closed as spam, so a session cannot outlive what the code
    itself would still open. The writer sees only this and thread_of(request): never a status,
    note or staff name.
    """
    try:
        pk = uuid.UUID(str(pk))
    except ValueError:
        return None
    return (
        HelpRequest.objects.filter(pk=pk)
        .exclude(closure_reason=HelpRequest.ClosureReason.SPAM)
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(message__isnull=True),
                to_attr="request_files",
            )
        )
        .first()
    )


def submitted_with_token(token):
    """Whether the public form carrying this hidden token has already been stored."""
    return HelpRequest.objects.filter(submission_token=token).exists()


def read_attachment(user, pk):
    """A writer's file, for someone who may see its request or the case it became; 404 otherwise."""
    from cases.queries import access_to

    attachment = (
        Attachment.objects.select_related("request", "request__case")
        .filter(pk=_uuid_or_404(pk))
        .first()
    )
    if attachment is None:
        raise Http404
    request = attachment.request
    visible = requests_visible_to(user).filter(pk=request.pk).exists()
    if not visible and request.case is not None:
        access = access_to(user, request.case)
        visible = access is not None and access.view_thread
    if not visible:
        raise Http404
    audit.record(
        actor=user,
        verb="intake.attachment_downloaded",
        target=request,
        changes={"attachment": str(attachment.pk)},
    )
    return attachment


def _uuid_or_404(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None
