"""RSS 2.0 and Atom feeds of public articles, in the language of their address (/ru/feeds/...,
/en/feeds/...): all news, and each category.

Items come from publishing.queries.feed_articles, so a draft, an article in review or a
scheduled one never reaches a feed reader. No author names: editors are not named in public.
Links are absolute: without django.contrib.sites the syndication framework takes the host of
the request (RequestSite), which ALLOWED_HOSTS has already vetted.
"""

import html
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from publishing import queries
from publishing.models import Article, Category

DESCRIPTION_WORDS = 60


@dataclass(frozen=True)
class Scope:
    """What one feed carries: the articles of a language, of one category or all of them."""

    language: str
    category: Category | None


class ArticlesRss(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, slug=None):
        category = queries.public_category(slug) if slug is not None else None
        return Scope(language=translation.get_language(), category=category)

    def title(self, scope):
        if scope.category is not None:
            return _("Svoboda: %(category)s") % {"category": scope.category.name}
        return _("Svoboda: news")

    def description(self, scope):
        if scope.category is not None:
            return _(
                "Articles of Svoboda, the movement against modern slavery, on %(category)s."
            ) % {"category": scope.category.name}
        return _(
            "News, reviews and rescue reports of Svoboda, the movement against modern slavery."
        )

    def link(self, scope):
        if scope.category is not None:
            return scope.category.get_absolute_url()
        return reverse("news:list")

    def items(self, scope):
        return queries.feed_articles(scope.language, scope.category)

    def item_title(self, article: Article):
        return article.title

    def item_description(self, article: Article):
        # Readers take a description as HTML (Atom says type="html"): the plain text is escaped
        # for HTML here, then for XML by the feed. Unescaped, a summary's "<img onerror=...>",
        # or a "<script>" the article shows as code, would be markup in every reader.
        if article.summary:
            return escape(article.summary)
        text = html.unescape(strip_tags(article.body_html))
        return escape(Truncator(" ".join(text.split())).words(DESCRIPTION_WORDS))

    def item_link(self, article: Article):
        return article.get_absolute_url()

    def item_pubdate(self, article: Article):
        return article.publish_at

    def item_updateddate(self, article: Article):
        # Atom needs an update time for each entry; a scheduled article was last saved before
        # it appeared, and readers should see it as new from its publication.
        return max(article.publish_at, article.updated_at)

    def item_categories(self, article: Article):
        return [article.category.name, *(tag.name for tag in article.tags.all())]


class ArticlesAtom(ArticlesRss):
    feed_type = Atom1Feed

    def subtitle(self, scope):
        return self.description(scope)
