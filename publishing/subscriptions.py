"""Email subscriptions to news by category: double opt-in, one-click unsubscribe, digests.

The sign-up page says the same whatever happens (new address, known address, bot), like the
volunteer sign-up, so it reveals nobody's reading. Every mail after confirmation carries an
unsubscribe link and the List-Unsubscribe headers (RFC 2369 and RFC 8058 one-click POST).
Digests are sent by `svoboda send_news_digest` (cron) or the send_news_digest job.
"""

import secrets

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

import audit
from publishing import queries
from publishing.models import Subscription
from svoboda.errors import DomainError
from svoboda.mail import absolute_url, may_mail_address, queue_email

CONFIRMATION_SALT = "publishing.subscription-confirmation"
MAILS_PER_ADDRESS_A_DAY = 3


def _may_mail(email):
    return may_mail_address(email, purpose="news-subscription", per_day=MAILS_PER_ADDRESS_A_DAY)


def _unsubscribe_url(subscription):
    with translation.override(subscription.language):
        return absolute_url(
            reverse("subscriptions:unsubscribe", args=[subscription.unsubscribe_token])
        )


def _list_headers(subscription):
    url = _unsubscribe_url(subscription)
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


@transaction.atomic
def subscribe(*, email: str, language: str, categories) -> None:
    """A reader asks for news in some categories. A new or unconfirmed address gets a
    confirmation link (the newest link only works); a confirmed one keeps its choice until
    the owner confirms the new one from their mailbox."""
    categories = list(categories)
    if not categories:
        raise DomainError(_("Choose at least one category."))
    email = email.strip().lower()
    subscription = Subscription.objects.select_for_update().filter(email__iexact=email).first()
    if subscription is None:
        subscription = Subscription(
            email=email, language=language, unsubscribe_token=secrets.token_urlsafe(24)
        )
    subscription.confirmation_nonce = secrets.token_urlsafe(24)
    # The choice waits in the signed link for a confirmed address: someone else typing it in
    # must not change what its owner receives.
    pending = {"n": subscription.confirmation_nonce, "l": language, "c": [c.pk for c in categories]}
    if not subscription.confirmed_at:
        subscription.language = language
    subscription.full_clean(exclude=["categories"])
    try:
        with transaction.atomic():
            subscription.save()
    except IntegrityError:
        return
    if not subscription.confirmed_at:
        subscription.categories.set(categories)
    audit.record(
        actor=audit.PUBLIC_READER, verb="publishing.subscription_requested", target=subscription
    )
    if not _may_mail(email):
        return
    token = signing.dumps(pending, salt=CONFIRMATION_SALT, compress=True)
    with translation.override(language):
        url = absolute_url(reverse("subscriptions:confirm", args=[token]))
        subject = _("Confirm your subscription to Svoboda news")
        body = render_to_string(
            "publishing/subscriptions/email/confirm.txt",
            {"url": url, "categories": categories, "days": _link_days()},
        )
    queue_email(subject=subject, body=body, to=[email])


def _link_days():
    return settings.VOLUNTEER_CONFIRMATION_MAX_AGE // 86400


def pending_choice(token):
    """(subscription, language, categories) a confirmation link would confirm, or None."""
    from publishing.models import Category

    try:
        data = signing.loads(
            token, salt=CONFIRMATION_SALT, max_age=settings.VOLUNTEER_CONFIRMATION_MAX_AGE
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("n"), str):
        return None
    subscription = Subscription.objects.filter(confirmation_nonce=data["n"]).first()
    if subscription is None or data.get("l") not in dict(settings.LANGUAGES):
        return None
    categories = list(Category.objects.filter(pk__in=data.get("c") or []))
    if not categories:
        return None
    return subscription, data["l"], categories


@transaction.atomic
def confirm_subscription(*, token: str) -> Subscription:
    found = pending_choice(token)
    if found is None:
        raise DomainError(
            _("This link is not valid or has expired. Subscribe again and we will send a new one.")
        )
    subscription, language, categories = found
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    subscription.language = language
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        # News from now on: a new reader does not get the archive in their first digest.
        subscription.digest_sent_until = subscription.confirmed_at
    subscription.save()
    subscription.categories.set(categories)
    audit.record(
        actor=audit.PUBLIC_READER, verb="publishing.subscription_confirmed", target=subscription
    )
    return subscription


@transaction.atomic
def unsubscribe(*, token: str) -> bool:
    """One click: the subscription is deleted. True if there was one."""
    subscription = Subscription.objects.filter(unsubscribe_token=token).first()
    if subscription is None:
        return False
    audit.record(
        actor=audit.PUBLIC_READER, verb="publishing.subscription_ended", target=subscription
    )
    subscription.delete()
    return True


DIGEST_SUBJECT = gettext_lazy("Svoboda news")


def send_digests(now=None) -> int:
    """One mail per confirmed subscription with the articles of its language and categories
    published since its last digest. Returns how many mails were queued."""
    now = now or timezone.now()
    sent = 0
    subscriptions = Subscription.objects.filter(confirmed_at__isnull=False).prefetch_related(
        "categories"
    )
    for subscription in subscriptions.iterator(chunk_size=200):
        with transaction.atomic():
            locked = Subscription.objects.select_for_update().filter(pk=subscription.pk).first()
            if locked is None:
                continue
            since = locked.digest_sent_until or locked.confirmed_at
            articles = list(
                queries.published(locked.language)
                .filter(
                    category__in=subscription.categories.all(),
                    publish_at__gt=since,
                    publish_at__lte=now,
                )
                .order_by("publish_at", "pk")
            )
            locked.digest_sent_until = now
            locked.save(update_fields=["digest_sent_until", "updated_at"])
            if not articles:
                continue
            with translation.override(locked.language):
                body = render_to_string(
                    "publishing/subscriptions/email/digest.txt",
                    {
                        "articles": [
                            (article, absolute_url(article.get_absolute_url()))
                            for article in articles
                        ],
                        "unsubscribe_url": _unsubscribe_url(locked),
                    },
                )
                subject = str(DIGEST_SUBJECT)
            queue_email(
                subject=subject, body=body, to=[locked.email], headers=_list_headers(locked)
            )
            sent += 1
    return sent


@task()
def send_news_digest():
    return send_digests()
