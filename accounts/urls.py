"""Signing in and recovering a password: open to anonymous users, outside the workspace."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("two-factor/", two_factor_views.verify, name="two-factor"),
    path("two-factor/setup/", two_factor_views.setup, name="two-factor-setup"),
    path("two-factor/setup/qr.svg", two_factor_views.setup_qr, name="two-factor-qr"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
]
