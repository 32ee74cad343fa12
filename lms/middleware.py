import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from lms.routing import site_for_request


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
