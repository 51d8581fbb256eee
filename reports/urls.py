"""Reports in the workspace (/workspace/reports/)."""

from django.urls import include, path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("", include("reports.export_urls")),
    path("", include("reports.export_job_urls")),
    path("", include("reports.importing.urls")),
]
