from django.utils import translation
from django.utils.translation import get_language_from_path


class UserLanguageMiddleware:
    """The workspace speaks the language the user chose; public URLs keep their /ru/ or /en/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.language
            and not get_language_from_path(request.path_info)
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
