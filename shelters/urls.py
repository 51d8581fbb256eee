"""The shelter pages in the workspace (/workspace/shelters/)."""

from django.urls import path

from shelters import views

app_name = "shelters"

urlpatterns = [
    path("", views.shelter_list, name="shelter-list"),
    path("new/", views.shelter_new, name="shelter-new"),
    path("<int:pk>/", views.shelter_detail, name="shelter-detail"),
    path("<int:pk>/edit/", views.shelter_edit, name="shelter-edit"),
    path("<int:pk>/address/", views.shelter_address, name="shelter-address"),
    path("<int:pk>/place/", views.placement_new, name="placement-new"),
    path("place/<uuid:person_pk>/", views.person_placement_new, name="person-place"),
    path("placements/<int:pk>/end/", views.placement_end, name="placement-end"),
]
