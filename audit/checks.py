"""Deploy checks: the audit chain needs its own key in production."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_audit_chain_key(app_configs, **kwargs):
    if not settings.AUDIT_CHAIN_KEY:
        return [
            checks.Warning(
                "AUDIT_CHAIN_KEY is not set: the audit trail's hash chain uses a key derived "
                "from SECRET_KEY.",
                hint="Set AUDIT_CHAIN_KEY (or AUDIT_CHAIN_KEY_FILE) to a long random string, "
                "kept apart from the database and its backups, before entries are made under "
                "the derived key: earlier entries would fail `svoboda audit verify`.",
                id="audit.W001",
            )
        ]
    if settings.AUDIT_CHAIN_KEY == settings.SECRET_KEY:
        return [
            checks.Warning(
                "AUDIT_CHAIN_KEY is the same as SECRET_KEY.",
                hint="Give the audit chain a key of its own.",
                id="audit.W002",
            )
        ]
    return []
