from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from publishing.sitemaps import SITEMAPS
from svoboda.health import healthz

# A database outage anywhere in a request is a calm 503 page, never a 500 (svoboda.outage).
handler500 = "svoboda.outage.server_error"

urlpatterns = [
    path("accounts/", include("accounts.urls")),
    path("workspace/", include("workspace.urls")),
    path("workspace/", include("accounts.workspace_urls")),
    path("workspace/audit/", include("audit.urls")),
    path("workspace/requests/", include("intake.urls")),
    path("workspace/people/duplicates/", include("matching.duplicate_urls")),
    path("workspace/people/import/", include("matching.import_urls")),
    path("workspace/people/", include("cases.people_urls")),
    path("workspace/handover/", include("cases.handover_urls")),
    path("workspace/shelters/", include("shelters.urls")),
    path("workspace/operations/", include("operations.urls")),
    path("workspace/partners/", include("network.urls")),
    path("workspace/volunteers/", include("network.volunteer_urls")),
    path("workspace/volunteering/", include("network.volunteering_urls")),
    path("workspace/assistance/", include("assistance.urls")),
    path("workspace/articles/<int:pk>/images/", include("publishing.image_urls")),
    path("workspace/articles/", include("publishing.urls")),
    path("workspace/events/", include("publishing.event_workspace_urls")),
    path("workspace/social/", include("broadcast.urls")),
    path("workspace/reports/", include("reports.urls")),
    path("workspace/", include("cases.urls")),
    path("admin/", admin.site.urls),
    # For the proxy and monitoring: outside the language prefix, no trailing slash to redirect to.
    path("healthz", healthz, name="healthz"),
    # One sitemap for both languages, at the address search engines look for.
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Pictures in articles, served only while their article may be seen (image_views).
    path("media/articles/", include("publishing.image_media_urls")),
]

# The public site lives under /ru/ and /en/; "/" redirects by the browser's language.
urlpatterns += i18n_patterns(
    path("", include("website.urls")),
    path("help/", include("intake.public_urls")),
    path("volunteer/", include("network.public_urls")),
    path("news/", include("publishing.public_urls")),
    path("feeds/", include("publishing.feed_urls")),
    path("events/", include("publishing.event_urls")),
    path("subscribe/", include("publishing.subscription_urls")),
)
