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


def owned_addresses(user: User) -> set[str]:
    """The addresses that are provably `user`'s, lower case: those allauth verified,
    and the login address unless allauth holds it unverified (an account an admin
    made has no address rows at all). Anyone can type someone else's address into
    their account; such an address never counts as theirs, so it neither exports nor
    erases what another organisation keeps about that other person."""
    rows = [
        (email.lower(), verified)
        for email, verified in EmailAddress.objects.filter(user=user).values_list(
            "email", "verified"
        )
    ]
    owned = {email for email, verified in rows if verified}
    login = user.email.lower()
    if (login, False) not in rows:
        owned.add(login)
    return owned
