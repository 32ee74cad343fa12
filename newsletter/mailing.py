"""The newsletter's mails: an issue as a subscriber (or an editor's test) receives it,
and the confirmation of a subscription.

Every issue mail carries the subscriber's own unsubscribe link, in the text and in
the `List-Unsubscribe` header, with `List-Unsubscribe-Post` so mail programs can
unsubscribe in one click (RFC 8058).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime

from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from lms.links import absolute_url

from . import selectors
from .models import NewsletterIssuePage, Subscriber
from .tokens import confirm_url, unsubscribe_url

#: Stands in the rendered issue for each subscriber's own unsubscribe link.
UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.invalid/newsletter-placeholder/"


@dataclass(frozen=True)
class RenderedIssue:
    """An issue rendered once for every reader of one language."""

    subject: str
    text: str
    html: str

    def message(
        self, to: str, unsubscribe: str, *, one_click: bool = True
    ) -> EmailMultiAlternatives:
        headers = {"List-Unsubscribe": f"<{unsubscribe}>"}
        if one_click:
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe),
            to=[to],
            headers=headers,
        )
        message.attach_alternative(
            self.html.replace(UNSUBSCRIBE_PLACEHOLDER, html.escape(unsubscribe)),
            "text/html",
        )
        return message


def issue_render(
    issue: NewsletterIssuePage, language: str, *, when: datetime | None = None
) -> RenderedIssue:
    """`issue` as a reader of `language` gets it (its translation where a live one
    exists, else the Dutch issue), its live blocks filled as of `when`."""
    page = selectors.issue_for_reader(issue, language)
    with translation.override(language):
        context = {
            "page": page,
            "newsletter_as_of": when or selectors.as_of(issue),
            "web_url": absolute_url(page.get_url() or "/"),
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
            "language": language,
        }
        body = absolute_links(render_to_string("email/newsletter_issue.html", context))
        subject = _("Newsletter: %(title)s") % {"title": page.title}
    return RenderedIssue(subject=subject, text=html_to_text(body), html=body)


def absolute_links(body: str) -> str:
    """`body` with the site's address before every link and image that is a path on
    the site (a page or document linked in the rich text): a path means nothing in a
    mailbox."""
    return re.sub(
        r'(\s(?:href|src)=")(/(?!/)[^"]*)"',
        lambda m: f'{m.group(1)}{absolute_url(m.group(2))}"',
        body,
    )


def html_to_text(body: str) -> str:
    """A readable plain-text version of an HTML mail: paragraphs on their own lines,
    list items with a dash, links with their address."""
    body = re.sub(r"(?is)<(head|style|script)\b.*?</\1>", "", body)
    body = re.sub(
        r'(?is)<a\b[^>]*href="([^"]+)"[^>]*>(.*?)</a>',
        lambda m: f"{m.group(2)} ({m.group(1)})",
        body,
    )
    body = re.sub(r"(?i)<li\b[^>]*>", "\n- ", body)
    body = re.sub(r"(?i)<br\s*/?>", "\n", body)
    body = re.sub(r"(?i)</(p|h1|h2|h3|li|ul|ol|div|figure|tr|table)>", "\n\n", body)
    text = html.unescape(strip_tags(body))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def issue_message(
    rendered: RenderedIssue, subscriber: Subscriber
) -> EmailMultiAlternatives:
    return rendered.message(subscriber.address, unsubscribe_url(subscriber))


def issue_test_message(
    issue: NewsletterIssuePage, to: str, language: str, subscriber: Subscriber | None
) -> EmailMultiAlternatives:
    """The issue as it is now, for an editor to check in their own mailbox. Its
    unsubscribe link is theirs when they subscribed, else their newsletter settings."""
    rendered = issue_render(issue, language)
    rendered = RenderedIssue(
        subject=f"[TEST] {rendered.subject}", text=rendered.text, html=rendered.html
    )
    if subscriber is not None:
        return rendered.message(to, unsubscribe_url(subscriber))
    return rendered.message(
        to, absolute_url(reverse("newsletter:settings")), one_click=False
    )


def confirmation_send(subscriber_id: int) -> bool:
    """Mail the link that confirms a subscription still waiting for it, in the
    language it was asked in; False when there is none to confirm."""
    subscriber = Subscriber.objects.filter(
        pk=subscriber_id, status=Subscriber.Status.PENDING
    ).first()
    if subscriber is None:
        return False
    with translation.override(subscriber.language):
        context = {"confirm_url": confirm_url(subscriber)}
        message = EmailMultiAlternatives(
            subject=_("Confirm your subscription to the newsletter"),
            body=render_to_string("email/newsletter_confirm.txt", context),
            to=[subscriber.email],
        )
    message.send()
    return True


def send_over(connection: BaseEmailBackend, message: EmailMultiAlternatives) -> None:
    """Hand `message` to the mail server over an open `connection`; its errors reach
    the caller."""
    message.connection = connection
    if not message.send(fail_silently=False):
        raise OSError("the mail backend sent nothing")
