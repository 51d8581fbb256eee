"""RSS and Atom feeds and the page that lists them, under /ru/feeds/ and /en/feeds/."""

app_name = "feeds"

urlpatterns = []
