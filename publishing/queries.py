"""Reads of articles: what the public may see, and what editors work on."""

from django.db.models import Q
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
