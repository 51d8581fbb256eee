"""Django's admin, open to administrators only.

The admin edits rows directly and so bypasses the workspace's actions; it stays a tool for the
administrator role, never for case work.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class SvobodaAdminSite(admin.AdminSite):
    site_header = _("Svoboda administration")
    site_title = _("Svoboda administration")
    index_title = _("Administration")

    def has_permission(self, request):
        return request.user.is_active and request.user.has_perm("accounts.access_admin")
