"""Article image files, under /media/articles/: outside the language prefixes, since a picture
is the same in every language (publishing.image_views.image_file decides who may see it)."""

from django.urls import re_path

from publishing import image_views

app_name = "article_media"

urlpatterns = [
    re_path(
        r"^(?P<key>[A-Za-z0-9_-]{16,32})/(?P<name>[0-9]{1,5}\.(?:jpg|png))$",
        image_views.image_file,
        name="file",
    ),
]
