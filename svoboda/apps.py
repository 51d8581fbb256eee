from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class SvobodaConfig(AppConfig):
    """The project package as an app: it has no models, only operator commands (backups)."""

    name = "svoboda"
    verbose_name = "Svoboda"

    def ready(self):
        from svoboda import security  # noqa: F401  (registers its system check)


class SvobodaAdminConfig(AdminConfig):
    default_site = "svoboda.admin.SvobodaAdminSite"
