"""sitemap.xml: the public site's fixed pages in both languages, and every public article.

Articles come from publishing.queries.public_for_sitemap, so drafts, articles in review and
scheduled articles are never announced to search engines. Each page names its versions in
the other languages (hreflang), as the pages themselves do.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from publishing import queries

PUBLIC_PAGES = [
    "public:home",
    "public:network",
    "help:request",
    "volunteer-signup:form",
    "news:list",
    "feeds:index",
]


class PublicPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "weekly"

    def items(self):
        return PUBLIC_PAGES

    def location(self, name):
        return reverse(name)


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return queries.public_for_sitemap()

    def lastmod(self, article):
        return max(article.publish_at, article.updated_at)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        # A translation has its own address, so Django's i18n alternates (one item, the same
        # path in every language) do not fit; name the published versions instead.
        prefix = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        versions = queries.public_versions([url["item"] for url in urls])
        for url in urls:
            group = versions.get(url["item"].group, [])
            if len(group) > 1:
                url["alternates"] = [
                    {"location": prefix + version.get_absolute_url(), "lang_code": version.language}
                    for version in group
                ]
        return urls


SITEMAPS = {"pages": PublicPagesSitemap, "articles": ArticleSitemap}
