"""The editors' pages for an article's images, under /workspace/articles/<pk>/images/."""

from django.urls import path

from publishing import image_views

app_name = "article_images"

urlpatterns = [
    path("", image_views.image_upload, name="upload"),
    path("<int:image_pk>/edit/", image_views.image_edit, name="edit"),
    path("<int:image_pk>/delete/", image_views.image_delete, name="delete"),
]
