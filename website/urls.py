from django.urls import path

from website import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("network/", views.network, name="network"),
    path("impact/", views.impact, name="impact"),
]
