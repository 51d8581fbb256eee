"""Reads of articles: what the public may see, and what editors work on."""

import datetime
import re

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from publishing.models import Article, Category


def published(language=None):
    """Articles the public may see: published, and their time has come. Drafts, articles in
    review and scheduled ones are never public, wherever they are asked for."""
    articles = Article.objects.filter(
        status=Article.Status.PUBLISHED, publish_at__lte=timezone.now()
    )
    if language is not None:
        articles = articles.filter(language=language)
    return articles.select_related("category").order_by("-publish_at", "-pk")


def public_article(language, slug):
    """One public article, or 404 (a draft's or a scheduled article's address answers 404)."""
    article = published(language).prefetch_related("tags").filter(slug=slug).first()
    if article is None:
        raise Http404
    return article


def public_translations(article):
    """The article's published versions in other languages."""
    return published().filter(group=article.group).exclude(pk=article.pk)


def categories():
    return Category.objects.all()


def articles_for_editors(user, *, query="", status="", language="", category=None):
    """The editors' list, every status; empty for users without publishing.view_article."""
    if not user.has_perm("publishing.view_article"):
        return Article.objects.none()
    articles = Article.objects.select_related("category", "author")
    if query:
        articles = articles.filter(Q(title__icontains=query) | Q(body__icontains=query))
    if status:
        articles = articles.filter(status=status)
    if language:
        articles = articles.filter(language=language)
    if category is not None:
        articles = articles.filter(category=category)
    return articles.order_by("-updated_at", "-pk")


def article_for_editor(user, pk):
    article = articles_for_editors(user).filter(pk=pk).first()
    if article is None:
        raise Http404
    return article


def versions_of(article):
    """The article's versions in other languages, whatever their status (for editors)."""
    return Article.objects.filter(group=article.group).exclude(pk=article.pk)


# ------------------------------------------------------------------------------------------
# The public site: news pages, feeds, sitemap and the home page (public_views, feeds,
# sitemaps). Everything here starts from published(), so drafts, articles in review and
# scheduled articles never reach a public page, a feed or the sitemap.
# ------------------------------------------------------------------------------------------

FEED_SIZE = 50


def public_list(language, *, category=None):
    """Public articles of one language for a list, newest first; lists show no text, so the
    text is left in the database."""
    articles = published(language).defer("body", "body_html")
    if category is not None:
        articles = articles.filter(category=category)
    return articles


def public_category(slug):
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise Http404
    return category


def public_month(language, year, month):
    """Public articles of one language published in a month of the site's time zone, or 404
    when there are none (an archive page exists only for months that have articles)."""
    if not (1 <= month <= 12 and 2000 <= year <= 9999):
        raise Http404
    start = timezone.make_aware(datetime.datetime(year, month, 1))
    following = datetime.datetime(year + month // 12, month % 12 + 1, 1)
    articles = public_list(language).filter(
        publish_at__gte=start, publish_at__lt=timezone.make_aware(following)
    )
    if not articles.exists():
        raise Http404
    return articles, start


def public_months(language):
    """The months that have public articles of this language, newest first, each with how many:
    [{"month": aware datetime of the month's start, "count": n}]."""
    return list(
        published(language)
        .order_by()
        .annotate(month=TruncMonth("publish_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )


def public_search(language, text):
    """Public articles of one language whose title, summary or text contains `text`, ignoring
    letter case in every alphabet.

    Not icontains: SQLite's LIKE folds the case of ASCII letters only, so "москва" would not find
    "Москва". A regular expression of the escaped text does on both databases (Python's re
    on SQLite, ~* on PostgreSQL), and escaping leaves the text no way to be a pattern.
    """
    pattern = re.escape(text)
    return public_list(language).filter(
        Q(title__iregex=pattern) | Q(summary__iregex=pattern) | Q(body__iregex=pattern)
    )


def related_articles(article, limit=3):
    """A few other public articles of the same language and category, newest first."""
    return public_list(article.language, category=article.category).exclude(pk=article.pk)[:limit]


def feed_articles(language, category=None):
    """What a news feed carries: the newest public articles of one language (and category)."""
    articles = published(language).prefetch_related("tags")
    if category is not None:
        articles = articles.filter(category=category)
    return articles[:FEED_SIZE]


def latest_public(language, limit=5):
    """The newest public articles of one language, for the home page."""
    return public_list(language)[:limit]


def public_for_sitemap():
    """Every public article in every language."""
    return published().defer("body", "body_html").order_by("language", "-publish_at", "-pk")


def public_versions(articles):
    """{group: [public articles of that group]} for the given articles, in one query."""
    versions = {}
    groups = {article.group for article in articles}
    for version in (
        published().filter(group__in=groups).select_related(None).only("group", "language", "slug")
    ):
        versions.setdefault(version.group, []).append(version)
    return versions
