"""Sending due posts: claim, check the article is still public, post, record. Withdrawals of
posts whose article was unpublished go the same way: claim, delete or announce, record.

Several senders may run at once (job workers, the cron command on several servers). A sender
first claims posts in a short transaction (`claimed_until`, a lease; on PostgreSQL the rows are
also locked with SKIP LOCKED so that concurrent claims pass each other instead of queueing), then
posts outside any transaction: no database lock is held while a channel is slow. A sender that
dies after claiming leaves the lease to expire; the post is then due again. So a post goes out
at least once, and twice only if a sender dies between the channel's answer and recording it
(webhook receivers can drop repeats by X-Svoboda-Delivery).

An article unpublished while its post is on the way is caught after the send: record_sent reads
the article again under the post's lock and withdraws the post at once (see its docstring).
"""

import datetime
import logging
from collections import Counter

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from broadcast import actions, channels
from broadcast.models import Post
from broadcast.transport import DeliveryError
from publishing.models import Article

logger = logging.getLogger(__name__)


def _lease():
    # Long enough for one request to time out, with room to record the outcome.
    return datetime.timedelta(seconds=3 * settings.SOCIAL_TIMEOUT_SECONDS + 30)


def due(now=None):
    now = now or timezone.now()
    return Post.objects.filter(status__in=Post.QUEUED, next_attempt_at__lte=now).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )


def claim(*, post_id=None, limit=100, exclude=()):
    """Ids of due posts and withdrawals this sender now holds (only `post_id`'s, when given)."""
    now = timezone.now()
    with transaction.atomic():
        posts = due(now).exclude(pk__in=exclude)
        if post_id is not None:
            posts = posts.filter(pk=post_id)
        if connection.features.has_select_for_update_skip_locked:
            posts = posts.select_for_update(skip_locked=True)
        # SQLite has no row locks; its transactions take the write lock up front
        # (settings: IMMEDIATE), so two claims there run one after the other.
        ids = list(posts.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
        Post.objects.filter(pk__in=ids).update(claimed_until=now + _lease())
    return ids


def send_claimed(post_id):
    """Post one claimed post, or withdraw it, and record the outcome: "sent", "retry",
    "failed" or "held" (its article is not public); "withdrawn", "kept" or "withdraw_failed"
    for a withdrawal."""
    post = Post.objects.select_related("article").get(pk=post_id)
    if post.status == Post.Status.WITHDRAWING:
        return _withdraw_claimed(post)
    article = post.article
    if not _still_public(article):
        actions.record_not_public(post_id=post.pk)
        return "held"
    channel = channels.configured().get(post.channel)
    if channel is None or not channel.serves(article.language):
        actions.record_failure(
            post_id=post.pk, error="The channel is not configured any more.", retryable=False
        )
        return "failed"
    try:
        remote_id = channel.send(post=post, article=article)
    except DeliveryError as error:
        post = actions.record_failure(
            post_id=post.pk,
            error=channel.hide_secrets(error.message),
            retryable=error.retryable,
            retry_after=error.retry_after,
        )
        return "retry" if post.status == Post.Status.PENDING else "failed"
    except Exception as error:
        # A bug here must not leave the post claimed and unexplained; no detail, since an
        # unexpected message could carry anything.
        logger.exception("social post %s: unexpected error", post.pk)
        actions.record_failure(
            post_id=post.pk,
            error=f"Unexpected error ({type(error).__name__}).",
            retryable=True,
        )
        return "retry"
    actions.record_sent(post_id=post.pk, remote_id=remote_id, remote_chat=channel.destination)
    return "sent"


def _withdraw_claimed(post):
    """Take a post back from its channel. The article's state is not checked first: a
    withdrawal once queued is carried through, and record_withdrawn posts the article anew
    if it was published again meanwhile. The channel need not serve the article's language
    any more: what it has must still be taken back."""
    channel = channels.configured().get(post.channel)
    if channel is None:
        post = actions.record_withdrawal_failure(
            post_id=post.pk, error="The channel is not configured any more.", retryable=False
        )
        return _withdrawal_outcome(post)
    try:
        note = channel.withdraw(post=post, article=post.article)
    except DeliveryError as error:
        post = actions.record_withdrawal_failure(
            post_id=post.pk,
            error=channel.hide_secrets(error.message),
            retryable=error.retryable,
            retry_after=error.retry_after,
        )
        return _withdrawal_outcome(post)
    except Exception as error:
        logger.exception("social post %s: unexpected error while withdrawing", post.pk)
        post = actions.record_withdrawal_failure(
            post_id=post.pk,
            error=f"Unexpected error ({type(error).__name__}).",
            retryable=True,
        )
        return _withdrawal_outcome(post)
    actions.record_withdrawn(post_id=post.pk, note=note)
    return "withdrawn"


def _withdrawal_outcome(post):
    return {
        Post.Status.WITHDRAWING: "retry",
        Post.Status.SENT: "kept",
    }.get(post.status, "withdraw_failed")


def _still_public(article):
    """Scheduled posts wait for their article's time, and nothing goes out for an article that
    was unpublished or moved later since the post was queued."""
    article.refresh_from_db(fields=["status", "publish_at"])
    return article.status == Article.Status.PUBLISHED and article.publish_at <= timezone.now()


def deliver(post_id):
    """Send one post if it is due and nobody else holds it (the job queued at publication)."""
    return [send_claimed(pk) for pk in claim(post_id=post_id)]


def deliver_due(*, limit=100):
    """Send every due post and withdrawal, a batch at a time; counts of the outcomes. Each
    post is tried at most once per run, even if its next attempt is due at once. First, posts
    still out for articles that are not published any more are queued for withdrawal."""
    actions.withdraw_posts_of_unpublished_articles()
    outcomes = Counter()
    tried = set()
    while True:
        ids = claim(limit=limit, exclude=tried)
        for pk in ids:
            outcomes[send_claimed(pk)] += 1
        tried.update(ids)
        if len(ids) < limit:
            return outcomes
