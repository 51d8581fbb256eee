from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import actions, queries, two_factor
from accounts.decorators import staff_required
from accounts.forms import BranchForm, PasswordResetForm, ProfileForm, SignInForm
from accounts.roles import roles_of
from svoboda.errors import DomainError


class LoginView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled_message:
            response.status_code = 429  # Too Many Requests, with the form and a calm message
        return response


class LogoutView(auth_views.LogoutView):
    """Signing out also asks the browser to drop what it kept of the site (cached pages, cookies,
    storage), for a shared or borrowed computer."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response


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
        {
            "branches": queries.branches_visible_to(request.user),
            "can_add": request.user.has_perm("accounts.add_branch"),
        },
    )


@staff_required
def branch_detail(request, pk):
    branch = queries.branch_for(request.user, pk)
    return render(
        request,
        "accounts/branch_detail.html",
        {
            "branch": branch,
            "overview": queries.branch_overview(request.user, branch),
            "can": {"edit": request.user.has_perm("accounts.change_branch")},
        },
    )


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


def _save_branch(request, form, change, message):
    """Run the action for a valid form; its refusal goes on the form, shown again as typed."""
    if not form.is_valid():
        return None
    try:
        branch = change()
    except DomainError as error:
        form.add_error(None, error.message)
    except ValidationError as error:
        form.add_error(None, error.messages)
    else:
        messages.success(request, message)
        return redirect("team:branch-detail", branch.pk)
    return None


@staff_required
@require_http_methods(["GET", "POST"])
def branch_new(request):
    _require(request.user, "accounts.add_branch")
    form = BranchForm(request.POST or None)
    if request.method == "POST":
        done = _save_branch(
            request,
            form,
            lambda: actions.create_branch(actor=request.user, **form.cleaned_data),
            _("The branch was added."),
        )
        if done:
            return done
    return render(request, "accounts/branch_form.html", {"form": form, "branch": None})


@staff_required
@require_http_methods(["GET", "POST"])
def branch_edit(request, pk):
    _require(request.user, "accounts.change_branch")
    branch = queries.branch_for(request.user, pk)
    if request.method == "POST":
        form = BranchForm(request.POST)
        done = _save_branch(
            request,
            form,
            lambda: actions.update_branch(actor=request.user, branch=branch, **form.cleaned_data),
            _("The branch was saved."),
        )
        if done:
            return done
        # The action sets the new values on the object before it refuses them.
        branch = queries.branch_for(request.user, pk)
    else:
        form = BranchForm.for_branch(branch)
    return render(request, "accounts/branch_form.html", {"form": form, "branch": branch})


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
        {
            "form": form,
            "roles": roles_of(request.user),
            "branches": request.user.branches.all(),
            "idle_minutes": settings.WORKSPACE_IDLE_MINUTES,
            "recovery_codes_left": two_factor.recovery_codes_left(request.user),
        },
    )


@staff_required
@require_POST
def sign_out_everywhere(request):
    user = actions.sign_out_everywhere(actor=request.user)
    # Keep this browser: the person pressing the button is at it.
    update_session_auth_hash(request, user)
    messages.success(
        request, _("You were signed out on every other device. This browser stays signed in.")
    )
    return redirect("team:profile")
