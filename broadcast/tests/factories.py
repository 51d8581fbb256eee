"""Synthetic social media posts for tests."""

import factory
from django.utils import timezone

from broadcast.models import Post
from publishing.tests.factories import published


class PostFactory(factory.django.DjangoModelFactory):
    """A post waiting to go to the Russian Telegram channel, of a published Russian article."""

    class Meta:
        model = Post

    article = factory.LazyFunction(lambda: published(language="ru"))
    channel = "telegram-ru"
    status = Post.Status.PENDING
    next_attempt_at = factory.LazyFunction(timezone.now)
