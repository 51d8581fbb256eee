"""The partner registry in the workspace (/workspace/partners/)."""

from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("", views.partner_list, name="partner-list"),
    path("new/", views.partner_new, name="partner-new"),
    path("<int:pk>/", views.partner_detail, name="partner-detail"),
    path("<int:pk>/edit/", views.partner_edit, name="partner-edit"),
]
