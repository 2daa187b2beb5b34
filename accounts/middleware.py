from django.conf import settings
from django.utils.translation import get_language_from_path

from accounts.services import user_language_set


class RememberLanguageMiddleware:
    """Keep a logged-in person's language in step with the pages they read.

    E-mails are rendered in `User.language`, so the language of the last page browsed
    (its URL prefix) is the one their mails are written in.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = get_language_from_path(request.path_info)
            if language in self.languages:
                user_language_set(user=user, language=language)
        return self.get_response(request)
