"""The public volunteer sign-up (/ru/volunteer/, /en/volunteer/) and the email confirmation.

The page after sending says the same whatever happened (new address, one already applied, a
bot caught by the honeypot), so the form never tells anyone who has applied. Nothing about
the visitor is stored beyond what they typed and consented to: no IP address (rate limits
are counted in the cache only), and the pages are kept out of caches and search engines.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from network import actions, queries
from network.volunteer_forms import SignUpForm
from svoboda.errors import DomainError
from svoboda.http import form_rate_limit_message, private_page

SIGN_UP_GROUP = "network.volunteer_sign_up"


def _limit_message(request, *, increment):
    return form_rate_limit_message(
        request, group=SIGN_UP_GROUP, rate=settings.VOLUNTEER_SIGN_UP_RATE, increment=increment
    )


# Not private_page: the form should be found by search engines. never_cache still keeps a
# form sent back with errors (what the person typed) out of every cache.
@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def sign_up(request):
    branches = queries.branches_to_sign_up_for()
    if request.method == "GET":
        form = SignUpForm(branches=branches)
        return render(request, "network/public/sign_up.html", {"form": form})
    form = SignUpForm(request.POST, branches=branches)
    limited = _limit_message(request, increment=False)
    if limited is None and form.is_valid():
        limited = _limit_message(request, increment=True)
        if limited is None:
            if form.is_bot():
                return redirect("volunteer-signup:sent")
            try:
                actions.sign_up_volunteer(language=request.LANGUAGE_CODE, **form.sign_up_fields())
            except DomainError as error:
                form.add_error(None, error.message)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                return redirect("volunteer-signup:sent")
    return render(
        request,
        "network/public/sign_up.html",
        {"form": form, "rate_limit_message": limited},
        status=429 if limited else 200,
    )


@private_page
@require_GET
def sent(request):
    return render(
        request,
        "network/public/sign_up_sent.html",
        {"days": settings.VOLUNTEER_CONFIRMATION_MAX_AGE // 86400},
    )


@private_page
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET asks, POST confirms: mail scanners that open links must not confirm for anyone."""
    if request.method == "GET":
        # The details are shown so that the address's owner confirms what they sent, and
        # notices if someone else sent the form with their address.
        volunteer = queries.application_to_confirm(token)
        return render(
            request,
            "network/public/confirm.html",
            {"valid": volunteer is not None, "volunteer": volunteer},
            status=200 if volunteer is not None else 400,
        )
    try:
        volunteer = actions.confirm_volunteer_email(token=token)
    except DomainError as error:
        return render(
            request,
            "network/public/confirm.html",
            {"valid": False, "message": error.message},
            status=400,
        )
    return render(request, "network/public/confirmed.html", {"volunteer": volunteer})
