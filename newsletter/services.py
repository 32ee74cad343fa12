"""Subscribing and unsubscribing: an anonymous visitor's request (double opt-in), its
confirmation, a logged-in person's one click, and stopping in one click."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lms.models import User
from lms.queue import task_after_commit

from .models import Delivery, Subscriber


def _normalised(email: str) -> str:
    return email.strip().lower()


def subscription_request(*, email: str, language: str) -> Subscriber | None:
    """An anonymous visitor asks for the newsletter at `email`: the address is kept as
    `pending` and sent a confirmation link (a new request makes the older links void).
    An address already subscribed is left alone and mailed nothing; None then."""
    email = _normalised(email)
    now = timezone.now()
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=email,
            defaults={
                "language": language,
                "source": Subscriber.Source.FORM,
                "status": Subscriber.Status.PENDING,
                "asked_at": now,
            },
        )
        if not created:
            if subscriber.status == Subscriber.Status.SUBSCRIBED:
                return None
            subscriber.status = Subscriber.Status.PENDING
            subscriber.language = language
            subscriber.source = Subscriber.Source.FORM
            subscriber.asked_at = now
            subscriber.save(update_fields=["status", "language", "source", "asked_at"])
        task_after_commit("newsletter.tasks.send_confirmation", subscriber.pk)
    return subscriber


def subscription_confirm(subscriber: Subscriber) -> None:
    """The owner of the address followed the link: subscribed from now on."""
    Subscriber.objects.filter(
        pk=subscriber.pk, status=Subscriber.Status.PENDING
    ).update(status=Subscriber.Status.SUBSCRIBED, confirmed_at=timezone.now())
    subscriber.refresh_from_db()


@transaction.atomic
def subscription_for_user(user: User) -> Subscriber:
    """A logged-in person subscribes in one click, with their account's address (no
    confirmation needed: the account's address is verified) and language. A
    subscription made earlier through the form with that address becomes theirs."""
    now = timezone.now()
    email = _normalised(user.email)
    rows = list(
        Subscriber.objects.select_for_update().filter(Q(user=user) | Q(email=email))
    )
    mine = next((row for row in rows if row.user_id == user.pk), None)
    by_address = next((row for row in rows if row.email == email), None)
    if mine is not None and by_address is not None and by_address.pk != mine.pk:
        # Their account's old subscription wins; the form's one with the same
        # address (which they could not be sent twice) goes.
        by_address.delete()
    subscriber = mine or by_address or Subscriber(email=email)
    subscriber.user = user
    subscriber.email = email
    subscriber.language = user.language
    subscriber.source = Subscriber.Source.PROFILE
    subscriber.status = Subscriber.Status.SUBSCRIBED
    subscriber.asked_at = now
    subscriber.confirmed_at = now
    subscriber.save()
    return subscriber


def _last_decided(subscriber: Subscriber):
    return max(
        moment
        for moment in (
            subscriber.asked_at,
            subscriber.confirmed_at,
            subscriber.unsubscribed_at,
        )
        if moment is not None
    )


@transaction.atomic
def subscription_follow_address(user: User) -> None:
    """`user` changed their account's address: their subscription moves along. So
    the old address, typed in the form, belongs to whoever owns it now (who has to
    confirm it) and is no way to subscribe the account again, and the export and
    erasure find it by the address. A subscription the new address had through the
    form merges into the account's: the later decision counts (a request still
    waiting for its confirmation is none)."""
    email = _normalised(user.email)
    mine = (
        Subscriber.objects.select_for_update()
        .filter(user=user)
        .exclude(email=email)
        .first()
    )
    if mine is None:
        return
    other = Subscriber.objects.select_for_update().filter(email=email).first()
    if other is not None:
        if other.user_id is not None:
            return  # another account's: account addresses are unique, so not now
        if other.status != Subscriber.Status.PENDING and _last_decided(
            other
        ) > _last_decided(mine):
            for name in ("status", "asked_at", "confirmed_at", "unsubscribed_at"):
                setattr(mine, name, getattr(other, name))
        other.delete()
    mine.email = email
    mine.save()


def subscription_stop(subscriber: Subscriber) -> None:
    """Unsubscribe (from a mail's link, a mail program's one-click request or the
    settings page). Repeating it changes nothing; an issue being sent right now is
    not sent to them any more."""
    Subscriber.objects.filter(pk=subscriber.pk).exclude(
        status=Subscriber.Status.UNSUBSCRIBED
    ).update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    Delivery.objects.filter(
        subscriber=subscriber, status=Delivery.Status.QUEUED
    ).update(status=Delivery.Status.SKIPPED)
    subscriber.refresh_from_db()
