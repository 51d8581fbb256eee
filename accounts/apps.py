from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts import sessions  # noqa: F401  (connects the sign-in audit receivers)
        from accounts.roles import sync_role_groups

        # Roles are defined in code (accounts/roles.py); every migrate brings the groups in line.
        # Connected without a sender: each app's post_migrate creates that app's permissions, so
        # the last signal sees them all.
        post_migrate.connect(sync_role_groups, dispatch_uid="accounts.sync_role_groups")
