from django.contrib.admin.apps import AdminConfig


class SvobodaAdminConfig(AdminConfig):
    default_site = "svoboda.admin.SvobodaAdminSite"
