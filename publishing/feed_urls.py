"""RSS and Atom feeds and the page that lists them, under /ru/feeds/ and /en/feeds/."""

from django.urls import path

from publishing import feeds, public_views

app_name = "feeds"

urlpatterns = [
    path("", public_views.feed_list, name="index"),
    path("rss/", feeds.ArticlesRss(), name="rss"),
    path("atom/", feeds.ArticlesAtom(), name="atom"),
    path("<slug:slug>/rss/", feeds.ArticlesRss(), name="category-rss"),
    path("<slug:slug>/atom/", feeds.ArticlesAtom(), name="category-atom"),
]
