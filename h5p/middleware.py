"""Keeps the site and the H5P content origin apart on one server.

The content origin answers only the player and package URLs (H5P's below, and those
other apps declare with `lms.content_origin.register_paths`); the site never answers
them. So a package's JavaScript runs on an origin where no session cookie, CSRF token
or page of the site exists.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseNotFound

from lms import content_origin

CONTENT_PATHS = ("/h5p/c/", "/h5p/player/")


class ContentOriginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        content_host = urlsplit(settings.H5P_CONTENT_ORIGIN).netloc.lower()
        if content_host:
            on_content_origin = request.get_host().lower() == content_host
            content_path = request.path.startswith(
                CONTENT_PATHS + content_origin.paths()
            )
            if on_content_origin != content_path:
                return HttpResponseNotFound()
        return self.get_response(request)
