"""Publishing's signals, answered: queue posts when an article is published; when it is
unpublished, cancel the posts that have not gone out and withdraw those that have. Both signals
arrive after publishing's transaction committed."""

import logging

from broadcast import actions

logger = logging.getLogger(__name__)


def article_published(sender, *, article, actor, **kwargs):
    # The publication has committed: a failure here must not turn the editor's page into an
    # error. It is logged; an editor can see on the social media page that nothing was queued.
    try:
        actions.queue_posts(actor=actor, article=article)
    except Exception:
        logger.exception("queueing social posts for article %s failed", article.pk)


def article_unpublished(sender, *, article, actor, **kwargs):
    try:
        actions.withdraw_posts(actor=actor, article=article)
    except Exception:
        # The sender checks again before posting, so an unpublished article still stays off
        # the channels; and `svoboda send_social_posts` withdraws posts left out for articles
        # that are not published.
        logger.exception("withdrawing social posts for article %s failed", article.pk)
