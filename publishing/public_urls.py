"""The public news pages, under /ru/news/ and /en/news/."""

app_name = "news"

urlpatterns = []
