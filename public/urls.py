from django.urls import path

from public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("network/", views.network, name="network"),
]
