"""Mail to volunteers and applicants, queued after the transaction commits (svoboda.mail).

Each mail is written in its reader's language and says only what they need: no survivor's
details, no operation's place, only a link into the workspace, where access is checked again.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from svoboda.mail import absolute_url, may_mail_address, queue_email

CONFIRMATION_SALT = "network.volunteer-email-confirmation"


def confirmation_token(volunteer):
    """A signed, expiring token carrying the application's current nonce, nothing else."""
    return signing.dumps(volunteer.confirmation_nonce, salt=CONFIRMATION_SALT, compress=True)


def read_confirmation_token(token):
    """The nonce in a token, or None when it is forged, damaged or expired."""
    try:
        nonce = signing.loads(
            token, salt=CONFIRMATION_SALT, max_age=settings.VOLUNTEER_CONFIRMATION_MAX_AGE
        )
    except signing.BadSignature:
        return None
    if not isinstance(nonce, str) or len(nonce) < 20:
        return None
    return nonce


# At most this many sign-up mails to one address a day.
SIGN_UP_MAILS_PER_ADDRESS_A_DAY = 3


def _may_mail_address(email):
    return may_mail_address(
        email, purpose="volunteer-sign-up", per_day=SIGN_UP_MAILS_PER_ADDRESS_A_DAY
    )


def _send(language, to, subject, template, context, subject_params=None):
    with translation.override(language):
        subject = str(subject) % (subject_params or {})
        body = render_to_string(template, context)
    queue_email(subject=subject, body=body, to=[to])


def confirm_sign_up(volunteer):
    if not _may_mail_address(volunteer.email):
        return
    with translation.override(volunteer.language):
        url = absolute_url(
            reverse("volunteer-signup:confirm", args=[confirmation_token(volunteer)])
        )
    days = settings.VOLUNTEER_CONFIRMATION_MAX_AGE // 86400
    _send(
        volunteer.language,
        volunteer.email,
        _("Confirm your offer to volunteer with Svoboda"),
        "network/email/confirm_sign_up.txt",
        {"volunteer": volunteer, "url": url, "days": days},
    )


def already_applied(volunteer):
    """Someone signed up again with an address that is already confirmed: tell its owner,
    change nothing, so the public page never reveals who has applied."""
    if not _may_mail_address(volunteer.email):
        return
    _send(
        volunteer.language,
        volunteer.email,
        _("Your offer to volunteer with Svoboda"),
        "network/email/already_applied.txt",
        {"volunteer": volunteer},
    )


def account_opened(volunteer, user):
    """The volunteer's workspace account: a link to choose a password (Django's reset token,
    valid for PASSWORD_RESET_TIMEOUT; "Forgot password" on the login page sends a new one)."""
    with translation.override(user.language):
        url = absolute_url(
            reverse(
                "accounts:password-reset-confirm",
                args=[
                    urlsafe_base64_encode(force_bytes(user.pk)),
                    default_token_generator.make_token(user),
                ],
            )
        )
        login_url = absolute_url(reverse("accounts:login"))
    _send(
        user.language,
        user.email,
        _("Welcome to the Svoboda workspace"),
        "network/email/account_opened.txt",
        {
            "volunteer": volunteer,
            "user": user,
            "url": url,
            "login_url": login_url,
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
    )


def volunteer_assigned(user, *, operation=None, case=None, role=""):
    """Tell a volunteer they were put on an operation's team or given a case. Staff accounts
    (no volunteer record) get no mail: they see their work when they open the workspace."""
    from network.models import Volunteer

    if not Volunteer.objects.filter(user=user).exists():
        return
    if operation is not None:
        subject = _("You are on the team of operation %(reference)s")
        reference = operation.reference
        path = operation.get_absolute_url()
        context = {"operation": operation, "role": role}
    else:
        subject = _("You were given case %(reference)s")
        reference = case.reference
        path = case.get_absolute_url()
        context = {"case": case}
    _send(
        user.language,
        user.email,
        subject,
        "network/email/assigned.txt",
        {**context, "user": user, "url": absolute_url(path)},
        {"reference": reference},
    )
