"""The editors' page of social media posts, under /workspace/social/."""

from django.urls import path

from broadcast import views

app_name = "broadcast"

urlpatterns = [
    path("", views.post_list, name="post-list"),
    path("<int:pk>/retry/", views.post_retry, name="post-retry"),
    path("<int:pk>/cancel/", views.post_cancel, name="post-cancel"),
    path("<int:pk>/withdraw/", views.post_withdraw_again, name="post-withdraw"),
    path("<int:pk>/removed/", views.post_mark_removed, name="post-removed"),
]
