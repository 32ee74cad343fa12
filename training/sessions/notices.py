"""Mails about a registration: registered, waiting list, promoted, cancelled, and the
go/no-go outcome. Sent by a Celery task, in the participant's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from training.models import Registration


def _subjects() -> dict[str, str]:
    return {
        "registered": _("You are registered: %(title)s"),
        "waiting": _("You are on the waiting list: %(title)s"),
        "promoted": _("A place came free: you are registered for %(title)s"),
        "cancelled": _("Your registration is cancelled: %(title)s"),
        "confirmed": _("It goes ahead: %(title)s"),
        "session_cancelled": _("Cancelled: %(title)s"),
    }


def session_notice_send(registration_id: int, kind: str) -> bool:
    """Mail the participant about their registration; False when it no longer exists."""
    registration = (
        Registration.objects.select_related("session", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return False
    user, session = registration.user, registration.session
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(user.language):
        subject = _subjects()[kind] % {"title": session.title}
        body = render_to_string(
            "email/session_notice.txt",
            {
                "kind": kind,
                "user": user,
                "session": session,
                "url": base + reverse("training:session_detail", args=[session.pk]),
                "ics_url": base + reverse("training:session_ics", args=[session.pk]),
            },
        )
    send_mail(subject, body, None, [user.email])
    return True
