from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import actions, queries
from accounts.decorators import staff_required
from accounts.forms import PasswordResetForm, ProfileForm
from accounts.roles import roles_of


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("team:password-change-done")


@staff_required
def branch_list(request):
    if not request.user.has_perm("accounts.view_branch"):
        raise PermissionDenied
    return render(
        request,
        "accounts/branch_list.html",
        {"branches": queries.branches_visible_to(request.user)},
    )


@staff_required
def branch_detail(request, pk):
    branch = queries.branch_for(request.user, pk)
    members = queries.members_of(request.user, branch)
    return render(
        request,
        "accounts/branch_detail.html",
        {
            "branch": branch,
            "members": [(member, roles_of(member)) for member in members],
            "can": {"see_members": request.user.has_perm("accounts.branch_members", branch)},
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    form = ProfileForm(
        request.POST or None, initial={"full_name": user.full_name, "language": user.language}
    )
    if request.method == "POST" and form.is_valid():
        actions.update_own_profile(actor=user, **form.cleaned_data)
        messages.success(request, _("Your settings were saved."))
        return redirect("team:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "roles": roles_of(request.user), "branches": request.user.branches.all()},
    )
