from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

import audit
from accounts import actions, two_factor
from accounts.forms import AdminSignInForm, UserChangeForm, UserCreationForm
from accounts.models import Branch, User

# The admin's sign-in page is throttled like the workspace's (accounts.throttle).
admin.site.login_form = AdminSignInForm

# django-otp's own admin pages show each user's secret and recovery codes: an administrator could
# then sign in as anyone. Administrators reset a second factor (an action below), nothing more.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "country", "is_active")
    list_filter = ("is_active", "country")
    search_fields = ("name", "city")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ("full_name", "email")
    list_display = ("email", "full_name", "is_active", "last_login")
    list_filter = ("is_active", "groups", "branches")
    search_fields = ("email", "full_name")
    actions = ["unlock_sign_in", "reset_two_factor", "end_sessions"]
    filter_horizontal = ("groups", "branches")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "language")}),
        (_("Roles and branches"), {"fields": ("groups", "branches", "is_active")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "language", "password1", "password2"),
            },
        ),
    )

    # The admin writes rows itself, outside accounts.actions; each of its saves of a user is
    # audited here, inside the admin's own transaction. Names and addresses are personal data:
    # the entry says that they changed, not to what. Roles, branches and being active are how
    # the organisation is run, and are recorded as they now are.
    def log_addition(self, request, obj, message):
        super().log_addition(request, obj, message)
        audit.record(
            actor=request.user, verb="accounts.user_created", target=obj, changes=_state(obj)
        )

    def user_change_password(self, request, id, form_url=""):
        # Django's password page is not atomic like the change form: the new password and its
        # audit entry are stored together or not at all.
        with transaction.atomic():
            return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        # Field names, not the admin's translated labels, for the audit entry of log_change.
        request.user_fields_changed = list(form.changed_data)
        super().save_model(request, obj, form, change)

    def log_change(self, request, obj, message):
        super().log_change(request, obj, message)
        # The password form of the admin saves without save_model.
        changed = getattr(request, "user_fields_changed", None) or ["password"]
        audit.record(
            actor=request.user,
            verb="accounts.user_changed",
            target=obj,
            changes={"fields": sorted(changed), **_state(obj)},
        )

    def log_deletions(self, request, queryset):
        entries = super().log_deletions(request, queryset)
        for user in queryset:
            audit.record(
                actor=request.user,
                verb="accounts.user_deleted",
                target=None,
                changes={"user_id": user.pk},
            )
        return entries

    @admin.action(
        description=_("Unlock sign-in (end a pause after failed attempts)"), permissions=["change"]
    )
    def unlock_sign_in(self, request, queryset):
        users = list(queryset)
        for user in users:
            actions.unlock_sign_in(actor=request.user, user=user)
        self.message_user(
            request,
            _("Sign-in is unlocked for the selected accounts."),
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Reset two-factor sign-in (a lost phone: sign-in sets it up again)"),
        permissions=["change"],
    )
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            two_factor.reset(actor=request.user, user=user)
        self.message_user(
            request,
            _(
                "Two-factor sign-in is reset for the selected accounts. Their sessions have "
                "ended; at their next sign-in they set it up again."
            ),
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Sign out everywhere (end every session of the selected accounts)"),
        permissions=["change"],
    )
    def end_sessions(self, request, queryset):
        for user in queryset:
            actions.end_sessions(actor=request.user, user=user)
        self.message_user(
            request,
            _("Every session of the selected accounts has ended."),
            messages.SUCCESS,
        )


def _state(user):
    return {
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "branches": sorted(user.branches.values_list("name", flat=True)),
        "is_active": user.is_active,
    }
