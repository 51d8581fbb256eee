"""What forgets the stored public pages (website.page_cache): any save or deletion of what they
show. Model signals rather than the actions, so that an edit in the admin, a data migration or a
shell counts as well as an editor's publication.

The generation is forgotten at once, and again when the transaction commits: at once, so that
the change's own request and tests see it; after the commit, because a page rendered meanwhile
by another request from the old rows could have been stored under the generation drawn in
between.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from publishing.models import Article, ArticleImage, Category, Tag
from website import page_cache

DISPATCH_UID = "publishing.page_cache"


def forget_pages(**kwargs):
    page_cache.bump()
    transaction.on_commit(page_cache.bump)


def connect():
    for model in (Article, ArticleImage, Category, Tag):
        post_save.connect(forget_pages, sender=model, dispatch_uid=f"{DISPATCH_UID}.save")
        post_delete.connect(forget_pages, sender=model, dispatch_uid=f"{DISPATCH_UID}.delete")
    m2m_changed.connect(forget_pages, sender=Article.tags.through, dispatch_uid=DISPATCH_UID)
