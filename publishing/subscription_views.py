"""Email subscription pages under /ru/subscribe/ and /en/subscribe/."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from publishing import subscriptions
from publishing.subscription_forms import SubscribeForm
from svoboda.errors import DomainError
from svoboda.http import form_rate_limit_message, private_page

GROUP = "publishing.subscribe"


def _limit_message(request, *, increment):
    return form_rate_limit_message(
        request, group=GROUP, rate=settings.SUBSCRIBE_RATE, increment=increment
    )


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        return render(request, "publishing/subscriptions/subscribe.html", {"form": SubscribeForm()})
    form = SubscribeForm(request.POST)
    limited = _limit_message(request, increment=False)
    if limited is None and form.is_valid():
        limited = _limit_message(request, increment=True)
        if limited is None:
            if form.cleaned_data["website"]:
                return redirect("subscriptions:sent")
            try:
                subscriptions.subscribe(
                    email=form.cleaned_data["email"],
                    language=request.LANGUAGE_CODE,
                    categories=form.cleaned_data["categories"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                return redirect("subscriptions:sent")
    return render(
        request,
        "publishing/subscriptions/subscribe.html",
        {"form": form, "rate_limit_message": limited},
        status=429 if limited else 200,
    )


@private_page
@require_GET
def sent(request):
    return render(request, "publishing/subscriptions/sent.html")


@private_page
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows what will be confirmed; the button POSTs (mail scanners only GET)."""
    if request.method == "GET":
        found = subscriptions.pending_choice(token)
        return render(
            request,
            "publishing/subscriptions/confirm.html",
            {"found": found, "categories": found[2] if found else []},
            status=200 if found else 400,
        )
    try:
        subscriptions.confirm_subscription(token=token)
    except DomainError as error:
        return render(
            request,
            "publishing/subscriptions/confirm.html",
            {"found": None, "message": error.message},
            status=400,
        )
    return render(request, "publishing/subscriptions/confirmed.html")


# Mail clients send the RFC 8058 one-click POST without any cookie or CSRF token.
@csrf_exempt
@private_page
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click, from the link in a mail or the mail client's own button."""
    subscriptions.unsubscribe(token=token)
    # The same page whether or not the token was known: it tells nothing about anyone.
    return render(request, "publishing/subscriptions/unsubscribed.html")
