"""A volunteer's own page, under /workspace/volunteering/."""

from django.urls import path

from network import volunteer_views as views

app_name = "volunteering"

urlpatterns = [
    path("", views.volunteering, name="home"),
    path("time/", views.volunteering_time, name="time"),
]
