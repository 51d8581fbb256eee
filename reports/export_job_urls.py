from django.urls import path

from reports import export_job_views as views

# Included by reports/urls.py, so the names are in the "reports" namespace.
urlpatterns = [
    path("exports/", views.report_exports, name="report-exports"),
    path("exports/<int:pk>/", views.report_export, name="report-export"),
    path("exports/<int:pk>/download/", views.report_export_download, name="report-export-download"),
    path("exports/<int:pk>/print/", views.report_export_print, name="report-export-print"),
]
