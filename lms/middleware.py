import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from lms.routing import site_for_request


class UserLanguageMiddleware:
    """Show the site in the language a logged-in user chose in their profile.

    Runs after `LocaleMiddleware` (which reads the cookie and the browser) and after
    authentication, so a user's own choice wins on any PC they log in on.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user else ""
        if language and user.is_authenticated:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class SessionRenewal:
    """Keep a session's idle time-out without writing the session on every request.

    A session is saved (and its time-out restarted) when it changes; a visitor who only
    reads pages has it renewed at most once per `SESSION_RENEW_AFTER` seconds, so the
    session ends between `SESSION_COOKIE_AGE - SESSION_RENEW_AFTER` and
    `SESSION_COOKIE_AGE` after the last request. An empty session (an anonymous
    visitor) is never saved for it.
    """

    KEY = "_renewed"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.modified:
            return response  # saved anyway
        renewed = session.get(self.KEY, 0)  # loads it: a stale cookie's is empty
        now = int(time.time())
        if not session.is_empty() and now - renewed >= settings.SESSION_RENEW_AFTER:
            session[self.KEY] = now
        return response


class CachedSite:
    """Give every request its Wagtail site from the cache (`lms.routing`): Wagtail
    asks for it wherever a page's URL is written, one query each request otherwise."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request._wagtail_site = site_for_request(request)
        return self.get_response(request)
