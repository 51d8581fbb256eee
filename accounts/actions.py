"""Changes to accounts. Each function is one thing a person does, checked and written at once."""

from django.db import transaction

import audit
from accounts.models import User


@transaction.atomic
def update_own_profile(*, actor: User, full_name: str, language: str) -> User:
    """Every user may change their own display name and workspace language."""
    changes = {}
    if actor.full_name != full_name:
        changes["full_name"] = None  # a name is personal data: record that it changed, not to what
    if actor.language != language:
        changes["language"] = language
    actor.full_name = full_name
    actor.language = language
    actor.save(update_fields=["full_name", "language"])
    if changes:
        audit.record(actor=actor, verb="accounts.profile_updated", target=actor, changes=changes)
    return actor
