"""Every change to the social media outbox, each audited.

Publishing an article queues one post per channel that serves its language (queue_posts);
unpublishing cancels what has not gone out (cancel_posts). The sender (broadcast.delivery)
records what happened to each attempt. Editors retry failed posts and cancel waiting ones.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from accounts.permissions import require
from broadcast import channels
from broadcast.models import Post
from publishing.models import Article
from svoboda.errors import DomainError

logger = logging.getLogger(__name__)

Status = Post.Status
# However many failures, the next attempt is at most this far away.
MAX_RETRY_DELAY = datetime.timedelta(hours=6)


def _enqueue_after_commit(post_ids):
    """Deliver these posts as soon as the transaction commits; the cron command is the
    safety net if the job queue loses them."""
    if not post_ids:
        return
    from broadcast.tasks import deliver_post

    def enqueue():
        for post_id in post_ids:
            deliver_post.enqueue(post_id=post_id)

    transaction.on_commit(enqueue)


def _is_due(post, now):
    return post.status == Status.PENDING and post.next_attempt_at <= now


@transaction.atomic
def queue_posts(*, actor, article: Article) -> list[Post]:
    """After an article is published, scheduled or rescheduled: each channel serving its
    language gets one post at the publication time. A channel that has the article, or is
    to get it, never gets it twice; a waiting post moves to the new time."""
    article = Article.objects.get(pk=article.pk)  # as it is now, not as the signal saw it
    if article.status != Article.Status.PUBLISHED:
        return []
    now = timezone.now()
    touched = []
    for channel in channels.serving(article.language):
        post, created = Post.objects.get_or_create(
            article=article,
            channel=channel.key,
            defaults={"next_attempt_at": article.publish_at},
        )
        if created:
            _record(actor, "broadcast.post_queued", post, at=post.next_attempt_at)
            touched.append(post)
            continue
        post = Post.objects.select_for_update().get(pk=post.pk)
        if post.status == Status.PENDING:
            # A post waiting after a failure keeps its wait, unless the article moved later.
            wanted = (
                max(article.publish_at, post.next_attempt_at)
                if post.attempts
                else article.publish_at
            )
            if wanted != post.next_attempt_at:
                old = post.next_attempt_at
                post.next_attempt_at = wanted
                post.save(update_fields=["next_attempt_at", "updated_at"])
                _record(actor, "broadcast.post_rescheduled", post, at=wanted, was=old)
            touched.append(post)
        elif post.status == Status.CANCELLED:
            # Cancelled when the article was unpublished: it never went out, so it may now.
            _reopen(post, at=article.publish_at)
            _record(actor, "broadcast.post_queued", post, at=post.next_attempt_at)
            touched.append(post)
        # Sent: the channel has it. Failed: an editor retries it from the social media page.
    _enqueue_after_commit([post.pk for post in touched if _is_due(post, now)])
    return touched


@transaction.atomic
def cancel_posts(*, actor, article: Article) -> int:
    """After an article is unpublished: its posts that have not gone out never will. Posts
    already sent stay as they are (and stay on the channel)."""
    cancelled = 0
    for post in Post.objects.select_for_update().filter(
        article_id=article.pk, status=Status.PENDING
    ):
        _cancel(post)
        _record(actor, "broadcast.post_cancelled", post, reason="article unpublished")
        cancelled += 1
    return cancelled


@transaction.atomic
def retry_post(*, actor, post: Post) -> Post:
    """An editor sends a failed post again, with a fresh count of attempts."""
    require(actor, "publishing.publish_article")
    post = Post.objects.select_for_update().select_related("article").get(pk=post.pk)
    if post.status != Status.FAILED:
        raise DomainError(_("Only a failed post can be sent again."))
    article = post.article
    if article.status != Article.Status.PUBLISHED:
        raise DomainError(_("The article is not published any more: publish it to post it."))
    if post.channel not in channels.configured():
        raise DomainError(_("This channel is not configured any more."))
    _reopen(post, at=max(timezone.now(), article.publish_at))
    _record(actor, "broadcast.post_retried", post, at=post.next_attempt_at)
    _enqueue_after_commit([post.pk] if _is_due(post, timezone.now()) else [])
    return post


@transaction.atomic
def cancel_post(*, actor, post: Post) -> Post:
    """An editor stops a waiting post: it will not go out."""
    require(actor, "publishing.publish_article")
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != Status.PENDING:
        raise DomainError(_("Only a post that is waiting can be cancelled."))
    _cancel(post)
    _record(actor, "broadcast.post_cancelled", post, reason="cancelled by an editor")
    return post


# ------------------------------------------------------------------------------------------
# What the sender records (broadcast.delivery), as the system.
# ------------------------------------------------------------------------------------------


def retry_delay(attempts, retry_after=None):
    """How long to wait after the `attempts`-th failed attempt: what the channel asked for
    (Telegram's retry_after, Retry-After), else SOCIAL_RETRY_SECONDS doubled per failure."""
    if retry_after is not None:
        return datetime.timedelta(seconds=max(0, retry_after))
    seconds = settings.SOCIAL_RETRY_SECONDS * 2 ** max(0, attempts - 1)
    return min(datetime.timedelta(seconds=seconds), MAX_RETRY_DELAY)


@transaction.atomic
def record_sent(*, post_id, remote_id) -> Post:
    """The channel took the post. Recorded even if it was cancelled meanwhile: it went out."""
    post = Post.objects.select_for_update().get(pk=post_id)
    post.status = Status.SENT
    post.attempts += 1
    post.sent_at = timezone.now()
    post.remote_id = str(remote_id)[:100]
    post.last_error = ""
    post.next_attempt_at = None
    post.claimed_until = None
    post.save()
    _record(audit.SYSTEM_ACTOR, "broadcast.post_sent", post, remote_id=post.remote_id)
    logger.info("social post %s sent to %s", post.pk, post.channel)
    return post


@transaction.atomic
def record_failure(*, post_id, error: str, retryable: bool, retry_after=None) -> Post:
    """An attempt failed: try again later, or give up when the channel refused the post for
    good or the attempts are used up. `error` must hold no secret (the caller hides them)."""
    post = Post.objects.select_for_update().get(pk=post_id)
    post.attempts += 1
    post.last_error = error[:500]
    post.claimed_until = None
    if post.status != Status.PENDING:
        post.save(update_fields=["attempts", "last_error", "claimed_until", "updated_at"])
        return post
    if retryable and post.attempts < settings.SOCIAL_MAX_ATTEMPTS:
        post.next_attempt_at = timezone.now() + retry_delay(post.attempts, retry_after)
        post.save()
        logger.warning("social post %s: attempt %s failed, retrying", post.pk, post.attempts)
        return post
    post.status = Status.FAILED
    post.next_attempt_at = None
    post.save()
    _record(
        audit.SYSTEM_ACTOR,
        "broadcast.post_failed",
        post,
        attempts=post.attempts,
        error=post.last_error,
    )
    logger.warning("social post %s failed after %s attempt(s)", post.pk, post.attempts)
    return post


@transaction.atomic
def withdraw_unpublished(*, post_id) -> Post:
    """At sending time the article was no longer public: a draft again means the post is
    cancelled; a publication moved later means the post waits for it."""
    post = Post.objects.select_for_update().select_related("article").get(pk=post_id)
    article = post.article
    post.claimed_until = None
    if post.status != Status.PENDING:
        post.save(update_fields=["claimed_until", "updated_at"])
        return post
    if article.status == Article.Status.PUBLISHED:
        old = post.next_attempt_at
        post.next_attempt_at = article.publish_at
        post.save(update_fields=["next_attempt_at", "claimed_until", "updated_at"])
        _record(
            audit.SYSTEM_ACTOR, "broadcast.post_rescheduled", post, at=article.publish_at, was=old
        )
    else:
        _cancel(post)
        _record(audit.SYSTEM_ACTOR, "broadcast.post_cancelled", post, reason="article not public")
    return post


def _reopen(post, *, at):
    post.status = Status.PENDING
    post.attempts = 0
    post.last_error = ""
    post.next_attempt_at = at
    post.claimed_until = None
    post.save()


def _cancel(post):
    post.status = Status.CANCELLED
    post.next_attempt_at = None
    post.claimed_until = None
    post.save(update_fields=["status", "next_attempt_at", "claimed_until", "updated_at"])


def _record(actor, verb, post, **changes):
    changes = {
        "channel": post.channel,
        "article": post.article_id,
        **{
            name: value.isoformat() if isinstance(value, datetime.datetime) else value
            for name, value in changes.items()
            if value is not None
        },
    }
    audit.record(actor=actor, verb=verb, target=post, changes=changes)
