"""RSS and Atom feeds and the page that lists them, under /ru/feeds/ and /en/feeds/."""

from django.urls import path

from publishing import feeds, public_views
from website.page_cache import public_page

# Feeds are stored like the news pages (website.page_cache): readers poll them all day.
rss = public_page()(feeds.ArticlesRss())
atom = public_page()(feeds.ArticlesAtom())

app_name = "feeds"

urlpatterns = [
    path("", public_views.feed_list, name="index"),
    path("rss/", rss, name="rss"),
    path("atom/", atom, name="atom"),
    path("<slug:slug>/rss/", rss, name="category-rss"),
    path("<slug:slug>/atom/", atom, name="category-atom"),
]
