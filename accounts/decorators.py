from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def staff_required(view):
    """Logged in and holding a workspace role; anonymous users go to the login page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("accounts.access_workspace"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)
