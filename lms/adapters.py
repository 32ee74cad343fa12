"""Glue between allauth, axes and this project's user model."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Stores e-mail addresses in lower case so that one person has one account."""

    def clean_email(self, email: str) -> str:
        return super().clean_email(email).strip().lower()


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
