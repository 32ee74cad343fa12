"""Reading the newsletter: the archive of sent issues in the reader's language, the
issue a subscriber is sent, what the live blocks show, the subscribers and the state
of a sending."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Lower
from django.utils import timezone, translation

from events.models import EventPage
from languages.selectors import in_language, in_reader_language, source_of
from library.models import LibraryItem
from library.selectors import items_visible
from lms.models import User

from .models import Delivery, NewsletterIssuePage, Sending, Subscriber

#: "New in the databank" without a previous issue looks this far back.
FIRST_ISSUE_LOOKS_BACK = timedelta(days=30)


def sent_issues() -> QuerySet[NewsletterIssuePage]:
    """The live issues that were sent, in the reader's language (each issue once),
    newest first, each with `sent_at` (when its sending started)."""
    started = Sending.objects.filter(
        issue__translation_key=OuterRef("translation_key")
    ).values("started_at")[:1]
    sent_keys = NewsletterIssuePage.objects.filter(sending__isnull=False).values(
        "translation_key"
    )
    return (
        in_reader_language(NewsletterIssuePage.objects.live())
        .filter(translation_key__in=sent_keys)
        .annotate(sent_at=Subquery(started))
        .order_by("-sent_at", "-pk")
    )


def sending_of(issue: NewsletterIssuePage) -> Sending | None:
    """The sending of `issue` (of its source, for a translation), if it was started."""
    source = source_of(issue)
    return Sending.objects.filter(issue_id=source.pk).first()


def issue_for_reader(issue: NewsletterIssuePage, language: str) -> NewsletterIssuePage:
    """What a reader of `language` is sent: the issue's live translation in their
    language, else the Dutch issue."""
    return in_language(issue, language).specific


def as_of(issue: NewsletterIssuePage) -> datetime:
    """The moment the live blocks of `issue` show: when it was sent, or now for an
    issue not sent yet (a preview, a test)."""
    sending = sending_of(issue)
    return sending.started_at if sending else timezone.now()


def upcoming_events(
    *, when: datetime, count: int, kind_slug: str | None = None
) -> list[EventPage]:
    """The next `count` events of the agenda from `when` on, in the active language
    (the Dutch event where it has no translation), cancelled ones left out."""
    events = (
        EventPage.objects.live().public().filter(starts_at__gte=when, cancelled=False)
    )
    if kind_slug:
        events = events.filter(kind__slug=kind_slug)
    return list(
        in_reader_language(events)
        .select_related("kind")
        .order_by("starts_at", "pk")[:count]
    )


def previous_sent_at(issue: NewsletterIssuePage, when: datetime) -> datetime | None:
    """When the issue before this one was sent."""
    source = source_of(issue)
    return (
        Sending.objects.filter(started_at__lt=when)
        .exclude(issue_id=source.pk)
        .order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )


def new_items(*, since: date, until: date, count: int) -> list[LibraryItem]:
    """The newest `count` items published in the databank from `since` to `until`
    (days), in the active language, newest first."""
    return list(
        items_visible(translation.get_language())
        .filter(published_on__gte=since, published_on__lte=until)
        .select_related("type")
        .order_by("-published_on", "title", "pk")[:count]
    )


def library_since(
    issue: NewsletterIssuePage, when: datetime, days: int | None
) -> datetime:
    if days:
        return when - timedelta(days=days)
    return previous_sent_at(issue, when) or when - FIRST_ISSUE_LOOKS_BACK


def subscriber_of(user: User) -> Subscriber | None:
    """The subscription of `user`: by their account, else by their address."""
    if not user.is_authenticated:
        return None
    found = Subscriber.objects.filter(user=user).first()
    return found or Subscriber.objects.filter(email__iexact=user.email).first()


def recipients() -> QuerySet[Subscriber]:
    """Who an issue is sent to now: confirmed subscribers (with an active account,
    where they have one), each address once: a subscription made through the form
    with the address an account subscribed with is not sent to as well (the account
    changed its address to one that had subscribed through the form)."""
    subscribed = Subscriber.objects.filter(status=Subscriber.Status.SUBSCRIBED)
    accounts = subscribed.filter(user__is_active=True).values(
        address=Lower("user__email")
    )
    return subscribed.exclude(user__is_active=False).exclude(
        user__isnull=True, email__in=accounts
    )


def deliveries_left(sending: Sending) -> bool:
    return Delivery.objects.filter(
        issue_id=sending.issue_id,
        status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING],
    ).exists()
