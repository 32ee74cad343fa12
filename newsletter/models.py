"""The newsletter of the learning network: who receives it (`Subscriber`, with their
consent), the issues editors compose (`NewsletterIssuePage`, translatable pages under
the public archive `NewsletterArchivePage`), and the sending of an issue
(`Sending`, one per issue, and a `Delivery` per subscriber).

Sending is kept on the Dutch source issue; each subscriber is sent the issue's live
translation in their language where there is one (`newsletter.sending`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from lms import routing

from .blocks import IssueStreamBlock


class NewsletterArchivePage(routing.CachedViewRestrictions, Page):
    """The public archive (`/nieuwsbrief/`): every issue sent, newest first, and the
    form to subscribe."""

    intro = RichTextField(
        _("introduction"), features=["bold", "italic", "link"], blank=True
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["newsletter.NewsletterIssuePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("newsletter archive")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return context | routing.context("newsletter.archive", request, self)


class NewsletterIssuePage(
    routing.LanguageFallbackURL, routing.CachedViewRestrictions, Page
):
    """One issue. Public once it was sent (before that only editors see it, in the
    admin's preview). Its upcoming events and new databank items are filled in as of
    the moment it was sent."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(IssueStreamBlock(), verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["newsletter.NewsletterArchivePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        permissions = [("send_issue", _("Can send a newsletter issue to everyone"))]

    def serve(self, request, *args, **kwargs):
        return routing.serve("newsletter.issue", request, self, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return context | routing.context("newsletter.issue_context", request, self)


class Subscriber(models.Model):
    """An address that asked for the newsletter, and the record of its consent.

    An anonymous visitor's address stays `pending` until they follow the link in the
    confirmation mail (double opt-in); a logged-in person subscribes in one click. A
    subscriber with an account is written to at the account's current address and in
    its language."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        SUBSCRIBED = "subscribed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    class Source(models.TextChoices):
        FORM = "form", _("The subscription form")
        PROFILE = "profile", _("Their account")

    email = models.EmailField(_("e-mail address"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="newsletter_subscriptions",
        verbose_name=_("account"),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    source = models.CharField(
        _("subscribed through"), max_length=16, choices=Source.choices
    )
    asked_at = models.DateTimeField(_("asked at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["email"]
        indexes = [models.Index(fields=["status"], name="newsletter_subscriber_status")]

    def __str__(self) -> str:
        return self.email

    @property
    def address(self) -> str:
        """Where to write: the account's address, else the one given."""
        return self.user.email if self.user_id else self.email

    @property
    def reader_language(self) -> str:
        return self.user.language if self.user_id else self.language


class Sending(models.Model):
    """The sending of an issue to everyone subscribed: once per issue."""

    issue = models.OneToOneField(
        NewsletterIssuePage,
        on_delete=models.CASCADE,
        related_name="sending",
        verbose_name=_("issue"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started at"))
    total = models.PositiveIntegerField(_("subscribers"), default=0)
    sent = models.PositiveIntegerField(_("sent"), default=0)
    failed = models.PositiveIntegerField(_("not sent"), default=0)
    deliveries_created_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sending")
        verbose_name_plural = _("sendings")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.issue_id} @ {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def progress(self) -> int:
        """Percent of the subscribers handled (sent or failed)."""
        if self.finished_at:
            return 100
        if not self.total:
            return 0
        return min(99, (self.sent + self.failed) * 100 // self.total)


class Delivery(models.Model):
    """An issue owed to one subscriber.

    `queued` → `sending` (claimed by a worker, `claimed_at`) → `sent`; `handed_at` is
    set, and committed, just before the mail goes to the mail server, so a delivery
    found stuck in `sending` is sent again only if it never got that far."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent: unsubscribed in the meantime")

    issue = models.ForeignKey(
        NewsletterIssuePage,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("issue"),
    )
    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscriber"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    handed_at = models.DateTimeField(
        _("handed to the mail server at"), null=True, blank=True
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="newsletter_delivery_once"
            )
        ]
        indexes = [
            models.Index(fields=["issue", "status"], name="newsletter_delivery_state")
        ]

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.subscriber_id} ({self.status})"
