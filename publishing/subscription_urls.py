"""News by email, under /ru/subscribe/ and /en/subscribe/."""

from django.urls import path

from publishing import subscription_views as views

app_name = "subscriptions"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("sent/", views.sent, name="sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
