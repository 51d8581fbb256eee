"""The requests queue in the workspace (/workspace/requests/)."""

from django.urls import path

from intake.views import workspace as views

app_name = "intake"

urlpatterns = [
    path("", views.request_list, name="request-list"),
    path("new/", views.request_new, name="request-new"),
    path("<uuid:pk>/", views.request_detail, name="request-detail"),
    path("<uuid:pk>/triage/", views.request_triage, name="request-triage"),
    path("<uuid:pk>/accept/", views.request_accept, name="request-accept"),
    path("<uuid:pk>/link/", views.request_link, name="request-link"),
    path("<uuid:pk>/close/", views.request_close, name="request-close"),
    path("<uuid:pk>/reply/", views.request_reply, name="request-reply"),
    path("files/<uuid:pk>/", views.attachment_download, name="attachment-download"),
]
