from audit.models import AuditEntry


def entries_visible_to(user):
    """The audit trail is for administrators; everyone else sees none of it."""
    if not user.has_perm("audit.view_auditentry"):
        return AuditEntry.objects.none()
    return AuditEntry.objects.select_related("target_type")
