"""sitemap.xml: the public site's fixed pages in both languages, every public article and every
published event.

Articles come from publishing.queries.public_for_sitemap, so drafts, articles in review and
scheduled articles are never announced to search engines; events come from
publishing.event_queries.public_for_sitemap, so unpublished ones stay out too. Each page names
its versions in the other languages (hreflang), as the pages themselves do.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from publishing import event_queries, queries

PUBLIC_PAGES = [
    "public:home",
    "public:network",
    "public:impact",
    "help:request",
    "volunteer-signup:form",
    "news:list",
    "feeds:index",
    "events:list",
]


class PublicPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "weekly"

    def items(self):
        return PUBLIC_PAGES

    def location(self, name):
        return reverse(name)


class TranslatedSitemap(Sitemap):
    """Items written per language, each with its own address: a translation is another item in
    the same group. Subclasses say how to find the published versions of a page of items."""

    limit = 5000

    def public_versions(self, items):
        raise NotImplementedError

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        # A translation has its own address, so Django's i18n alternates (one item, the same
        # path in every language) do not fit; name the published versions instead.
        prefix = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        versions = self.public_versions([url["item"] for url in urls])
        for url in urls:
            group = versions.get(url["item"].group, [])
            if len(group) > 1:
                url["alternates"] = [
                    {"location": prefix + version.get_absolute_url(), "lang_code": version.language}
                    for version in group
                ]
        return urls


class ArticleSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return queries.public_for_sitemap()

    def lastmod(self, article):
        return max(article.publish_at, article.updated_at)

    def public_versions(self, items):
        return queries.public_versions(items)


class EventSitemap(TranslatedSitemap):
    # An announced event gains its programme, materials and, afterwards, a report.
    changefreq = "weekly"

    def items(self):
        return event_queries.public_for_sitemap()

    def lastmod(self, event):
        # Publishing, editing and programme changes all touch updated_at (event_actions).
        return event.updated_at

    def public_versions(self, items):
        return event_queries.public_versions_of(items)


SITEMAPS = {"pages": PublicPagesSitemap, "articles": ArticleSitemap, "events": EventSitemap}
