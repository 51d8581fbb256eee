"""The spreadsheet import of people, for administrators: /workspace/people/import/."""

from django.urls import path

from matching import views_import

app_name = "people-import"

urlpatterns = [
    path("", views_import.upload, name="upload"),
    path("confirm/", views_import.confirm, name="confirm"),
]
