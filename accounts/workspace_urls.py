"""The accounts pages inside the workspace: branches (and, for administrators, adding and
editing them), one's own profile and password."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import two_factor_views, views
from accounts.decorators import staff_required

app_name = "team"

urlpatterns = [
    path("branches/", views.branch_list, name="branch-list"),
    path("branches/new/", views.branch_new, name="branch-new"),
    path("branches/<int:pk>/", views.branch_detail, name="branch-detail"),
    path("branches/<int:pk>/edit/", views.branch_edit, name="branch-edit"),
    path("profile/", views.profile, name="profile"),
    path(
        "profile/sign-out-everywhere/",
        views.sign_out_everywhere,
        name="sign-out-everywhere",
    ),
    path(
        "profile/recovery-codes/",
        two_factor_views.new_recovery_codes,
        name="new-recovery-codes",
    ),
    path("password/", staff_required(views.PasswordChangeView.as_view()), name="password-change"),
    path(
        "password/done/",
        staff_required(auth_views.PasswordChangeDoneView.as_view()),
        name="password-change-done",
    ),
]
