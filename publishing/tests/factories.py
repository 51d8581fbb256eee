"""Synthetic articles for tests."""

import datetime

import factory
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from publishing import markdown
from publishing.models import Article, Category


class ArticleFactory(factory.django.DjangoModelFactory):
    """A draft by default; published(...) below for a public one."""

    class Meta:
        model = Article

    language = "ru"
    kind = Article.Kind.NEWS
    category = factory.LazyFunction(lambda: Category.objects.get(slug="forced-labour"))
    title = factory.Sequence(lambda n: f"Новость {n}")
    slug = factory.Sequence(lambda n: f"novost-{n}")
    summary = "Коротко о главном."
    body = "Текст **новости**."
    body_html = factory.LazyAttribute(lambda article: markdown.render(article.body))
    author = factory.SubFactory(UserFactory, roles=[Role.EDITOR])


def published(days_ago=1, **fields):
    """A public article, published `days_ago` days ago (negative: scheduled for the future)."""
    return ArticleFactory(
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(days=days_ago),
        **fields,
    )
