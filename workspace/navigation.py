"""The workspace menu. Each entry names the permission that shows it; later features add theirs.

Showing an entry is a convenience, not a guard: every view checks access itself.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None


ITEMS = [
    NavItem(_("Dashboard"), "workspace:dashboard"),
    NavItem(_("Requests"), "intake:request-list", "intake.view_helprequest"),
    NavItem(_("Cases"), "cases:case-list", "cases.view_case"),
    NavItem(_("Operations"), "operations:operation-list", "operations.view_operation"),
    NavItem(_("People"), "people:person-list", "cases.view_person"),
    NavItem(_("Shelters"), "shelters:shelter-list", "shelters.view_shelter"),
    NavItem(_("Volunteers"), "volunteers:volunteer-list", "network.view_volunteer"),
    NavItem(_("Partners"), "network:partner-list", "network.view_partner"),
    NavItem(_("Hand over work"), "handover:handover", "cases.coordinate_case"),
    NavItem(_("Branches"), "team:branch-list", "accounts.view_branch"),
    NavItem(_("Articles"), "publishing:article-list", "publishing.view_article"),
    NavItem(_("Events"), "workspace-events:event-list", "publishing.view_event"),
    NavItem(_("Social media"), "broadcast:post-list", "publishing.view_article"),
    NavItem(_("Reports"), "reports:dashboard", "reports.view_reports"),
    NavItem(_("Audit log"), "audit:entry-list", "audit.view_auditentry"),
    NavItem(_("Erase a person's data"), "people:erase-find", "reports.erase_person"),
    NavItem(_("Import people"), "people-import:upload", "matching.import_people"),
    NavItem(_("My volunteering"), "volunteering:home", "network.keep_own_volunteer_record"),
    NavItem(_("My profile"), "team:profile"),
    NavItem(_("Administration"), "admin:index", "accounts.access_admin"),
]


def items_for(user, current_path):
    dashboard = reverse("workspace:dashboard")
    visible = []
    for item in ITEMS:
        if item.permission and not user.has_perm(item.permission):
            continue
        url = reverse(item.url_name)
        # The dashboard's URL is the prefix of every workspace page, so it is current only itself.
        is_current = current_path == url if url == dashboard else current_path.startswith(url)
        visible.append({"label": item.label, "url": url, "is_current": is_current})
    return visible
