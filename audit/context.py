"""The address a logged action came from, known for the length of one request.

Wagtail's own log calls (snippet edits, user management) know nothing of the request;
the middleware below keeps the visitor's address where the log entry manager finds it,
so every entry written during a request carries it, whoever wrote it.
"""

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from lms.adapters import client_ip

_address: ContextVar[str | None] = ContextVar("audit_address", default=None)


def current_address() -> str | None:
    """The address of the request being answered; None outside a request (a task, a
    management command)."""
    return _address.get()


class AuditAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _address.set(client_ip(request) or None)
        try:
            return self.get_response(request)
        finally:
            _address.reset(token)
