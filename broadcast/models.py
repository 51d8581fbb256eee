"""The outbox of posts to the organisation's social channels (Telegram, a webhook...).

One Post per article and channel, whatever happens to the article afterwards: publishing the
same article again finds the row and never posts twice to a channel that already has it. The
channels themselves are configuration (broadcast.channels), so a post names its channel by key.

pending -> sent, or failed after too many attempts (or at once when the channel refuses the
message), or cancelled when the article is unpublished first. An editor may retry a failed post
and cancel a pending one.

When the article is unpublished after its post went out, the post is withdrawn from the channel
(Telegram deletes the message; the webhook gets an "article.withdrawn" event), as queued work
with the same retries as a post: sent -> withdrawing -> withdrawn, or withdraw_failed when the
channel refuses (Telegram deletes no message older than 48 hours in some chats) or the attempts
are used up. Then an editor removes it by hand and says so, or tries the withdrawal again.
Publishing a withdrawn article again posts it anew, as a new message (the post's `round`).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import TimestampedModel


class Post(TimestampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("social post status", "Waiting")
        SENT = "sent", pgettext_lazy("social post status", "Sent")
        FAILED = "failed", pgettext_lazy("social post status", "Failed")
        CANCELLED = "cancelled", pgettext_lazy("social post status", "Cancelled")
        WITHDRAWING = "withdrawing", pgettext_lazy("social post status", "Being withdrawn")
        WITHDRAWN = "withdrawn", pgettext_lazy("social post status", "Withdrawn")
        WITHDRAW_FAILED = (
            "withdraw_failed",
            pgettext_lazy("social post status", "Could not be withdrawn"),
        )

    # The statuses in which the sender has work to do at next_attempt_at.
    QUEUED = (Status.PENDING, Status.WITHDRAWING)
    # The statuses of a post that went out to its channel.
    WENT_OUT = (Status.SENT, Status.WITHDRAWING, Status.WITHDRAWN, Status.WITHDRAW_FAILED)

    article = models.ForeignKey(
        "publishing.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="social_posts",
    )
    # The channel's key in the configuration (broadcast.channels), e.g. "telegram-ru".
    channel = models.CharField(_("channel"), max_length=60)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    # Attempts of the current step: sending, or withdrawing once the post is being withdrawn.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When a sender should try next: the article's publication time, or later after a failure.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # A sender that took the post holds it until then; another sender skips it meanwhile, and
    # picks it up again if the first one died before recording what happened.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    # What went wrong last, for editors and operators: never a token or a secret.
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The channel's id of the message (Telegram's message_id), when it gives one.
    remote_id = models.CharField(_("message id"), max_length=100, blank=True)
    # The chat the message went to (Telegram): a withdrawal deletes it there, even if the
    # channel's chat was changed since; a message id means nothing in another chat.
    remote_chat = models.CharField(_("chat"), max_length=100, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # How many times the article went out to this channel: 2 after it was withdrawn and
    # published again. Webhook deliveries of each round have their own id.
    round = models.PositiveSmallIntegerField(_("round"), default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("social media post")
        verbose_name_plural = _("social media posts")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "channel"], name="broadcast_one_post_per_channel"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["pending", "withdrawing"])
                | Q(next_attempt_at__isnull=False),
                name="broadcast_queued_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["sent", "withdrawing", "withdrawn", "withdraw_failed"])
                | Q(sent_at__isnull=False),
                name="broadcast_went_out_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False),
                name="broadcast_withdrawn_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="broadcast_due_idx"),
        ]

    def __str__(self):
        return f"{self.channel} #{self.article_id}"

    @property
    def delivery_id(self):
        """The webhook's delivery id of this round's publication: the post's id at first
        (as before rounds existed), then "<id>-<round>"."""
        return str(self.pk) if self.round == 1 else f"{self.pk}-{self.round}"
