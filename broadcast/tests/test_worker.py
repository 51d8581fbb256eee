"""With the real job queue: publishing stores a job, and the worker posts."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from broadcast.models import Post
from publishing.actions import publish_article
from publishing.tests.factories import ArticleFactory

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


# Transactions really commit here, so the signals fire as in production; the worker closes its
# connections between jobs, which a rolled-back test transaction would not survive.
@pytest.mark.django_db(transaction=True)
def test_the_worker_posts_what_publishing_queued(channels, editor):
    with override_settings(TASKS=DATABASE_TASKS):
        article = publish_article(actor=editor, article=ArticleFactory(language="ru"))
        assert DBTaskResult.objects.count() == 2  # the Russian Telegram channel and the webhook
        assert channels.telegram == []
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert {post.status for post in Post.objects.filter(article=article)} == {Post.Status.SENT}
    assert len(channels.telegram) == 1 and len(channels.webhook) == 1
