"""The five roles and the permissions each one carries.

A role is a Django group of the same name, kept in line with this module by sync_role_groups()
after every migrate. Later features add their permissions here, in one place, rather than in the
admin: what a role may do is part of the code that CI tests.
"""

from django.db import DEFAULT_DB_ALIAS, models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    CASEWORKER = "caseworker", _("Case worker")
    VOLUNTEER = "volunteer", _("Volunteer")
    EDITOR = "editor", _("Editor")


WORKSPACE = ["accounts.access_workspace"]

ROLE_PERMISSIONS = {
    Role.ADMINISTRATOR: [
        *WORKSPACE,
        "accounts.access_admin",
        "accounts.view_all_branches",
        "accounts.view_branch",
        "accounts.add_branch",
        "accounts.change_branch",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "auth.view_group",
        "audit.view_auditentry",
        "network.view_partner",
        "network.add_partner",
        "network.change_partner",
        "network.view_volunteer",
        "network.change_volunteer",
        "network.vet_volunteer",
        "reports.view_reports",
        "reports.export_htcds",
        "reports.export_htcds_trusted",
        "reports.import_htcds",
        "reports.download_any_report_export",
        "reports.erase_person",
        # Spreadsheet imports of people into a branch (matching.importing).
        "matching.import_people",
    ],
    Role.COORDINATOR: [
        *WORKSPACE,
        "accounts.view_branch",
        "accounts.view_user",
        "intake.view_helprequest",
        "intake.triage_helprequest",
        "intake.record_helprequest",
        "cases.view_case",
        "cases.coordinate_case",
        "cases.work_case",
        "cases.view_person",
        # Reviewing possible duplicates among the people they see, merging and undoing merges.
        "matching.merge_people",
        "operations.view_operation",
        "operations.add_operation",
        "operations.approve_operation",
        "shelters.view_shelter",
        "shelters.add_shelter",
        "shelters.change_shelter",
        "shelters.view_shelter_address",
        "shelters.override_capacity",
        "network.view_partner",
        "network.add_partner",
        "network.change_partner",
        "network.view_volunteer",
        "network.change_volunteer",
        "network.vet_volunteer",
        "reports.view_reports",
        "reports.export_htcds",
    ],
    Role.CASEWORKER: [
        *WORKSPACE,
        "accounts.view_branch",
        "intake.view_helprequest",
        "intake.record_helprequest",
        "cases.view_case",
        "cases.work_case",
        "cases.view_person",
        "operations.view_operation",
        "shelters.view_shelter",
        "network.view_partner",
        "network.view_volunteer",
    ],
    # A volunteer sees a case only through an assignment, and only its outline (cases.queries);
    # an operation only when on its team, with what their team role needs (operations.queries).
    # Their own page (tasks, operations, hours) comes with network.keep_own_volunteer_record.
    Role.VOLUNTEER: [
        *WORKSPACE,
        "cases.view_case",
        "operations.view_operation",
        "network.keep_own_volunteer_record",
    ],
    Role.EDITOR: [
        *WORKSPACE,
        "publishing.view_article",
        "publishing.add_article",
        "publishing.change_article",
        "publishing.publish_article",
        "publishing.view_event",
        "publishing.add_event",
        "publishing.change_event",
    ],
}


def sync_role_groups(using=DEFAULT_DB_ALIAS, **kwargs):
    """Create one group per role and give it exactly the permissions listed above."""
    from django.contrib.auth.models import Group, Permission

    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role.value)
        wanted = [name.split(".", 1) for name in names]
        permissions = Permission.objects.using(using).filter(_any_of(wanted))
        group.permissions.set(permissions)


def _any_of(app_codenames):
    query = models.Q(pk__in=[])
    for app_label, codename in app_codenames:
        query |= models.Q(content_type__app_label=app_label, codename=codename)
    return query


def roles_of(user):
    """The roles a user holds, in the order of Role."""
    names = {group.name for group in user.groups.all()}
    return [role for role in Role if role.value in names]
