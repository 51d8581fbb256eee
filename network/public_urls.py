"""The public volunteer sign-up, under /ru/volunteer/ and /en/volunteer/."""

from django.urls import path

from network import public_views

app_name = "volunteer-signup"

urlpatterns = [
    path("", public_views.sign_up, name="form"),
    path("sent/", public_views.sent, name="sent"),
    path("confirm/<str:token>/", public_views.confirm, name="confirm"),
]
