"""Reads about people."""

from __future__ import annotations

from allauth.account.models import EmailAddress

from .models import User


def verified_addresses(user: User) -> set[str]:
    """The addresses allauth verified for `user`, lower case."""
    return {
        email.lower()
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }


def all_addresses(user: User) -> set[str]:
    """Every address `user` logs in with or added, verified or not, lower case: what
    may stand for them in another organisation's invitations and lists."""
    return {user.email.lower()} | {
        email.lower()
        for email in EmailAddress.objects.filter(user=user).values_list(
            "email", flat=True
        )
    }
