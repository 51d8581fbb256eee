"""The one door for permission checks in actions: require(actor, perm, obj)."""

from django.core.exceptions import PermissionDenied


def require(actor, perm, obj=None):
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)
