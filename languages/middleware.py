from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class UserLanguageMiddleware:
    """Show the site in the language a logged-in user chose in their profile.

    Runs after `LocaleMiddleware` (which reads the URL, the cookie and the browser) and
    after authentication, so a user's own choice wins on any PC they log in on. A page
    URL that names its language (`/fr/…`) is shown in that language: links within the
    site keep the reader's language, and the language switch moves between them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user else ""
        if (
            language
            and user.is_authenticated
            and not translation.get_language_from_path(request.path_info)
        ):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that a 404 answered by a view (a forum, a membership, anything
    the visitor may not see) stays a 404: only an address that matched no URL at all
    (a page link from before pages carried their language) is redirected to the same
    address under the visitor's language."""

    def process_response(self, request: HttpRequest, response: HttpResponse):
        if response.status_code == 404 and request.resolver_match is not None:
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
