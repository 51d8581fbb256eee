"""The requests queue in the workspace: list, record, read, triage, accept, close, reply.

Every page starts from intake.queries (404 for requests out of the user's scope) and every change
goes through one action in intake.actions, which checks the permission and writes the audit entry.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import audit
from accounts.decorators import staff_required
from accounts.models import Branch
from cases.models import Case
from cases.queries import cases_in_full_view_of
from intake import actions, queries
from intake.forms import (
    AcceptIntoNewCaseForm,
    CloseRequestForm,
    LinkToCaseForm,
    QueueFilterForm,
    RecordRequestForm,
    ReplyForm,
    TriageForm,
)
from intake.models import HelpRequest
from svoboda.errors import DomainError
from svoboda.pagination import BoundedPaginator
from svoboda.uploads import protected_download

PAGE_SIZE = 50


SITUATIONS = HelpRequest._meta.get_field("situations")


@staff_required
@require_GET
def request_list(request):
    if not request.user.has_perm("intake.view_helprequest"):
        raise PermissionDenied
    user = request.user
    form = QueueFilterForm(
        request.GET or None,
        branches=list(_filter_branches(user)),
        assignees=list(queries.assignees_for(user)),
    )
    if form.is_bound:
        form.is_valid()
    requests = form.filter(queries.queue_for(user), user)
    page = BoundedPaginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(help_request, SITUATIONS.labels(help_request.situations)) for help_request in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "intake/workspace/request_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "can": {"record": user.has_perm("intake.record_helprequest")},
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def request_new(request):
    if not request.user.has_perm("intake.record_helprequest"):
        raise PermissionDenied
    form = RecordRequestForm(
        request.POST or None,
        user=request.user,
        initial={"language": translation.get_language()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            help_request = actions.record_request(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Request %(reference)s was recorded.") % {"reference": help_request.reference},
            )
            return redirect(help_request)
    return render(request, "intake/workspace/request_new.html", {"form": form})


@staff_required
@require_GET
def request_detail(request, pk):
    help_request = queries.request_for(request.user, pk)
    actions.mark_request_read(actor=request.user, request=help_request)
    return _render_detail(request, help_request)


@staff_required
@require_POST
def request_triage(request, pk):
    help_request = queries.request_for(request.user, pk)
    _require_allowed(request.user, help_request, "triage")
    form = TriageForm(request.POST, assignees=queries.assignees_for(request.user))
    if form.is_valid():
        try:
            actions.triage_request(actor=request.user, request=help_request, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The request was triaged."))
            return redirect(help_request)
    return _render_detail(request, help_request, triage=form)


@staff_required
@require_POST
def request_accept(request, pk):
    help_request = queries.request_for(request.user, pk)
    _require_allowed(request.user, help_request, "accept")
    form = AcceptIntoNewCaseForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            case = actions.accept_request_into_new_case(
                actor=request.user, request=help_request, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Case %(reference)s was opened from the request.")
                % {"reference": case.reference},
            )
            return redirect(case.get_absolute_url())
    return _render_detail(request, help_request, accept=form)


@staff_required
@require_POST
def request_link(request, pk):
    help_request = queries.request_for(request.user, pk)
    _require_allowed(request.user, help_request, "link")
    form = LinkToCaseForm(request.POST, cases=_linkable_cases(request.user))
    if form.is_valid():
        try:
            case = actions.accept_request_into_case(
                actor=request.user, request=help_request, case=form.cleaned_data["case"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The request was added to case %(reference)s.") % {"reference": case.reference},
            )
            return redirect(case.get_absolute_url())
    return _render_detail(request, help_request, link=form)


@staff_required
@require_POST
def request_close(request, pk):
    help_request = queries.request_for(request.user, pk)
    _require_allowed(request.user, help_request, "close")
    form = CloseRequestForm(request.POST)
    if form.is_valid():
        try:
            actions.close_request(actor=request.user, request=help_request, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The request was closed."))
            return redirect(help_request)
    return _render_detail(request, help_request, close=form)


@staff_required
@require_POST
def request_reply(request, pk):
    help_request = queries.request_for(request.user, pk)
    _require_allowed(request.user, help_request, "reply")
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            actions.reply_to_writer(
                actor=request.user, request=help_request, body=form.cleaned_data["body"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your reply was sent. The writer sees it on follow-up."))
            return redirect(help_request)
    return _render_detail(request, help_request, reply=form)


@staff_required
@require_GET
def attachment_download(request, pk):
    attachment = queries.read_attachment(request.user, pk)
    return protected_download(
        attachment.file,
        content_type=attachment.content_type,
        name_prefix="attachment",
        object_id=attachment.pk,
    )


def _filter_branches(user):
    if user.has_perm("intake.triage_helprequest"):
        return Branch.objects.filter(is_active=True).order_by("name")
    return user.branches.order_by("name")


def _only_branch_of(user):
    branches = list(user.branches.filter(is_active=True).values_list("pk", flat=True)[:2])
    return branches[0] if len(branches) == 1 else None


def _linkable_cases(user):
    return cases_in_full_view_of(user).exclude(status=Case.Status.CLOSED)


def _allowed(user, help_request):
    """What the user's permissions let them do with this request, whatever its state."""
    may_triage = user.has_perm("intake.triage_helprequest")
    if help_request.case is not None:
        may_reply = user.has_perm("cases.reply_to_writer", help_request.case)
    else:
        may_reply = may_triage
    return {
        "triage": may_triage,
        "accept": may_triage,
        "link": may_triage,
        "close": may_triage,
        "reply": may_reply,
    }


def _require_allowed(user, help_request, what):
    if not _allowed(user, help_request)[what]:
        raise PermissionDenied


def _render_detail(request, help_request, **bound):
    """The detail page; `bound` holds a submitted form to show again with its errors."""
    user = request.user
    if bound:
        # The page shows the request again: that is a view too (a first GET records its own).
        audit.record(actor=user, verb="intake.request_viewed", target=help_request)
    allowed = _allowed(user, help_request)
    is_open = help_request.is_open
    can = {
        "triage": allowed["triage"] and is_open,
        "accept": allowed["accept"] and is_open,
        "link": allowed["link"] and is_open,
        "close": allowed["close"] and is_open,
        # Only a writer who came through the website holds a code to read replies.
        "reply": allowed["reply"]
        and help_request.channel == HelpRequest.Channel.WEB_FORM
        and (is_open or help_request.status == HelpRequest.Status.ACCEPTED),
    }
    # A submitted form is shown again even if the request changed meanwhile, so its error is seen.
    for name in bound:
        can[name] = True
    forms = {}
    if can["triage"]:
        forms["triage"] = bound.get("triage") or TriageForm(
            assignees=queries.assignees_for(user),
            initial={
                "urgency": help_request.urgency,
                "branch": help_request.branch_id,
                "assignee": help_request.assignee_id,
            },
        )
    if can["accept"]:
        forms["accept"] = bound.get("accept") or AcceptIntoNewCaseForm(
            user=user, initial={"branch": help_request.branch_id or _only_branch_of(user)}
        )
    if can["link"]:
        forms["link"] = bound.get("link") or LinkToCaseForm(cases=_linkable_cases(user))
    if can["close"]:
        forms["close"] = bound.get("close") or CloseRequestForm()
    if can["reply"]:
        forms["reply"] = bound.get("reply") or ReplyForm()
    thread = list(queries.thread_of(help_request))
    files = [a for a in help_request.attachments.all() if a.message_id is None]
    return render(
        request,
        "intake/workspace/request_detail.html",
        {
            "help_request": help_request,
            "situations": SITUATIONS.labels(help_request.situations),
            "files": files,
            "thread": thread,
            "can": can,
            "forms": forms,
            "case_url": help_request.case.get_absolute_url() if help_request.case else None,
        },
    )
