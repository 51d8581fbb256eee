from django.utils.translation import get_language_from_path

from accounts import two_factor
from workspace.navigation import items_for


def navigation(request):
    """The workspace menu for signed-in users; public pages (under /ru/ or /en/) have none."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or get_language_from_path(request.path_info):
        return {"workspace_navigation": []}
    if two_factor.required_for(user) and not two_factor.is_verified(request):
        return {"workspace_navigation": []}  # nothing opens before the second factor
    return {"workspace_navigation": items_for(user, request.path)}
