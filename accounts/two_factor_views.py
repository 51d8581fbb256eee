"""The second step of signing in, enrolment, and recovery codes (accounts.two_factor)."""

import io

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from accounts import two_factor
from accounts.decorators import staff_required


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        error_messages={"required": _("Please type the code.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class ReplaceAuthenticatorForm(CodeForm):
    current_code = forms.CharField(
        label=_("A code from your current app, or a recovery code"),
        max_length=32,
        error_messages={"required": _("Please type a code from your current app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    field_order = ["current_code", "code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("The code the new app shows")


WRONG_CODE = _(
    "This code is not right, was already used, or came too late. Wait for the next code in the "
    "app and type it; after several wrong codes each try has to wait a little longer."
)


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _secret_for_typing(device):
    """The base32 secret in groups of four, for apps that cannot scan."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("code")
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """The code page after the password: a code from the app, or a recovery code."""
    if two_factor.is_verified(request):
        return redirect(_next_url(request))
    if two_factor.authenticator_of(request.user) is None:
        return redirect(f"{resolve_url('accounts:two-factor-setup')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request, form.cleaned_data["code"]):
            left = two_factor.recovery_codes_left(request.user)
            if left <= 3:
                messages.warning(
                    request,
                    _("Only %(count)d recovery codes are left. Make new ones on your profile page.")
                    % {"count": left},
                )
            return redirect(_next_url(request))
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


def _may_enrol(request):
    return two_factor.is_verified(request) or two_factor.authenticator_of(request.user) is None


@never_cache
@sensitive_post_parameters("code", "current_code")
@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Enrolment: scan the QR code (or type the secret), then confirm with a first code.

    Also how a verified session moves to a new phone: the old authenticator works until the new
    one is confirmed. Without a verified session, only an account with no authenticator yet
    may enrol (the first sign-in).
    """
    if not _may_enrol(request):
        return redirect(f"{resolve_url('accounts:two-factor')}?{request.GET.urlencode()}")
    device = two_factor.pending_authenticator(request)
    replacing = two_factor.authenticator_of(request.user) is not None
    form = (ReplaceAuthenticatorForm if replacing else CodeForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_authenticator(
            request, form.cleaned_data["code"], form.cleaned_data.get("current_code")
        )
        if codes is not None:
            return _recovery_codes_page(request, codes, next_url=_next_url(request))
        form.add_error(None, WRONG_CODE)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"form": form, "next": _next_url(request), "secret": _secret_for_typing(device)},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def setup_qr(request):
    """The QR code of the authenticator being set up, as SVG (no script, no inline style)."""
    if not _may_enrol(request):
        return HttpResponse(status=404)
    device = two_factor.pending_authenticator(request)
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@never_cache
@sensitive_post_parameters("code")
@staff_required
@require_POST
def new_recovery_codes(request):
    form = CodeForm(request.POST)
    codes = None
    if form.is_valid():
        codes = two_factor.replace_recovery_codes(
            actor=request.user, current_code=form.cleaned_data["code"]
        )
    if codes is None:
        messages.error(request, WRONG_CODE)
        return redirect("team:profile")
    return _recovery_codes_page(request, codes, next_url=resolve_url("team:profile"))


def _recovery_codes_page(request, codes, *, next_url):
    # Shown in this response only, never in a URL or a later page.
    response = render(
        request, "accounts/two_factor_recovery_codes.html", {"codes": codes, "next": next_url}
    )
    response["Cache-Control"] = "no-store"
    return response
