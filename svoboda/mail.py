"""Outgoing email, sent by the background worker so that a slow mail server never holds a page.

A queued mail waits in the job table (and stays there, as a finished job, until
`svoboda prune_db_task_results`). Its subject, body and address are therefore sealed with the
field encryption key (svoboda.encryption) before they are queued: a password-set link, a
volunteer's confirmation link or an address is never readable in a dump of that table.
"""

import hashlib
import json
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django_tasks import task

from svoboda.encryption import decrypt_text, encrypt_text

logger = logging.getLogger(__name__)


class MailNotSent(Exception):
    """Sending failed; the message is the kind of error, never the server's text."""


@task()
def send_email(*, sealed):
    mail = json.loads(decrypt_text(sealed))
    message = EmailMultiAlternatives(
        subject=mail["subject"], body=mail["body"], to=mail["to"], headers=mail["headers"]
    )
    if mail["html_body"]:
        message.attach_alternative(mail["html_body"], "text/html")
    try:
        message.send()
    except Exception as error:
        # The job table keeps a failed job's traceback in clear, and the worker logs it: an SMTP
        # error names the refused addresses (SMTPRecipientsRefused), so only its kind goes on.
        raise MailNotSent(type(error).__name__) from None
    # Ids and counts only: addresses are personal data and stay out of logs.
    logger.info("sent one email to %d recipient(s)", len(mail["to"]))


def enqueue_email(*, subject, body, to, html_body=None, headers=None):
    """Queue a mail now (most code wants queue_email)."""
    mail = {
        "subject": subject,
        "body": body,
        "to": list(to),
        "html_body": html_body,
        "headers": headers or {},
    }
    return send_email.enqueue(sealed=encrypt_text(json.dumps(mail)))


def queue_email(*, subject, body, to, html_body=None, headers=None):
    """Send after the surrounding transaction commits, so a rolled-back change sends nothing."""
    to = list(to)
    transaction.on_commit(
        lambda: enqueue_email(
            subject=subject, body=body, to=to, html_body=html_body, headers=headers
        )
    )


def absolute_url(path):
    """A link for mail: jobs have no request to build one from, so SITE_URL is the host."""
    return settings.SITE_URL.rstrip("/") + path


def may_mail_address(email, *, purpose, per_day):
    """Whether one more `purpose` mail may go to this address today. Public forms mail any
    address typed into them; this keeps them from flooding someone's mailbox from our server.
    Counted in the cache under a hash of the address; open if the cache fails."""
    key = f"mail-cap:{purpose}:" + hashlib.sha256(email.encode()).hexdigest()
    try:
        cache.add(key, 0, timeout=86400)
        return cache.incr(key) <= per_day
    except Exception:
        return True
