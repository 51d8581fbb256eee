from django.urls import path

from .views import data_import

# Included by reports/urls.py, so the names are in the "reports" namespace.
urlpatterns = [
    path("imports/", data_import, name="data-import"),
]
