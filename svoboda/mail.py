"""Outgoing email, sent by the background worker so that a slow mail server never holds a page."""

import logging

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
