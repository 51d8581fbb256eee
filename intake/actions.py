"""Changes to help requests: the writer's submissions and the organisation's triage.

The writer acts as audit.ANONYMOUS_WRITER: the trail records that the writer did something, and
nothing about who or where they are.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

import audit
from accounts.models import Branch, User
from accounts.permissions import require
from cases import actions as case_actions
from cases.models import Case
from intake import codes
from intake.models import Attachment, FollowUpCode, HelpRequest, Message
from svoboda.errors import DomainError
from svoboda.uploads import stored_files_removed_on_error, without_metadata

# What the public form may set; everything else (status, branch, urgency) is triage.
WRITER_FIELDS = [
    "writer_kind",
    "situations",
    "country",
    "city",
    "place",
    "since_when",
    "people_count",
    "danger",
    "no_contact",
    "contact_channel",
    "contact_handle",
    "safe_times",
    "write_only",
    "description",
]


def suggested_urgency(danger):
    if danger == HelpRequest.Danger.YES:
        return HelpRequest.Urgency.IMMEDIATE_DANGER
    return HelpRequest.Urgency.NORMAL


def _issue_code(request, language):
    code = codes.new_code(language)
    FollowUpCode.objects.create(request=request, code_hash=codes.hash_code(code))
    return code


def _store_files(request, message, files, stored):
    for upload, content_type in files:
        # A photo's EXIF holds where it was taken: never stored (svoboda.uploads.without_metadata).
        upload = without_metadata(upload, content_type)
        attachment = Attachment(
            request=request,
            message=message,
            original_name=upload.name[:255],
            content_type=content_type,
            size=upload.size,
        )
        attachment.file.save("upload", upload, save=False)
        stored.append(attachment.file)
        attachment.save()


# A repeated submission gets a fresh code only while it can still be the writer's own double tap
# or reload: someone whose connection dropped before the code page arrived needs a code, and
# only the browser holding the form has its token (the first code cannot be shown again: only
# its hash is stored). Later, the same form data would hand the thread to whoever finds it in
# the phone's history ("resubmit form?"), so it only hears that the request was received.
RESUBMISSION_WINDOW = timedelta(minutes=15)


@transaction.atomic
@sensitive_variables("fields", "code")
def submit_request(
    *, language: str, submission_token, files=(), **fields
) -> tuple[HelpRequest, str | None]:
    """Store a request from the public form and return it with a new follow-up code.

    The request is committed before the code is shown, so an acknowledged request is never lost.
    Submitting the same form again soon (a double tap, a reload) finds the first request and
    gives a fresh code for it, so the writer never sees an error for a request that did arrive;
    after RESUBMISSION_WINDOW, or once staff have read it, the code is None.
    `files` holds (upload, content type) pairs already checked by svoboda.uploads.
    """
    existing = HelpRequest.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, _code_for_resubmission(existing, language)
    request = HelpRequest(
        channel=HelpRequest.Channel.WEB_FORM,
        language=language,
        submission_token=submission_token,
    )
    for name in WRITER_FIELDS:
        if name in fields:
            setattr(request, name, fields[name])
    request.urgency = suggested_urgency(request.danger)
    request.full_clean(exclude=["submission_token"])
    try:
        with transaction.atomic():
            request.save(force_insert=True)
    except IntegrityError:
        # Two copies of the same form raced; the other one stored the request.
        existing = HelpRequest.objects.get(submission_token=submission_token)
        return existing, _code_for_resubmission(existing, language)
    with stored_files_removed_on_error() as stored:
        _store_files(request, None, files, stored)
        code = _issue_code(request, language)
        audit.record(
            actor=audit.ANONYMOUS_WRITER,
            verb="intake.request_submitted",
            target=request,
            changes={"channel": request.channel, "files": len(files)},
        )
    return request, code


def _code_for_resubmission(request, language):
    if request.read_at is not None or request.created_at < timezone.now() - RESUBMISSION_WINDOW:
        return None
    code = _issue_code(request, language)
    audit.record(actor=audit.ANONYMOUS_WRITER, verb="intake.request_resubmitted", target=request)
    return code


@sensitive_variables("code", "current")
def _stored_code(code):
    """The stored code, hashed at the current cost or at an earlier one (which is then replaced
    by the current: the code itself is at hand only now)."""
    current = codes.hash_code(code)
    stored = FollowUpCode.objects.select_related("request").filter(code_hash=current).first()
    if stored is not None:
        return stored
    for cost in settings.INTAKE_CODE_PREVIOUS_SCRYPT_N:
        if cost == settings.INTAKE_CODE_SCRYPT_N:
            continue
        stored = (
            FollowUpCode.objects.select_related("request")
            .filter(code_hash=codes.hash_code(code, cost))
            .first()
        )
        if stored is not None:
            FollowUpCode.objects.filter(pk=stored.pk).update(code_hash=current)
            return stored
    return None


@sensitive_variables("code")
def request_for_code(code):
    """The request a follow-up code opens, or None (wrong, or expired after long silence)."""
    if not codes.normalise(code):
        return None
    match = _stored_code(code)
    if match is None:
        return None
    request = match.request
    last_activity = request.messages.order_by("-created_at").values_list("created_at", flat=True)
    latest = max([request.updated_at, *last_activity[:1]])
    if latest < timezone.now() - timedelta(days=settings.INTAKE_CODE_LIFETIME_DAYS):
        return None
    if request.closure_reason == HelpRequest.ClosureReason.SPAM:
        return None
    return request


@transaction.atomic
def record_follow_up_read(*, request: HelpRequest) -> HelpRequest:
    """The writer opened the thread with their code: the timeline shows staff they came back."""
    audit.record(actor=audit.ANONYMOUS_WRITER, verb="intake.follow_up_read", target=request)
    return request


@transaction.atomic
def add_writer_message(*, request: HelpRequest, body: str, files=()) -> Message:
    """The writer adds information or files to their request, with their code."""
    if not body.strip() and not files:
        raise DomainError(_("Write something or attach a file."))
    message = Message.objects.create(
        request=request, direction=Message.Direction.FROM_WRITER, body=body
    )
    with stored_files_removed_on_error() as stored:
        _store_files(request, message, files, stored)
        HelpRequest.objects.filter(pk=request.pk).update(updated_at=timezone.now())
        audit.record(
            actor=audit.ANONYMOUS_WRITER,
            verb="intake.writer_message_added",
            target=request,
            changes={"message": message.pk, "files": len(files)},
        )
    return message


@transaction.atomic
def mark_request_read(*, actor: User, request: HelpRequest) -> HelpRequest:
    """The first time staff open a request, the writer can see on follow-up that it was read."""
    if request.read_at is None:
        request.read_at = timezone.now()
        if request.status == HelpRequest.Status.NEW:
            request.status = HelpRequest.Status.IN_TRIAGE
        request.save(update_fields=["read_at", "status", "updated_at"])
    audit.record(actor=actor, verb="intake.request_viewed", target=request)
    return request


@transaction.atomic
def record_request(
    *, actor: User, channel: str, language: str, branch=None, **fields
) -> HelpRequest:
    """Staff record a request that came by phone, messenger, email or in person."""
    require(actor, "intake.record_helprequest")
    if channel == HelpRequest.Channel.WEB_FORM:
        raise DomainError(
            _("Requests from the website arrive by themselves; choose how this one came.")
        )
    if branch is not None and not actor.branches.filter(pk=branch.pk).exists():
        raise DomainError(_("You can only record requests for your own branches."))
    request = HelpRequest(
        channel=channel,
        language=language,
        recorded_by=actor,
        branch=branch,
        read_at=timezone.now(),
        status=HelpRequest.Status.IN_TRIAGE,
    )
    for name in WRITER_FIELDS:
        if name in fields:
            setattr(request, name, fields[name])
    request.urgency = fields.get("urgency") or suggested_urgency(request.danger)
    request.full_clean(exclude=["submission_token"])
    request.save(force_insert=True)
    audit.record(
        actor=actor, verb="intake.request_recorded", target=request, changes={"channel": channel}
    )
    return request


def _ensure_open(request):
    if not request.is_open:
        raise DomainError(_("This request has already been dealt with."))


@transaction.atomic
def triage_request(
    *, actor: User, request: HelpRequest, urgency: int, branch: Branch | None, assignee: User | None
) -> HelpRequest:
    """A coordinator sets the urgency and routes the request to a branch and a person."""
    require(actor, "intake.triage_this_request", request)
    _ensure_open(request)
    # Routing to any branch is allowed: the point is to hand the request to whoever can help.
    if assignee is not None:
        if not assignee.is_active or not assignee.has_perm("intake.view_helprequest"):
            raise DomainError(_("This person cannot work on help requests."))
        if branch is None or not assignee.branches.filter(pk=branch.pk).exists():
            raise DomainError(_("Assign the request to someone in the chosen branch."))
    changes = {}
    for name, value in (("urgency", urgency), ("branch", branch), ("assignee", assignee)):
        old = getattr(request, name)
        if old != value:
            changes[name] = getattr(value, "pk", value)
            setattr(request, name, value)
    request.status = HelpRequest.Status.IN_TRIAGE
    if request.read_at is None:
        request.read_at = timezone.now()
    request.save()
    audit.record(actor=actor, verb="intake.request_triaged", target=request, changes=changes)
    return request


@transaction.atomic
def accept_request_into_new_case(
    *, actor: User, request: HelpRequest, title: str, branch: Branch
) -> Case:
    """A coordinator opens a case from the request; the writer's thread goes with it."""
    require(actor, "intake.triage_this_request", request)
    _ensure_open(request)
    case = case_actions.open_case(
        actor=actor,
        branch=branch,
        title=title,
        exploitation_types=_exploitation_types_for(request),
        exploitation_country=request.country,
        risk=Case.Risk.HIGH
        if request.urgency == HelpRequest.Urgency.IMMEDIATE_DANGER
        else Case.Risk.MEDIUM,
    )
    if request.assignee is not None and request.assignee.branches.filter(pk=branch.pk).exists():
        case_actions.assign_worker(actor=actor, case=case, user=request.assignee)
    return _accept(actor, request, case)


@transaction.atomic
def accept_request_into_case(*, actor: User, request: HelpRequest, case: Case) -> Case:
    """A coordinator adds the request to a case that already exists (the same people)."""
    _ensure_open(request)
    require(actor, "cases.change_case", case)
    return _accept(actor, request, case)


def _accept(actor, request, case):
    require(actor, "intake.triage_this_request", request)
    request.case = case
    request.status = HelpRequest.Status.ACCEPTED
    request.branch = case.branch
    request.save()
    audit.record(
        actor=actor, verb="intake.request_accepted", target=request, changes={"case": str(case.pk)}
    )
    return case


@transaction.atomic
def close_request(*, actor: User, request: HelpRequest, reason: str, note: str = "") -> HelpRequest:
    """A coordinator closes a request that does not become a case, with the reason."""
    require(actor, "intake.triage_this_request", request)
    _ensure_open(request)
    request.status = HelpRequest.Status.CLOSED
    request.closure_reason = HelpRequest.ClosureReason(reason)
    request.closure_note = note
    request.closed_at = timezone.now()
    request.save()
    audit.record(
        actor=actor, verb="intake.request_closed", target=request, changes={"reason": reason}
    )
    return request


@transaction.atomic
def reply_to_writer(*, actor: User, request: HelpRequest, body: str) -> Message:
    """Write to the person who sent the request; they read it on the follow-up page."""
    if request.case is not None:
        require(actor, "cases.reply_to_writer", request.case)
    else:
        require(actor, "intake.triage_this_request", request)
    if request.channel != HelpRequest.Channel.WEB_FORM:
        raise DomainError(
            _("This request did not come through the website, so its writer has no follow-up code.")
        )
    if not body.strip():
        raise DomainError(_("The reply is empty."))
    message = Message.objects.create(
        request=request, direction=Message.Direction.TO_WRITER, body=body, author=actor
    )
    audit.record(
        actor=actor, verb="intake.reply_sent", target=request, changes={"message": message.pk}
    )
    return message


def _exploitation_types_for(request):
    from cases.htcds import ExploitationType

    mapping = {
        HelpRequest.Situation.FORCED_LABOUR: ExploitationType.FORCED_LABOUR,
        HelpRequest.Situation.SEXUAL_EXPLOITATION: ExploitationType.SEXUAL_EXPLOITATION,
        HelpRequest.Situation.FORCED_BEGGING: ExploitationType.FORCED_BEGGING,
        HelpRequest.Situation.DOMESTIC_VIOLENCE: ExploitationType.DOMESTIC_VIOLENCE,
        HelpRequest.Situation.OTHER: ExploitationType.OTHER,
    }
    return [mapping[s].value for s in request.situations if s in mapping]
