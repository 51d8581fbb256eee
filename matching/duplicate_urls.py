"""The duplicate review pages, at /workspace/people/duplicates/ (matching.views_duplicates)."""

from django.urls import path

from matching import views_duplicates as views

app_name = "duplicates"

urlpatterns = [
    path("", views.pair_list, name="pair-list"),
    path("<int:pk>/", views.pair_detail, name="pair-detail"),
    path("<int:pk>/merge/", views.pair_merge, name="pair-merge"),
    path("<int:pk>/dismiss/", views.pair_dismiss, name="pair-dismiss"),
    path("merges/", views.merge_list, name="merge-list"),
    path("merges/<int:pk>/undo/", views.merge_undo, name="merge-undo"),
]
