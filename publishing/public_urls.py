"""The public news pages, under /ru/news/ and /en/news/."""

from django.urls import path

from publishing import public_views

app_name = "news"

urlpatterns = [
    path("", public_views.article_list, name="list"),
    path("category/<slug:slug>/", public_views.category, name="category"),
    path("archive/<int:year>/<int:month>/", public_views.archive, name="archive"),
    path("search/", public_views.search, name="search"),
    # Slugs may be Cyrillic: str, not slug. Fixed words above are matched first.
    path("<str:slug>/", public_views.article, name="article"),
]
