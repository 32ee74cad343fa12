"""The signed links of the newsletter's mails: confirming a subscription (valid for
`CONFIRM_MAX_AGE`, and only for the latest request) and unsubscribing (valid for as
long as the subscriber exists, so a link in an old issue still works).

Nothing is stored: the signature (Django's `signing`, with its own salt per purpose)
is the credential, so the links work without logging in and cannot be forged.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from lms.links import absolute_url

from .models import Subscriber

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=7)


def confirm_token(subscriber: Subscriber) -> str:
    # The request's moment is part of the token: a new request makes older links void.
    return signing.dumps(
        {"s": subscriber.pk, "a": subscriber.asked_at.isoformat()}, salt=CONFIRM_SALT
    )


def confirm_read(token: str) -> Subscriber | None:
    """The subscriber a valid, unexpired confirmation token of their latest request
    names; None otherwise."""
    try:
        payload = signing.loads(
            token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE.total_seconds()
        )
        subscriber = Subscriber.objects.filter(pk=payload["s"]).first()
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if subscriber is None or subscriber.asked_at.isoformat() != payload["a"]:
        return None
    return subscriber


def confirm_url(subscriber: Subscriber) -> str:
    return absolute_url(reverse("newsletter:confirm", args=[confirm_token(subscriber)]))


def unsubscribe_token(subscriber: Subscriber) -> str:
    return signing.dumps({"s": subscriber.pk}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_read(token: str) -> Subscriber | None:
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return Subscriber.objects.select_related("user").filter(pk=payload["s"]).first()
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def unsubscribe_url(subscriber: Subscriber) -> str:
    return absolute_url(
        reverse("newsletter:unsubscribe", args=[unsubscribe_token(subscriber)])
    )
