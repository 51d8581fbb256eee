"""The volunteer directory and records, under /workspace/volunteers/."""

from django.urls import path

from network import volunteer_views as views

app_name = "volunteers"

urlpatterns = [
    path("", views.volunteer_list, name="volunteer-list"),
    path("<int:pk>/", views.volunteer_detail, name="volunteer-detail"),
    path("<int:pk>/edit/", views.volunteer_edit, name="volunteer-edit"),
    path("<int:pk>/move/", views.volunteer_move, name="volunteer-move"),
    path("<int:pk>/time/", views.volunteer_time, name="volunteer-time"),
]
