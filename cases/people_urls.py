"""The people pages in the workspace (/workspace/people/)."""

from django.urls import path

from cases import erasure_views
from cases.views import people

app_name = "people"

urlpatterns = [
    path("", people.person_list, name="person-list"),
    path("erase/", erasure_views.erase_find, name="erase-find"),
    path("<uuid:pk>/erase/", erasure_views.person_erase, name="person-erase"),
    path("<uuid:pk>/", people.person_detail, name="person-detail"),
    path("<uuid:pk>/edit/", people.person_edit, name="person-edit"),
    path("<uuid:pk>/contacts/", people.contact_add, name="contact-add"),
    path("<uuid:pk>/documents/", people.document_add, name="document-add"),
]
