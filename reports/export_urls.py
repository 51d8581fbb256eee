from django.urls import path

from reports import export_views

# Included by reports/urls.py, so the names are in the "reports" namespace.
urlpatterns = [
    path("export/", export_views.htcds_export, name="htcds-export"),
]
