"""Changes to accounts. Each function is one thing a person does, checked and written at once."""

from django.db import transaction

from accounts.models import User


@transaction.atomic
def update_own_profile(*, actor: User, full_name: str, language: str) -> User:
    """Every user may change their own display name and workspace language."""
    actor.full_name = full_name
    actor.language = language
    actor.save(update_fields=["full_name", "language"])
    return actor
