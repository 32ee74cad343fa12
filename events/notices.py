"""Mails about an event registration: registered, waiting list, promoted, cancelled,
the event cancelled, and the reminder the day before. Sent by the task
`events.tasks.send_event_notice`, in the participant's language, naming the event
as they read it there. The platform's join link (never the meeting link itself)
goes only to a confirmed participant, in the confirmation, the promotion and the
reminder."""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from languages.selectors import in_language, url_in_language
from lms.links import absolute_url

from .models import EventRegistration
from .selectors import join_offered, join_url

Status = EventRegistration.Status
#: The mails that carry the join link (to a confirmed participant only).
WITH_JOIN_LINK = {"registered", "promoted", "reminder"}


def _subjects() -> dict[str, str]:
    return {
        "registered": _("You are registered: %(title)s"),
        "waiting": _("You are on the waiting list: %(title)s"),
        "promoted": _("A place came free: you are registered for %(title)s"),
        "cancelled": _("Your registration is cancelled: %(title)s"),
        "event_cancelled": _("Cancelled: %(title)s"),
        "reminder": _("Tomorrow: %(title)s"),
    }


def _still_true(registration: EventRegistration, kind: str) -> bool:
    """A mail queued earlier says nothing that has since stopped being true (a
    reminder for a place cancelled meanwhile, a confirmation for an event called
    off)."""
    event = registration.event
    if kind in WITH_JOIN_LINK:
        return registration.status == Status.CONFIRMED and not event.cancelled
    if kind == "waiting":
        return registration.status == Status.WAITING and not event.cancelled
    return True


def event_notice_send(registration_id: int, kind: str) -> bool:
    """Mail the participant about their registration; False when it no longer
    exists or the mail no longer applies."""
    registration = (
        EventRegistration.objects.select_related("event", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or not _still_true(registration, kind):
        return False
    user, event = registration.user, registration.event
    language = user.language
    site = Site.objects.filter(is_default_site=True).first()
    shown = in_language(event, language).specific
    url = absolute_url(url_in_language(event, language, site))
    offered = kind in WITH_JOIN_LINK and join_offered(
        event, confirmed=registration.status == Status.CONFIRMED
    )
    with translation.override(language):
        subject = _subjects()[kind] % {"title": shown.title}
        body = render_to_string(
            "email/event_notice.txt",
            {
                "kind": kind,
                "user": user,
                "event": shown,
                "registration": registration,
                "url": url,
                "ics_url": url + event.reverse_subpage("ics"),
                "join_url": join_url(event, language, site) if offered else "",
            },
        )
    send_mail(subject, body, None, [user.email])
    return True
