from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_from_path, get_language_info


def languages(request):
    """The current page in every language, for the switcher and the hreflang alternates.

    Only public pages (under /ru/ or /en/) have language versions; the workspace has none.
    """
    if not get_language_from_path(request.path_info):
        return {"language_alternates": []}
    current = get_language()
    path = request.get_full_path()
    alternates = []
    for code, _name in settings.LANGUAGES:
        alternates.append(
            {
                "code": code,
                "name_local": get_language_info(code)["name_local"],
                "url": translate_url(path, code),
                "is_current": code == current,
            }
        )
    return {"language_alternates": alternates}
