"""The public help pages: the request form, the code page and the writer's follow-up thread.

Nothing here keeps a trace of the writer. No IP address is stored (rate limits are counted in
the cache only, under a hashed key), the follow-up code is never stored or put in a URL, and
every page is sent no-store, a no-referrer policy and noindex, so neither a shared phone's
browser cache, nor the neutral site behind "Quick exit", nor this site's own access log, nor a
search engine learns about the visit.
"""

import uuid
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from intake import actions, queries
from intake.models import HelpRequest
from intake.public_forms import FollowUpCodeForm, HelpRequestForm, WriterMessageForm
from svoboda.errors import DomainError
from svoboda.http import minutes_until_allowed
from svoboda.security import no_referrer_page

# The session holds only the id of the request whose code was entered, never the code.
FOLLOW_UP_SESSION_KEY = "intake_follow_up_request"

SUBMIT_GROUP = "intake.submit"
FOLLOW_UP_GROUP = "intake.follow_up"
MESSAGE_GROUP = "intake.follow_up_message"
# Every form that carries files, complete or not: checking photos decodes and re-encodes them
# (svoboda.uploads), which must not be free to repeat with forms left incomplete on purpose.
UPLOAD_GROUP = "intake.uploads"

CODE_NOT_RECOGNISED = gettext_lazy(
    "This code was not recognised. Check the words and try again. Codes stop working after a "
    "long time without any activity."
)


# Every help page: no cache, no Referer to anyone (its forms' `Origin: null` is accepted by the
# CSRF check, svoboda.security), not indexed.
help_page = no_referrer_page


def _rate_limit_message(request, group, rate_setting, *, increment, codes=False):
    """A message for the writer when this address is over its limit, else None.

    Counted per address in the cache only (django-ratelimit); nothing is written anywhere else.
    """
    minutes = minutes_until_allowed(
        request, group=group, rate=getattr(settings, rate_setting), increment=increment
    )
    if minutes is None:
        return None
    if codes:
        return ngettext(
            "Too many codes were tried from your connection in a short while. Please try "
            "again in %(minutes)d minute.",
            "Too many codes were tried from your connection in a short while. Please try "
            "again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
    return ngettext(
        "This form was sent many times from your connection in a short while. To protect the "
        "service, please try again in %(minutes)d minute. What you wrote is still here.",
        "This form was sent many times from your connection in a short while. To protect the "
        "service, please try again in %(minutes)d minutes. What you wrote is still here.",
        minutes,
    ) % {"minutes": minutes}


def _upload_rate_limit_message(request):
    if not request.FILES:
        return None
    return _rate_limit_message(request, UPLOAD_GROUP, "INTAKE_UPLOAD_RATE", increment=True)


def _add_errors(form, error):
    if isinstance(error, DomainError):
        form.add_error(None, error.message)
    else:
        for message in error.messages:
            form.add_error(None, message)


# Never inside a request-wide transaction (ATOMIC_REQUESTS): submit_request commits before it
# returns, so a code is only ever shown for a request that is already in the database.
@transaction.non_atomic_requests
@help_page
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def request_help(request):
    if request.method == "GET":
        return render(request, "intake/public/request_form.html", {"form": HelpRequestForm()})
    form = HelpRequestForm(request.POST, request.FILES)
    # Only complete submissions count, so correcting a mistake never uses up the limit; a
    # form sent after the limit is refused before anything is stored.
    limited = _rate_limit_message(request, SUBMIT_GROUP, "INTAKE_SUBMIT_RATE", increment=False)
    limited = limited or _upload_rate_limit_message(request)
    if limited is None and form.is_valid():
        limited = _rate_limit_message(request, SUBMIT_GROUP, "INTAKE_SUBMIT_RATE", increment=True)
        if limited is None:
            try:
                help_request, code = actions.submit_request(
                    language=request.LANGUAGE_CODE, **form.submission()
                )
            except (DomainError, ValidationError) as error:
                _add_errors(form, error)
            else:
                # The code page is this response: the code never travels in a URL.
                return _code_page(request, help_request, code)
    if limited is not None and _already_received(request):
        # Over the limit, but this very form is already stored (a connection that kept
        # dropping): the writer must hear that it arrived, not "try again later". No code: a
        # new one would write a code and an audit entry for a sender who is over the limit.
        return _code_page(request, None, None)
    return render(
        request,
        "intake/public/request_form.html",
        {"form": form, "rate_limit_message": limited, "files_sent": bool(request.FILES)},
        status=429 if limited else 200,
    )


def _already_received(request):
    """Whether the form's hidden token belongs to a request that is already stored.

    The token is a random UUID only the page that carries it knows, so this tells nothing to
    anyone else.
    """
    try:
        token = uuid.UUID(request.POST.get("submission_token", ""))
    except ValueError:
        return False
    return queries.submitted_with_token(token)


@sensitive_variables("code", "text")
def _code_page(request, help_request, code):
    if code is None:
        # The same form, sent again long after (from the browser's history, perhaps by someone
        # else): confirm receipt, give no code.
        return render(request, "intake/public/request_received_again.html")
    follow_up_url = request.build_absolute_uri(reverse("help:follow-up"))
    text = _(
        "Your code: %(code)s\n"
        "Read the reply and add information at %(url)s\n"
        "Anyone who has this code can read the replies. Keep it where no one else looks.\n"
    ) % {"code": code, "url": follow_up_url}
    return render(
        request,
        "intake/public/request_sent.html",
        {
            "code": code,
            "follow_up_url": follow_up_url,
            # Built here, in this response only: the code is stored nowhere it could be fetched.
            "download_href": "data:text/plain;charset=utf-8," + quote(text, safe=""),
            "in_danger": help_request.danger == HelpRequest.Danger.YES,
            "no_contact": help_request.no_contact,
        },
    )


def _writer_request(request):
    pk = request.session.get(FOLLOW_UP_SESSION_KEY)
    if pk is None:
        return None
    help_request = queries.request_for_writer(pk)
    if help_request is None:
        del request.session[FOLLOW_UP_SESSION_KEY]
    return help_request


@help_page
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def follow_up(request):
    if request.method == "GET":
        help_request = _writer_request(request)
        if help_request is not None:
            return _thread_page(request, help_request, WriterMessageForm())
        return render(request, "intake/public/follow_up_code.html", {"form": FollowUpCodeForm()})
    form = FollowUpCodeForm(request.POST)
    # Every attempt counts, right or wrong: this is what keeps codes from being guessed.
    limited = _rate_limit_message(
        request, FOLLOW_UP_GROUP, "INTAKE_FOLLOW_UP_RATE", increment=True, codes=True
    )
    if limited is None and form.is_valid():
        help_request = actions.request_for_code(form.cleaned_data["code"])
        if help_request is not None:
            request.session.cycle_key()
            request.session[FOLLOW_UP_SESSION_KEY] = str(help_request.pk)
            # Gone when the browser closes; "Leave" ends it at once.
            request.session.set_expiry(0)
            return redirect("help:follow-up")
        # One message for every failure: it must not tell a guesser anything.
        form.add_error("code", CODE_NOT_RECOGNISED)
    return render(
        request,
        "intake/public/follow_up_code.html",
        {"form": form, "rate_limit_message": limited},
        status=429 if limited else 200,
    )


def _thread_page(request, help_request, form, *, rate_limit_message=None, status=200):
    actions.record_follow_up_read(request=help_request)
    return render(
        request,
        "intake/public/follow_up_thread.html",
        {
            "help_request": help_request,
            "thread": queries.thread_of(help_request),
            "form": form,
            "rate_limit_message": rate_limit_message,
            "files_sent": bool(request.FILES),
        },
        status=status,
    )


@help_page
@sensitive_post_parameters()
@require_POST
def follow_up_message(request):
    help_request = _writer_request(request)
    if help_request is None:
        return redirect("help:follow-up")
    form = WriterMessageForm(request.POST, request.FILES)
    limited = _rate_limit_message(request, MESSAGE_GROUP, "INTAKE_SUBMIT_RATE", increment=False)
    limited = limited or _upload_rate_limit_message(request)
    if limited is None and form.is_valid():
        limited = _rate_limit_message(request, MESSAGE_GROUP, "INTAKE_SUBMIT_RATE", increment=True)
        if limited is None:
            try:
                actions.add_writer_message(
                    request=help_request,
                    body=form.cleaned_data["body"],
                    files=form.cleaned_data["files"],
                )
            except DomainError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Thank you. We have received what you added."))
                return redirect("help:follow-up")
    return _thread_page(
        request,
        help_request,
        form,
        rate_limit_message=limited,
        status=429 if limited else 200,
    )


@help_page
@require_POST
def follow_up_leave(request):
    request.session.flush()
    messages.info(request, _("You have left. To read the replies again, type your code."))
    return redirect("help:follow-up")
