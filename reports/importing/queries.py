"""Reads about imports, scoped to the branches the user may see."""

from accounts.queries import branches_visible_to
from reports.models import ImportBatch

RECENT_IMPORTS = 20


def imports_visible_to(user):
    """Imports into the branches the user may see, newest first."""
    return (
        ImportBatch.objects.filter(branch__in=branches_visible_to(user).values("pk"))
        .select_related("branch", "imported_by")
        .order_by("-imported_at", "-pk")
    )
