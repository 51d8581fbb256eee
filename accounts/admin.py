from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

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
    actions = ["unlock_sign_in", "reset_two_factor"]
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
