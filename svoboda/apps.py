from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class SvobodaConfig(AppConfig):
    """The project package as an app: it has no models, only operator commands (backups)."""

    name = "svoboda"
    verbose_name = "Svoboda"


class SvobodaAdminConfig(AdminConfig):
    default_site = "svoboda.admin.SvobodaAdminSite"
