"""Glue between allauth, axes and this project's user model."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from .roles import landing_url, user_roles


class AccountAdapter(DefaultAccountAdapter):
    """Stores e-mail addresses in lower case so that one person has one account, and
    sends each person to their own work after logging in."""

    def clean_email(self, email: str) -> str:
        return super().clean_email(email).strip().lower()

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Only when the login carried no `next`: allauth honours that first.
        return landing_url(user_roles(request.user))

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        # An invited trainer or coordinator may already hold their role at sign-up.
        return landing_url(user_roles(request.user))


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The login name axes counts failures for, whichever login form sent it.

    allauth authenticates with ``email=``, the Wagtail admin with ``username=``; both
    are the e-mail address, compared case-insensitively.
    """
    credentials = credentials or {}
    value = (
        credentials.get("email")
        or credentials.get("username")
        or request.POST.get("login")
        or request.POST.get("username")
        or ""
    )
    return value.strip().lower()


def client_ip(request: HttpRequest) -> str:
    """The visitor's address, for lock-outs and rate limits.

    Behind TRUSTED_PROXY_COUNT reverse proxies that each append to X-Forwarded-For, the
    address the outermost trusted proxy saw is that many places from the right; what a
    client wrote further left is not trusted. Without proxies: REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    chain = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    return chain[-count] if len(chain) >= count else remote
