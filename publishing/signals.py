"""What other apps may react to when articles change, without publishing knowing about them.

Both are sent after the transaction that made the change commits, so a receiver never acts on
a publication that was rolled back. `article` is the article as it was saved.

- article_published(article, actor): published now, or scheduled (`article.publish_at` in the
  future); also sent when an already published article is rescheduled.
- article_unpublished(article, actor): taken off the public site, or its schedule cancelled.
"""

from django.dispatch import Signal

article_published = Signal()
article_unpublished = Signal()
