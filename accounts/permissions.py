"""The one door for writes: actions call require() before they change anything.

The rules themselves are django-rules predicates in each app's rules.py, answered through
user.has_perm(name, obj), so a view, a command and a test all meet the same check.
"""

from django.core.exceptions import PermissionDenied


def require(user, perm, obj=None):
    """Raise PermissionDenied unless the user holds `perm` (on `obj`, when given)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)
