"""Every change to the social media outbox, each audited.

Publishing an article queues one post per channel that serves its language (queue_posts);
unpublishing cancels what has not gone out and withdraws what has (withdraw_posts). The sender
(broadcast.delivery) records what happened to each attempt. Editors retry failed posts, cancel
waiting ones, try failed withdrawals again, and say when they removed a message by hand.
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
    """Deliver (or withdraw) these posts as soon as the transaction commits; the cron command
    is the safety net if the job queue loses them."""
    if not post_ids:
        return
    from broadcast.tasks import deliver_post

    def enqueue():
        for post_id in post_ids:
            deliver_post.enqueue(post_id=post_id)

    transaction.on_commit(enqueue)


def _is_due(post, now):
    return post.status in Post.QUEUED and post.next_attempt_at <= now


def _is_public(article_id, now):
    """Whether the article is on the public site at this moment, read afresh from the
    database (not from an instance a caller may have read before a change committed)."""
    return Article.objects.filter(
        pk=article_id, status=Article.Status.PUBLISHED, publish_at__lte=now
    ).exists()


@transaction.atomic
def queue_posts(*, actor, article: Article) -> list[Post]:
    """After an article is published, scheduled or rescheduled: each channel serving its
    language gets one post at the publication time. A channel that has the article, or is
    to get it, never gets it twice; a waiting post moves to the new time. A channel whose
    post was withdrawn gets the article again, as a new message."""
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
        elif post.status == Status.WITHDRAWN:
            # The channel no longer has it: it goes out again, as a new message.
            _reopen_new_round(post, at=article.publish_at)
            _record(actor, "broadcast.post_queued", post, at=post.next_attempt_at, round=post.round)
            touched.append(post)
        elif post.status == Status.WITHDRAW_FAILED:
            # The channel refused to delete it, so it still has it: nothing for an editor to
            # remove by hand any more, and posting it again would show it twice.
            _keep(post)
            _record(actor, "broadcast.post_kept", post, reason="article published again")
        # Sent: the channel has it. Failed: an editor retries it from the social media page.
        # Withdrawing: the withdrawal goes on (a delete may be on its way); once it is done,
        # record_withdrawn finds the article published and posts it again.
    _enqueue_after_commit([post.pk for post in touched if _is_due(post, now)])
    return touched


@transaction.atomic
def withdraw_posts(*, actor, article: Article) -> list[Post]:
    """After an article is unpublished: its posts that have not gone out never will, and
    those that went out are taken back from their channels (Telegram deletes the message, the
    webhook is told to remove its copy)."""
    changed = []
    for post in Post.objects.select_for_update().filter(
        article_id=article.pk, status__in=[Status.PENDING, Status.SENT]
    ):
        if post.status == Status.PENDING:
            _cancel(post)
            _record(actor, "broadcast.post_cancelled", post, reason="article unpublished")
        else:
            _queue_withdrawal(actor, post, reason="article unpublished")
        changed.append(post)
    _enqueue_after_commit([post.pk for post in changed if post.status == Status.WITHDRAWING])
    return changed


@transaction.atomic
def withdraw_posts_of_unpublished_articles() -> list[Post]:
    """The sender's safety net: a post still out on its channel while its article is not
    published (the unpublishing's signal was lost, or its receiver failed) is withdrawn."""
    posts = list(
        Post.objects.select_for_update(of=("self",))
        .filter(status=Status.SENT)
        .exclude(article__status=Article.Status.PUBLISHED)
        .order_by("pk")
    )
    for post in posts:
        _queue_withdrawal(audit.SYSTEM_ACTOR, post, reason="article not published")
    return posts


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


@transaction.atomic
def retry_withdrawal(*, actor, post: Post) -> Post:
    """An editor tries again to take back a post that could not be withdrawn, with a fresh
    count of attempts (after giving the bot the right to delete messages, say)."""
    require(actor, "publishing.publish_article")
    post = Post.objects.select_for_update().select_related("article").get(pk=post.pk)
    if post.status != Status.WITHDRAW_FAILED:
        raise DomainError(_("Only a post that could not be withdrawn can be withdrawn again."))
    if post.article.status == Article.Status.PUBLISHED:
        raise DomainError(_("The article is published again: its post stays."))
    if post.channel not in channels.configured():
        raise DomainError(_("This channel is not configured any more."))
    _start_withdrawal(post)
    _record(actor, "broadcast.withdrawal_retried", post)
    _enqueue_after_commit([post.pk])
    return post


@transaction.atomic
def mark_removed_by_hand(*, actor, post: Post) -> Post:
    """An editor removed by hand a message that could not be withdrawn, and says so: the
    post is withdrawn and stops asking for attention."""
    require(actor, "publishing.publish_article")
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != Status.WITHDRAW_FAILED:
        raise DomainError(_("Only a post that could not be withdrawn can be marked as removed."))
    post.status = Status.WITHDRAWN
    post.withdrawn_at = timezone.now()
    post.last_error = ""
    post.next_attempt_at = None
    post.claimed_until = None
    post.save()
    _record(actor, "broadcast.post_removed_by_hand", post)
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
def record_sent(*, post_id, remote_id, remote_chat="") -> Post:
    """The channel took the post. Recorded even if it was cancelled meanwhile: it went out.

    The sender checked that the article was public before sending, but it may have been
    unpublished while the message travelled; its withdrawal then found the post still
    waiting (and cancelled it, or waited for this lock). So the article is read again here,
    under the post's lock: if it is no longer public, the post is withdrawn at once. Either
    this sees the unpublication, or the unpublication's withdraw_posts sees this post sent."""
    post = Post.objects.select_for_update().get(pk=post_id)
    now = timezone.now()
    post.status = Status.SENT
    post.attempts += 1
    post.sent_at = now
    post.remote_id = str(remote_id)[:100]
    post.remote_chat = str(remote_chat)[:100]
    post.last_error = ""
    post.next_attempt_at = None
    post.claimed_until = None
    post.save()
    _record(audit.SYSTEM_ACTOR, "broadcast.post_sent", post, remote_id=post.remote_id)
    logger.info("social post %s sent to %s", post.pk, post.channel)
    if not _is_public(post.article_id, now):
        _queue_withdrawal(audit.SYSTEM_ACTOR, post, reason="article unpublished while sending")
        _enqueue_after_commit([post.pk])
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
def record_not_public(*, post_id) -> Post:
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


@transaction.atomic
def record_withdrawn(*, post_id, note="") -> Post:
    """The channel took the post back (or had already lost it: `note` says so). If the
    article was published again meanwhile, it goes out again at once, as a new message."""
    post = Post.objects.select_for_update().select_related("article").get(pk=post_id)
    post.attempts += 1
    post.claimed_until = None
    if post.status != Status.WITHDRAWING:
        post.save(update_fields=["attempts", "claimed_until", "updated_at"])
        return post
    post.status = Status.WITHDRAWN
    post.withdrawn_at = timezone.now()
    post.last_error = ""
    post.next_attempt_at = None
    post.save()
    _record(
        audit.SYSTEM_ACTOR,
        "broadcast.post_withdrawn",
        post,
        remote_id=post.remote_id or None,
        note=note or None,
    )
    logger.info("social post %s withdrawn from %s", post.pk, post.channel)
    article = post.article
    serving = {channel.key for channel in channels.serving(article.language)}
    if article.status == Article.Status.PUBLISHED and post.channel in serving:
        _reopen_new_round(post, at=article.publish_at)
        _record(
            audit.SYSTEM_ACTOR,
            "broadcast.post_queued",
            post,
            at=post.next_attempt_at,
            round=post.round,
            reason="article published again",
        )
        _enqueue_after_commit([post.pk] if _is_due(post, timezone.now()) else [])
    return post


@transaction.atomic
def record_withdrawal_failure(*, post_id, error: str, retryable: bool, retry_after=None) -> Post:
    """A withdrawal attempt failed: try again later, or give up when the channel refused for
    good (Telegram: "message can't be deleted") or the attempts are used up; an editor then
    removes the message by hand. `error` must hold no secret (the caller hides them)."""
    post = Post.objects.select_for_update().select_related("article").get(pk=post_id)
    post.attempts += 1
    post.last_error = error[:500]
    post.claimed_until = None
    if post.status != Status.WITHDRAWING:
        post.save(update_fields=["attempts", "last_error", "claimed_until", "updated_at"])
        return post
    if retryable and post.attempts < settings.SOCIAL_MAX_ATTEMPTS:
        post.next_attempt_at = timezone.now() + retry_delay(post.attempts, retry_after)
        post.save()
        logger.warning("social post %s: withdrawal attempt %s failed", post.pk, post.attempts)
        return post
    if post.article.status == Article.Status.PUBLISHED:
        # Published again meanwhile: the message the channel kept is the article's post.
        _keep(post)
        _record(
            audit.SYSTEM_ACTOR,
            "broadcast.post_kept",
            post,
            reason="article published again",
            error=error[:500],
        )
        return post
    post.status = Status.WITHDRAW_FAILED
    post.next_attempt_at = None
    post.save()
    _record(
        audit.SYSTEM_ACTOR,
        "broadcast.withdrawal_failed",
        post,
        attempts=post.attempts,
        error=post.last_error,
    )
    logger.warning(
        "social post %s could not be withdrawn after %s attempt(s)", post.pk, post.attempts
    )
    return post


def _reopen(post, *, at):
    post.status = Status.PENDING
    post.attempts = 0
    post.last_error = ""
    post.next_attempt_at = at
    post.claimed_until = None
    post.save()


def _reopen_new_round(post, *, at):
    """A withdrawn post goes out again: the old message is gone, a new one will be made."""
    post.round += 1
    post.remote_id = ""
    post.remote_chat = ""
    post.sent_at = None
    post.withdrawn_at = None
    _reopen(post, at=at)


def _start_withdrawal(post):
    post.status = Status.WITHDRAWING
    post.attempts = 0
    post.last_error = ""
    post.next_attempt_at = timezone.now()
    post.claimed_until = None
    post.save()


def _queue_withdrawal(actor, post, *, reason):
    _start_withdrawal(post)
    _record(
        actor,
        "broadcast.withdrawal_queued",
        post,
        reason=reason,
        remote_id=post.remote_id or None,
    )


def _keep(post):
    post.status = Status.SENT
    post.last_error = ""
    post.next_attempt_at = None
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
