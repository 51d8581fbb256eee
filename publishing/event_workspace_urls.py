"""The editors' event pages, under /workspace/events/."""

from django.urls import path

from publishing import event_workspace_views as views

app_name = "workspace-events"

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("new/", views.event_new, name="event-new"),
    path("<int:pk>/", views.event_detail, name="event-detail"),
    path("<int:pk>/edit/", views.event_edit, name="event-edit"),
    path("<int:pk>/translate/<slug:language>/", views.event_translate, name="event-translate"),
    path("<int:pk>/publish/", views.event_publish, name="event-publish"),
    path("<int:pk>/unpublish/", views.event_unpublish, name="event-unpublish"),
    path("<int:pk>/programme/", views.programme_add, name="programme-add"),
    path(
        "<int:pk>/programme/<int:item_pk>/edit/",
        views.programme_edit,
        name="programme-edit",
    ),
    path(
        "<int:pk>/programme/<int:item_pk>/remove/",
        views.programme_remove,
        name="programme-remove",
    ),
]
