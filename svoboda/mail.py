"""Outgoing email, sent by the background worker so that a slow mail server never holds a page."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_email(*, subject, body, to, html_body=None, headers=None):
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, headers=headers or {})
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()
    # Ids and counts only: addresses are personal data and stay out of logs.
    logger.info("sent one email to %d recipient(s)", len(to))


def queue_email(*, subject, body, to, html_body=None, headers=None):
    """Send after the surrounding transaction commits, so a rolled-back change sends nothing."""
    transaction.on_commit(
        lambda: send_email.enqueue(
            subject=subject, body=body, to=list(to), html_body=html_body, headers=headers
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
