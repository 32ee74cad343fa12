"""Mail to one person, in their own language."""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .models import User


def mail_person(
    *, to: User, subject: Any, template: str, context: dict[str, Any]
) -> None:
    """Render `template` (with `user` set to the recipient) and `subject` (a lazy
    translation, or a callable returning one) in `to`'s preferred language, and send
    it to their address. Errors of the mail server reach the caller."""
    with translation.override(to.language):
        text = str(subject() if callable(subject) else subject)
        body = render_to_string(template, {"user": to, **context})
    send_mail(text, body, None, [to.email])
