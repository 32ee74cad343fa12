"""Newsletter pages, subscribers and sendings made the way editors and visitors make
them."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count

from django.utils import timezone

from home.services import home_page_ensure
from languages.services import translation_publish
from newsletter.models import (
    NewsletterArchivePage,
    NewsletterIssuePage,
    Sending,
    Subscriber,
)

_numbers = count(1)


def archive_page() -> NewsletterArchivePage:
    found = NewsletterArchivePage.objects.filter(locale__language_code="nl").first()
    if found is not None:
        return found
    page = NewsletterArchivePage(title="Nieuwsbrief", slug="nieuwsbrief")
    home_page_ensure().add_child(instance=page)
    return page


def issue_page(
    title: str | None = None,
    *,
    text: str = "<p>Nieuws van het lerend netwerk.</p>",
    body: list | None = None,
    live: bool = True,
) -> NewsletterIssuePage:
    number = next(_numbers)
    page = NewsletterIssuePage(
        title=title or f"Nummer {number}",
        slug=f"nummer-{number}",
        body=body if body is not None else [("text", text)],
        live=live,
    )
    archive_page().add_child(instance=page)
    return page


def french_issue(issue: NewsletterIssuePage, title: str, text: str):
    """The issue translated into French (its text blocks become `text`) and
    published."""
    copy = NewsletterIssuePage.objects.get(pk=issue.pk)
    copy.title = title
    copy.body = [
        {**block, "value": text} if block["type"] == "text" else block
        for block in issue.body.raw_data
    ]
    return translation_publish(issue, "fr", copy)


def mark_sent(issue: NewsletterIssuePage, when: datetime | None = None) -> Sending:
    when = when or timezone.now() - timedelta(days=1)
    return Sending.objects.create(
        issue=issue,
        started_at=when,
        deliveries_created_at=when,
        finished_at=when,
    )


def subscriber(
    email: str | None = None,
    *,
    status: str = Subscriber.Status.SUBSCRIBED,
    language: str = "nl",
    user=None,
) -> Subscriber:
    now = timezone.now()
    return Subscriber.objects.create(
        email=email or f"lezer{next(_numbers)}@example.be",
        user=user,
        status=status,
        language=language,
        source=Subscriber.Source.PROFILE if user else Subscriber.Source.FORM,
        asked_at=now,
        confirmed_at=now if status == Subscriber.Status.SUBSCRIBED else None,
    )
